// Closed forms for the WGAN paper's example: P0 = (0, Z), Pθ = (θ, Z), Z ~ U[0, 1].
// For θ ≠ 0 the supports are disjoint: W1 = |θ|, JS = log 2, KL = +∞, TV = 1; all 0 at θ = 0.

export interface LineDivergences {
  w1: number;
  js: number;
  kl: number;
  tv: number;
}

export function lineDivergences(theta: number): LineDivergences {
  if (theta === 0) return { w1: 0, js: 0, kl: 0, tv: 0 };
  return { w1: Math.abs(theta), js: Math.log(2), kl: Infinity, tv: 1 };
}
