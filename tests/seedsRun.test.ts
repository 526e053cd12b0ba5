// "Try 5 seeds" in the worker: one trainer per seed, stepped round-robin so that all advance
// together, each evaluated on the same iterations and stopped at the same budget.
import { describe, expect, it } from 'vitest';
import { DIGIT_PIXELS, DIGITS_NETWORKS } from '../src/engine/digits/digitsTarget';
import { defaultSettings } from '../src/engine/settings';
import { provideDigitsNode } from '../src/platform/digitsNode';
import { DIGIT_TILES, type SeedsEvent } from '../src/worker/seedsProtocol';
import { PACE_DUTY, pacer, runSeeds, TURN_ITERATIONS } from '../src/worker/seedsRun';

describe('the seeds runner', () => {
  it('advances every seed together to the same budget, with its own samples', async () => {
    const events: SeedsEvent[] = [];
    const settings = { ...defaultSettings(), target: 'ring8' as const, gWidth: 16, dWidth: 16, batchSize: 32 };
    await runSeeds({ type: 'start', settings, seeds: [1, 2, 3], iterations: 100, backend: 'fused' }, { post: (e) => events.push(e), yieldNow: async () => {} });
    const progress = events.filter((e): e is Extract<SeedsEvent, { type: 'progress' }> => e.type === 'progress');
    // interleaved: after every turn no seed is more than one turn ahead of another
    expect(progress.length).toBeGreaterThanOrEqual(100 / TURN_ITERATIONS);
    for (const p of progress) expect(Math.max(...p.iterations) - Math.min(...p.iterations)).toBeLessThanOrEqual(TURN_ITERATIONS);
    expect(progress[0].iterations).toEqual([TURN_ITERATIONS, TURN_ITERATIONS, TURN_ITERATIONS]);
    expect(progress.at(-1)!.iterations).toEqual([100, 100, 100]);
    expect(events.at(-1)!.type).toBe('done');
    const seeds = events.filter((e): e is Extract<SeedsEvent, { type: 'seed' }> => e.type === 'seed');
    const last = [0, 1, 2].map((i) => seeds.filter((e) => e.index === i).at(-1)!);
    for (const e of last) {
      expect(e.row.iteration).toBe(100);
      expect(e.row.modesTotal).toBe(8);
      expect(e.generated.length).toBe(1000);
    }
    // every seed is evaluated on the same iterations
    const at = (i: number) => seeds.filter((e) => e.index === i).map((e) => e.row.iteration);
    expect(at(0)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(at(1)).toEqual(at(0));
    expect(at(2)).toEqual(at(0));
    // between evaluations the planes still move: generated samples alone, every 50 iterations
    const samples = events.filter((e): e is Extract<SeedsEvent, { type: 'samples' }> => e.type === 'samples');
    expect(samples.map((e) => [e.index, e.iteration])).toEqual([[0, 50], [1, 50], [2, 50]]);
    expect(samples[0].generated.length).toBe(1000);
    // different seeds, different runs
    expect(last[0].generated).not.toEqual(last[1].generated);
  });

  it('on the digits, each seed posts its first 16 generated digits and the digit figures', async () => {
    provideDigitsNode();
    const events: SeedsEvent[] = [];
    const settings = { ...defaultSettings(), ...DIGITS_NETWORKS, target: 'digits' as const, loss: 'nonsaturating' as const };
    await runSeeds({ type: 'start', settings, seeds: [4, 5], iterations: 200, backend: 'fused' }, { post: (e) => events.push(e), yieldNow: async () => {} });
    const seeds = events.filter((e): e is Extract<SeedsEvent, { type: 'seed' }> => e.type === 'seed');
    const last = [0, 1].map((i) => seeds.filter((e) => e.index === i).at(-1)!);
    for (const e of last) {
      expect(e.row.iteration).toBe(200);
      expect(e.row.modesTotal).toBe(10);
      expect(e.generated.length).toBe(DIGIT_TILES * DIGIT_PIXELS);
    }
    const samples = events.filter((e): e is Extract<SeedsEvent, { type: 'samples' }> => e.type === 'samples');
    // between evaluations (every 30 iterations) the grids still move: at 50 and 100
    expect(samples.map((e) => [e.index, e.iteration])).toEqual([[0, 50], [1, 50], [0, 100], [1, 100]]);
    for (const e of samples) expect(e.generated.length).toBe(DIGIT_TILES * DIGIT_PIXELS);
    expect(last[0].generated).not.toEqual(last[1].generated);
  }, 60_000);
});

describe('the seeds worker’s pacing', () => {
  it('rests (1 − duty)/duty of each slice it trains, so the page keeps its share of the CPU', async () => {
    let clock = 0;
    const rests: number[] = [];
    const host = { post: () => undefined, yieldNow: async () => {}, now: () => clock, rest: async (ms: number) => void rests.push(ms) };
    const p = pacer(host, 0.75, 60);
    for (let i = 0; i < 6; i++) await p.turn(async () => void (clock += 30));
    // 30 ms turns: a rest after every second one, a third of the 60 ms trained
    expect(rests).toEqual([20, 20, 20]);
    expect(PACE_DUTY).toBeGreaterThan(0.5);
    expect(PACE_DUTY).toBeLessThan(1);
  });

  it('rests in a real run when the host can, and trains flat out when it cannot', async () => {
    const settings = { ...defaultSettings(), target: 'ring8' as const, gWidth: 16, dWidth: 16, batchSize: 32 };
    const rests: number[] = [];
    await runSeeds({ type: 'start', settings, seeds: [1, 2], iterations: 60, backend: 'fused' }, { post: () => undefined, yieldNow: async () => {}, now: () => performance.now(), rest: async (ms) => void rests.push(ms) });
    expect(rests.length).toBeGreaterThan(0);
    for (const r of rests) expect(r).toBeGreaterThan(0);
  });
});
