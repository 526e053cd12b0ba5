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

/** What was seen: samples far off, a loss blown up, huge critic outputs, a collapse onto a point, or non-finite values. */
export type RunawayKind = 'samples' | 'loss' | 'critic' | 'collapse' | 'non-finite';

export interface Runaway {
  kind: RunawayKind;
  reason: string;
}

/** What is known besides the settings when naming a cause. */
export interface RunawayEvidence {
  /** Largest |weight| of the state the trainer was loaded from (0: it was not loaded). */
  loadedMaxWeight?: number;
  /** Steps this trainer took since it was made or loaded. */
  stepsTaken?: number;
}

/** Weights past this are not reached by training that stays in range (initial ones are about 1). */
export const RUNAWAY_WEIGHT = 1e6;

/** The likely cause of what was seen, given the settings and how the trainer got here. */
export function likelyCause(seen: Runaway, s: Settings, e: RunawayEvidence = {}): string {
  // weights that came in out of range (a file): no learning rate put them there
  if ((e.loadedMaxWeight ?? 0) > RUNAWAY_WEIGHT) {
    return `the loaded weights are out of range (largest |w| ${e.loadedMaxWeight!.toPrecision(2)}; training keeps them near 1): load another weights or run file, or reset`;
  }
  if (e.stepsTaken === 0) return 'the state was out of range before any step was taken here: load another weights or run file, or reset';
  if (seen.kind === 'collapse') {
    const lr = Math.max(s.lrD, s.lrG);
    const causes: string[] = [];
    if (lr >= 0.01 || (s.optimizer === 'sgd' && lr >= 0.005)) causes.push(`the learning rates (lrD ${s.lrD}, lrG ${s.lrG}) are high: one large step can push every unit of the generator ${s.activation === 'tanh' ? 'into saturation' : 'below zero (dead ReLUs)'}, after which all z give one point; try 10× smaller`);
    if (s.activation === 'relu') causes.push('ReLU units that output 0 for every z never recover: try leaky ReLU');
    if (!causes.length) causes.push('the generator lost its dependence on z: reset, or try another seed or smaller learning rates');
    return causes.join('; ');
  }
  return likelyCauses(s);
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
  /** The largest |loss| over every step since the last check (lossPeak.ts), beside the last losses. */
  peakLoss?: number;
  /** Target samples (as `generated`), for the collapse rule: the generated spread against the target's. */
  targetSamples?: ArrayLike<number>;
  /** The widest the generated spread was at earlier checks, as a share of the target's (the collapse rule needs COLLAPSE_FROM). */
  widestSpreadRatio?: number;
}

/**
 * A collapse is a fall: only a generator whose samples once spread over this share of the
 * target's counts as collapsed (a fresh ALAE starts at 0.3% and spreads out as it learns).
 */
export const COLLAPSE_FROM = 0.1;

/**
 * Generated samples whose spread is below this share of the target's have collapsed onto one point:
 * on the ring of 8 one mode's own noise is 1.4% of the ring's spread; the mode-collapse preset (one mode
 * at a time) stayed above 18% (seed 1, 2,000 iterations), minimax with SGD at lr 1 fell to 0.3-1%.
 */
export const COLLAPSE_RATIO = 0.01;

/** Root mean squared distance of `dim`-valued rows to their mean. */
export function spread(x: ArrayLike<number>, dim: number): number {
  const n = Math.floor(x.length / dim);
  if (n < 2) return NaN;
  let total = 0;
  for (let j = 0; j < dim; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i * dim + j];
    mean /= n;
    for (let i = 0; i < n; i++) total += (x[i * dim + j] - mean) ** 2;
  }
  return Math.sqrt(total / n);
}

/** What ran away, or null for a run within bounds. Non-finite values are left to the divergence check. */
export function runawayReason(r: RunawayInput): string | null {
  return detectRunaway(r)?.reason ?? null;
}

/** What ran away and what kind of thing was seen, or null for a run within bounds. */
export function detectRunaway(r: RunawayInput): Runaway | null {
  const found = (kind: RunawayKind, reason: string): Runaway => ({ kind, reason });
  const [x0, x1, y0, y1] = r.extent;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hx = ((x1 - x0) / 2) * RUNAWAY_BOX_SCALE;
  const hy = ((y1 - y0) / 2) * RUNAWAY_BOX_SCALE;
  const plane = (r.dim ?? 2) === 2;
  const n = plane ? Math.floor(r.generated.length / 2) : 0;
  if (!plane) {
    for (let i = 0; i < r.generated.length; i++) {
      if (!Number.isFinite(r.generated[i])) return found('samples', 'the generated samples hold values that are not finite (NaN or ∞)');
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
  if (n > 0 && nonFinite > 0) return found('samples', `${Math.round((100 * nonFinite) / n)}% of the generated samples are not finite numbers (NaN or ∞)`);
  if (n > 0 && outside > RUNAWAY_SHARE * n) {
    return found('samples', `${Math.round((100 * outside) / n)}% of the generated samples are more than ${RUNAWAY_BOX_SCALE}× the target's size away (up to ${far.toPrecision(2)})`);
  }
  // every step's losses (the peak since the last check) and the last ones
  const finite = r.losses.filter((v): v is number => v !== null && Number.isFinite(v)).map(Math.abs);
  const big = Math.max(0, ...finite, r.peakLoss !== undefined && Number.isFinite(r.peakLoss) ? r.peakLoss : 0);
  if (big > RUNAWAY_VALUE) return found('loss', `a loss reached ${big.toPrecision(2)} (healthy runs stay far below ${RUNAWAY_VALUE.toExponential(0)})`);
  if (r.criticOutputs) {
    let max = 0;
    for (let i = 0; i < r.criticOutputs.length; i++) {
      const v = Math.abs(r.criticOutputs[i]);
      if (Number.isFinite(v) && v > max) max = v;
    }
    if (max > RUNAWAY_VALUE) return found('critic', `the critic's outputs reached ${max.toPrecision(2)} (healthy runs stay far below ${RUNAWAY_VALUE.toExponential(0)})`);
  }
  // a generator that came to map every z to one point of the plane: finite losses, nothing left
  // to learn with (on the digits near-identical images are the mode-collapse lesson itself: not stopped)
  if (r.targetSamples && plane) {
    const d = 2;
    const own = spread(r.generated, d);
    const theirs = spread(r.targetSamples, d);
    if (theirs > 0 && own < COLLAPSE_RATIO * theirs && (r.widestSpreadRatio ?? 0) >= COLLAPSE_FROM) {
      return found('collapse', `the generated samples collapsed onto one point (spread ${own.toPrecision(2)} against the target's ${theirs.toPrecision(2)}): every z gives the same sample`);
    }
  }
  return null;
}

/** The message shown (page) or printed (CLI) when a run ran away; the cause named from what was seen. */
export function runawayMessage(iteration: number, seen: string | Runaway, s: Settings, evidence: RunawayEvidence = {}): string {
  const r = typeof seen === 'string' ? { kind: 'samples' as const, reason: seen } : seen;
  const what = r.kind === 'collapse' ? 'the generator collapsed' : 'the run ran away';
  return `At iteration ${iteration} ${what}: ${r.reason}. Likely cause: ${likelyCause(r, s, evidence)}. Training stopped.`;
}
