// Loading is transactional: every bad weights file is refused with one message naming the
// field, and the run goes on exactly as before (same iteration, same next step); a good
// file brings back the whole run, its own points and its metric history included.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Trainer } from '../src/engine/trainer';
import { encodeRun, type WeightsFile } from '../src/engine/weightsFile';
import { TrainingLoop, type LoopHost } from '../src/worker/loop';
import type { Event } from '../src/worker/protocol';
import { settings, testBackend } from './helpers';

beforeAll(testBackend);

const small = settings({ dLayers: 2, dWidth: 16, gLayers: 2, gWidth: 16, batchSize: 32, backend: 'wasm', loss: 'wgan-gp' });

function harness() {
  const events: Event[] = [];
  const host: LoopHost = {
    post: (e) => events.push(e),
    candidates: ['wasm', 'cpu'],
    chunkMs: 10,
    yieldNow: () => new Promise((r) => setTimeout(r, 0)),
    now: () => performance.now(),
  };
  const loop = new TrainingLoop(host, { snapshotMs: 20, evaluationMs: 1e9, rowMs: 10, checkpointMs: 1e9 });
  const of = <T extends Event['type']>(type: T) => events.filter((e): e is Extract<Event, { type: T }> => e.type === type);
  return { loop, events, of };
}

let current: TrainingLoop | null = null;
afterEach(() => current?.dispose());

async function goodFile(overrides: Partial<typeof small> = {}, points?: Array<[number, number]>): Promise<WeightsFile> {
  const t = new Trainer({ ...small, ...overrides }, { customPoints: points });
  t.iterate(2);
  const f = JSON.parse(JSON.stringify(await encodeRun(t))) as WeightsFile;
  t.dispose();
  return f;
}

/** A copy of the file's base64 weight bytes with every float replaced by `value`. */
function filledWeights(file: WeightsFile, value: number): string {
  const n = atob(file.weightData).length / 4;
  const bytes = new Uint8Array(new Float32Array(n).fill(value).buffer);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

// Each bad file of issue 14, and what the refusal must name.
async function badFiles(): Promise<Array<[string, unknown, RegExp]>> {
  const good = await goodFile();
  const many = Array.from({ length: 200_000 }, (_, i) => [i % 7, i % 5]);
  return [
    ['customPoints a string', { ...good, customPoints: 'abc' }, /customPoints must be a list/],
    ['200,000 own points', { ...good, customPoints: many }, /customPoints has 200,000 points; the limit is 5,000/],
    ['garbage points', { ...good, customPoints: [['a', 'b'], [1e308, -1e308]] }, /customPoints\[0\]: 'a' is not a finite number/],
    ['huge points', { ...good, customPoints: [[1e308, -1e308]] }, /customPoints\[0\]: 1e\+308 is outside/],
    ['all-NaN weights', { ...good, weightData: filledWeights(good, NaN) }, /critic\/dense0\/kernel holds a non-finite value \(NaN\)/],
    ['negative counter', { ...good, generatorSteps: -1e308 }, /generatorSteps must be a whole number ≥ 0/],
    ['fractional counter', { ...good, criticSteps: 2.5 }, /criticSteps must be a whole number/],
    ['string dtype', { ...good, weightSpecs: good.weightSpecs.map((s) => ({ ...s, dtype: 'string' })) }, /has dtype 'string'; only float32/],
    ['shape not a list', { ...good, weightSpecs: good.weightSpecs.map((s) => ({ ...s, shape: '2x16' })) }, /has shape '2x16'; expected a list/],
    ['specs not a list', { ...good, weightSpecs: 'none' }, /weightSpecs must be a list/],
    ['version 99', { ...good, version: 99 }, /version 99 is not supported/],
    ['no settings', { ...good, settings: undefined }, /has no settings/],
    ['settings a list', { ...good, settings: [1, 2] }, /has no settings/],
    ['short data', { ...good, weightData: good.weightData.slice(0, 40) }, /the manifest describes/],
    ['data not base64', { ...good, weightData: '!'.repeat(good.weightData.length) }, /not valid base64/],
    ['no random state', { ...good, rng: undefined }, /random-stream state/],
    ['bad random state', { ...good, rng: { ...good.rng, eps: [1, 2] } }, /rng\.eps must be a list of 5 numbers/],
    ['custom target without points', { ...good, settings: { ...good.settings, target: 'custom' } }, /target custom\) but has no customPoints/],
    ['history garbage', { ...good, history: [{ iteration: 'x' }] }, /history\[0\]\.iteration must be a number/],
    ['history a string', { ...good, history: 'rows' }, /history must be a list/],
    ['negative moment', { ...good, weightData: filledWeights(good, -1) }, /holds a negative second moment/],
    ['null', null, /not a GAN Playground weights file/],
    ['a list', [1, 2, 3], /not a GAN Playground weights file/],
  ];
}

