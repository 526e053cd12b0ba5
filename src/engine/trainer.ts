// The tfjs trainer: steps computed with tfjs ops on the active backend (WebGL, wasm, cpu).
// No read-back happens inside a step: losses stay on the device until a snapshot or a
// history row reads them asynchronously.
import * as tf from '@tensorflow/tfjs-core';
import { autodiffGradients } from './autodiffGradients';
import { fastGradients } from './fastGradients';
import { fastPathSupports, penaltyOf, type GradientEngine, type PenaltyConfig } from './gradients';
import { lossOf, type LossDef } from './losses';
import { initNetworks } from './architecture';
import { makeCritic, makeGenerator, type Generator, type Mlp } from './networks';
import { FlatOptimizer } from './optimizers';
import type { ParamEntry } from './params';
import { Rng } from './rng';
import type { SettingKey, Settings } from './settings';
import { TrainerBase, type Losses, type MemoryUse, type SnapshotData, type TrainerOptions as BaseOptions, type TrainerState } from './trainerBase';

export * from './trainerBase';

export interface TrainerOptions extends BaseOptions {
  /** Which gradient computation to use; 'auto' takes the fast path where it applies. */
  gradients?: 'auto' | 'autodiff' | 'fast';
}

export class Trainer extends TrainerBase {
  readonly loss: LossDef;
  readonly critic: Mlp;
  readonly generator: Generator;
  readonly gradients: GradientEngine;

  private optD: FlatOptimizer;
  private optG: FlatOptimizer;
  private last: { critic?: tf.Scalar; penalty?: tf.Scalar; generator?: tf.Scalar } = {};

  constructor(settings: Settings, opts: TrainerOptions = {}) {
    super(settings, opts);
    this.loss = lossOf(settings.loss);
    const init = Rng.stream(settings.seed, 'init');
    this.critic = makeCritic(settings, init);
    this.generator = makeGenerator(settings, init);
    this.optD = new FlatOptimizer(settings.optimizer, this.critic.params.size);
    this.optG = new FlatOptimizer(settings.optimizer, this.generator.params.size);
    const want = opts.gradients ?? 'auto';
    const fast = want === 'fast' || (want === 'auto' && fastPathSupports(settings));
    const nets = { critic: this.critic, generator: this.generator, loss: this.loss };
    this.gradients = fast ? fastGradients(nets) : autodiffGradients(nets);
  }

  get engineName(): string {
    return this.gradients.name;
  }

  /** A trainer that continues `state` exactly (settings, weights, moments, random streams). */
  static fromState(state: TrainerState, opts: Omit<TrainerOptions, 'customPoints'> = {}): Trainer {
    const t = new Trainer(state.settings, { ...opts, customPoints: state.customPoints });
    t.restore(state);
    return t;
  }

  criticLayout(): ParamEntry[] {
    return this.critic.params.layout;
  }

  private penaltyConfig(): PenaltyConfig | null {
    return penaltyOf(this.settings, this.loss.constraint);
  }

  private keepLast(key: 'critic' | 'penalty' | 'generator', t: tf.Scalar): void {
    this.last[key]?.dispose();
    this.last[key] = t;
  }

  private latentBatch(n: number): tf.Tensor2D {
    return tf.tensor2d(this.sampleLatent(n, this.rng.latent), [n, this.latentDim]);
  }

  /** One update of the discriminator / critic. */
  criticStep(): void {
    this.assertAlive();
    const s = this.settings;
    const b = s.batchSize;
    const real = tf.tensor2d(this.target.sample(b, this.rng.data), [b, this.target.dim]);
    const z = this.latentBatch(b);
    const eps = tf.tensor2d(this.rng.eps.fillUniform(new Float32Array(b)), [b, 1]);
    const fake = tf.tidy(() => this.generator.forward(z) as tf.Tensor2D);
    const res = this.gradients.critic(real, fake, eps, this.penaltyConfig());
    const clip = this.loss.constraint === 'clip' ? s.clip : 0;
    this.optD.step(this.critic.params, res.grad, { lr: s.lrD, beta1: s.beta1, beta2: s.beta2 }, clip);
    tf.dispose([real, z, eps, fake, res.grad]);
    this.keepLast('critic', res.loss);
    this.keepLast('penalty', res.penalty);
    this.noteStepTensors([res.loss, res.penalty]);
    this.criticSteps++;
  }

