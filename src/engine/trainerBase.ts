// What every trainer shares, whatever computes its steps (tfjs on any backend, or the fused
// WebAssembly kernels): settings and live updates, the seeded random streams, the fixed
// display and evaluation samples, snapshots, exact evaluation, and run state.
import { ALAE_LOSS_INFO } from './alae';
import { latentDim, sampleLatent } from './architecture';
import { MODE_SAMPLES, evalTargetSamples } from './evalTarget';
import { LOSS_INFO, type LossInfo } from './lossInfo';
import { modeCoverage, type ModeCoverage } from './metrics/modes';
import { FLOOR_DRAWS, targetFloor } from './metrics/floor';
import { optimalTransport, transportLines } from './metrics/wasserstein';
import type { ParamEntry } from './params';
import { Rng } from './rng';
import { LossPeakTracker, type LossPeak } from './lossPeak';
import { RUNAWAY_WEIGHT, detectRunaway, likelyCauses, runawayMessage, spread, type Runaway } from './runaway';
import { SETTINGS, crossCheck, type SettingKey, type Settings } from './settings';
import { makeTarget, type Extent, type Target } from './targets';
import { layerWeightStats, type LayerWeightStats } from './weightStats';

export type Points = ReadonlyArray<readonly [number, number]>;

export interface SnapshotOptions {
  /** Generated samples to return (from a fixed latent set, so that points move smoothly). */
  samples?: number;
  /** Grid resolution of the critic field (grid x grid points over the target's extent). */
  grid?: number;
  /** Critic gradients at the first `arrows` generated samples. */
  arrows?: number;
  /** Target samples to return. */
  targetSamples?: number;
}

export interface Snapshot {
  criticSteps: number;
  generatorSteps: number;
  /** Losses of the most recent steps (NaN before the first step of this trainer). */
  criticLoss: number;
  penalty: number;
  generatorLoss: number;
  /** A divergence read off the critic loss (W1 for WGANs, JS for GANs), if the loss has one. */
  estimate: { label: 'W1' | 'JS'; value: number } | null;
  generated: Float32Array;
  target: Float32Array;
  field: { n: number; extent: Extent; values: Float32Array; kind: 'probability' | 'score' };
  /** Image targets: the critic's raw outputs at the real images shown (`target`) and at the generated ones. */
  scores?: { real: Float32Array; generated: Float32Array };
  arrows: { points: Float32Array; gradients: Float32Array };
  /** Mean ‖∇_x f‖ over the generated samples shown. */
  gradNorm: number;
  weights: LayerWeightStats[];
  theta: number | null;
  /** Set when the run diverged: what happened and what to try. */
  diverged: string | null;
  /** ALAE's latent picture and reconstructions (absent for the GANs). */
  alae?: AlaeView;
  /** What the trainer holds now: a count that grows while playing is a leak. */
  memory: MemoryUse;
}

/** What the page shows of an ALAE run besides the plane. */
export interface AlaeView {
  /** F(z) for the display latents and E(x) for the target samples, projected to 2D (PCA of both when w has more dimensions). */
  mapped: Float32Array;
  encoded: Float32Array;
  /** The projection's share of the variance (1 when w has at most 2 dimensions). */
  explained: number;
  wDim: number;
  /** Target samples x (`from`) and their reconstructions G(E(x)) (`to`), for lines on the plane. */
  reconFrom: Float32Array;
  reconTo: Float32Array;
  /** Mean ‖F(z) − E(G(F(z)))‖² over the display latents: step III's loss on a fixed set. */
  latentError: number;
}

export interface MemoryUse {
  /** Live tfjs tensors (in this whole tfjs engine). */
  tensors: number;
  /** Bytes the trainer holds outside the JS heap: tfjs tensors' data, or the kernels' wasm memory. */
  bytes: number;
}

export interface Evaluation {
  generatorSteps: number;
  /** Exact W1 between 500 generated and 500 target samples. */
  exactW1: number;
  /**
   * The two-sample floor: the typical exact W1 between the evaluation's 500 target samples
   * and another independent 500 (what a perfect generator would score), the mean of
   * FLOOR_DRAWS draws computed once per target and seed (metrics/floor.ts) ...
   */
  floor: number;
  /** ... and their standard deviation: the floor is a random quantity. */
  floorSpread: number | null;
  /** Mode coverage over 2,500 samples (mixtures only). */
  modes: ModeCoverage | null;
  /**
   * The optimal plan behind exactW1: a line from each of the 500 generated samples (`from`)
   * to its matched target sample (`to`); their mean length is exactW1. Null when W1 is not finite.
   */
  transport: { from: Float32Array; to: Float32Array } | null;
}

