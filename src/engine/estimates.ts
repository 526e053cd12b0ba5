// What the critic's (discriminator's) loss estimates, for every loss: the readout shows the
// value with a label that says which divergence it bounds or approximates. Each follows from
// the loss at the optimal critic (per point, with densities p real and q generated):
//   GAN (½ terms):   J_D* = log 2 − JS               → JS ≥ log 2 − J_D
//   WGAN-GP:         −L = E f(x) − E f(G(z)) ≈ W1 when f is near 1-Lipschitz
//   WGAN (clipping): −L ≈ K · W1 for an unknown K set by the clip value
//   hinge:           L* = ∫ 2 min(p, q) = 2 (1 − TV)    → TV ≥ 1 − L / 2
//   least squares:   L* = ∫ p q / (p + q) = (2 − Δ) / 4 → Δ ≥ 2 − 4 L, Δ = ∫ (p − q)² / (p + q)
// A critic short of optimal gives a lower value: each is a lower bound (up to batch noise).
import type { LossId } from './settings';

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
      return { symbol: 'W1', value: -criticLoss, what: '−critic loss: W1 times an unknown constant set by the clip value', short: '−critic loss ∝ W1 (clipped)' };
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