  /** One update of the generator. */
  generatorStep(): void {
    this.assertAlive();
    const s = this.settings;
    const b = s.batchSize;
    const z = this.latentBatch(b);
    const real = this.loss.generator.real ? tf.tensor2d(this.target.sample(b, this.rng.data), [b, this.target.dim]) : null;
    const res = this.gradients.generator(z, real);
    this.optG.step(this.generator.params, res.grad, { lr: s.lrG, beta1: s.beta1, beta2: s.beta2 });
    tf.dispose([z, res.grad]);
    real?.dispose();
    this.keepLast('generator', res.loss);
    this.noteStepTensors([res.loss]);
    this.generatorSteps++;
  }

  memoryUse(): MemoryUse {
    const m = tf.memory();
    return { tensors: m.numTensors, bytes: m.numBytes };
  }

  protected onLiveChange(key: SettingKey): void {
    if (key === 'optimizer') {
      this.optD.dispose();
      this.optG.dispose();
      this.optD = new FlatOptimizer(this.settings.optimizer, this.critic.params.size);
      this.optG = new FlatOptimizer(this.settings.optimizer, this.generator.params.size);
    }
  }

  protected async generateFrom(zValues: Float32Array, n: number): Promise<Float32Array> {
    const z = tf.tensor2d(zValues, [n, this.latentDim]);
    const x = tf.tidy(() => this.generator.forward(z));
    const data = (await x.data()) as Float32Array;
    tf.dispose([z, x]);
    return data;
  }

  protected async snapshotData(zValues: Float32Array, n: number, grid: Float32Array, gridPoints: number, nArrows: number): Promise<SnapshotData> {
    const z = tf.tensor2d(zValues, [n, this.latentDim]);
    const g = tf.tensor2d(grid, [gridPoints, this.target.dim]);
    const tensors = tf.tidy(() => {
      const gen = this.generator.forward(z);
      const field = this.critic.forward(g);
      const grads = tf.grad((x: tf.Tensor) => tf.sum(this.critic.forward(x)))(gen);
      const gradNorm = tf.mean(tf.sqrt(tf.sum(tf.square(grads), 1)));
      const genScores = this.critic.forward(gen);
      return { gen, field, arrowGrads: tf.slice(grads, [0, 0], [nArrows, this.target.dim]), gradNorm, genScores };
    });
    const [gen, field, arrowGrads, gradNorm, criticParams, losses, genScores] = await Promise.all([
      tensors.gen.data(),
      tensors.field.data(),
      tensors.arrowGrads.data(),
      tensors.gradNorm.data(),
      this.critic.params.read(),
      this.losses(),
      tensors.genScores.data(),
    ]);
    tf.dispose([z, g, ...Object.values(tensors)]);
    return {
      generated: gen as Float32Array,
      field: field as Float32Array,
      arrowGradients: arrowGrads as Float32Array,
      gradNorm: gradNorm[0],
      generatedScores: genScores as Float32Array,
      criticParams,
      losses,
    };
  }

  async losses(): Promise<Losses> {
    const read = (t?: tf.Scalar) => (t ? t.data().then((d) => d[0]) : Promise.resolve(null));
    const [critic, penalty, generator] = await Promise.all([read(this.last.critic), read(this.last.penalty), read(this.last.generator)]);
    return { critic, penalty, generator };
  }

  protected async readParams(): Promise<Pick<TrainerState, 'critic' | 'generator' | 'optimizers'>> {
    return {
      critic: await this.critic.params.read(),
      generator: await this.generator.params.read(),
      optimizers: { critic: await this.optD.exportState(), generator: await this.optG.exportState() },
    };
  }

  protected writeParams(state: TrainerState): void {
    this.critic.params.write(state.critic);
    this.generator.params.write(state.generator);
    this.optD.restore(state.optimizers.critic);
    this.optG.restore(state.optimizers.generator);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.lossPeak.dispose();
    this.critic.dispose();
    this.generator.dispose();
    this.optD.dispose();
    this.optG.dispose();
    tf.dispose([this.last.critic, this.last.penalty, this.last.generator].filter((t): t is tf.Scalar => !!t));
  }
}

/** Both networks' initial parameters for settings and seed, without tfjs (for checks). */
export function initialParams(s: Settings) {
  return initNetworks(s, Rng.stream(s.seed, 'init'));
}
