// Metrics against cases worked out by hand.
import { describe, expect, it } from 'vitest';
import { discreteEmd } from '../src/engine/metrics/discreteEmd';
import { modeCoverage } from '../src/engine/metrics/modes';
import { lineDivergences } from '../src/engine/metrics/verticalLine';
import { exactW1 } from '../src/engine/metrics/wasserstein';
import { Rng } from '../src/engine/rng';
import { layerWeightStats } from '../src/engine/weightStats';

const pts = (...p: number[][]) => new Float32Array(p.flat());

describe('exact W1 (optimal assignment)', () => {
  it('is 0 for the same points in another order', () => {
    expect(exactW1(pts([0, 0], [1, 0], [2, 3]), pts([2, 3], [0, 0], [1, 0]))).toBeCloseTo(0, 9);
  });
  it('picks the cheaper of two assignments', () => {
    // (0,0)->(3,4) + (0,1)->(0,1) = 5 + 0 beats (0,0)->(0,1) + (0,1)->(3,4) = 1 + √18
    expect(exactW1(pts([0, 0], [0, 1]), pts([3, 4], [0, 1]))).toBeCloseTo(2.5, 6);
  });
  it('equals |v| for a point set translated by v', () => {
    const rng = new Rng(1);
    const a = rng.fillNormal(new Float32Array(400));
    const b = a.map((v, i) => v + (i % 2 === 0 ? 0.3 : 0.4));
    expect(exactW1(a, b)).toBeCloseTo(0.5, 4);
  });
  it('rejects sets of different sizes', () => {
    expect(() => exactW1(pts([0, 0]), pts([0, 0], [1, 1]))).toThrow();
  });
  it('solves n = 500 in well under a second', () => {
    const rng = new Rng(2);
    const t = performance.now();
    exactW1(rng.fillNormal(new Float32Array(1000)), rng.fillNormal(new Float32Array(1000)));
    expect(performance.now() - t).toBeLessThan(5000); // generous: a guard against O(n^4), not a benchmark
  });
});

describe('mode coverage (3 standard deviations)', () => {
  const modes = { centres: pts([0, 0], [1, 0], [5, 5]), std: 0.1 };
  it('counts high-quality samples and captured modes', () => {
    // (0.05, 0) is 0.05 from mode 0; (0.95, 0.1) is 0.112 from mode 1; (0.5, 0) is 0.5 from both: not high quality
    const c = modeCoverage(pts([0.05, 0], [0.95, 0.1], [0.5, 0]), modes);
    expect(c.captured).toBe(2);
    expect(c.total).toBe(3);
    expect(c.highQuality).toBeCloseTo(2 / 3, 9);
    expect(c.perMode).toEqual([1, 1, 0]);
  });
  it('uses the nearest centre and a radius of exactly 3 std', () => {
    const c = modeCoverage(pts([0.29, 0], [0.31, 0]), { centres: pts([0, 0]), std: 0.1 });
    expect(c.perMode).toEqual([1]);
  });
});

describe('vertical line closed forms', () => {
  it('θ ≠ 0: W1 = |θ|, JS = log 2, KL = ∞, TV = 1', () => {
    expect(lineDivergences(-0.5)).toEqual({ w1: 0.5, js: Math.log(2), kl: Infinity, tv: 1 });
  });
  it('θ = 0: all zero', () => {
    expect(lineDivergences(0)).toEqual({ w1: 0, js: 0, kl: 0, tv: 0 });
  });
});

describe('discrete earth mover’s distance', () => {
  it('P = [3,2,1,4], Q = [1,2,4,3] gives W = 5', () => {
    const r = discreteEmd([3, 2, 1, 4], [1, 2, 4, 3]);
    expect(r.deltas).toEqual([0, 2, 2, -1, 0]);
    expect(r.distance).toBe(5);
    expect(r.moves).toEqual([
      { from: 0, to: 1, amount: 2 },
      { from: 1, to: 2, amount: 2 },
      { from: 3, to: 2, amount: 1 },
    ]);
  });
  it('rejects unequal masses and negative bins', () => {
    expect(() => discreteEmd([1, 2], [1, 1])).toThrow(/same total mass/);
    expect(() => discreteEmd([-1, 2], [0, 1])).toThrow(/non-negative/);
  });
});

describe('weight statistics', () => {
  it('summarises each layer and counts weights at ±c', () => {
    const layout = [
      { name: 'critic/dense0/kernel', shape: [2, 2], offset: 0, size: 4 },
      { name: 'critic/dense0/bias', shape: [2], offset: 4, size: 2 },
      { name: 'critic/dense1/kernel', shape: [2, 1], offset: 6, size: 2 },
      { name: 'critic/dense1/bias', shape: [1], offset: 8, size: 1 },
    ];
    const v = new Float32Array([-0.01, 0.01, 0, 0.006, 0.01, -0.004, 0.002, -0.002, 0]);
    const [l1, out] = layerWeightStats(v, layout, 0.01, 4);
    expect(l1.name).toBe('layer 1');
    expect(l1.count).toBe(6);
    expect(l1.atClip).toBeCloseTo(3 / 6, 9);
    expect(l1.min).toBeCloseTo(-0.01, 9);
    expect(l1.max).toBeCloseTo(0.01, 9);
    expect(l1.counts).toEqual([1, 1, 1, 3]);
    expect(out.name).toBe('output');
    expect(out.mean).toBeCloseTo(0, 9);
  });
});
