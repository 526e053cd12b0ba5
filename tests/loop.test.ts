// The page's training loop, driven in Node through its message protocol.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../src/worker/protocol';
import { measurementKey } from '../src/engine/autoBackend';
import { IMAGE_SNAPSHOT_MS, TrainingLoop, type LoopHost, type LoopTiming } from '../src/worker/loop';
import { provideDigitsNode } from '../src/platform/digitsNode';
import { settings, testBackend } from './helpers';

beforeAll(testBackend);

const small = settings({ dLayers: 2, dWidth: 16, gLayers: 2, gWidth: 16, batchSize: 32, backend: 'wasm' });

function harness(timing: LoopTiming = { snapshotMs: 20, evaluationMs: 200, rowMs: 10, checkpointMs: 100 }) {
  const events: Event[] = [];
  const host: LoopHost = {
    post: (e) => events.push(e),
    candidates: ['wasm', 'cpu'],
    chunkMs: 10,
    yieldNow: () => new Promise((r) => setTimeout(r, 0)),
    now: () => performance.now(),
  };
  const loop = new TrainingLoop(host, timing);
  const of = <T extends Event['type']>(type: T) => events.filter((e): e is Extract<Event, { type: T }> => e.type === type);
  return { loop, events, of };
}

let current: TrainingLoop | null = null;
afterEach(() => current?.dispose());

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('training loop', () => {
  it('starts, publishes a first snapshot with an evaluation, and plays', async () => {
    const { loop, of } = harness();
    current = loop;
    await loop.handle({ type: 'init', settings: small });
    expect(of('ready')[0].backend.active).toBe('wasm');
    const first = of('snapshot')[0];
    expect(first.snapshot.generatorSteps).toBe(0);
    expect(first.rows[0].exactW1).toEqual(expect.any(Number));
    await loop.handle({ type: 'play' });
    for (let i = 0; i < 20; i++) {
      await wait(50);
      await loop.handle({ type: 'ack' });
    }
    await loop.handle({ type: 'pause' });
    const snaps = of('snapshot');
    const last = snaps[snaps.length - 1];
    expect(last.snapshot.generatorSteps).toBeGreaterThan(5);
    expect(snaps.length).toBeGreaterThan(3);
    const rows = snaps.flatMap((s) => s.rows);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.some((r) => r.iteration > 0 && r.exactW1 !== null)).toBe(true);
    expect(of('checkpoint').length).toBeGreaterThan(0);
  });

  it('holds back snapshots until the page acknowledges the last one', async () => {
    const { loop, of } = harness();
    current = loop;
    await loop.handle({ type: 'init', settings: small });
    await loop.handle({ type: 'play' });
    await wait(400);
    await loop.handle({ type: 'pause' });
    // init snapshot, then one more while unacknowledged, plus the one forced by pause
    expect(of('snapshot').length).toBeLessThanOrEqual(3);
  });

  it('while playing, sends a snapshot before an evaluation that falls due with it', async () => {
    // an evaluation falls due at every publish
    const { loop, events, of } = harness({ snapshotMs: 20, evaluationMs: 0, evaluationSpacing: 0, rowMs: 0, checkpointMs: 1e9 });
    current = loop;
    await loop.handle({ type: 'init', settings: small });
    // a forced publish (init, pause, step) evaluates first: its snapshot carries the result
    const init = of('snapshot')[0];
    expect(init.rows.at(-1)!.exactW1).toEqual(expect.any(Number));
    await loop.handle({ type: 'play' });
    for (let i = 0; i < 15; i++) {
      await wait(40);
      await loop.handle({ type: 'ack' });
    }
    loop.handle({ type: 'pause' });
    await wait(50);
    const played = of('snapshot').filter((s) => s.playing && s !== init);
    expect(played.length).toBeGreaterThan(3);
    const evaluated = played.flatMap((s) => s.rows.filter((r) => r.exactW1 !== null).map((r) => ({ row: r, shown: s.snapshot.generatorSteps })));
    expect(evaluated.length).toBeGreaterThanOrEqual(played.length - 1);
    // an evaluation never runs between a step and the snapshot that shows it
    for (const { row, shown } of evaluated) expect(row.iteration).toBeLessThan(shown);
    // and each snapshot carries a plain row of the step it shows
    for (const s of played) expect(s.rows.at(-1)).toMatchObject({ iteration: s.snapshot.generatorSteps, exactW1: null });
    // whose evaluation comes with the next one
    for (let k = 0; k + 1 < played.length; k++) {
      expect(played[k + 1].rows.some((r) => r.iteration === played[k].snapshot.generatorSteps && r.exactW1 !== null)).toBe(true);
    }
    expect(events.some((e) => e.type === 'error')).toBe(false);
  });

  it('single steps count critic and generator steps', async () => {
    const { loop, of } = harness();
    current = loop;
    await loop.handle({ type: 'init', settings: { ...small, nCritic: 3 } });
    await loop.handle({ type: 'step', kind: 'critic' });
    await loop.handle({ type: 'step', kind: 'generator' });
    await loop.handle({ type: 'step', kind: 'iteration' });
    const s = of('snapshot').at(-1)!.snapshot;
    expect(s.criticSteps).toBe(4);
    expect(s.generatorSteps).toBe(2);
  });

  it('applies live settings without a reset and resets for the others', async () => {
    const { loop, of } = harness();
    current = loop;
    await loop.handle({ type: 'init', settings: small });
    await loop.handle({ type: 'step', kind: 'iteration' });
    await loop.handle({ type: 'configure', settings: { ...small, lrD: 1e-3 } });
    expect(of('reset')).toHaveLength(1); // only the initial one
    expect(of('snapshot').at(-1)!.snapshot.generatorSteps).toBe(1);
    await loop.handle({ type: 'configure', settings: { ...small, lrD: 1e-3, dWidth: 8 } });
    expect(of('reset')).toHaveLength(2);
    expect(of('reset')[1].reason).toMatch(/dWidth/);
    expect(of('snapshot').at(-1)!.snapshot.generatorSteps).toBe(0);
  });

  it('switches backend keeping the run', async () => {
    const { loop, of } = harness();
    current = loop;
    await loop.handle({ type: 'init', settings: small });
    await loop.handle({ type: 'step', kind: 'iteration' });
    await loop.handle({ type: 'step', kind: 'iteration' });
    await loop.handle({ type: 'configure', settings: { ...small, backend: 'cpu' } });
    expect(of('backend').at(-1)!.backend.active).toBe('cpu');
    await loop.handle({ type: 'step', kind: 'iteration' });
    expect(of('snapshot').at(-1)!.snapshot.generatorSteps).toBe(3);
    await loop.handle({ type: 'configure', settings: { ...small, backend: 'wasm' } });
  });

  it('auto starts at once on a provisional backend, then moves the run to the measured fastest', async () => {
    const { loop, of } = harness();
    current = loop;
    const auto = { ...small, backend: 'auto' as const };
    await loop.handle({ type: 'init', settings: auto });
    const first = of('ready')[0].backend;
    expect(first).toMatchObject({ active: 'wasm', provisional: true, measurements: [] });
    // measuring (what the page's second worker does) reports every candidate
    await loop.handle({ type: 'measure', settings: auto });
    const measured = of('measured')[0].measurements;
    expect(measured.map((m) => m.backend)).toEqual(['wasm', 'cpu']);
    expect(measured.every((m) => m.msPerIteration > 0)).toBe(true);
    await loop.handle({ type: 'step', kind: 'iteration' });
    await loop.handle({ type: 'step', kind: 'iteration' });
    const before = of('snapshot').at(-1)!.snapshot;
    // figures measured on other networks are ignored
    await loop.handle({ type: 'adoptMeasurements', key: measurementKey({ ...auto, dWidth: 99 }), measurements: [{ backend: 'cpu', msPerIteration: 1 }] });
    expect(of('backend')).toHaveLength(0);
    // cpu measured faster: the same run carries on there
    await loop.handle({ type: 'adoptMeasurements', key: measurementKey(auto), measurements: [{ backend: 'wasm', msPerIteration: 9 }, { backend: 'cpu', msPerIteration: 3 }] });
    const moved = of('backend').at(-1)!.backend;
    expect(moved).toMatchObject({ active: 'cpu', switchedFrom: 'wasm', provisional: false, source: 'measured' });
    expect(of('reset')).toHaveLength(1); // only the start: the run was not restarted
    await loop.handle({ type: 'step', kind: 'iteration' });
    const after = of('snapshot').at(-1)!.snapshot;
    expect(after.generatorSteps).toBe(before.generatorSteps + 1);
  });

  it('auto picks from cached measurements at once, without a provisional start', async () => {
    const { loop, of } = harness();
    current = loop;
    const auto = { ...small, backend: 'auto' as const };
    await loop.handle({ type: 'init', settings: auto, measured: [{ backend: 'wasm', msPerIteration: 9 }, { backend: 'cpu', msPerIteration: 3 }] });
    expect(of('ready')[0].backend).toMatchObject({ active: 'cpu', provisional: false, source: 'cache' });
  });

  it('evaluates within a second of Play and then every 2 s of wall time, even when an evaluation is slow', async () => {
    // a virtual clock: 2 ms per reading, 5 ms an iteration and 400 ms an evaluation (a busy CPU's cost),
    // so the schedule is the loop's rule alone, whatever this machine's speed
    let clock = 0;
    const evaluatedAt: number[] = [];
    const events: Event[] = [];
    const host: LoopHost = {
      post: (e) => {
        events.push(e);
        if (e.type === 'snapshot' && e.rows.some((r) => r.exactW1 !== null)) evaluatedAt.push(clock);
      },
      candidates: ['wasm'],
      chunkMs: 10,
      yieldNow: () => new Promise((r) => setTimeout(r, 0)),
      now: () => (clock += 2),
    };
    const loop = new TrainingLoop(host, { snapshotMs: 90, evaluationMs: 2000, rowMs: 90, checkpointMs: 1e9 });
    current = loop;
    await loop.handle({ type: 'init', settings: small });
    // 5 ms an iteration, 400 ms an evaluation
    const trainer = (loop as unknown as { trainer: { evaluate(): Promise<unknown>; iterate(n: number): void } }).trainer;
    const evaluate = trainer.evaluate.bind(trainer);
    const iterate = trainer.iterate.bind(trainer);
    trainer.evaluate = () => {
      clock += 400;
      return evaluate();
    };
    trainer.iterate = (n: number) => {
      clock += 5 * n;
      iterate(n);
    };
    clock += 30_000; // the page sat idle before Play
    const played = clock;
    evaluatedAt.length = 0;
    await loop.handle({ type: 'play' });
    for (let i = 0; i < 1000 && clock - played < 12_000; i++) {
      await wait(10);
      await loop.handle({ type: 'ack' });
    }
    await loop.handle({ type: 'pause' });
    const during = evaluatedAt.filter((t) => t > played && t < clock - 500);
    expect(during.length).toBeGreaterThan(3);
    expect(during[0] - played).toBeLessThan(1000);
    // start to start every 2 s; reported with the snapshot after it: allow a chunk and a snapshot
    const gaps = during.slice(1).map((t, i) => t - during[i]);
    expect(Math.max(...gaps)).toBeLessThan(2000 + 300);
  });

  it('stops on a diverged run and says why', async () => {
    const { loop, of } = harness();
    current = loop;
    await loop.handle({ type: 'init', settings: { ...small, loss: 'lsgan', optimizer: 'sgd', lrD: 1, lrG: 1 } });
    await loop.handle({ type: 'play' });
    for (let i = 0; i < 40 && of('diverged').length === 0; i++) {
      await wait(50);
      await loop.handle({ type: 'ack' });
    }
    // non-finite losses, or samples far off the plane first (which comes first depends on timing)
    expect(of('diverged')[0].message).toMatch(/(diverged|ran away).*learning rates/);
    expect(loop.isPlaying).toBe(false);
  });

  it('announces long steps with a copy of the run from which a new loop resumes exactly, mid-iteration', async () => {
    // every step counts as long here (a real one takes over a second), and every iteration goes step by step
    const timing: LoopTiming = { snapshotMs: 20, evaluationMs: 1e9, rowMs: 10, checkpointMs: 1e9, slowIterationMs: 0, longStepMs: 0 };
    const s = { ...small, nCritic: 3 };
    const key = (e: Extract<Event, { type: 'checkpoint' }>) => `${e.state.generatorSteps}:${e.resume?.criticStepsInIteration}`;
    const playUntil = async (loop: TrainingLoop, of: ReturnType<typeof harness>['of'], iterations: number) => {
      await loop.handle({ type: 'play' });
      for (let i = 0; i < 400 && !of('checkpoint').some((c) => c.state.generatorSteps >= iterations); i++) {
        await wait(10);
        await loop.handle({ type: 'ack' });
      }
      await loop.handle({ type: 'pause' });
    };
    const a = harness(timing);
    current = a.loop;
    await a.loop.handle({ type: 'init', settings: s });
    await playUntil(a.loop, a.of, 3);
    const announced = a.of('checkpoint');
    // one before each critic step and each generator step, saying where the iteration stands
    expect(announced.slice(0, 4).map((c) => c.resume?.criticStepsInIteration)).toEqual([0, 1, 2, 3]);
    expect(announced.every((c) => c.resume!.expectedMs >= 0)).toBe(true);
    const from = announced.find((c) => key(c) === '1:2')!;
    expect(from.state.criticSteps).toBe(5);
    a.loop.dispose();

    // a new loop from that copy (as the page does when Pause ends a worker inside a long step)
    const b = harness(timing);
    current = b.loop;
    await b.loop.handle({ type: 'init', settings: s, state: from.state, resume: { criticStepsInIteration: from.resume!.criticStepsInIteration } });
    expect(b.of('snapshot')[0].snapshot.criticSteps).toBe(5);
    await playUntil(b.loop, b.of, 3);
    // the same run: at the start of iteration 2 and 3, weights, moments and random streams are identical
    for (const at of ['2:0', '3:0']) {
      const want = announced.find((c) => key(c) === at)!;
      const got = b.of('checkpoint').find((c) => key(c) === at)!;
      expect(got.state.criticSteps).toBe(want.state.criticSteps);
      expect(Array.from(got.state.critic)).toEqual(Array.from(want.state.critic));
      expect(Array.from(got.state.generator)).toEqual(Array.from(want.state.generator));
      expect(Array.from(got.state.optimizers.critic.m!)).toEqual(Array.from(want.state.optimizers.critic.m!));
      expect(got.state.rng).toEqual(want.state.rng);
    }
  });

  it('posts heartbeats from inside a long step where the trainer reports progress (fused), at most one per 250 ms (issue 27)', async () => {
    // every step counts as long and goes step by step; the clock moves 100 ms on every reading,
    // so one critic step of the fused trainer "takes" many heartbeat intervals
    const timing: LoopTiming = { snapshotMs: 1e9, evaluationMs: 1e9, rowMs: 1e9, checkpointMs: 1e9, slowIterationMs: 0, longStepMs: 0 };
    const events: Event[] = [];
    let t = 0;
    let inStep = false;
    const host: LoopHost = { post: (e) => events.push(e), candidates: ['wasm', 'cpu'], chunkMs: 10, yieldNow: () => new Promise((r) => setTimeout(r, 0)), now: () => (t += 100) };
    const loop = new TrainingLoop(host, timing);
    current = loop;
    await loop.handle({ type: 'init', settings: { ...small, backend: 'fused', nCritic: 2 } });
    expect(events.find((e) => e.type === 'ready')).toMatchObject({ gradients: 'fused' });
    await loop.handle({ type: 'play' });
    for (let i = 0; i < 200 && !events.some((e) => e.type === 'status' && e.criticSteps >= 4); i++) await wait(5);
    await loop.handle({ type: 'pause' });
    // between a step's announcement and the status after it: heartbeats saying the worker is working
    let beatsInSteps = 0;
    for (const e of events) {
      if (e.type === 'checkpoint' && e.resume) inStep = true;
      else if (e.type === 'status') inStep = false;
      else if (e.type === 'heartbeat') {
        expect(e.working).toBe(true);
        if (inStep) beatsInSteps++;
      }
    }
    expect(beatsInSteps).toBeGreaterThan(4);
    // at most one every STEP_HEARTBEAT_MS of the step's time, not one per layer
    const statuses = events.filter((e) => e.type === 'status').length;
    const beats = events.filter((e) => e.type === 'heartbeat').length;
    expect(beats).toBeLessThan(t / 250 + statuses + 4);
  });

  it('does not announce steps that are quick', async () => {
    const { loop, of } = harness();
    current = loop;
    await loop.handle({ type: 'init', settings: small });
    await loop.handle({ type: 'play' });
    for (let i = 0; i < 10; i++) {
      await wait(30);
      await loop.handle({ type: 'ack' });
    }
    await loop.handle({ type: 'pause' });
    expect(of('checkpoint').some((c) => c.resume)).toBe(false);
  });

  it('exports a state that loads back into the same run', async () => {
    const { loop, of } = harness();
    current = loop;
    await loop.handle({ type: 'init', settings: small });
    await loop.handle({ type: 'step', kind: 'iteration' });
    await loop.handle({ type: 'exportState', requestId: 7 });
    const state = of('state')[0];
    expect(state.requestId).toBe(7);
    await loop.handle({ type: 'step', kind: 'iteration' });
    const after = of('snapshot').at(-1)!.snapshot.generated.slice();
    await loop.handle({ type: 'loadState', state: state.state });
    expect(of('snapshot').at(-1)!.snapshot.generatorSteps).toBe(1);
    await loop.handle({ type: 'step', kind: 'iteration' });
    expect(Array.from(of('snapshot').at(-1)!.snapshot.generated)).toEqual(Array.from(after));
  });
});

