// The exact W1's floor is a random quantity (the distance between the evaluation's real
// samples and another independent draw): it is reported as a band, mean ± spread of several
// draws, which must hold what a perfect generator scores on most draws.
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTrainer } from '../src/engine/createTrainer';
import { exactW1 } from '../src/engine/metrics/wasserstein';
import { Rng } from '../src/engine/rng';
import { FLOOR_DRAWS, W1_SAMPLES, type TrainerBase } from '../src/engine/trainerBase';
import { settings, testBackend } from './helpers';

beforeAll(testBackend);

describe('the two-sample floor', () => {
  it('adds a draw with each of the first evaluations, then stays fixed, and its band holds a perfect generator', async () => {
    const s = settings({ target: 'ring8', dLayers: 1, dWidth: 8, gLayers: 1, gWidth: 8, batchSize: 16, backend: 'wasm', seed: 3 });
    const t = makeTrainer(s, 'wasm');
    try {
      const first = await t.evaluate();
      expect(first.floorSpread).toBeNull();
      const seen = [first];
      for (let i = 1; i < FLOOR_DRAWS + 2; i++) seen.push(await t.evaluate());
      const band = seen[FLOOR_DRAWS - 1];
      expect(band.floorSpread).toBeGreaterThan(0);
      // computed once per target: later evaluations report the same band
      expect(seen.at(-1)!.floor).toBe(band.floor);
      expect(seen.at(-1)!.floorSpread).toBe(band.floorSpread);
      // a perfect generator: fresh real samples against the evaluation's real samples
      const internals = t as unknown as { evalTarget(n: number): Float32Array; target: TrainerBase['target'] };
      const real = internals.evalTarget(W1_SAMPLES);
      const perfect = Array.from({ length: 30 }, (_, i) => exactW1(real, internals.target.sample(W1_SAMPLES, Rng.stream(99, `perfect-${i}`))));
      const inside = perfect.filter((w) => Math.abs(w - band.floor) <= 2 * band.floorSpread!).length;
      expect(inside / perfect.length).toBeGreaterThanOrEqual(0.8);
      // and one draw alone is not the best a perfect generator can do: some score below it
      expect(perfect.some((w) => w < first.floor)).toBe(true);
    } finally {
      t.dispose();
    }
  });
});
