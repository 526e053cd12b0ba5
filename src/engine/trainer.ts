// The trainer: one critic step, one generator step or one whole iteration on demand,
// live hyperparameters, snapshots for the charts and exact metrics. No read-back happens
// inside a step: losses stay on the device until a snapshot reads them asynchronously.
import * as tf from '@tensorflow/tfjs-core';
import { autodiffGradients } from './autodiffGradients';
import { fastGradients } from './fastGradients';
import { fastPathSupports, type GradientEngine, type PenaltyConfig } from './gradients';
import { lossOf, type LossDef } from './losses';
import { exactW1 } from './metrics/wasserstein';
import { modeCoverage, type ModeCoverage } from './metrics/modes';
import { makeCritic, makeGenerator, type Generator, type Mlp } from './networks';
import { FlatOptimizer } from './optimizers';
import { Rng } from './rng';
import { SETTINGS, crossCheck, type SettingKey, type Settings } from './settings';
import { makeTarget, type Target } from './targets';
import { layerWeightStats, type LayerWeightStats } from './weightStats';

export type Points = ReadonlyArray<readonly [number, number]>;

export interface TrainerOptions {
  /** The user's points, for the custom target. */
  customPoints?: Points;
  /** Which gradient computation to use; 'auto' takes the fast path where it applies. */
  gradients?: 'auto' | 'autodiff' | 'fast';
}

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
  field: { n: number; extent: readonly [number, number, number, number]; values: Float32Array; kind: 'probability' | 'score' };
  arrows: { points: Float32Array; gradients: Float32Array };
  /** Mean ‖∇_x f‖ over the generated samples shown. */
  gradNorm: number;
  weights: LayerWeightStats[];
  theta: number | null;
  /** Set when the run diverged: what happened and what to try. */
  diverged: string | null;
}

export interface Evaluation {
  generatorSteps: number;
  /** Exact W1 between 500 generated and 500 target samples. */
  exactW1: number;
  /** Exact W1 between two independent 500-sample target sets: the best a perfect generator scores. */
  floor: number;
  /** Mode coverage over 2,500 samples (mixtures only). */
  modes: ModeCoverage | null;
}

export const W1_SAMPLES = 500;
export const MODE_SAMPLES = 2500;

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
}

export interface OptimizerState {
  kind: Settings['optimizer'];
  steps: number;
  m: Float32Array | null;
  v: Float32Array | null;
}

const DIVERGED_HINT =
  'the losses became non-finite (NaN or ∞): the run diverged. Lower the learning rates (try 10× smaller), ' +
  'lower λ or the clip value, or reset with another seed.';

export class Trainer {
  readonly settings: Settings;
  readonly target: Target;
  readonly loss: LossDef;
  readonly critic: Mlp;
  readonly generator: Generator;
  readonly gradients: GradientEngine;
  readonly customPoints?: Points;
  criticSteps = 0;
  generatorSteps = 0;

  private optD: FlatOptimizer;
  private optG: FlatOptimizer;
  private readonly rng: { data: Rng; latent: Rng; eps: Rng };
  private last: { critic?: tf.Scalar; penalty?: tf.Scalar; generator?: tf.Scalar } = {};
  private readonly fixed: { latent?: Float32Array; target?: Float32Array; floor?: number; grid?: { n: number; t: tf.Tensor2D } } = {};
  private disposed = false;

  constructor(settings: Settings, opts: TrainerOptions = {}) {
    const problems = crossCheck(settings);
    if (problems.length) throw new Error(problems.map((p) => p.message).join('; '));
    this.settings = { ...settings };
    this.customPoints = opts.customPoints;
    this.target = makeTarget(settings.target, opts.customPoints);
    this.loss = lossOf(settings.loss);
    const init = Rng.stream(settings.seed, 'init');
    this.critic = makeCritic(settings, init);
    this.generator = makeGenerator(settings, init);
    this.rng = {
      data: Rng.stream(settings.seed, 'data'),
      latent: Rng.stream(settings.seed, 'latent'),
      eps: Rng.stream(settings.seed, 'eps'),
    };
    this.optD = new FlatOptimizer(settings.optimizer, this.critic.params.size);
    this.optG = new FlatOptimizer(settings.optimizer, this.generator.params.size);
    const want = opts.gradients ?? 'auto';
    const fast = want === 'fast' || (want === 'auto' && fastPathSupports(settings));
    const nets = { critic: this.critic, generator: this.generator, loss: this.loss };
    this.gradients = fast ? fastGradients(nets) : autodiffGradients(nets);
  }

