// The page's end of "Try 5 seeds": the seeds split over several workers, their events merged
// back under the whole run's seed indices. The workers here run the real seeds runner in-process.
import { describe, expect, it } from 'vitest';
import { seedWorkerCount, SeedsRunner, splitSeeds, type SeedsWorkerLike } from '../src/app/seedsRunner';
import { defaultSettings } from '../src/engine/settings';
import type { SeedsEvent, SeedsStart } from '../src/worker/seedsProtocol';
import { runSeeds } from '../src/worker/seedsRun';

/** A stand-in for the seeds worker: runSeeds on this thread, its events delivered asynchronously. */
function inProcessWorker(started: SeedsStart[]): SeedsWorkerLike {
  let stopped = false;
  const w: SeedsWorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(cmd) {
      started.push(cmd);
      void runSeeds(cmd, { post: (e: SeedsEvent) => !stopped && w.onmessage?.({ data: e } as MessageEvent<SeedsEvent>), yieldNow: () => new Promise((r) => setTimeout(r, 0)) }, () => stopped);
    },
    terminate() {
      stopped = true;
    },
  };
  return w;
}

describe('splitting the seeds over workers', () => {
  it('gives every core but one a worker, at most one a seed, at least one', () => {
    expect(seedWorkerCount(5, 1)).toBe(1);
    expect(seedWorkerCount(5, 2)).toBe(1);
    expect(seedWorkerCount(5, 4)).toBe(3);
    expect(seedWorkerCount(5, 16)).toBe(5);
    expect(seedWorkerCount(1, 16)).toBe(1);
    expect(seedWorkerCount(5, undefined)).toBe(1);
  });

  it('keeps a WebGL run on one worker (one GPU)', () => {
    const cmd: SeedsStart = { type: 'start', settings: defaultSettings(), seeds: [1, 2, 3, 4, 5], iterations: 10, backend: 'webgl' };
    expect(new SeedsRunner(cmd, { createWorker: () => ({ onmessage: null, onerror: null, postMessage() {}, terminate() {} }) }).state.workers).toBe(1);
  });

  it('splits as evenly as it can, in order', () => {
    expect(splitSeeds(5, 1)).toEqual([[0, 1, 2, 3, 4]]);
    expect(splitSeeds(5, 3)).toEqual([[0, 1], [2, 3], [4]]);
    expect(splitSeeds(5, 5)).toEqual([[0], [1], [2], [3], [4]]);
    expect(splitSeeds(2, 5)).toEqual([[0], [1]]);
  });
});

describe('SeedsRunner over several workers', () => {
  it('trains every seed to the budget and files each report under its own seed', async () => {
    const settings = { ...defaultSettings(), target: 'ring8' as const, gWidth: 16, dWidth: 16, batchSize: 32 };
    const cmd: SeedsStart = { type: 'start', settings, seeds: [7, 8, 9, 10, 11], iterations: 60, backend: 'fused' };
    const started: SeedsStart[] = [];
    const runner = new SeedsRunner(cmd, { workers: 3, createWorker: () => inProcessWorker(started) });
    expect(runner.state.workers).toBe(3);
    const done = new Promise<void>((resolve) => runner.subscribe(() => runner.state.phase !== 'running' && runner.state.phase !== 'starting' && resolve()));
    runner.start();
    await done;
    expect(runner.state.phase).toBe('done');
    expect(started.map((c) => c.seeds)).toEqual([[7, 8], [9, 10], [11]]);
    expect(runner.state.iterations).toEqual([60, 60, 60, 60, 60]);
    // each result is its own seed's: the same figures as that seed trained alone
    const alone: SeedsEvent[] = [];
    await runSeeds({ ...cmd, seeds: [10] }, { post: (e) => alone.push(e), yieldNow: async () => {} });
    const last = alone.filter((e): e is Extract<SeedsEvent, { type: 'seed' }> => e.type === 'seed').at(-1)!;
    expect(runner.state.results.map((r) => r.seed)).toEqual([7, 8, 9, 10, 11]);
    expect(runner.state.results[3].row!.exactW1).toBe(last.row.exactW1);
    expect(runner.state.results[3].row!.iteration).toBe(60);
    expect(runner.state.results[2].row!.exactW1).not.toBe(last.row.exactW1);
  });

  it('stops every worker on stop, and a worker error ends the run', async () => {
    const cmd: SeedsStart = { type: 'start', settings: defaultSettings(), seeds: [1, 2, 3], iterations: 100_000, backend: 'fused' };
    const terminated: number[] = [];
    let n = 0;
    const runner = new SeedsRunner(cmd, {
      workers: 3,
      createWorker: () => {
        const id = n++;
        return { onmessage: null, onerror: null, postMessage() {}, terminate: () => terminated.push(id) };
      },
    });
    runner.start();
    runner.stop();
    expect(terminated.sort()).toEqual([0, 1, 2]);
    expect(runner.state.phase).toBe('stopped');

    const workers: SeedsWorkerLike[] = [];
    const failing = new SeedsRunner(cmd, {
      workers: 3,
      createWorker: () => {
        const w: SeedsWorkerLike = { onmessage: null, onerror: null, postMessage() {}, terminate: () => terminated.push(10 + workers.indexOf(w)) };
        workers.push(w);
        return w;
      },
    });
    failing.start();
    workers[0].onmessage!({ data: { type: 'started', backend: 'fused' } } as MessageEvent<SeedsEvent>);
    workers[1].onmessage!({ data: { type: 'error', message: 'out of memory' } } as MessageEvent<SeedsEvent>);
    expect(failing.state.phase).toBe('error');
    expect(failing.state.error).toBe('out of memory');
    expect(terminated.filter((t) => t >= 10).sort()).toEqual([10, 11, 12]);
  });
});