describe('snapshot cadence', () => {
  // a virtual clock (2 ms a reading, 3 ms an iteration): the schedule is the loop's rule alone
  async function snapshotGaps(s: typeof small): Promise<number[]> {
    let clock = 0;
    const at: number[] = [];
    const host: LoopHost = {
      post: (e) => {
        if (e.type === 'snapshot' && e.playing) at.push(clock);
      },
      candidates: ['wasm'],
      chunkMs: 10,
      yieldNow: () => new Promise((r) => setTimeout(r, 0)),
      now: () => (clock += 2),
    };
    const loop = new TrainingLoop(host, { snapshotMs: 90, evaluationMs: 1e9, rowMs: 90, checkpointMs: 1e9 });
    current = loop;
    await loop.handle({ type: 'init', settings: s });
    const trainer = (loop as unknown as { trainer: { iterate(n: number): void } }).trainer;
    const iterate = trainer.iterate.bind(trainer);
    trainer.iterate = (n: number) => {
      clock += 3 * n;
      iterate(n);
    };
    const played = clock;
    await loop.handle({ type: 'play' });
    for (let i = 0; i < 400 && clock - played < 3000; i++) {
      await wait(2);
      await loop.handle({ type: 'ack' });
    }
    await loop.handle({ type: 'pause' });
    return at.slice(1, -1).map((t, i) => t - at[i]);
  }

  it('draws an image target at most five times a second, the plane about ten', async () => {
    provideDigitsNode();
    const digits = await snapshotGaps(settings({ target: 'digits', latentDim: 16, dLayers: 2, dWidth: 16, gLayers: 2, gWidth: 16, batchSize: 16, backend: 'wasm' }));
    expect(digits.length).toBeGreaterThan(5);
    // start to start at least IMAGE_SNAPSHOT_MS, less half an iteration (chunks end at the nearest one)
    expect(Math.min(...digits)).toBeGreaterThanOrEqual(IMAGE_SNAPSHOT_MS - 5);
    const plane = await snapshotGaps(small);
    expect(plane.length).toBeGreaterThan(10);
    expect(Math.min(...plane)).toBeLessThan(IMAGE_SNAPSHOT_MS - 50);
  });
});
