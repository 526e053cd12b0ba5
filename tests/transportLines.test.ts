// The transport lines on the plane: the optimal plan behind the exact W1, one line per
// evaluated generated sample to its matched real sample. Their mean length is the exact W1.
import { beforeAll, describe, expect, it } from 'vitest';
import { lengthShades, lineLengths, meanLineLength, SHADES } from '../src/app/charts/transportRender';
import { exactW1, optimalTransport, transportLines } from '../src/engine/metrics/wasserstein';
import { Rng } from '../src/engine/rng';
import { Trainer, W1_SAMPLES } from '../src/engine/trainer';
import { settings, testBackend } from './helpers';

beforeAll(testBackend);

const sorted = (pts: Float32Array) => Array.from({ length: pts.length / 2 }, (_, i) => `${pts[2 * i]},${pts[2 * i + 1]}`).sort();

describe('the transport lines of an evaluation', () => {
  it('start at the 500 evaluated generated samples, end at each real sample once, and their mean length is the exact W1', async () => {
    const t = new Trainer(settings({ target: 'ring8', loss: 'nonsaturating', dWidth: 16, gWidth: 16, batchSize: 32, seed: 3 }));
    t.iterate(20);
    const e = await t.evaluate();
    expect(e.transport).not.toBeNull();
    const { from, to } = e.transport!;
    expect(from.length).toBe(W1_SAMPLES * 2);
    expect(Array.from(from)).toEqual(Array.from((await t.generate(W1_SAMPLES)).subarray(0, W1_SAMPLES * 2)));
    // every line ends at a real sample, each real sample takes exactly one line (a permutation)
    const real = t.target.sample(W1_SAMPLES, Rng.stream(3, 'eval-target'));
    expect(sorted(to)).toEqual(sorted(real));
    expect(e.exactW1).toBeGreaterThan(0.05);
    expect(meanLineLength(from, to)).toBeCloseTo(e.exactW1, 6);
    t.dispose();
  });

  it('no two lines can swap partners and get shorter (the plan is optimal, not just any matching)', () => {
    const rng = new Rng(7);
    const a = Float32Array.from({ length: 120 }, () => rng.normal());
    const b = Float32Array.from({ length: 120 }, () => rng.normal() + 1.5);
    const plan = optimalTransport(a, b);
    const { from, to } = transportLines(a, b, plan);
    const d = (i: number, p: Float32Array, j: number) => Math.hypot(from[2 * i] - p[2 * j], from[2 * i + 1] - p[2 * j + 1]);
    for (let i = 0; i < 60; i++) {
      for (let j = i + 1; j < 60; j++) expect(d(i, to, j) + d(j, to, i)).toBeGreaterThanOrEqual(d(i, to, i) + d(j, to, j) - 1e-5);
    }
    expect(meanLineLength(from, to)).toBeCloseTo(exactW1(a, b), 9);
    // the identity pairing is a matching too, and longer here: the lines are not that
    expect(meanLineLength(a, b)).toBeGreaterThan(plan.w1 + 0.05);
  });
});

describe('shading by length', () => {
  it('longer lines get darker shades, the longest the darkest', () => {
    const from = new Float32Array([0, 0, 0, 0, 0, 0, 0, 0]);
    const to = new Float32Array([0.1, 0, 0, 1, 3, 4, 0, 0]);
    expect(Array.from(lineLengths(from, to))).toEqual([expect.closeTo(0.1, 6), 1, 5, 0]);
    const shades = lengthShades(lineLengths(from, to));
    expect(shades[2]).toBe(SHADES - 1);
    expect(shades[3]).toBe(0);
    expect(shades[0]).toBeLessThanOrEqual(shades[1]);
    expect(shades[1]).toBeLessThan(shades[2]);
  });
});
