// Load and Export answer at once, or say why, also while the training worker is dead; a
// weights file is checked before any of it is sent to the worker (issue 27).
import { beforeAll, describe, expect, it } from 'vitest';
import { Controller } from '../src/app/controller';
import { Store } from '../src/app/store';
import { Trainer } from '../src/engine/trainer';
import { encodeRun } from '../src/engine/weightsFile';
import type { Command } from '../src/worker/protocol';
import { settings, testBackend } from './helpers';

/** A started controller whose loop records what it is sent; `die` is what the client calls when the worker dies. */
function started() {
  const controller = new Controller(new Store());
  const callbacks = (controller as unknown as { client: { cb: { onDead(reason: string): void } } }).client.cb;
  const sent: Command[] = [];
  (controller as unknown as { client: unknown }).client = { mode: 'worker', start: (c: Command) => sent.push(c), send: (c: Command) => sent.push(c), dispose: () => undefined };
  controller.start();
  sent.length = 0;
  return { controller, sent, die: (reason: string) => callbacks.onDead(reason) };
}

/** What a promise settles to within `ms`: its value, its error's message, or 'no answer'. */
const within = <T,>(p: Promise<T>, ms = 1000) =>
  Promise.race([p.then((v) => ({ value: v }), (e: Error) => ({ error: e.message })), new Promise<'no answer'>((r) => setTimeout(() => r('no answer'), ms))]);

let good: Record<string, unknown>;
beforeAll(async () => {
  await testBackend();
  const t = new Trainer(settings({ dLayers: 1, dWidth: 8, gLayers: 1, gWidth: 8, batchSize: 16 }));
  good = JSON.parse(JSON.stringify(await encodeRun(t)));
  t.dispose();
});

describe('requests to a dead worker', () => {
  it('requests in flight are answered with the reason when the worker dies', async () => {
    const { controller, die } = started();
    const pending = [within(controller.exportWeights()), within(controller.exportState()), within(controller.loadWeights(good))];
    die('the training worker stopped responding');
    const why = 'no answer: the training worker stopped responding; press Restart if needed, then try again';
    expect(await Promise.all(pending)).toEqual([{ error: why }, { error: why }, { value: why }]);
  });

  it('new requests while it is dead are answered at once, and nothing is sent', async () => {
    const { controller, sent, die } = started();
    die('the training worker stopped responding');
    const why = 'the training worker has stopped (the training worker stopped responding); press Restart, then try again';
    expect(await within(controller.exportWeights(), 50)).toEqual({ error: why });
    expect(await within(controller.exportState(), 50)).toEqual({ error: why });
    expect(await within(controller.loadWeights(good), 50)).toEqual({ value: why });
    expect(sent.filter((c) => c.type !== 'ack')).toEqual([]);
  });

  it('a fatal error from the loop answers what is in flight too', async () => {
    const { controller } = started();
    const pending = within(controller.exportWeights());
    (controller as unknown as { onEvent(e: unknown): void }).onEvent({ type: 'error', message: 'out of memory', fatal: true });
    expect(await pending).toEqual({ error: 'no answer: out of memory; press Restart if needed, then try again' });
  });
});

describe('a weights file on its way to the worker', () => {
  it('is refused before it is sent when its shape or keys are bad', async () => {
    const { controller, sent } = started();
    const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000));
    expect(await within(controller.loadWeights({ ...good, customPoints: deep }), 50)).toEqual({ value: expect.stringMatching(/^the weights file nests lists or objects more than 8 levels deep/) });
    const proto = { ...good, settings: JSON.parse(JSON.stringify(good.settings).replace(/^\{/, '{"constructor":1,')) };
    expect(await within(controller.loadWeights(proto), 50)).toEqual({ value: "the weights file has bad settings: unknown setting 'constructor'" });
    expect(sent).toEqual([]);
  });

  it('travels rebuilt from its checked fields, and clones', () => {
    const { controller, sent } = started();
    void controller.loadWeights({ ...good, unread: { a: [1, 2] } });
    expect(sent).toHaveLength(1);
    const cmd = sent[0] as Extract<Command, { type: 'loadWeights' }>;
    expect(cmd.file).not.toHaveProperty('unread');
    expect(structuredClone(cmd.file)).toMatchObject({ format: 'gan-playground-weights', weightData: good.weightData });
  });
});
