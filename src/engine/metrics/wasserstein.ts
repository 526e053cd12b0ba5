// Exact W1 between two equal-size point sets: the optimal assignment under Euclidean cost
// (assignment.ts), averaged. The assignment itself is the optimal transport plan: for
// uniform weights on n points each, some optimal plan is a matching (Birkhoff).
import { kernelAssignment, kernelDistances } from '../../kernels/evaluation';
import { minCostAssignment } from './assignment';

/** The optimal plan between a and b: a[i] goes to b[match[i]]; W1 is the mean of the lengths. */
export interface TransportPlan {
  /** Exact W1: the mean length of the lines. */
  w1: number;
  /** For each point of a, the index of its partner in b. */
  match: Int32Array;
}

/**
 * The optimal assignment between the empirical distributions of a and b (row-major n x dim,
 * same n; dim 2 on the plane, 196 for 14 x 14 digits); W1 is NaN for non-finite points.
 */
export function optimalTransport(a: Float32Array, b: Float32Array, dim = 2): TransportPlan {
  if (a.length !== b.length || a.length % dim !== 0) throw new Error('exactW1 needs two point sets of the same size');
  const n = a.length / dim;
  if (n === 0) return { w1: 0, match: new Int32Array(0) };
  const cost = new Float64Array(n * n);
  if (dim === 2) {
    for (let i = 0; i < n; i++) {
      const ax = a[2 * i];
      const ay = a[2 * i + 1];
      for (let j = 0; j < n; j++) cost[i * n + j] = Math.hypot(ax - b[2 * j], ay - b[2 * j + 1]);
    }
  } else if (!kernelDistances(a, b, n, n, dim, cost)) {
    // pixel space: on the fused kernels where they are loaded (float32, about 1e-6 relative), else here
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < dim; k++) {
          const d = a[i * dim + k] - b[j * dim + k];
          s += d * d;
        }
        cost[i * n + j] = Math.sqrt(s);
      }
    }
  }
  for (let k = 0; k < cost.length; k++) if (!Number.isFinite(cost[k])) return { w1: NaN, match: new Int32Array(0) };
  // the same algorithm on the kernels where they are loaded (the same columns, faster)
  const colOfRow = kernelAssignment(cost, n) ?? minCostAssignment(cost, n);
  let total = 0;
  for (let i = 0; i < n; i++) total += cost[i * n + colOfRow[i]];
  return { w1: total / n, match: colOfRow };
}

/** Exact W1 between the empirical distributions of a and b (row-major n x dim, same n). */
export function exactW1(a: Float32Array, b: Float32Array, dim = 2): number {
  return optimalTransport(a, b, dim).w1;
}

/** The lines of a plan as segments: from[i] = a[i], to[i] = its partner in b (both n x 2). */
export function transportLines(a: Float32Array, b: Float32Array, plan: TransportPlan): { from: Float32Array; to: Float32Array } {
  const n = plan.match.length;
  const to = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    to[2 * i] = b[2 * plan.match[i]];
    to[2 * i + 1] = b[2 * plan.match[i] + 1];
  }
  return { from: a.slice(0, n * 2), to };
}