  /** Generator steps taken: the iteration counter. */
  get iteration(): number {
    return this.generatorSteps;
  }

  private penaltyConfig(): PenaltyConfig | null {
    if (this.loss.constraint !== 'penalty' || this.settings.lambda === 0) return null;
    return { lambda: this.settings.lambda, oneSided: this.settings.penalty === 'one-sided' };
  }

  private keepLast(key: 'critic' | 'penalty' | 'generator', t: tf.Scalar): void {
    this.last[key]?.dispose();
    this.last[key] = t;
  }

  private latentBatch(n: number): tf.Tensor2D {
    return tf.tensor2d(this.generator.sampleLatent(n, this.rng.latent), [n, this.generator.latentDim]);
  }

  /** One update of the discriminator / critic. */
  criticStep(): void {
    this.assertAlive();
    const s = this.settings;
    const b = s.batchSize;
    const real = tf.tensor2d(this.target.sample(b, this.rng.data), [b, 2]);
    const z = this.latentBatch(b);
    const eps = tf.tensor2d(this.rng.eps.fillUniform(new Float32Array(b)), [b, 1]);
    const fake = tf.tidy(() => this.generator.forward(z) as tf.Tensor2D);
    const res = this.gradients.critic(real, fake, eps, this.penaltyConfig());
    const clip = this.loss.constraint === 'clip' ? s.clip : 0;
    this.optD.step(this.critic.params, res.grad, { lr: s.lrD, beta1: s.beta1, beta2: s.beta2 }, clip);
    tf.dispose([real, z, eps, fake, res.grad]);
    this.keepLast('critic', res.loss);
    this.keepLast('penalty', res.penalty);
    this.criticSteps++;
  }

  /** One update of the generator. */
  generatorStep(): void {
    this.assertAlive();
    const s = this.settings;
    const b = s.batchSize;
    const z = this.latentBatch(b);
    const real = this.loss.generator.real ? tf.tensor2d(this.target.sample(b, this.rng.data), [b, 2]) : null;
    const res = this.gradients.generator(z, real);
    this.optG.step(this.generator.params, res.grad, { lr: s.lrG, beta1: s.beta1, beta2: s.beta2 });
    tf.dispose([z, res.grad]);
    real?.dispose();
    this.keepLast('generator', res.loss);
    this.generatorSteps++;
  }

  /** n_critic critic steps, then one generator step. */
  iterate(iterations = 1): void {
    for (let i = 0; i < iterations; i++) {
      for (let k = 0; k < this.settings.nCritic; k++) this.criticStep();
      this.generatorStep();
    }
  }

  /** Applies live settings; throws for a key that needs a reset. */
  update(changes: Partial<Settings>): void {
    for (const [key, value] of Object.entries(changes) as Array<[SettingKey, unknown]>) {
      if (this.settings[key] === value) continue;
      if (!SETTINGS[key].live) throw new Error(`changing ${key} needs a reset`);
      (this.settings as Record<string, unknown>)[key] = value;
      if (key === 'optimizer') {
        this.optD.dispose();
        this.optG.dispose();
        this.optD = new FlatOptimizer(this.settings.optimizer, this.critic.params.size);
        this.optG = new FlatOptimizer(this.settings.optimizer, this.generator.params.size);
      }
    }
  }