export interface OptimizerState {
  kind: Settings['optimizer'];
  steps: number;
  m: Float32Array | null;
  v: Float32Array | null;
}

/** The whole state of a run, enough to resume it exactly (same backend or another). */
export interface TrainerState {
  settings: Settings;
  customPoints?: Points;
  criticSteps: number;
  generatorSteps: number;
  critic: Float32Array;
  generator: Float32Array;
  optimizers: { critic: OptimizerState; generator: OptimizerState };
  rng: Record<string, number[]>;
  /** ALAE's smoothed copies of both vectors (alaeTrainer.ts; absent for the GANs). */
  smoothed?: { critic: Float32Array; generator: Float32Array };
}

export interface Losses {
  critic: number | null;
  penalty: number | null;
  generator: number | null;
  /** ALAE's step III loss ‖F(z) − E(G(F(z)))‖² (absent for the GANs). */
  reconstruction?: number | null;
}

/** What a snapshot needs from the implementation, read back in one batch. */
export interface SnapshotData {
  generated: Float32Array;
  /** Raw critic outputs on the grid. */
  field: Float32Array;
  /** ∇_x f at the first nArrows generated samples. */
  arrowGradients: Float32Array;
  /** Mean ‖∇_x f‖ over all the generated samples. */
  gradNorm: number;
  /** The critic's raw outputs at the generated samples (image targets' score histogram). */
  generatedScores?: Float32Array;
  criticParams: Float32Array;
  losses: Losses;
  alae?: AlaeView;
}

/**
 * Whether every value is finite: a plain loop (the critic's 116,000 parameters on digits took
 * 1.2 ms through Float32Array.every(Number.isFinite), 0.2 ms so, every snapshot).
 */
export function allFinite(a: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] - a[i] !== 0) return false;
  return true;
}

export const W1_SAMPLES = 500;
export { FLOOR_DRAWS };
export { MODE_SAMPLES };
/** Generated and real images per snapshot of an image target (the page's grids and score histogram). */
export const IMAGE_SAMPLES = 256;

export const DIVERGED_HINT =
  'the losses became non-finite (NaN or ∞): the run diverged. Lower the learning rates (try 10× smaller), ' +
  'lower λ or the clip value, or reset with another seed.';

export interface TrainerOptions {
  /** The user's points, for the custom target. */
  customPoints?: Points;
}

export abstract class TrainerBase {
  readonly settings: Settings;
  readonly target: Target;
  readonly lossInfo: LossInfo;
  readonly customPoints?: Points;
  criticSteps = 0;
  generatorSteps = 0;
  /** Which computation trains: 'fast' or 'autodiff' (tfjs), 'fused' (WebAssembly kernels). */
  abstract readonly engineName: string;

  protected readonly rng: { data: Rng; latent: Rng; eps: Rng };
  /** Every step's losses, for the runaway rules (the page's snapshots and the CLI's checks read the same). */
  protected readonly lossPeak = new LossPeakTracker();
  /** Steps taken since this trainer was made or loaded, and the largest |weight| it was loaded with. */
  private stepsTaken = 0;
  private loadedMaxWeight = 0;
  /** The widest generated spread seen at the runaway checks, as a share of the target's (the collapse rule). */
  private widestSpreadRatio = 0;
  private readonly fixed: { latent?: Float32Array; target?: Float32Array; grid?: { n: number; points: Float32Array } } = {};
  protected disposed = false;
  /**
   * Called between pieces of work inside one step, snapshot or evaluation (the fused trainer:
   * each layer of each pass), so that a host can show it is alive while one of them takes
   * seconds (the training worker posts a heartbeat). Not rate-limited here: it must be cheap. Trainers
   * whose steps are one indivisible call (tfjs) never call it.
   */
  onProgress: (() => void) | null = null;

  constructor(settings: Settings, opts: TrainerOptions = {}) {
    const problems = crossCheck(settings);
    if (problems.length) throw new Error(problems.map((p) => p.message).join('; '));
    this.settings = { ...settings };
    this.customPoints = opts.customPoints;
    this.target = makeTarget(settings.target, opts.customPoints);
    // ALAE's discriminator step is the non-saturating GAN's (softplus terms on logits), without the ½
    this.lossInfo = settings.model === 'alae' ? ALAE_LOSS_INFO : LOSS_INFO[settings.loss];
    this.rng = {
      data: Rng.stream(settings.seed, 'data'),
      latent: Rng.stream(settings.seed, 'latent'),
      eps: Rng.stream(settings.seed, 'eps'),
    };
  }

