// Choosing the digits target loads the digits networks, sigmoid output included, in the page
// and in the CLI; leaving it for a 2D target gives the generator its linear output back.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../cli/args';
import { Controller } from '../src/app/controller';
import { Store } from '../src/app/store';
import { DIGITS_NETWORKS } from '../src/engine/digits/digitsTarget';

describe('the digits networks', () => {
  it('the page: choosing digits loads them with the sigmoid output; choosing a 2D target after restores the linear output', () => {
    const store = new Store();
    const controller = new Controller(store); // not started: no worker, settings only
    expect(store.getState().settings.gOutput).toBe('linear');
    expect(controller.setSetting('target', 'digits')).toBeNull();
    expect(store.getState().settings).toMatchObject(DIGITS_NETWORKS);
    expect(store.getState().settings.gOutput).toBe('sigmoid');
    expect(controller.setSetting('target', 'ring8')).toBeNull();
    expect(store.getState().settings.gOutput).toBe('linear');
    // a sigmoid chosen by hand on a 2D target stays
    expect(controller.setSetting('gOutput', 'sigmoid')).toBeNull();
    expect(controller.setSetting('target', 'grid25')).toBeNull();
    expect(store.getState().settings.gOutput).toBe('sigmoid');
  });

  it('the CLI: --target digits loads them, an explicit --gOutput wins', () => {
    const a = parseArgs(['--target', 'digits']);
    if (a.kind !== 'run') throw new Error(JSON.stringify(a));
    expect(a.settings).toMatchObject(DIGITS_NETWORKS);
    const b = parseArgs(['--target', 'digits', '--gOutput', 'linear']);
    if (b.kind !== 'run') throw new Error(JSON.stringify(b));
    expect(b.settings.gOutput).toBe('linear');
    const c = parseArgs(['--target', 'ring8']);
    if (c.kind !== 'run') throw new Error(JSON.stringify(c));
    expect(c.settings.gOutput).toBe('linear');
  });
});
