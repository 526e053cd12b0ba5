// Mode coverage on Gaussian mixtures (VEEGAN, PacGAN): a sample is high quality if it lies
// within 3 standard deviations of its nearest mode centre; a mode is captured if it is the
// nearest centre of at least one high-quality sample.
import type { Modes } from '../targets';

export interface ModeCoverage {
  captured: number;
  total: number;
  /** Fraction of samples that are high quality. */
  highQuality: number;
  /** High-quality samples per mode. */
  perMode: number[];
}

export const HIGH_QUALITY_STDS = 3;

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
  return { captured: perMode.filter((c) => c > 0).length, total: k, highQuality: n ? hq / n : 0, perMode };
}
