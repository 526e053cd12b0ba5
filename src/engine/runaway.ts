// Runaway runs: training that stays finite but has left any sensible range (samples far off
// the plane, losses or critic outputs no healthy run reaches). They are treated like
// non-finite ones: stopped, with a hint at the likely cause.
import type { Extent } from './targets';
import type { Settings } from './settings';

/** The box generated samples must stay in: the target's extent scaled this many times about its centre. */
export const RUNAWAY_BOX_SCALE = 100;
/** Share of samples outside the box that counts as a runaway (a stray sample does not). */
export const RUNAWAY_SHARE = 0.1;
/**
 * Losses and critic outputs past this size count as a runaway. Measured over 1,500
 * iterations on seeds 1 and 2 (every preset, and each loss's defaults on the ring): the
 * largest loss was 214 and the largest critic output 423 (both the clip-too-large preset);
 * samples stayed within 3x the target's size. That preset's critic keeps growing, about
 * linearly: 3.3e3 (loss) and 5.9e3 (output) after 10,000 iterations, so 1e6 is some
 * 2 million iterations away.
 */
export const RUNAWAY_VALUE = 1e6;

/** The likely causes under these settings, most likely first. */
export function likelyCauses(s: Settings): string {
  const causes: string[] = [];
  const lr = Math.max(s.lrD, s.lrG);
  if (lr >= 0.01 || (s.optimizer === 'sgd' && lr >= 0.005)) causes.push(`the learning rates (lrD ${s.lrD}, lrG ${s.lrG}) are high: try 10× smaller`);
  if (s.loss === 'wgan' && s.clip > 0.1) causes.push(`the clip value c = ${s.clip} hardly limits the critic: try 0.01`);
  if (s.batchSize <= 8) causes.push(`batch size ${s.batchSize} makes each step's gradient very noisy: try 64 or more`);
  if (!causes.length) causes.push('lower the learning rates (try 10× smaller)');
  return causes.join('; ');
}

export interface RunawayInput {
  settings: Settings;
  extent: Extent;
  /** Generated samples, x,y interleaved (or `dim` values each). */
  generated: ArrayLike<number>;
  /** Values per sample: 2 on the plane; for other targets (images) only finiteness and the value bounds apply. */
  dim?: number;
  /** Losses of the last steps (null where none was taken). */
  losses: ReadonlyArray<number | null>;
  /** Raw critic outputs (e.g. on the plane's grid), if at hand. */
  criticOutputs?: ArrayLike<number>;
}

/** What ran away, or null for a run within bounds. Non-finite values are left to the divergence check. */
export function runawayReason(r: RunawayInput): string | null {
  const [x0, x1, y0, y1] = r.extent;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hx = ((x1 - x0) / 2) * RUNAWAY_BOX_SCALE;
  const hy = ((y1 - y0) / 2) * RUNAWAY_BOX_SCALE;
  const plane = (r.dim ?? 2) === 2;
  const n = plane ? Math.floor(r.generated.length / 2) : 0;
  if (!plane) {
    for (let i = 0; i < r.generated.length; i++) {
      if (!Number.isFinite(r.generated[i])) return 'the generated samples hold values that are not finite (NaN or ∞)';
    }
  }
  let outside = 0;
  let far = 0;
  let nonFinite = 0;
  for (let i = 0; i < n; i++) {
    const dx = Math.abs(r.generated[2 * i] - cx);
    const dy = Math.abs(r.generated[2 * i + 1] - cy);
    // the generator's weights can blow up while the losses still read finite
    if (!Number.isFinite(dx) || !Number.isFinite(dy)) nonFinite++;
    else if (dx > hx || dy > hy) {
      outside++;
      far = Math.max(far, Math.hypot(dx, dy));
    }
  }
  if (n > 0 && nonFinite > 0) return `${Math.round((100 * nonFinite) / n)}% of the generated samples are not finite numbers (NaN or ∞)`;
  if (n > 0 && outside > RUNAWAY_SHARE * n) {
    return `${Math.round((100 * outside) / n)}% of the generated samples are more than ${RUNAWAY_BOX_SCALE}× the target's size away (up to ${far.toPrecision(2)})`;
  }
  const big = r.losses.find((v) => v !== null && Number.isFinite(v) && Math.abs(v) > RUNAWAY_VALUE);
  if (big !== undefined && big !== null) return `a loss reached ${big.toPrecision(2)} (healthy runs stay far below ${RUNAWAY_VALUE.toExponential(0)})`;
  if (r.criticOutputs) {
    let max = 0;
    for (let i = 0; i < r.criticOutputs.length; i++) {
      const v = Math.abs(r.criticOutputs[i]);
      if (Number.isFinite(v) && v > max) max = v;
    }
    if (max > RUNAWAY_VALUE) return `the critic's outputs reached ${max.toPrecision(2)} (healthy runs stay far below ${RUNAWAY_VALUE.toExponential(0)})`;
  }
  return null;
}

/** The message shown (page) or printed (CLI) when a run ran away. */
export function runawayMessage(iteration: number, reason: string, s: Settings): string {
  return `At iteration ${iteration} the run ran away: ${reason}. Likely cause: ${likelyCauses(s)}. Training stopped.`;
}
