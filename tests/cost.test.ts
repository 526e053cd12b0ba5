// The cost of an iteration, estimated before a setting is applied: it scales with the work
// (batch, n_critic, width squared) and, given a measured run, reproduces that run's rate.
import { describe, expect, it } from 'vitest';
import { COSTLY_ITERATION_MS, costWarning, estimateIterationMs, iterationWork } from '../src/engine/cost';
import { settings } from './helpers';

describe('iteration cost', () => {
  const base = settings({ dWidth: 64, gWidth: 64, dLayers: 3, gLayers: 3, batchSize: 256, nCritic: 5, loss: 'wgan-gp' });

  it('scales with batch size and n_critic, and about with width squared', () => {
    expect(iterationWork({ ...base, batchSize: 512 })).toBeCloseTo(2 * iterationWork(base), 6);
    const moreCritic = iterationWork({ ...base, nCritic: 10 }) / iterationWork(base);
    expect(moreCritic).toBeGreaterThan(1.8);
    expect(moreCritic).toBeLessThan(2);
    const wider = iterationWork({ ...base, dWidth: 512, gWidth: 512 }) / iterationWork(base);
    expect(wider).toBeGreaterThan(40);
    expect(wider).toBeLessThan(64);
  });

  it('counts the digits’ 196 pixels at the generator’s output and the critic’s input', () => {
    const digits = { ...base, target: 'digits' as const, gLayers: 2, gWidth: 256, dLayers: 2, dWidth: 256, latentDim: 64, batchSize: 64, nCritic: 1 };
    // by hand: G 64·256 + 256·256 + 256·196 = 132,096; D 196·256 + 256·256 + 256·1 = 115,968;
    // a WGAN-GP critic step 64 · (G + (6 + 4) D), the generator step 64 · 3 · (G + D)
    expect(iterationWork(digits)).toBe(64 * (132_096 + 10 * 115_968) + 64 * 3 * (132_096 + 115_968));
  });

  it('a measured run calibrates the estimate', () => {
    expect(estimateIterationMs(base, { settings: base, msPerIteration: 12 })).toBeCloseTo(12, 6);
    expect(estimateIterationMs({ ...base, batchSize: 1024 }, { settings: base, msPerIteration: 12 })).toBeCloseTo(48, 6);
  });

  it('says so past a second, and only then', () => {
    expect(costWarning(COSTLY_ITERATION_MS - 1)).toBeNull();
    expect(costWarning(2500)).toMatch(/^About 2\.5 s per iteration at this value/);
    expect(costWarning(150_000)).toMatch(/About 2\.5 min per iteration/);
    // the extreme settings are far past a second; the playground's defaults are not
    const extreme = { ...base, dWidth: 1024, gWidth: 1024, dLayers: 8, gLayers: 8, batchSize: 4096, nCritic: 100 };
    expect(costWarning(estimateIterationMs(extreme))).not.toBeNull();
    expect(costWarning(estimateIterationMs(settings()))).toBeNull();
  });
});