  /** Generator steps taken: the iteration counter. */
  get iteration(): number {
    return this.generatorSteps;
  }

  abstract criticStep(): void;
  abstract generatorStep(): void;
  /** ALAE's step III (latent reconstruction); the GAN trainers have none. */
  reconstructionStep(): void {
    throw new Error('only ALAE has a reconstruction step');
  }
  /** Reads the last losses; null where no such step was taken since this trainer was made. */
  abstract losses(): Promise<Losses>;
  abstract dispose(): void;
  /** The critic's parameter layout (names, shapes, offsets). */
  abstract criticLayout(): ParamEntry[];
  abstract memoryUse(): MemoryUse;
  /** G(z) for n latent rows. */
  protected abstract generateFrom(z: Float32Array, n: number): Promise<Float32Array>;
  protected abstract snapshotData(z: Float32Array, n: number, grid: Float32Array, gridPoints: number, arrows: number): Promise<SnapshotData>;
  protected abstract readParams(): Promise<Pick<TrainerState, 'critic' | 'generator' | 'optimizers' | 'smoothed'>>;
  protected abstract writeParams(state: TrainerState): void;
  /** A live setting changed (already stored in this.settings). */
  protected abstract onLiveChange(key: SettingKey): void;

  /** n_critic critic steps, then one generator step (ALAE: steps I, II, III). */
  iterate(iterations = 1): void {
    for (let i = 0; i < iterations; i++) {
      for (let k = 0; k < this.criticStepsPerIteration; k++) this.criticStep();
      this.finishIteration();
    }
    this.lossPeak.fold();
  }

  /** Critic steps in one iteration: n_critic (ALAE: one step I). */
  get criticStepsPerIteration(): number {
    return this.settings.nCritic;
  }

  /** What follows an iteration's critic steps: one generator step (ALAE: steps II and III). */
  finishIteration(): void {
    this.generatorStep();
  }

  /** Applies live settings; throws for a key that needs a reset. */
  update(changes: Partial<Settings>): void {
    for (const [key, value] of Object.entries(changes) as Array<[SettingKey, unknown]>) {
      if (this.settings[key] === value) continue;
      if (!SETTINGS[key].live) throw new Error(`changing ${key} needs a reset`);
      (this.settings as Record<string, unknown>)[key] = value;
      this.onLiveChange(key);
    }
  }

  protected sampleLatent(n: number, rng: Rng): Float32Array {
    return sampleLatent(this.settings, n, rng);
  }

  protected get latentDim(): number {
    return latentDim(this.settings);
  }

  /** Every step reports its losses here (numbers, or tfjs scalars still on the device). */
  protected noteStepLosses(values: ReadonlyArray<number | null>): void {
    this.stepsTaken++;
    this.lossPeak.note(values);
  }

  protected noteStepTensors(values: ReadonlyArray<import('@tensorflow/tfjs-core').Scalar | undefined>): void {
    this.stepsTaken++;
    this.lossPeak.noteTensors(values);
  }

