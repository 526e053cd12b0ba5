import { describe, expect, it } from 'vitest';
import { Rng } from '../src/engine/rng';
import { TARGET_IDS } from '../src/engine/settings';
import { makeTarget } from '../src/engine/targets';

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const std = (a: number[]) => Math.sqrt(mean(a.map((v) => (v - mean(a)) ** 2)));

describe('targets (gan_toy.py scalings)', () => {
  it('ring of 8: centres on a circle of radius 2/1.414, std 0.02/1.414', () => {
    const t = makeTarget('ring8');
    expect(t.modes!.centres.length).toBe(16);
    for (let k = 0; k < 8; k++) expect(Math.hypot(t.modes!.centres[2 * k], t.modes!.centres[2 * k + 1])).toBeCloseTo(2 / 1.414, 5);
    expect(t.modes!.std).toBeCloseTo(0.02 / 1.414, 8);
    // every sample lies near the ring
    const s = t.sample(4000, new Rng(1));
    const r = Array.from({ length: 4000 }, (_, i) => Math.hypot(s[2 * i], s[2 * i + 1]));
    expect(mean(r)).toBeCloseTo(2 / 1.414, 2);
    expect(Math.max(...r.map((v) => Math.abs(v - 2 / 1.414)))).toBeLessThan(6 * t.modes!.std);
  });
  it('grid of 25: centres (2i, 2j)/2.828, std 0.05/2.828', () => {
    const t = makeTarget('grid25');
    expect(t.modes!.centres.length).toBe(50);
    expect(Math.max(...t.modes!.centres)).toBeCloseTo(4 / 2.828, 5);
    expect(t.modes!.std).toBeCloseTo(0.05 / 2.828, 8);
  });
  it('one Gaussian: N((1, 1), 0.25²)', () => {
    const s = makeTarget('gaussian').sample(20000, new Rng(3));
    const xs = Array.from({ length: 20000 }, (_, i) => s[2 * i]);
    expect(mean(xs)).toBeCloseTo(1, 1);
    expect(std(xs)).toBeCloseTo(0.25, 2);
  });
  it('vertical line: x = 0, y ~ U[0, 1]', () => {
    const s = makeTarget('line').sample(5000, new Rng(4));
    const ys = Array.from({ length: 5000 }, (_, i) => s[2 * i + 1]);
    for (let i = 0; i < 5000; i++) expect(s[2 * i]).toBe(0);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ys)).toBeLessThan(1);
    expect(mean(ys)).toBeCloseTo(0.5, 1);
  });
  it('swiss roll: radius t/7.5 between 1.5π/7.5 and 4.5π/7.5 (plus noise)', () => {
    const s = makeTarget('swissroll').sample(3000, new Rng(5));
    const r = Array.from({ length: 3000 }, (_, i) => Math.hypot(s[2 * i], s[2 * i + 1]));
    expect(Math.min(...r)).toBeGreaterThan((1.5 * Math.PI) / 7.5 - 0.2);
    expect(Math.max(...r)).toBeLessThan((4.5 * Math.PI) / 7.5 + 0.2);
  });
  it('custom points are jittered around the given points; none is an error', () => {
    const t = makeTarget('custom', [[0.5, -0.5]]);
    const s = t.sample(1000, new Rng(6));
    expect(mean(Array.from({ length: 1000 }, (_, i) => s[2 * i]))).toBeCloseTo(0.5, 2);
    expect(makeTarget('custom').sample(1, new Rng(1)).length).toBe(2); // falls back to a default drawing
  });
  it('every target samples deterministically under a seed and fits its extent', () => {
    // the 2D targets (the digits, which need their asset loaded, are tested in digitsEngine.test.ts)
    for (const id of TARGET_IDS.filter((t) => t !== 'digits')) {
      const t = makeTarget(id);
      const a = t.sample(500, new Rng(7));
      expect(Array.from(t.sample(500, new Rng(7)))).toEqual(Array.from(a));
      const [x0, x1, y0, y1] = t.extent;
      let inside = 0;
      for (let i = 0; i < 500; i++) if (a[2 * i] >= x0 && a[2 * i] <= x1 && a[2 * i + 1] >= y0 && a[2 * i + 1] <= y1) inside++;
      expect(inside / 500, id).toBeGreaterThan(0.99);
    }
  });
});
