// What each loss's critic estimates, checked through the loss code itself at critics whose
// optimal value is known: identical distributions (the estimate is 0) and a critic that
// separates disjoint ones perfectly (the estimate is the divergence's maximum).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { clippedLipschitzBound, criticEstimate, formatSignificant } from '../src/engine/estimates';
import { Rng } from '../src/engine/rng';
import { defaultSettings } from '../src/engine/settings';
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
    // the clipped critic's estimate is on its own scale: K·W1, K set by c
    expect(criticEstimate('wgan', 0.1).symbol).toBe('K·W1');
    expect(criticEstimate('wgan', 0.1).what).toMatch(/K-Lipschitz.*clip value c/);
  });
});

describe('the clipped critic’s scale K', () => {
  it('is bounded by Π c·√(fan_in·fan_out): a case by hand, and null under layer norm', () => {
    // 2 → 64 → 1 at c = 0.01: 0.01·√128 · 0.01·√64 = 0.113137 · 0.08
    const s = { ...defaultSettings(), target: 'ring8' as const, loss: 'wgan' as const, dLayers: 1, dWidth: 64, clip: 0.01, dLayerNorm: false };
    expect(clippedLipschitzBound(s)).toBeCloseTo(0.0090510, 6);
    // c enters once per layer: 10x the clip value is 100x the bound with two dense layers
    expect(clippedLipschitzBound({ ...s, clip: 0.1 })! / clippedLipschitzBound(s)!).toBeCloseTo(100, 6);
    expect(clippedLipschitzBound({ ...s, dLayerNorm: true })).toBeNull();
  });

  it('holds for clipped critics, and all weights at +c reach it (slopes by finite differences)', () => {
    const s = { ...defaultSettings(), target: 'ring8' as const, loss: 'wgan' as const, dLayers: 2, dWidth: 16, clip: 0.05, dLayerNorm: false };
    const bound = clippedLipschitzBound(s)!;
    const dims = [2, 16, 16, 1];
    const rng = Rng.stream(5, 'clipped-critic');
    const steepest = (layers: Float32Array[]) => {
      const f = (x: number[]) =>
        layers.reduce((h, w, i) => {
          const out = Array.from({ length: dims[i + 1] }, (_, j) => h.reduce((a, v, k) => a + v * w[k * dims[i + 1] + j], 0));
          return i + 1 < layers.length ? out.map((v) => Math.max(0, v)) : out;
        }, x)[0];
      let most = 0;
      for (let t = 0; t < 200; t++) {
        const x = [rng.uniform() * 4 - 2, rng.uniform() * 4 - 2];
        const h = 1e-4;
        most = Math.max(most, Math.hypot((f([x[0] + h, x[1]]) - f([x[0] - h, x[1]])) / (2 * h), (f([x[0], x[1] + h]) - f([x[0], x[1] - h])) / (2 * h)));
      }
      return most;
    };
    const weights = (fill: (w: Float32Array) => void) =>
      dims.slice(0, -1).map((n, i) => {
        const w = new Float32Array(n * dims[i + 1]);
        fill(w);
        return w;
      });
    // random weights in [−c, c]: well under the bound
    for (let k = 0; k < 5; k++) expect(steepest(weights((w) => rng.fillUniform(w, -s.clip, s.clip)))).toBeLessThanOrEqual(bound);
    // every weight at +c: on x₁ + x₂ > 0 the slope is c³·16·16·√2 = c·√32 · c·16 · c·4, the bound itself
    expect(steepest(weights((w) => w.fill(s.clip))) / bound).toBeCloseTo(1, 4);
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
