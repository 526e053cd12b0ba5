// Mode coverage on Gaussian mixtures (VEEGAN, PacGAN): a sample is high quality if it lies
// within 3 standard deviations of its nearest mode centre; a mode is captured if it is the
// nearest centre of at least one high-quality sample. "Captured" is lenient (one sample in
// 2,500 counts), so a partial collapse shows in the histogram of high-quality samples per
// mode: its KL divergence to the uniform histogram (PacGAN's third column) and the number
// of modes holding at least a quarter of their fair share.
import type { Modes } from '../targets';

export interface ModeCoverage {
  captured: number;
  total: number;
  /** Fraction of samples that are high quality. */
  highQuality: number;
  /** High-quality samples per mode, in the target's mode order. */
  perMode: number[];
  /** Modes holding at least FAIR_SHARE_FRACTION of their fair share (hq / total) of the high-quality samples. */
  wellCovered: number;
  /** KL(per-mode histogram ‖ uniform) in nats: 0 when balanced, log(total) on one mode; null without high-quality samples. */
  klUniform: number | null;
}

export const HIGH_QUALITY_STDS = 3;
/**
 * High-quality samples (of 2,500) below which per-mode shares are not judged: a quarter of a
 * fair share of a handful of samples is a single sample.
 */
export const MIN_JUDGED_SAMPLES = 100;
/** A mode is "well covered" when it holds at least this fraction of its fair share. */
export const FAIR_SHARE_FRACTION = 0.25;

/** KL divergence in nats between the normalised histogram `counts` and the uniform one; null if empty. */
export function klToUniform(counts: readonly number[]): number | null {
  const sum = counts.reduce((a, b) => a + b, 0);
  if (sum <= 0 || counts.length === 0) return null;
  let kl = 0;
  for (const c of counts) if (c > 0) kl += (c / sum) * Math.log((c / sum) * counts.length);
  return Math.max(0, kl);
}

/** Modes whose count is at least `fraction` of the fair share sum / k. */
export function modesAboveFairShare(counts: readonly number[], fraction = FAIR_SHARE_FRACTION): number {
  const sum = counts.reduce((a, b) => a + b, 0);
  if (sum <= 0) return 0;
  const threshold = (fraction * sum) / counts.length;
  return counts.filter((c) => c > 0 && c >= threshold).length;
}

/** Share of the histogram held by its `m` fullest bins (0 when empty). */
export function topModesShare(counts: readonly number[], m: number): number {
  const sum = counts.reduce((a, b) => a + b, 0);
  if (sum <= 0) return 0;
  const top = [...counts].sort((a, b) => b - a).slice(0, m);
  return top.reduce((a, b) => a + b, 0) / sum;
}

export function modeCoverage(samples: Float32Array, modes: Modes): ModeCoverage {
  const k = modes.centres.length / 2;
  const n = samples.length / 2;
  const perMode = new Array<number>(k).fill(0);
  const radius = HIGH_QUALITY_STDS * modes.std;
  let hq = 0;
  for (let i = 0; i < n; i++) {
    const x = samples[2 * i];
    const y = samples[2 * i + 1];
    let best = -1;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      const d = Math.hypot(x - modes.centres[2 * c], y - modes.centres[2 * c + 1]);
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    if (best >= 0 && bestD <= radius) {
      hq++;
      perMode[best]++;
    }
  }
  return {
    captured: perMode.filter((c) => c > 0).length,
    total: k,
    highQuality: n ? hq / n : 0,
    perMode,
    wellCovered: modesAboveFairShare(perMode),
    klUniform: klToUniform(perMode),
  };
}
