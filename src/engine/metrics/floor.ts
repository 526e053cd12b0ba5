// The exact W1's two-sample floor: what a perfect generator would score. Two independent sets
// of n real samples are not at distance 0 (on the ring, n = 500: about 0.1, mostly because
// the 8 modes hold unequal counts in each set). A run's exact W1 is measured against its fixed
// evaluation samples (evalTarget.ts), so the floor is too: the exact W1 between those and
// FLOOR_DRAWS independent sets of real samples, as mean and spread. It depends only on the
// target and the seed (which fix the evaluation samples), so it is computed once for them:
// the same band at iteration 0, later, and after a Load. Where the target keeps held-out
// samples apart (the digits), the evaluation samples are held-out and the others training data.
import { evalTargetSamples } from '../evalTarget';
import { Rng } from '../rng';
import type { Target } from '../targets';
import { exactW1 } from './wasserstein';

/** Pairs of independent sample sets behind the floor's mean and spread. */
export const FLOOR_DRAWS = 6;

export interface Floor {
  /** Mean exact W1 between two independent sets of n real samples. */
  floor: number;
  /** The draws' standard deviation (the floor is a random quantity). */
  floorSpread: number;
}

type FloorTarget = Pick<Target, 'sample' | 'heldOut' | 'dim'>;

/** One draw of the floor: exact W1 between the run's n evaluation samples and another independent n. */
export function floorDraw(target: FloorTarget, seed: number, n: number, draw: number, evaluation = evaluationSamples(target, seed, n)): number {
  return exactW1(evaluation, target.sample(n, Rng.stream(seed, `floor-${draw}`)), target.dim);
}

/** The run's first n evaluation samples, as trainerBase.ts scores against. */
function evaluationSamples(target: FloorTarget, seed: number, n: number): Float32Array {
  return evalTargetSamples(target as Target, seed, n).subarray(0, n * target.dim);
}

/** The floor from FLOOR_DRAWS draws (a few hundred ms; callers cache it). */
export function computeFloor(target: FloorTarget, seed: number, n: number): Floor {
  const evaluation = evaluationSamples(target, seed, n);
  const draws = Array.from({ length: FLOOR_DRAWS }, (_, i) => floorDraw(target, seed, n, i, evaluation));
  const floor = draws.reduce((a, b) => a + b, 0) / draws.length;
  const floorSpread = Math.sqrt(draws.reduce((a, b) => a + (b - floor) ** 2, 0) / (draws.length - 1));
  return { floor, floorSpread };
}

const cache = new Map<string, Floor>();

/**
 * The floor of `target` on `seed` for n samples, computed at most once per key in this thread
 * (a reset or a Load of the same run reuses it; recomputing gives the same values). The key
 * names the target (its id; for the user's own points, the points themselves) and the seed.
 */
export function targetFloor(target: FloorTarget & Pick<Target, 'id'>, seed: number, n: number, points?: ReadonlyArray<readonly [number, number]>): Floor {
  const key = `${target.id}:${seed}:${n}:${target.id === 'custom' && points ? pointsKey(points) : ''}`;
  let f = cache.get(key);
  if (!f) {
    f = computeFloor(target, seed, n);
    cache.set(key, f);
    // the user's drawings come and go: keep the cache small
    if (cache.size > 32) cache.delete(cache.keys().next().value!);
  }
  return f;
}

/** A short key for a point set (length and an FNV-1a hash of its coordinates). */
function pointsKey(points: ReadonlyArray<readonly [number, number]>): string {
  let h = 0x811c9dc5;
  const f = new Float64Array(1);
  const bytes = new Uint8Array(f.buffer);
  for (const [x, y] of points) {
    for (const v of [x, y]) {
      f[0] = v;
      for (const byte of bytes) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
    }
  }
  return `${points.length}-${h.toString(16)}`;
}
