// Loading a preset always starts a new run from its settings and seed, even when nothing
// that forces a reset changed (the same preset again, or one that differs only in live
// settings such as the clip value).
import { describe, expect, it } from 'vitest';
import { Controller } from '../src/app/controller';
import { Store } from '../src/app/store';
import { presetById } from '../src/engine/presets';
import type { Command } from '../src/worker/protocol';

/** A started controller whose loop is a recorder of the commands it is sent. */
function started() {
  const controller = new Controller(new Store());
  const sent: Command[] = [];
  (controller as unknown as { client: unknown }).client = { mode: 'worker', start: (c: Command) => sent.push(c), send: (c: Command) => sent.push(c), dispose: () => undefined };
  controller.start();
  sent.length = 0;
  return { controller, sent };
}

/** Whether the loop, given these commands in order, ends on a fresh run (configure with a reset-forcing change, or reset). */
const startsNewRun = (sent: Command[]) => sent.some((c) => c.type === 'reset');

describe('loading a preset', () => {
  it('the same preset again starts a new run', () => {
    const { controller, sent } = started();
    controller.loadPreset(presetById('mode-collapse')!);
    sent.length = 0;
    controller.loadPreset(presetById('mode-collapse')!);
    expect(startsNewRun(sent)).toBe(true);
  });

  it('a preset that differs only in live settings (clip-too-small, then clip-paper) starts a new run', () => {
    const { controller, sent } = started();
    controller.loadPreset(presetById('clip-too-small')!);
    sent.length = 0;
    controller.loadPreset(presetById('clip-paper')!);
    expect(sent.map((c) => c.type)).toEqual(['configure', 'reset']); // the new settings first, then the new run
    expect(controller.store.getState().settings).toEqual(presetById('clip-paper')!.settings);
  });

  it('a preset that changes a reset-forcing setting asks the loop for one new run, not two', () => {
    const { controller, sent } = started();
    controller.loadPreset(presetById('saturating')!); // a different target and networks: configure resets
    expect(sent.map((c) => c.type)).toEqual(['configure']);
  });
});
