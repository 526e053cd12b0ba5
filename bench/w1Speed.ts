// The exact W1's cost: one 500 x 500 optimal assignment between two samples of the ring of 8
// (what an evaluation solves every couple of seconds in the training loop), by our solver
// (src/engine/metrics/assignment.ts), by the same solver on the kernels (what the training
// loop uses where they are loaded) and by the linear-sum-assignment package it replaced.
import { linearSumAssignment } from 'linear-sum-assignment';
import { minCostAssignment } from '../src/engine/metrics/assignment';
import { kernelAssignment } from '../src/kernels/evaluation';
import { Rng } from '../src/engine/rng';
import { makeTarget } from '../src/engine/targets';

export interface W1Timing {
  oursMs: number;
  /** The same solver on the kernels; null where they are not loaded. */
  kernelMs: number | null;
  packageMs: number;
}

export function timeExactW1(n = 500, repeats = 5): W1Timing {
  const target = makeTarget('ring8');
  const ours: number[] = [];
  const theirs: number[] = [];
  const onKernels: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const a = target.sample(n, Rng.stream(r, 'bench-a'));
    const b = target.sample(n, Rng.stream(r, 'bench-b'));
    const cost = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cost[i * n + j] = Math.hypot(a[2 * i] - b[2 * j], a[2 * i + 1] - b[2 * j + 1]);
    let t = performance.now();
    const p = minCostAssignment(cost, n);
    ours.push(performance.now() - t);
    t = performance.now();
    const k = kernelAssignment(cost, n);
    if (k) {
      onKernels.push(performance.now() - t);
      if (k.some((c, i) => c !== p[i])) throw new Error('the kernels\' assignment differs from the JavaScript one');
    }
    const nested = Array.from({ length: n }, (_, i) => Array.from(cost.subarray(i * n, (i + 1) * n)));
    t = performance.now();
    const q = linearSumAssignment(nested, { maximaze: false }).rowAssignments;
    theirs.push(performance.now() - t);
    let sp = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      sp += cost[i * n + p[i]];
      sq += cost[i * n + q[i]];
    }
    if (Math.abs(sp - sq) > 1e-6 * Math.abs(sq)) throw new Error(`the two solvers disagree: ${sp} vs ${sq}`);
  }
  const median = (x: number[]) => [...x].sort((u, v) => u - v)[Math.floor(x.length / 2)];
  return { oursMs: median(ours), kernelMs: onKernels.length ? median(onKernels) : null, packageMs: median(theirs) };
}
