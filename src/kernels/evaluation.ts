// The evaluations' heavy loops on the fused kernels, where they are loaded (the fused backend
// loads them; elsewhere the callers keep their JavaScript): the exact W1's cost matrix in
// pixel space and the digit classifier's hidden layer. An evaluation of a digits run (every
// couple of seconds while playing) spent about 100 ms on each in JavaScript; here they take a
// few. Single precision: distances agree with the float64 JavaScript to about 1e-6 relative.
// The assignment itself runs in float64 there, step for step as the JavaScript (the same columns).
import { ACT, GEMM, instantiateKernels, kernelVariant, type KernelExports } from './module';

/** Above the kernels' static data (their packing buffer), as the trainers' arena. */
const BASE = 64 * 1024;
let instance: { k: KernelExports; variant: string } | null = null;

/** One instance for every evaluation (its memory grows to the largest request and stays). */
function kernels(floats: number): KernelExports | null {
  const variant = kernelVariant();
  if (!variant) return null;
  if (!instance || instance.variant !== variant) instance = { k: instantiateKernels(), variant };
  const k = instance.k;
  const need = BASE + floats * 4 + 64 * 4;
  if (need > k.memory.buffer.byteLength) k.memory.grow(Math.ceil((need - k.memory.buffer.byteLength) / 65536));
  return k;
}

/** Whether the kernels are loaded here (the callers skip preparing their inputs otherwise). */
export function evaluationKernelsReady(): boolean {
  return kernelVariant() !== null;
}

/** Bump allocation of 16-byte-aligned float blocks from BASE. */
function layout(sizes: number[]): number[] {
  let top = BASE;
  return sizes.map((n) => {
    const p = top;
    top += Math.ceil(n / 4) * 16;
    return p;
  });
}

/** out[i·m + j] = ‖a_i − b_j‖ for a [n x dim] and b [m x dim]; false (out untouched) where the kernels are not loaded. */
export function kernelDistances(a: Float32Array, b: Float32Array, n: number, m: number, dim: number, out: Float64Array): boolean {
  const sizes = [n * dim, m * dim, n * m];
  const k = kernels(sizes.reduce((s, x) => s + Math.ceil(x / 4) * 4, 0));
  if (!k) return false;
  const [pa, pb, po] = layout(sizes);
  new Float32Array(k.memory.buffer, pa, n * dim).set(a.subarray(0, n * dim));
  new Float32Array(k.memory.buffer, pb, m * dim).set(b.subarray(0, m * dim));
  k.distances(pa, pb, po, n, m, dim);
  const d = new Float32Array(k.memory.buffer, po, n * m);
  // a runaway's pixels (past 1e19) overflow single precision: leave those to float64
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return false;
  out.set(d);
  return true;
}

/**
 * relu(x·W + bias) for x [n x inDim] (row-major), W [inDim x outDim]: n x outDim; null where
 * the kernels are not loaded. x is taken as given (clamp it first if it must be).
 */
export function kernelReluLayer(x: Float32Array, W: Float32Array, bias: Float32Array, n: number, inDim: number, outDim: number): Float32Array | null {
  const sizes = [n * inDim, inDim * outDim, outDim, n * outDim];
  const k = kernels(sizes.reduce((s, v) => s + Math.ceil(v / 4) * 4, 0));
  if (!k) return null;
  const [px, pw, pb, ph] = layout(sizes);
  new Float32Array(k.memory.buffer, px, n * inDim).set(x.subarray(0, n * inDim));
  new Float32Array(k.memory.buffer, pw, inDim * outDim).set(W);
  new Float32Array(k.memory.buffer, pb, outDim).set(bias);
  k.gemm(px, pw, ph, n, inDim, outDim, GEMM.BIAS_ACT, pb, ACT.relu, 0);
  return new Float32Array(k.memory.buffer, ph, n * outDim).slice();
}

/**
 * The minimum-cost assignment of an n x n float64 cost matrix (row-major) on the kernels: the
 * same algorithm as src/engine/metrics/assignment.ts, hence the same columns, about 1.5x
 * faster (a 500 x 500 digits problem: 45-70 ms in JavaScript here). Null where the kernels
 * are not loaded.
 */
export function kernelAssignment(cost: Float64Array, n: number): Int32Array | null {
  if (cost.length !== n * n) throw new Error(`minCostAssignment: expected ${n * n} costs, got ${cost.length}`);
  // floats: the costs (two each), the columns, and the scratch (3 float64 + 3 int32 + 2 bytes per column)
  const sizes = [2 * n * n, n, Math.ceil((38 * n) / 4)];
  const k = kernels(sizes.reduce((s, v) => s + Math.ceil(v / 4) * 4, 0));
  if (!k) return null;
  const [pc, pcol, pws] = layout(sizes);
  new Float64Array(k.memory.buffer, pc, n * n).set(cost);
  if (k.minCostAssignment(pc, n, pcol, pws) !== 0) throw new Error('minCostAssignment: no feasible assignment (non-finite costs)');
  return new Int32Array(k.memory.buffer, pcol, n).slice();
}
