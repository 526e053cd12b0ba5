// Exact W1 between two equal-size point sets: the optimal assignment under Euclidean cost
// (assignment.ts), averaged.
import { minCostAssignment } from './assignment';

/** Exact W1 between the empirical distributions of a and b (row-major n x 2, same n). */
export function exactW1(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length || a.length % 2 !== 0) throw new Error('exactW1 needs two point sets of the same size');
  const n = a.length / 2;
  if (n === 0) return 0;
  const cost = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ax = a[2 * i];
    const ay = a[2 * i + 1];
    for (let j = 0; j < n; j++) cost[i * n + j] = Math.hypot(ax - b[2 * j], ay - b[2 * j + 1]);
  }
  for (let k = 0; k < cost.length; k++) if (!Number.isFinite(cost[k])) return NaN;
  const colOfRow = minCostAssignment(cost, n);
  let total = 0;
  for (let i = 0; i < n; i++) total += cost[i * n + colOfRow[i]];
  return total / n;
}