  private displayLatent(n: number): Float32Array {
    const d = this.generator.latentDim;
    if (!this.fixed.latent || this.fixed.latent.length < n * d) {
      this.fixed.latent = this.generator.sampleLatent(Math.max(n, MODE_SAMPLES), Rng.stream(this.settings.seed, 'display'));
    }
    return this.fixed.latent.subarray(0, n * d);
  }

  private evalTarget(n: number): Float32Array {
    if (!this.fixed.target || this.fixed.target.length < n * 2) {
      this.fixed.target = this.target.sample(Math.max(n, MODE_SAMPLES), Rng.stream(this.settings.seed, 'eval-target'));
    }
    return this.fixed.target.subarray(0, n * 2);
  }

  private gridTensor(n: number): tf.Tensor2D {
    if (!this.fixed.grid || this.fixed.grid.n !== n) {
      this.fixed.grid?.t.dispose();
      const [x0, x1, y0, y1] = this.target.extent;
      const pts = new Float32Array(n * n * 2);
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          pts[2 * (j * n + i)] = x0 + ((x1 - x0) * i) / (n - 1);
          pts[2 * (j * n + i) + 1] = y0 + ((y1 - y0) * j) / (n - 1);
        }
      }
      // keep: this may be called inside a tidy, and the grid outlives it
      this.fixed.grid = { n, t: tf.keep(tf.tensor2d(pts, [n * n, 2])) };
    }
    return this.fixed.grid.t;
  }

  /** Generated samples from the fixed display latents (n x 2, row-major). */
  async generate(n: number): Promise<Float32Array> {
    const z = tf.tensor2d(this.displayLatent(n), [n, this.generator.latentDim]);
    const x = tf.tidy(() => this.generator.forward(z));
    const data = (await x.data()) as Float32Array;
    tf.dispose([z, x]);
    return data;
  }

  /** Everything the charts show, read back in one asynchronous batch. */
  async snapshot(opts: SnapshotOptions = {}): Promise<Snapshot> {
    this.assertAlive();
    const nSamples = opts.samples ?? 1000;
    const nGrid = opts.grid ?? 60;
    const nArrows = Math.min(opts.arrows ?? 150, nSamples);
    const z = tf.tensor2d(this.displayLatent(nSamples), [nSamples, this.generator.latentDim]);
    const logit = this.loss.output === 'logit';
    const tensors = tf.tidy(() => {
      const gen = this.generator.forward(z);
      const fieldRaw = this.critic.forward(this.gridTensor(nGrid));
      const field = logit ? tf.sigmoid(fieldRaw) : fieldRaw;
      const arrowPts = tf.slice(gen, [0, 0], [nArrows, 2]);
      const grads = tf.grad((x: tf.Tensor) => tf.sum(this.critic.forward(x)))(gen);
      const gradNorm = tf.mean(tf.sqrt(tf.sum(tf.square(grads), 1)));
      return { gen, field, arrowPts, arrowGrads: tf.slice(grads, [0, 0], [nArrows, 2]), gradNorm };
    });
    const scalars = [this.last.critic, this.last.penalty, this.last.generator];
    const [gen, field, arrowPts, arrowGrads, gradNorm, params, ...losses] = await Promise.all([
      tensors.gen.data(),
      tensors.field.data(),
      tensors.arrowPts.data(),
      tensors.arrowGrads.data(),
      tensors.gradNorm.data(),
      this.critic.params.read(),
      ...scalars.map((t) => (t ? t.data() : Promise.resolve(new Float32Array([NaN])))),
    ]);
    tf.dispose([z, ...Object.values(tensors)]);
    const [criticLoss, penalty, generatorLoss] = losses.map((d) => d[0]);
    const clip = this.loss.constraint === 'clip' ? this.settings.clip : 0;
    // Only losses of steps taken since this trainer was made exist (a restored run has none yet).
    const present = scalars.map((t, i) => (t ? [criticLoss, penalty, generatorLoss][i] : 0));
    const nonFinite = present.some((v) => !Number.isFinite(v)) || !params.every(Number.isFinite);
    return {
      criticSteps: this.criticSteps,
      generatorSteps: this.generatorSteps,
      criticLoss,
      penalty,
      generatorLoss,
      estimate: this.loss.estimate && this.last.critic ? { label: this.loss.estimate.label, value: this.loss.estimate.fromCriticLoss(criticLoss) } : null,
      generated: gen as Float32Array,
      target: this.evalTarget(opts.targetSamples ?? nSamples).slice(),
      field: { n: nGrid, extent: this.target.extent, values: field as Float32Array, kind: logit ? 'probability' : 'score' },
      arrows: { points: arrowPts as Float32Array, gradients: arrowGrads as Float32Array },
      gradNorm: gradNorm[0],
      weights: layerWeightStats(params as Float32Array, this.critic.params.layout, clip),
      theta: this.generator.kind === 'theta' ? (await this.generator.params.read())[0] : null,
      diverged: nonFinite ? DIVERGED_HINT : null,
    };
  }

  /** Exact W1 against the target (with its two-sample floor) and mode coverage. */
  async evaluate(): Promise<Evaluation> {
    this.assertAlive();
    const gen = await this.generate(MODE_SAMPLES);
    const target = this.evalTarget(W1_SAMPLES);
    if (this.fixed.floor === undefined) {
      const other = this.target.sample(W1_SAMPLES, Rng.stream(this.settings.seed, 'floor'));
      this.fixed.floor = exactW1(target, other);
    }
    return {
      generatorSteps: this.generatorSteps,
      exactW1: exactW1(gen.subarray(0, W1_SAMPLES * 2), target),
      floor: this.fixed.floor,
      modes: this.target.modes ? modeCoverage(gen, this.target.modes) : null,
    };
  }

  /** Reads the last losses (async); null where no such step was taken since this trainer was made. */
  async losses(): Promise<{ critic: number | null; penalty: number | null; generator: number | null }> {
    const read = (t?: tf.Scalar) => (t ? t.data().then((d) => d[0]) : Promise.resolve(null));
    const [critic, penalty, generator] = await Promise.all([read(this.last.critic), read(this.last.penalty), read(this.last.generator)]);
    return { critic, penalty, generator };
  }

  async exportState(): Promise<TrainerState> {
    const opt = async (o: FlatOptimizer): Promise<OptimizerState> => {
      const { m, v } = o.moments();
      const copy = async (t: tf.Variable | null) => (t ? ((await t.data()) as Float32Array).slice() : null);
      return { kind: o.kind, steps: o.steps, m: await copy(m), v: await copy(v) };
    };
    return {
      settings: { ...this.settings },
      customPoints: this.customPoints,
      criticSteps: this.criticSteps,
      generatorSteps: this.generatorSteps,
      critic: await this.critic.params.read(),
      generator: await this.generator.params.read(),
      optimizers: { critic: await opt(this.optD), generator: await opt(this.optG) },
      rng: { data: this.rng.data.getState(), latent: this.rng.latent.getState(), eps: this.rng.eps.getState() },
    };
  }

  /** A trainer that continues `state` exactly (settings, weights, moments, random streams). */
  static fromState(state: TrainerState, opts: Omit<TrainerOptions, 'customPoints'> = {}): Trainer {
    const t = new Trainer(state.settings, { ...opts, customPoints: state.customPoints });
    t.critic.params.write(state.critic);
    t.generator.params.write(state.generator);
    t.optD.restore(state.optimizers.critic);
    t.optG.restore(state.optimizers.generator);
    t.rng.data.setState(state.rng.data);
    t.rng.latent.setState(state.rng.latent);
    t.rng.eps.setState(state.rng.eps);
    t.criticSteps = state.criticSteps;
    t.generatorSteps = state.generatorSteps;
    return t;
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('this trainer was disposed');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.critic.dispose();
    this.generator.dispose();
    this.optD.dispose();
    this.optG.dispose();
    this.fixed.grid?.t.dispose();
    tf.dispose([this.last.critic, this.last.penalty, this.last.generator].filter((t): t is tf.Scalar => !!t));
  }
}
