// The page's end of "Try 5 seeds": the seeds split over several workers, their events merged
// back under the whole run's seed indices. The workers here run the real seeds runner in-process.
import { describe, expect, it, vi } from 'vitest';
import { seedWorkerCount, SeedsRunner, splitSeeds, type SeedsWorkerLike } from '../src/app/seedsRunner';
import { defaultSettings } from '../src/engine/settings';
import { KernelTrainer } from '../src/kernels/kernelTrainer';
import type { SeedsEvent, SeedsStart } from '../src/worker/seedsProtocol';
import { HEARTBEAT_MS, runSeeds } from '../src/worker/seedsRun';

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

/** A virtual clock for the watchdog: time moves only when the test says so. */
function virtualClock() {
  let t = 0;
  const timers: Array<{ every: number; next: number; fn: () => void; on: boolean }> = [];
  return {
    now: () => t,
    every(ms: number, fn: () => void) {
      const timer = { every: ms, next: t + ms, fn, on: true };
      timers.push(timer);
      return () => void (timer.on = false);
    },
    advance(ms: number) {
      const end = t + ms;
      for (;;) {
        const due = timers.filter((x) => x.on && x.next <= end).sort((a, b) => a.next - b.next)[0];
        if (!due) break;
        t = due.next;
        due.next += due.every;
        due.fn();
      }
      t = end;
    },
  };
}

describe('the seeds watchdog', () => {
  const cmd: SeedsStart = { type: 'start', settings: defaultSettings(), seeds: [1, 2, 3, 4], iterations: 2000, backend: 'fused' };
  function stubs() {
    const workers: SeedsWorkerLike[] = [];
    const terminated = new Set<number>();
    const createWorker = () => {
      const id = workers.length;
      const w: SeedsWorkerLike = { onmessage: null, onerror: null, postMessage() {}, terminate: () => terminated.add(id) };
      workers.push(w);
      return w;
    };
    const say = (w: number, e: SeedsEvent) => workers[w].onmessage!({ data: e } as MessageEvent<SeedsEvent>);
    return { workers, terminated, createWorker, say };
  }

  it('ends the run with a clear error when a worker falls silent, and stops the others', () => {
    const clock = virtualClock();
    const { terminated, createWorker, say } = stubs();
    const runner = new SeedsRunner(cmd, { workers: 2, createWorker, clock });
    runner.start();
    say(0, { type: 'started', backend: 'fused' });
    say(1, { type: 'started', backend: 'fused' });
    say(0, { type: 'progress', iterations: [10, 10] });
    // worker 1 goes on beating; worker 0 was terminated from outside (it never speaks again)
    for (let s = 0; s < 14; s++) {
      clock.advance(1000);
      say(1, { type: 'alive' });
    }
    expect(runner.state.phase).toBe('running');
    for (let s = 0; s < 3; s++) {
      clock.advance(1000);
      say(1, { type: 'alive' });
    }
    expect(runner.state.phase).toBe('error');
    expect(runner.state.error).toMatch(/^the seeds worker stopped responding \(no word for 1[56] s\); the other seeds workers were stopped$/);
    expect([...terminated].sort()).toEqual([0, 1]);
    // what was reported stays
    expect(runner.state.iterations.slice(0, 2)).toEqual([10, 10]);
  });

  it('never declares a worker that beats dead, however long its steps; waits longer for a start', () => {
    const clock = virtualClock();
    const { terminated, createWorker, say } = stubs();
    const runner = new SeedsRunner(cmd, { workers: 1, createWorker, clock });
    runner.start();
    // fetching the digits and starting a backend: silence within the start's limit
    clock.advance(50_000);
    expect(runner.state.phase).toBe('starting');
    say(0, { type: 'started', backend: 'fused' });
    // a minute-long turn, heartbeats between its critic steps
    for (let s = 0; s < 60; s++) {
      clock.advance(1000);
      say(0, { type: 'alive' });
    }
    say(0, { type: 'progress', iterations: [10, 10, 10, 10] });
    expect(runner.state.phase).toBe('running');
    expect(terminated.size).toBe(0);
    // a worker that never starts is gone too
    const silent = stubs();
    const never = new SeedsRunner(cmd, { workers: 1, createWorker: silent.createWorker, clock });
    never.start();
    clock.advance(61_000);
    expect(never.state.phase).toBe('error');
    expect(never.state.error).toMatch(/stopped responding/);
  });

  it('stops watching when the run ends', () => {
    const clock = virtualClock();
    const { createWorker, say } = stubs();
    const runner = new SeedsRunner(cmd, { workers: 1, createWorker, clock });
    runner.start();
    say(0, { type: 'started', backend: 'fused' });
    runner.stop();
    clock.advance(120_000);
    expect(runner.state.phase).toBe('stopped');
    expect(runner.state.error).toBeNull();
  });
});

describe('the seeds worker heartbeat', () => {
  it('posts at least every HEARTBEAT_MS from inside slow turns, and trains the same run as without a clock', async () => {
    const settings = { ...defaultSettings(), target: 'ring8' as const, gWidth: 16, dWidth: 16, batchSize: 32, nCritic: 5 };
    const cmd: SeedsStart = { type: 'start', settings, seeds: [4], iterations: 20, backend: 'fused' };
    // a virtual clock on which every critic and generator step takes 300 ms
    let t = 0;
    const criticStep = KernelTrainer.prototype.criticStep;
    const finishIteration = KernelTrainer.prototype.finishIteration;
    const slow = [
      vi.spyOn(KernelTrainer.prototype, 'criticStep').mockImplementation(function (this: KernelTrainer) {
        t += 300;
        criticStep.call(this);
      }),
      vi.spyOn(KernelTrainer.prototype, 'finishIteration').mockImplementation(function (this: KernelTrainer) {
        t += 300;
        finishIteration.call(this);
      }),
    ];
    const times: number[] = [];
    const events: SeedsEvent[] = [];
    try {
      await runSeeds(cmd, {
        post: (e) => {
          events.push(e);
          times.push(t);
        },
        yieldNow: async () => {},
        now: () => t,
      });
    } finally {
      slow.forEach((s) => s.mockRestore());
    }
    // an iteration takes 1.8 s here: only heartbeats between its steps keep the gaps near 1 s
    const gaps = times.slice(1).map((x, i) => x - times[i]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(HEARTBEAT_MS + 300);
    expect(events.some((e) => e.type === 'alive')).toBe(true);
    const plain: SeedsEvent[] = [];
    await runSeeds(cmd, { post: (e) => plain.push(e), yieldNow: async () => {} });
    const w1 = (es: SeedsEvent[]) => es.filter((e): e is Extract<SeedsEvent, { type: 'seed' }> => e.type === 'seed').map((e) => e.row.exactW1);
    expect(w1(events)).toEqual(w1(plain));
  });
});
