// Slow is not dead: an iteration whose cost is unknown or large trains critic step by critic
// step, posting its progress after each, and Pause takes effect between critic steps.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TrainingLoop, type LoopHost } from '../src/worker/loop';
import type { Event } from '../src/worker/protocol';
import { settings, testBackend } from './helpers';

beforeAll(testBackend);

// 100 critic steps per iteration: an iteration is long enough to pause inside
const heavy = settings({ dLayers: 3, dWidth: 128, gLayers: 2, gWidth: 32, batchSize: 256, nCritic: 100, backend: 'wasm', loss: 'wgan-gp' });

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
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('slow iterations', () => {
  it('post progress between critic steps, pause between them, and resume where they stopped', async () => {
    const { loop, of } = harness();
    current = loop;
    await loop.handle({ type: 'init', settings: heavy });
    void loop.handle({ type: 'play' });
    // heartbeats: a status after each critic step, the counter of critic steps moving
    for (let i = 0; i < 2000 && of('status').filter((s) => s.criticSteps > 0).length < 3; i++) await wait(2);
    const progress = of('status').filter((s) => s.criticSteps > 0);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress[2].criticSteps).toBeGreaterThan(progress[0].criticSteps);
    await loop.handle({ type: 'pause' });
    const paused = of('snapshot').at(-1)!.snapshot;
    // stopped inside the first iteration, not after it
    expect(paused.generatorSteps).toBe(0);
    expect(paused.criticSteps).toBeGreaterThan(0);
    expect(paused.criticSteps).toBeLessThan(100);
    expect(loop.isPlaying).toBe(false);
    await wait(50);
    expect(of('snapshot').at(-1)!.snapshot.criticSteps).toBe(paused.criticSteps); // nothing trains while paused
    // play again: the iteration completes with exactly its 100 critic steps
    void loop.handle({ type: 'play' });
    for (let i = 0; i < 5000 && !of('status').some((s) => s.iteration >= 1); i++) await wait(2);
    await loop.handle({ type: 'pause' });
    const after = of('snapshot').at(-1)!.snapshot;
    expect(after.generatorSteps).toBeGreaterThanOrEqual(1);
    expect(after.criticSteps).toBeGreaterThanOrEqual(100 * after.generatorSteps);
    expect(after.criticSteps).toBeLessThan(100 * (after.generatorSteps + 1));
  }, 120_000);

  it('a single iteration step also reports its progress', async () => {
    const { loop, of } = harness();
    current = loop;
    await loop.handle({ type: 'init', settings: { ...heavy, nCritic: 5 } });
    await loop.handle({ type: 'step', kind: 'iteration' });
    expect(of('status').map((s) => s.criticSteps)).toEqual([1, 2, 3, 4, 5]);
    expect(of('snapshot').at(-1)!.snapshot.generatorSteps).toBe(1);
  }, 60_000);
});
