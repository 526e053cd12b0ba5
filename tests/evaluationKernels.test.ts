// The evaluations' loops on the fused kernels (src/kernels/evaluation.ts) against the
// JavaScript they replace where the kernels are loaded: the exact W1's cost matrix in pixel
// space and the digit classifier's hidden layer give the same W1 and the same labels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyDigits } from '../src/engine/digits/classifier';
import { DIGIT_PIXELS } from '../src/engine/digits/digitsTarget';
import { optimalTransport } from '../src/engine/metrics/wasserstein';
import { Rng } from '../src/engine/rng';
import { minCostAssignment } from '../src/engine/metrics/assignment';
import { evaluationKernelsReady, kernelAssignment, kernelDistances } from '../src/kernels/evaluation';
import { kernelVariant, loadKernels, setKernelPreference, type KernelVariant } from '../src/kernels/module';
import { provideDigitsNode } from '../src/platform/digitsNode';

const data = provideDigitsNode();

/** Runs `f` with the kernels unloaded (the JavaScript paths), then loads them again. */
async function withoutKernels<T>(f: () => T): Promise<T> {
  const variant = kernelVariant();
  setKernelPreference('auto');
  expect(evaluationKernelsReady()).toBe(false);
  try {
    return f();
  } finally {
    if (variant) setKernelPreference(variant);
    const r = await loadKernels();
    if (!r.ok) throw new Error(r.reason);
  }
}

const heldOut = (from: number, count: number) => Float32Array.from(data.heldOut.images.subarray(from * DIGIT_PIXELS, (from + count) * DIGIT_PIXELS), (v) => v / 255);

describe.each(['relaxed-simd', 'simd128'] as KernelVariant[])('%s build', (variant) => {
  beforeAll(async () => {
    setKernelPreference(variant);
    const r = await loadKernels();
    if (!r.ok) throw new Error(r.reason);
  });
  afterAll(() => setKernelPreference('auto'));

  it('distances equal float64 ones to 1e-6 relative, remainders of rows, columns and dimensions included', () => {
    const rng = new Rng(3);
    for (const [n, m, d] of [
      [37, 41, 196],
      [5, 6, 7],
      [9, 4, 3],
    ]) {
      const a = rng.fillNormal(new Float32Array(n * d));
      const b = rng.fillNormal(new Float32Array(m * d));
      const out = new Float64Array(n * m);
      expect(kernelDistances(a, b, n, m, d, out)).toBe(true);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < m; j++) {
          let s = 0;
          for (let k = 0; k < d; k++) s += (a[i * d + k] - b[j * d + k]) ** 2;
          expect(Math.abs(out[i * m + j] - Math.sqrt(s))).toBeLessThan(1e-6 * Math.sqrt(s) + 1e-7);
        }
      }
    }
  });

  it('the exact W1 between 500 generated-like and 500 held-out digits is the one computed in float64', async () => {
    const real = heldOut(0, 500);
    // blurred, noisy digits: near but not on the held-out ones
    const rng = new Rng(5);
    const fake = heldOut(497, 500).map((v) => Math.min(1, Math.max(0, 0.8 * v + 0.1 + 0.1 * rng.normal())));
    const onKernels = optimalTransport(fake, real, DIGIT_PIXELS);
    const inJs = await withoutKernels(() => optimalTransport(fake, real, DIGIT_PIXELS));
    expect(onKernels.w1).toBeGreaterThan(1);
    expect(Math.abs(onKernels.w1 - inJs.w1) / inJs.w1).toBeLessThan(1e-6);
  });

  it('the assignment is the JavaScript one, column for column, ties included', () => {
    const rng = new Rng(11);
    const planar = (n: number) => {
      const a = rng.fillNormal(new Float32Array(2 * n));
      const b = rng.fillNormal(new Float32Array(2 * n));
      const cost = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cost[i * n + j] = Math.hypot(a[2 * i] - b[2 * j], a[2 * i + 1] - b[2 * j + 1]);
      return cost;
    };
    const collapsed = (n: number) => {
      const at = [[0, 0], [1, 0], [0, 1]];
      const b = rng.fillNormal(new Float32Array(2 * n));
      return Float64Array.from({ length: n * n }, (_, k) => Math.hypot(at[Math.floor(k / n) % 3][0] - b[2 * (k % n)], at[Math.floor(k / n) % 3][1] - b[2 * (k % n) + 1]));
    };
    const lattice = (i: number, j: number) => Math.abs((i % 7) - (j % 5)) + Math.abs(((i * 3) % 4) - ((j * 2) % 3));
    const cases: Array<[string, Float64Array, number]> = [
      ['one point', new Float64Array([2.5]), 1],
      ['2D clouds of 7', planar(7), 7],
      ['2D clouds of 300', planar(300), 300],
      // a collapsed generator (every row one of three points) and lattice distances: many
      // equal path costs, where the rule among ties decides the columns
      ['a collapsed generator', collapsed(40), 40],
      ['lattice distances', Float64Array.from({ length: 40 * 40 }, (_, k) => lattice(Math.floor(k / 40), k % 40)), 40],
      ['all equal', new Float64Array(25 * 25).fill(1), 25],
    ];
    for (const [name, cost, n] of cases) {
      const got = kernelAssignment(cost, n);
      expect(got, name).not.toBeNull();
      expect(Array.from(got!), name).toEqual(Array.from(minCostAssignment(cost, n)));
    }
    // the digits' own problem: 500 held-out digits against 500 blurred, noisy others
    const a = heldOut(0, 500);
    const b = heldOut(497, 500).map((v) => Math.min(1, Math.max(0, 0.8 * v + 0.1 + 0.1 * rng.normal())));
    const cost = new Float64Array(500 * 500);
    expect(kernelDistances(a, b, 500, 500, DIGIT_PIXELS, cost)).toBe(true);
    expect(Array.from(kernelAssignment(cost, 500)!)).toEqual(Array.from(minCostAssignment(cost, 500)));
  });

  it('the assignment refuses non-finite costs with the JavaScript message, and is absent without the kernels', async () => {
    const cost = new Float64Array(9).fill(Infinity);
    expect(() => kernelAssignment(cost, 3)).toThrow(/no feasible assignment/);
    expect(() => minCostAssignment(cost, 3)).toThrow(/no feasible assignment/);
    expect(await withoutKernels(() => kernelAssignment(new Float64Array(4), 2))).toBeNull();
  });

  it('a runaway (pixels past single precision) leaves the cost to float64', async () => {
    const a = new Float32Array(4 * 8).fill(1e30);
    const b = new Float32Array(4 * 8);
    expect(kernelDistances(a, b, 4, 4, 8, new Float64Array(16))).toBe(false);
    expect(optimalTransport(a, b, 8).w1).toBeCloseTo(Math.sqrt(8) * 1e30, -25);
  });

  it('the classifier names every held-out digit as in JavaScript, with the same confidence to 1e-5', async () => {
    const x = heldOut(0, data.heldOut.count);
    // and out-of-range pixels (a linear generator output), clamped on both paths
    const wild = x.map((v, i) => (i % 5 === 0 ? 3 * v - 1 : v));
    for (const samples of [x, wild]) {
      const onKernels = classifyDigits(data.classifier, samples, DIGIT_PIXELS);
      const inJs = await withoutKernels(() => classifyDigits(data.classifier, samples, DIGIT_PIXELS));
      expect(Array.from(onKernels.labels)).toEqual(Array.from(inJs.labels));
      for (let i = 0; i < inJs.confidence.length; i++) expect(Math.abs(onKernels.confidence[i] - inJs.confidence[i])).toBeLessThan(1e-5);
    }
  });
});
