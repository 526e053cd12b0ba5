// The two-cloud lesson's engine: the clouds, the primal plan (W1 = distance between the
// centres for equal spreads) and the dual critic, whose E_P[f] − E_Q[f] (f scaled to slope
// ≤ 1) approaches the exact W1 from below.
import { beforeAll, describe, expect, it } from 'vitest';
import { CloudCritic } from '../src/engine/cloudCritic';
import { CLOUD_POINTS, DEFAULT_CLOUDS, centreDistance, clampCloud, cloudPlan, gaussianW1Bounds, sampleClouds, type CloudPair } from '../src/engine/transportLesson';
import { testBackend } from './helpers';

beforeAll(testBackend);

const pairs: CloudPair[] = [
  DEFAULT_CLOUDS,
  { p: { cx: 0, cy: 0, spread: 0.8 }, q: { cx: 0.3, cy: -0.4, spread: 0.8 } },
  { p: { cx: -2, cy: 2, spread: 0.1 }, q: { cx: 2.5, cy: -1, spread: 0.1 } },
];

describe('the primal side: the optimal plan between the two clouds', () => {
  it('equal spreads, Q made of P’s draws: the exact W1 is the distance between the centres, every line the same shift', () => {
    for (const pair of pairs) {
      const { x, y } = sampleClouds(pair, CLOUD_POINTS, 1, { sameDraws: true });
      const plan = cloudPlan(x, y);
      const d = centreDistance(pair);
      expect(plan.w1).toBeCloseTo(d, 4);
      expect(gaussianW1Bounds(pair).exact).toBe(d);
      const dx = pair.q.cx - pair.p.cx;
      const dy = pair.q.cy - pair.p.cy;
      for (let i = 0; i < CLOUD_POINTS; i++) {
        expect(plan.to[2 * i] - plan.from[2 * i]).toBeCloseTo(dx, 4);
        expect(plan.to[2 * i + 1] - plan.from[2 * i + 1]).toBeCloseTo(dy, 4);
      }
    }
  });

  it('independent draws or unequal spreads: the exact W1 is at least the distance between the (sample) means', () => {
    const mean = (pts: Float32Array, k: number) => pts.filter((_, i) => i % 2 === k).reduce((a, v) => a + v, 0) / (pts.length / 2);
    for (const pair of pairs) {
      const d = centreDistance(pair);
      const drawn = sampleClouds(pair, CLOUD_POINTS, 2);
      const meanShift = Math.hypot(mean(drawn.y, 0) - mean(drawn.x, 0), mean(drawn.y, 1) - mean(drawn.x, 1));
      expect(cloudPlan(drawn.x, drawn.y).w1).toBeGreaterThan(meanShift - 1e-5);
      const wider: CloudPair = { ...pair, q: { ...pair.q, spread: pair.q.spread * 2.5 } };
      const { x, y } = sampleClouds(wider, CLOUD_POINTS, 1, { sameDraws: true });
      const shift = Math.hypot(mean(y, 0) - mean(x, 0), mean(y, 1) - mean(x, 1));
      // more than a shift: the lines also spread the mass out
      expect(cloudPlan(x, y).w1).toBeGreaterThan(shift + 1e-3);
      expect(d).toBeGreaterThan(0);
      expect(gaussianW1Bounds(wider).exact).toBeNull();
    }
  });

  it('dragging a cloud moves the same points (no redraw), and keeps it inside the ranges', () => {
    const a = sampleClouds(DEFAULT_CLOUDS, 50, 1).x;
    const b = sampleClouds({ ...DEFAULT_CLOUDS, p: { ...DEFAULT_CLOUDS.p, cx: DEFAULT_CLOUDS.p.cx + 1 } }, 50, 1).x;
    for (let i = 0; i < 50; i++) expect(b[2 * i] - a[2 * i]).toBeCloseTo(1, 5);
    expect(clampCloud({ cx: 9, cy: -9, spread: 0 })).toEqual({ cx: 3, cy: -3, spread: 0.05 });
  });
});

describe('the dual side: a critic trained with the gradient penalty on the two clouds', () => {
  // the page's opening clouds; the sweep across seeds and cloud shapes is in the README
  for (const seed of [1, 2]) {
    it(`approaches the exact W1 from below (seed ${seed})`, async () => {
      const { x, y } = sampleClouds(DEFAULT_CLOUDS, CLOUD_POINTS, seed, { sameDraws: true });
      const w1 = cloudPlan(x, y).w1;
      const critic = new CloudCritic(x, y, { seed });
      const bounds: number[] = [];
      for (const steps of [100, 400, 800]) {
        critic.train(steps - critic.steps);
        const e = await critic.estimate();
        expect(e.bound).toBeLessThanOrEqual(w1);
        bounds.push(e.bound);
        if (steps === 800) {
          expect(e.bound).toBeGreaterThan(0.9 * w1);
          // the soft penalty: slope near 1 + W1/(2λ), the raw estimate above W1 by about W1²/(2λ)
          expect(e.slope).toBeGreaterThan(1);
          expect(e.raw / w1).toBeGreaterThan(1 + w1 / 20 - 0.08);
          expect(e.raw / w1).toBeLessThan(1 + w1 / 20 + 0.08);
        }
      }
      expect(bounds[2]).toBeGreaterThan(bounds[0]);
      critic.dispose();
    });
  }
});
