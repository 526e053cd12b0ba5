// What the critic's (discriminator's) loss estimates, for every loss: the readout shows the
// value with a label that says which divergence it bounds or approximates. Each follows from
// the loss at the optimal critic (per point, with densities p real and q generated):
//   GAN (½ terms):   J_D* = log 2 − JS               → JS ≥ log 2 − J_D
//   WGAN-GP:         −L = E f(x) − E f(G(z)) ≈ W1 when f is near 1-Lipschitz
//   WGAN (clipping): −L ≈ K · W1: weights in [−c, c] make the critic K-Lipschitz for a K
//                    set by c and the layer sizes (at most clippedLipschitzBound), not 1
//   hinge:           L* = ∫ 2 min(p, q) = 2 (1 − TV)    → TV ≥ 1 − L / 2
//   least squares:   L* = ∫ p q / (p + q) = (2 − Δ) / 4 → Δ ≥ 2 − 4 L, Δ = ∫ (p − q)² / (p + q)
// A critic short of optimal gives a lower value: each is a lower bound (up to batch noise).
import { criticSpec } from './architecture';
import type { LossId, Settings } from './settings';

export interface CriticEstimate {
  /** The quantity estimated, short (for the readout's value): 'W1', 'JS', 'TV', 'Δ'. */
  symbol: string;
  value: number;
  /** One line: how it is computed and what it means. */
  what: string;
  /** The same, in a few words (under the readout). */
  short: string;
}

export function criticEstimate(loss: LossId, criticLoss: number): CriticEstimate {
  switch (loss) {
    case 'minimax':
    case 'nonsaturating':
      return { symbol: 'JS', value: Math.log(2) - criticLoss, what: 'log 2 − D loss: a lower bound on the Jensen–Shannon divergence', short: 'log 2 − D loss ≤ JS' };
    case 'wgan-gp':
      return { symbol: 'W1', value: -criticLoss, what: '−critic loss ≈ W1 (the penalty keeps the critic near 1-Lipschitz)', short: '−critic loss ≈ W1' };
    case 'wgan':
      return {
        symbol: 'K·W1',
        value: -criticLoss,
        what: '−critic loss ≈ K·W1: the clipped critic is K-Lipschitz, with K set by the clip value c and the layer sizes (far below 1 for small c), so this is W1 on the critic’s own scale',
        short: '−critic loss ≈ K·W1, K set by c',
      };
    case 'hinge':
      return { symbol: 'TV', value: 1 - criticLoss / 2, what: '1 − critic loss / 2: a lower bound on the total variation distance', short: '1 − loss/2 ≤ total variation' };
    case 'lsgan':
      return { symbol: 'Δ', value: 2 - 4 * criticLoss, what: '2 − 4 · D loss: a lower bound on the triangular discrimination ∫(p−q)²/(p+q)', short: '2 − 4·loss ≤ Δ (triangular)' };
  }
}

/** A number with `digits` significant digits, in scientific notation when small or large. */
export function formatSignificant(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const text = a < 1e-2 || a >= 1e5 ? v.toExponential(digits - 1) : a >= 10 ** digits ? v.toFixed(0) : v.toPrecision(digits);
  return text.replace(/-/g, '−');
}

/**
 * An upper bound on K, the Lipschitz constant of a critic whose weights are all clipped into
 * [−c, c]: each dense layer's spectral norm is at most its Frobenius norm, c·√(fan_in·fan_out),
 * and ReLU, leaky ReLU and tanh have slope ≤ 1, so K ≤ Π c·√(fan_in·fan_out). Null where no
 * such bound holds (layer norm divides by a batch statistic).
 */
export function clippedLipschitzBound(s: Settings): number | null {
  const spec = criticSpec(s);
  if (spec.norm !== 'none') return null;
  const dims = [spec.inDim, ...spec.hidden, spec.outDim];
  let k = 1;
  for (let i = 0; i + 1 < dims.length; i++) k *= s.clip * Math.sqrt(dims[i] * dims[i + 1]);
  return k;
}
