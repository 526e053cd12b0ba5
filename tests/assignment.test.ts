// The assignment solver behind the exact W1, against two independent oracles: every
// permutation for small n, and the linear-sum-assignment package for larger ones.
import { linearSumAssignment } from 'linear-sum-assignment';
import { describe, expect, it } from 'vitest';
import { minCostAssignment } from '../src/engine/metrics/assignment';
import { Rng } from '../src/engine/rng';

const total = (cost: Float64Array, n: number, colOfRow: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += cost[i * n + colOfRow[i]];
  return s;
};

const isPermutation = (p: Int32Array) => new Set(p).size === p.length && [...p].every((j) => j >= 0 && j < p.length);

/** The cheapest total over all n! permutations. */
function bruteForce(cost: Float64Array, n: number): number {
  let best = Infinity;
  const used = new Uint8Array(n);
  const walk = (row: number, sum: number) => {
    if (row === n) {
      best = Math.min(best, sum);
      return;
    }
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      used[j] = 1;
      walk(row + 1, sum + cost[row * n + j]);
      used[j] = 0;
    }
  };
  walk(0, 0);
  return best;
}

function randomCost(n: number, rng: Rng, kind: 'uniform' | 'integers' | 'points'): Float64Array {
  const c = new Float64Array(n * n);
  if (kind === 'points') {
    // Euclidean distances between two clouds, as the exact W1 builds them
    const a = Array.from({ length: n }, () => [rng.uniform() * 4, rng.uniform() * 4]);
    const b = Array.from({ length: n }, () => [rng.uniform() * 3 + 1, rng.uniform() * 2]);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[i * n + j] = Math.hypot(a[i][0] - b[j][0], a[i][1] - b[j][1]);
  } else {
    for (let k = 0; k < c.length; k++) c[k] = kind === 'integers' ? Math.floor(rng.uniform() * 4) : rng.uniform() * 10 - 3;
  }
  return c;
}

describe('minimum-cost assignment', () => {
  it('solves a 3 x 3 case worked out by hand', () => {
    // rows: 0 prefers col 1, 1 prefers col 1 too but col 0 is nearly as good, 2 takes col 2
    const cost = new Float64Array([4, 1, 3, 2, 0, 5, 3, 2, 2]);
    const p = minCostAssignment(cost, 3);
    expect([...p]).toEqual([1, 0, 2]);
    expect(total(cost, 3, p)).toBe(5);
  });

  it('matches every permutation for n up to 7, with ties and negative costs', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 60; trial++) {
      const n = 1 + (trial % 7);
      const kind = (['uniform', 'integers', 'points'] as const)[trial % 3];
      const cost = randomCost(n, rng, kind);
      const p = minCostAssignment(cost, n);
      expect(isPermutation(p)).toBe(true);
      expect(total(cost, n, p)).toBeCloseTo(bruteForce(cost, n), 9);
    }
  });

  it('matches the linear-sum-assignment package at n = 40 and 200', () => {
    const rng = new Rng(5);
    for (const n of [40, 200]) {
      for (const kind of ['uniform', 'integers', 'points'] as const) {
        const cost = randomCost(n, rng, kind);
        const p = minCostAssignment(cost, n);
        expect(isPermutation(p)).toBe(true);
        const nested = Array.from({ length: n }, (_, i) => Array.from(cost.subarray(i * n, (i + 1) * n)));
        const { rowAssignments } = linearSumAssignment(nested, { maximaze: false });
        expect(total(cost, n, p)).toBeCloseTo(total(cost, n, rowAssignments), 8);
      }
    }
  });

  it('finds the identity on a diagonal of zeros and the anti-diagonal when that is cheaper', () => {
    const n = 6;
    const eye = new Float64Array(n * n).fill(1);
    for (let i = 0; i < n; i++) eye[i * n + i] = 0;
    expect([...minCostAssignment(eye, n)]).toEqual([0, 1, 2, 3, 4, 5]);
    const anti = new Float64Array(n * n).fill(1);
    for (let i = 0; i < n; i++) anti[i * n + (n - 1 - i)] = -2;
    expect([...minCostAssignment(anti, n)]).toEqual([5, 4, 3, 2, 1, 0]);
  });

  it('rejects a cost array of the wrong size and non-finite costs', () => {
    expect(() => minCostAssignment(new Float64Array(5), 2)).toThrow(/expected 4 costs/);
    expect(() => minCostAssignment(new Float64Array([0, Infinity, Infinity, Infinity]), 2)).toThrow(/no feasible assignment/);
  });
});
