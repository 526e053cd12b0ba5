// The exact W1's floor is a random quantity (the distance between the run's evaluation samples
// and another independent set of real samples): it is reported as a band, mean ± spread of
// several draws, computed once per target and seed, so that it reads the same at iteration 0,
// later and after a Load, and its band holds what a perfect generator scores on most draws.
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTrainer, trainerFromState } from '../src/engine/createTrainer';
import { computeFloor, FLOOR_DRAWS, floorDraw, targetFloor } from '../src/engine/metrics/floor';
import { exactW1 } from '../src/engine/metrics/wasserstein';
import { Rng } from '../src/engine/rng';
import { makeTarget } from '../src/engine/targets';
import { W1_SAMPLES, type TrainerBase } from '../src/engine/trainerBase';
import { settings, testBackend } from './helpers';

beforeAll(testBackend);

const small = settings({ target: 'ring8', dLayers: 1, dWidth: 8, gLayers: 1, gWidth: 8, batchSize: 16, backend: 'wasm', seed: 3 });

describe('the two-sample floor', () => {
  it('is one band per run: the same at iteration 0, later, after a restore and in a new trainer', async () => {
    const t = makeTrainer(small, 'wasm');
    const other = makeTrainer({ ...small, lrG: 0.01, dWidth: 16 }, 'wasm');
    try {
      const first = await t.evaluate();
      // a band from the very first evaluation
      expect(first.floorSpread).toBeGreaterThan(0);
      t.iterate(3);
      const later = await t.evaluate();
      expect([later.floor, later.floorSpread]).toEqual([first.floor, first.floorSpread]);
      // a Load builds a new trainer from the saved state: the same band
      const restored = trainerFromState(await t.exportState(), 'wasm');
      try {
        const after = await restored.evaluate();
        expect(after.generatorSteps).toBe(3);
        expect([after.floor, after.floorSpread]).toEqual([first.floor, first.floorSpread]);
      } finally {
        restored.dispose();
      }
      // the floor is the target's and the seed's, not the networks'
      const o = await other.evaluate();
      expect([o.floor, o.floorSpread]).toEqual([first.floor, first.floorSpread]);
    } finally {
      t.dispose();
      other.dispose();
    }
  });

  it('is the mean and sample spread of FLOOR_DRAWS independent draws, recomputed to the same values', () => {
    const ring = makeTarget('ring8');
    const draws = Array.from({ length: FLOOR_DRAWS }, (_, i) => floorDraw(ring, 3, W1_SAMPLES, i));
    expect(new Set(draws).size).toBe(FLOOR_DRAWS); // independent pairs, not one pair repeated
    const mean = draws.reduce((a, b) => a + b, 0) / FLOOR_DRAWS;
    const sd = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (FLOOR_DRAWS - 1));
    const f = computeFloor(ring, 3, W1_SAMPLES);
    expect(f.floor).toBeCloseTo(mean, 12);
    expect(f.floorSpread).toBeCloseTo(sd, 12);
    // deterministic: a fresh target object (as in another worker) gives the same band
    expect(computeFloor(makeTarget('ring8'), 3, W1_SAMPLES)).toEqual(f);
    // the user's own points: keyed by the points, so other points give another floor
    const pts: Array<[number, number]> = Array.from({ length: 50 }, (_, i) => [Math.cos(i), Math.sin(i)]);
    const a = targetFloor(makeTarget('custom', pts), 3, W1_SAMPLES, pts);
    const moved = pts.map(([x, y]) => [3 * x, 3 * y] as [number, number]);
    const b = targetFloor(makeTarget('custom', moved), 3, W1_SAMPLES, moved);
    expect(b.floor).toBeGreaterThan(2 * a.floor);
  });

  it('holds a perfect generator inside its band on most draws', async () => {
    const t = makeTrainer(small, 'wasm');
    try {
      const band = await t.evaluate();
      // a perfect generator: fresh real samples against the run's own evaluation samples
      const internals = t as unknown as { evalTarget(n: number): Float32Array; target: TrainerBase['target'] };
      const real = internals.evalTarget(W1_SAMPLES);
      const perfect = Array.from({ length: 30 }, (_, i) => exactW1(real, internals.target.sample(W1_SAMPLES, Rng.stream(99, `perfect-${i}`))));
      const inside = perfect.filter((w) => Math.abs(w - band.floor) <= 2 * band.floorSpread!).length;
      expect(inside / perfect.length).toBeGreaterThanOrEqual(0.8);
      // and the band is not so wide that it says nothing: within a factor of 2 of its mean
      expect(band.floorSpread!).toBeLessThan(band.floor / 2);
    } finally {
      t.dispose();
    }
  });
});
