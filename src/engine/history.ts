// The metric history of a run: one row per recording, shared by the CLI's JSON, the
// page's charts and the CSV/JSON exports.
import type { Evaluation, TrainerBase } from './trainerBase';

export interface HistoryRow {
  iteration: number;
  criticSteps: number;
  /** Discriminator / critic loss, without the penalty (null before the first critic step). */
  dLoss: number | null;
  /** The gradient-penalty term (0 without one). */
  penalty: number | null;
  gLoss: number | null;
  /** −(critic loss) for the WGAN losses: the critic’s estimate of W1 (of K·W1 under weight clipping, K set by c). */
  w1Estimate: number | null;
  /** log 2 − J_D for the GAN losses: the discriminator's estimate of JS. */
  jsEstimate: number | null;
  /** Exact W1 between 500 generated and 500 target samples, when evaluated. */
  exactW1: number | null;
  /** Exact W1 between two independent target samples of 500 (the mean of its draws so far). */
  floor: number | null;
  /** The standard deviation of the floor's draws (null with one draw; absent in older files). */
  floorSpread?: number | null;
  modes: number | null;
  modesTotal: number | null;
  /** Fraction of high-quality samples (within 3 std of a mode). */
  hq: number | null;
  /** Modes holding at least a quarter of their fair share of the high-quality samples. */
  modesWell: number | null;
  /** KL(per-mode histogram of high-quality samples ‖ uniform), nats (PacGAN's column). */
  modesKL: number | null;
  /** High-quality samples per mode, in the target's mode order (CSV: space-separated). */
  perMode: number[] | null;
  /** θ of the one-parameter generator. */
  theta: number | null;
  /** ALAE's step III loss ‖F(z) − E(G(F(z)))‖² (null for the GANs; absent in older files). */
  aeLoss?: number | null;
  /**
   * The critic's mean ‖∇ₓf‖ at the generated samples, from the snapshot of this step (the
   * critic-health chart; the page's rows only, absent in the CLI's and in older files).
   */
  gradNorm?: number | null;
}

export const HISTORY_COLUMNS: Array<keyof HistoryRow> = [
  'iteration',
  'criticSteps',
  'dLoss',
  'penalty',
  'gLoss',
  'w1Estimate',
  'jsEstimate',
  'exactW1',
  'floor',
  'floorSpread',
  'modes',
  'modesTotal',
  'hq',
  'modesWell',
  'modesKL',
  'perMode',
  'theta',
  'aeLoss',
  'gradNorm',
];

/** A row from the trainer's current state; `evaluation` adds the exact metrics. */
export async function recordRow(trainer: TrainerBase, evaluation: Evaluation | null): Promise<HistoryRow> {
  const losses = await trainer.losses();
  const est = trainer.lossInfo.estimate;
  const estimate = est && losses.critic !== null ? est.fromCriticLoss(losses.critic) : null;
  const theta = await trainer.thetaValue();
  return {
    iteration: trainer.generatorSteps,
    criticSteps: trainer.criticSteps,
    dLoss: losses.critic,
    penalty: losses.penalty,
    gLoss: losses.generator,
    w1Estimate: est?.label === 'W1' ? estimate : null,
    jsEstimate: est?.label === 'JS' ? estimate : null,
    exactW1: evaluation ? evaluation.exactW1 : null,
    floor: evaluation ? evaluation.floor : null,
    floorSpread: evaluation ? evaluation.floorSpread : null,
    modes: evaluation?.modes ? evaluation.modes.captured : null,
    modesTotal: evaluation?.modes ? evaluation.modes.total : null,
    hq: evaluation?.modes ? evaluation.modes.highQuality : null,
    modesWell: evaluation?.modes ? evaluation.modes.wellCovered : null,
    modesKL: evaluation?.modes ? evaluation.modes.klUniform : null,
    perMode: evaluation?.modes ? [...evaluation.modes.perMode] : null,
    theta,
    aeLoss: losses.reconstruction ?? null,
  };
}

/**
 * Two rows of the same training step, as one: the later row's values, and the earlier row's
 * where the later has none. A step is recorded more than once (its plain row, then its
 * evaluation's), and a run restored from a file records its step again with a new trainer
 * that has taken no step yet (losses null) and without the snapshot's gradient norm; what
 * was known of that step stays known.
 */
export function mergeSameStep(earlier: HistoryRow, later: HistoryRow): HistoryRow {
  const out = { ...later } as Record<string, unknown>;
  for (const [k, v] of Object.entries(earlier)) if (out[k] === null || out[k] === undefined) out[k] = v;
  return out as unknown as HistoryRow;
}

/** `rows` with the snapshot's gradient norm on the row of the snapshot's own step. */
export function withGradNorm(rows: HistoryRow[], step: { generatorSteps: number; criticSteps: number; gradNorm: number }): HistoryRow[] {
  if (!Number.isFinite(step.gradNorm)) return rows;
  return rows.map((r) => (r.iteration === step.generatorSteps && r.criticSteps === step.criticSteps ? { ...r, gradNorm: step.gradNorm } : r));
}

/** True if a loss of the row is not a finite number (a diverged run). */
export function rowDiverged(row: HistoryRow): boolean {
  return [row.dLoss, row.penalty, row.gLoss, row.aeLoss ?? null].some((v) => v !== null && !Number.isFinite(v));
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(csvCell).join(' '); // per-mode counts stay in one cell
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  return String(v);
}

export function historyToCsv(rows: HistoryRow[]): string {
  return [HISTORY_COLUMNS.join(','), ...rows.map((r) => HISTORY_COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}
