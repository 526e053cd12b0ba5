// What each loss's critic estimates, checked through the loss code itself at critics whose
// optimal value is known: identical distributions (the estimate is 0) and a critic that
// separates disjoint ones perfectly (the estimate is the divergence's maximum).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { criticEstimate, formatSignificant } from '../src/engine/estimates';
import { criticLossValue, lossOf } from '../src/engine/losses';
import type { LossId } from '../src/engine/settings';
import { testBackend } from './helpers';

beforeAll(testBackend);

const lossAt = (id: LossId, real: number, fake: number) => criticLossValue(lossOf(id), tf.fill([4, 1], real), tf.fill([4, 1], fake)).dataSync()[0];

describe('the critic’s estimate', () => {
  it('is 0 for identical distributions at the optimal critic, for the bounded divergences', () => {
    // the optimal critic outputs: logit 0 (D = ½) for the GANs, any f in [−1, 1] for hinge, D = ½ for least squares
    expect(criticEstimate('minimax', lossAt('minimax', 0, 0)).value).toBeCloseTo(0, 6);
    expect(criticEstimate('hinge', lossAt('hinge', 0.3, 0.3)).value).toBeCloseTo(0, 6);
    expect(criticEstimate('lsgan', lossAt('lsgan', 0.5, 0.5)).value).toBeCloseTo(0, 6);
  });

  it('reaches each divergence’s maximum for a critic that separates disjoint distributions', () => {
    expect(criticEstimate('nonsaturating', lossAt('nonsaturating', 30, -30)).value).toBeCloseTo(Math.log(2), 5); // JS ≤ log 2
    expect(criticEstimate('hinge', lossAt('hinge', 1, -1)).value).toBeCloseTo(1, 6); // TV ≤ 1
    expect(criticEstimate('lsgan', lossAt('lsgan', 1, 0)).value).toBeCloseTo(2, 6); // Δ ≤ 2
    expect(criticEstimate('wgan-gp', lossAt('wgan-gp', 0.7, -0.2)).value).toBeCloseTo(0.9, 6); // E f(x) − E f(G(z))
  });

  it('labels every loss with what it estimates', () => {
    for (const id of ['minimax', 'nonsaturating', 'wgan', 'wgan-gp', 'hinge', 'lsgan'] as const) {
      const e = criticEstimate(id, 0.1);
      expect(e.symbol.length, id).toBeGreaterThan(0);
      expect(e.what.length, id).toBeGreaterThan(20);
    }
    expect(criticEstimate('wgan', 0.1).what).toMatch(/constant/);
  });
});

describe('significant digits', () => {
  it('keeps three significant digits and goes scientific when small', () => {
    expect(formatSignificant(0.11534)).toBe('0.115');
    expect(formatSignificant(3.2e-4)).toBe('3.20e−4');
    expect(formatSignificant(-3.2e-4)).toBe('−3.20e−4');
    expect(formatSignificant(12.345)).toBe('12.3');
    expect(formatSignificant(0)).toBe('0');
    expect(formatSignificant(null)).toBe('—');
  });
});