  /**
   * The runaway rules, one place for the page (snapshots) and the CLI (runaway()): every step's
   * losses since the last check (non-finite ones included), the last losses, the first
   * W1_SAMPLES generated samples (the same fixed latents in both), the critic's outputs on
   * the grid, and the generated spread against the target's. Returns the message, or null.
   */
  private async runawayVerdict(d: { generated: Float32Array; criticOutputs?: Float32Array; losses: number[]; criticParams?: Float32Array }): Promise<{ nonFinite: boolean; message: string | null }> {
    const peak: LossPeak = await this.lossPeak.take();
    const dim = this.target.dim;
    const nonFinite = peak.nonFinite || d.losses.some((v) => !Number.isFinite(v)) || (d.criticParams ? !allFinite(d.criticParams) : false);
    const evidence = { loadedMaxWeight: this.loadedMaxWeight, stepsTaken: this.stepsTaken };
    if (nonFinite) {
      // a loaded state out of range is named as such; otherwise the loop's own divergence message
      const loaded = this.loadedMaxWeight > RUNAWAY_WEIGHT || this.stepsTaken === 0;
      const seen: Runaway = { kind: 'non-finite', reason: 'the losses or the weights are not finite (NaN or ∞)' };
      return { nonFinite: true, message: loaded ? runawayMessage(this.generatorSteps, seen, this.settings, evidence) : null };
    }
    const n = W1_SAMPLES * dim;
    const generated = d.generated.subarray(0, n);
    const targetSamples = this.evalTarget(W1_SAMPLES);
    const widestSpreadRatio = this.widestSpreadRatio;
    if (dim === 2) this.widestSpreadRatio = Math.max(widestSpreadRatio, spread(generated, 2) / spread(targetSamples, 2) || 0);
    const seen = detectRunaway({
      settings: this.settings,
      extent: this.target.extent,
      generated,
      dim,
      losses: d.losses,
      peakLoss: peak.maxAbs,
      criticOutputs: d.criticOutputs,
      targetSamples,
      widestSpreadRatio,
    });
    return { nonFinite: false, message: seen ? runawayMessage(this.generatorSteps, seen, this.settings, evidence) : null };
  }

  protected assertAlive(): void {
    if (this.disposed) throw new Error('this trainer was disposed');
  }

  private displayLatent(n: number): Float32Array {
    const d = this.latentDim;
    if (!this.fixed.latent || this.fixed.latent.length < n * d) {
      this.fixed.latent = this.sampleLatent(Math.max(n, MODE_SAMPLES), Rng.stream(this.settings.seed, 'display'));
    }
    return this.fixed.latent.subarray(0, n * d);
  }

  protected evalTarget(n: number): Float32Array {
    const dim = this.target.dim;
    if (!this.fixed.target || this.fixed.target.length < n * dim) {
      this.fixed.target = evalTargetSamples(this.target, this.settings.seed, n);
    }
    return this.fixed.target.subarray(0, n * dim);
  }

