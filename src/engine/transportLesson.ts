// The two-cloud lesson (?view=transport): Kantorovich-Rubinstein duality made visible. Two
// isotropic 2D Gaussian clouds P and Q; the primal side is the optimal plan between their
// samples (metrics/wasserstein.ts) and its exact W1; the dual side is a critic (cloudCritic.ts) trained with
// the gradient penalty on the same two fixed sample sets, whose E_P[f] − E_Q[f] approaches
// W1 from below (any 1-Lipschitz f gives at most W1). The critic is the engine's own: its
// network (networks.ts), the WGAN-GP loss and penalty (fastGradients.ts) and Adam (optimizers.ts).
// This file has no tfjs (the page loads it up front); the critic is in cloudCritic.ts.
import { minCostAssignment } from './metrics/assignment';
import { optimalTransport, transportLines } from './metrics/wasserstein';
import { Rng } from './rng';

/** An isotropic Gaussian: centre and standard deviation per coordinate. */
export interface Cloud {
  cx: number;
  cy: number;
  spread: number;
}

export interface CloudPair {
  p: Cloud;
  q: Cloud;
}

/** Samples per cloud: the plan is a 300 x 300 assignment (a few ms). */
export const CLOUD_POINTS = 300;
export const CENTRE_RANGE = { min: -3, max: 3 } as const;
export const SPREAD_RANGE = { min: 0.05, max: 1.5 } as const;
export const DEFAULT_CLOUDS: CloudPair = { p: { cx: -1.5, cy: -0.5, spread: 0.4 }, q: { cx: 1.5, cy: 0.5, spread: 0.4 } };

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** A cloud with its centre and spread inside the lesson's ranges. */
export function clampCloud(c: Cloud): Cloud {
  return {
    cx: clamp(c.cx, CENTRE_RANGE.min, CENTRE_RANGE.max),
    cy: clamp(c.cy, CENTRE_RANGE.min, CENTRE_RANGE.max),
    spread: clamp(c.spread, SPREAD_RANGE.min, SPREAD_RANGE.max),
  };
}

/**
 * n points of each cloud (n x 2, row-major). Each cloud is a fixed set of standard normal
 * draws, shifted and scaled: dragging a cloud moves the same points, it does not redraw them.
 */
export function sampleClouds(pair: CloudPair, n = CLOUD_POINTS, seed = 1, opts: { sameDraws?: boolean } = {}): { x: Float32Array; y: Float32Array } {
  // sameDraws: Q is P's draws shifted and scaled, so that for equal spreads Q is exactly P moved by
  // μQ − μP, and the samples' exact W1 is the centres' distance, as for the Gaussians themselves
  const place = (c: Cloud, purpose: string) => {
    const z = Rng.stream(seed, purpose).fillNormal(new Float32Array(2 * n));
    for (let i = 0; i < n; i++) {
      z[2 * i] = c.cx + c.spread * z[2 * i];
      z[2 * i + 1] = c.cy + c.spread * z[2 * i + 1];
    }
    return z;
  };
  return { x: place(pair.p, 'lesson-p'), y: place(pair.q, opts.sameDraws ? 'lesson-p' : 'lesson-q') };
}

/** Distance between the centres: W1 of the two Gaussians when their spreads are equal (a pure shift). */
export function centreDistance(pair: CloudPair): number {
  return Math.hypot(pair.p.cx - pair.q.cx, pair.p.cy - pair.q.cy);
}

/**
 * What is known in closed form about W1 between the two Gaussians themselves (not their
 * samples): at least the distance between the centres (no plan moves the mean by less),
 * at most W2 = √(‖Δμ‖² + 2(σP − σQ)²) for isotropic 2D Gaussians; equal when σP = σQ.
 */
export function gaussianW1Bounds(pair: CloudPair): { lower: number; upper: number; exact: number | null } {
  const d = centreDistance(pair);
  const ds = pair.p.spread - pair.q.spread;
  const upper = Math.sqrt(d * d + 2 * ds * ds);
  return { lower: d, upper, exact: Math.abs(ds) < 1e-9 ? d : null };
}

/**
 * What holds for the samples themselves (n x 2 each), whatever the clouds: the distance between
 * the sample means is a lower bound on their exact W1 (f(x) = u·x is 1-Lipschitz), and their
 * exact W2 (the optimal assignment under squared distances) an upper bound (Jensen: the mean
 * line length is at most the root mean square). The closed forms of gaussianW1Bounds are about
 * the Gaussians, which the samples only estimate: the samples' means and spreads differ a
 * little from the clouds', and their exact W1 lies above W1(P, Q) on average (W1 is convex,
 * so E W1(P_n, Q_n) ≥ W1(P, Q)), so it can land above the Gaussians' W2.
 */
export function sampleW1Bounds(x: Float32Array, y: Float32Array): { lower: number; upper: number } {
  const n = x.length / 2;
  if (y.length !== x.length || n === 0) throw new Error('sampleW1Bounds needs two point sets of the same size');
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += (x[2 * i] - y[2 * i]) / n;
    my += (x[2 * i + 1] - y[2 * i + 1]) / n;
  }
  const cost = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) cost[i * n + j] = (x[2 * i] - y[2 * j]) ** 2 + (x[2 * i + 1] - y[2 * j + 1]) ** 2;
  }
  const match = minCostAssignment(cost, n);
  let sq = 0;
  for (let i = 0; i < n; i++) sq += cost[i * n + match[i]];
  return { lower: Math.hypot(mx, my), upper: Math.sqrt(sq / n) };
}

/** The optimal plan between the two sample sets: lines x[i] → y[match[i]], mean length W1. */
export function cloudPlan(x: Float32Array, y: Float32Array): { w1: number; from: Float32Array; to: Float32Array } {
  const plan = optimalTransport(x, y);
  return { w1: plan.w1, ...transportLines(x, y, plan) };
}