describe('loading a weights file', () => {
  it('refuses each bad file with a message naming the field; the run is untouched (same iteration, same next step)', async () => {
    const { loop, of } = harness();
    current = loop;
    await loop.handle({ type: 'init', settings: small });
    await loop.handle({ type: 'step', kind: 'iteration', count: 3 });
    await loop.handle({ type: 'exportState', requestId: 1 });
    const before = of('state')[0].state;
    const cases = await badFiles();
    let id = 10;
    for (const [name, file, message] of cases) {
      await loop.handle({ type: 'loadWeights', requestId: ++id, file });
      const answer = of('loaded').find((e) => e.requestId === id);
      expect(answer, name).toBeDefined();
      expect(answer!.error, name).toMatch(message);
      expect(answer!.error!.length, name).toBeLessThan(300);
    }
    expect(of('reset')).toHaveLength(1); // only init's
    await loop.handle({ type: 'exportState', requestId: 2 });
    const after = of('state')[1].state;
    expect(after.generatorSteps).toBe(3);
    expect(Array.from(after.critic)).toEqual(Array.from(before.critic));
    expect(Array.from(after.generator)).toEqual(Array.from(before.generator));
    // the next step is the one the run would have taken
    const reference = Trainer.fromState(before);
    reference.iterate(1);
    await loop.handle({ type: 'step', kind: 'iteration' });
    await loop.handle({ type: 'exportState', requestId: 3 });
    const next = of('state')[2].state;
    expect(next.generatorSteps).toBe(4);
    expect(Array.from(next.generator)).toEqual(Array.from(reference.generator.params.readSync()));
    reference.dispose();
  });

  it('keeps playing through a refused file', async () => {
    const { loop, of } = harness();
    current = loop;
    await loop.handle({ type: 'init', settings: small });
    await loop.handle({ type: 'play' });
    await new Promise((r) => setTimeout(r, 100));
    await loop.handle({ type: 'loadWeights', requestId: 1, file: { ...(await goodFile()), customPoints: 'abc' } });
    expect(of('loaded')[0].error).toMatch(/customPoints/);
    expect(loop.isPlaying).toBe(true);
  });

  it('answers every request, even when there is no run to save', async () => {
    const { loop, of } = harness();
    current = loop;
    await loop.handle({ type: 'exportWeights', requestId: 5 });
    await loop.handle({ type: 'exportState', requestId: 6 });
    expect(of('requestFailed').map((e) => e.requestId)).toEqual([5, 6]);
  });

  it('restores a good file whole: counters, own points and metric history', async () => {
    const points: Array<[number, number]> = Array.from({ length: 3000 }, (_, i) => [Math.cos(i) * 2, Math.sin(i) * 2]);
    const file = await goodFile({ target: 'custom' }, points);
    const history = [
      { iteration: 0, criticSteps: 0, dLoss: null, penalty: null, gLoss: null, w1Estimate: null, jsEstimate: null, exactW1: 1.5, floor: 0.1, modes: null, modesTotal: null, hq: null, theta: null },
      { iteration: 2, criticSteps: 10, dLoss: -0.5, penalty: 0.01, gLoss: 0.2, w1Estimate: 0.5, jsEstimate: null, exactW1: 1.2, floor: 0.1, modes: null, modesTotal: null, hq: null, theta: null },
    ];
    const { loop, of } = harness();
    current = loop;
    await loop.handle({ type: 'init', settings: small });
    await loop.handle({ type: 'loadWeights', requestId: 1, file: { ...file, history } });
    expect(of('loaded')[0].error).toBeNull();
    const reset = of('reset').at(-1)!;
    expect(reset.reason).toBe('loaded run (iteration 2)');
    expect(reset.loaded!.iteration).toBe(2);
    expect(reset.loaded!.customPoints).toHaveLength(3000);
    expect(reset.loaded!.history).toMatchObject(history);
    expect(of('snapshot').at(-1)!.snapshot.generatorSteps).toBe(2);
    // the loop trains on the file's points, not a default drawing
    const target = of('snapshot').at(-1)!.snapshot.target;
    const radius = Math.hypot(target[0], target[1]);
    expect(radius).toBeGreaterThan(1.5);
    expect(radius).toBeLessThan(2.5);
  });
});