  /** Points of an n x n grid over the target's extent, row by row from the bottom. */
  protected gridPoints(n: number): Float32Array {
    if (!this.fixed.grid || this.fixed.grid.n !== n) {
      const [x0, x1, y0, y1] = this.target.extent;
      const pts = new Float32Array(n * n * 2);
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          pts[2 * (j * n + i)] = x0 + ((x1 - x0) * i) / (n - 1);
          pts[2 * (j * n + i) + 1] = y0 + ((y1 - y0) * j) / (n - 1);
        }
      }
      this.fixed.grid = { n, points: pts };
    }
    return this.fixed.grid.points;
  }

  /** Generated samples from the fixed display latents (n x 2, row-major). */
  generate(n: number): Promise<Float32Array> {
    this.assertAlive();
    return this.generateFrom(this.displayLatent(n), n);
  }

  /** θ of the one-parameter generator (null for an MLP). */
  async thetaValue(): Promise<number | null> {
    if (this.settings.generator !== 'theta') return null;
    return (await this.readParams()).generator[0];
  }

  /** Everything the charts show, read back in one asynchronous batch. */
  async snapshot(opts: SnapshotOptions = {}): Promise<Snapshot> {
    this.assertAlive();
    // images have no plane: no field grid and no arrows; the critic scores real images instead
    const planar = this.target.dim === 2;
    const nSamples = planar ? (opts.samples ?? 1000) : Math.min(opts.samples ?? IMAGE_SAMPLES, IMAGE_SAMPLES);
    const nGrid = planar ? (opts.grid ?? 60) : 0;
    const nArrows = planar ? Math.min(opts.arrows ?? 150, nSamples) : 0;
    const scored = planar ? this.gridPoints(nGrid) : this.evalTarget(nSamples);
    const d = await this.snapshotData(this.displayLatent(nSamples), nSamples, scored, planar ? nGrid * nGrid : nSamples, nArrows);
    const logit = this.lossInfo.output === 'logit';
    const field = logit ? d.field.map((v) => 1 / (1 + Math.exp(-v))) : d.field;
    const clip = this.lossInfo.constraint === 'clip' ? this.settings.clip : 0;
    const present = [d.losses.critic, d.losses.penalty, d.losses.generator, d.losses.reconstruction ?? null].filter((v): v is number => v !== null);
    // non-finite, or finite but out of all bounds (treated like a divergence), over every step since the last look
    const verdict = await this.runawayVerdict({ generated: d.generated, criticOutputs: d.field, losses: present, criticParams: d.criticParams });
    const theta = this.settings.generator === 'theta' ? await this.thetaValue() : null;
    return {
      criticSteps: this.criticSteps,
      generatorSteps: this.generatorSteps,
      criticLoss: d.losses.critic ?? NaN,
      penalty: d.losses.penalty ?? NaN,
      generatorLoss: d.losses.generator ?? NaN,
      estimate: this.lossInfo.estimate && d.losses.critic !== null ? { label: this.lossInfo.estimate.label, value: this.lossInfo.estimate.fromCriticLoss(d.losses.critic) } : null,
      generated: d.generated,
      target: this.evalTarget(planar ? (opts.targetSamples ?? nSamples) : nSamples).slice(),
      field: { n: nGrid, extent: this.target.extent, values: planar ? field : new Float32Array(0), kind: logit ? 'probability' : 'score' },
      ...(planar ? {} : { scores: { real: d.field.slice(), generated: d.generatedScores ?? new Float32Array(0) } }),
      arrows: { points: d.generated.slice(0, nArrows * 2), gradients: d.arrowGradients },
      gradNorm: d.gradNorm,
      weights: layerWeightStats(d.criticParams, this.criticLayout(), clip),
      theta,
      diverged: verdict.nonFinite ? (verdict.message ?? DIVERGED_HINT) : verdict.message,
      memory: this.memoryUse(),
      ...(d.alae ? { alae: d.alae } : {}),
    };
  }

  /** Exact W1 against the target (with its two-sample floor) and mode coverage. */
  async evaluate(): Promise<Evaluation> {
    this.assertAlive();
    const gen = await this.generate(MODE_SAMPLES);
    const target = this.evalTarget(W1_SAMPLES);
    // fixed by the target and the seed: the same band from the first evaluation on (metrics/floor.ts)
    const { floor, floorSpread } = targetFloor(this.target, this.settings.seed, W1_SAMPLES, this.customPoints);
    const dim = this.target.dim;
    const evaluated = gen.subarray(0, W1_SAMPLES * dim);
    const plan = optimalTransport(evaluated, target, dim);
    return {
      generatorSteps: this.generatorSteps,
      exactW1: plan.w1,
      floor,
      floorSpread,
      modes: this.target.coverage ? this.target.coverage(gen) : this.target.modes ? modeCoverage(gen, this.target.modes) : null,
      transport: Number.isFinite(plan.w1) && dim === 2 ? transportLines(evaluated, target, plan) : null,
    };
  }

  /**
   * Why the run counts as a runaway or diverged, or null: the CLI's check, through the snapshot's
   * rules (the page's), on every step's losses since the last call.
   */
  async runaway(): Promise<string | null> {
    this.assertAlive();
    const snap = await this.snapshot({ samples: W1_SAMPLES, arrows: 0, targetSamples: 0 });
    // worded as the page's loop words it (worker/loop.ts markDiverged)
    if (snap.diverged === DIVERGED_HINT) return `At iteration ${this.generatorSteps} the losses became non-finite (NaN or ∞): the run diverged. Likely cause: ${likelyCauses(this.settings)}; or lower λ or the clip value, or reset.`;
    return snap.diverged;
  }

  async exportState(): Promise<TrainerState> {
    const p = await this.readParams();
    return {
      settings: { ...this.settings },
      customPoints: this.customPoints,
      criticSteps: this.criticSteps,
      generatorSteps: this.generatorSteps,
      critic: p.critic,
      generator: p.generator,
      optimizers: p.optimizers,
      ...(p.smoothed ? { smoothed: p.smoothed } : {}),
      rng: { data: this.rng.data.getState(), latent: this.rng.latent.getState(), eps: this.rng.eps.getState() },
    };
  }

  /** Continues `state` exactly: weights, moments, random streams and counters. */
  protected restore(state: TrainerState): void {
    this.writeParams(state);
    // weights that come in out of range are named as the cause if the run then runs away
    let max = 0;
    for (const a of [state.critic, state.generator]) for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]) || (a[i] === a[i] ? 0 : Infinity));
    this.loadedMaxWeight = max;
    this.stepsTaken = 0;
    this.widestSpreadRatio = 0;
    this.rng.data.setState(state.rng.data);
    this.rng.latent.setState(state.rng.latent);
    this.rng.eps.setState(state.rng.eps);
    this.criticSteps = state.criticSteps;
    this.generatorSteps = state.generatorSteps;
  }
}
