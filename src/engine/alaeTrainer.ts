// ALAE (Pidhorskyi et al. 2020, the lecture's Algorithm 1) on tfjs autodiff, behind the same
// TrainerBase as the GANs, so that the loop, snapshots, exact W1, mode metrics, export/load
// and the CLI need nothing new. Per iteration, three steps:
//   I   E, D on  softplus(D(E(G(F(z))))) + softplus(−D(E(x))) + γ/2 · E‖∇ₓ D(E(x))‖²
//   II  F, G on  softplus(−D(E(G(F(z)))))
//   III E, G on  ‖F(z) − E(G(F(z)))‖²   (F(z) held fixed, as in the paper's code)
// Each step moves only its own networks: the optimizers update the masked part of a side.
// Beside the trained weights, a smoothed copy of both sides (an exponential moving average,
// half-life 10,000 samples, as the authors' model_s) follows them after every step; with
// settings.alaeEma the samples, the plane, the latent chart and the evaluation come from it.
import * as tf from '@tensorflow/tfjs-core';
import { alaeEmaStepBeta, initAlae, projectLatents, type AlaeSide } from './alae';
import type { LayerIndex } from './architecture';
import { activate, type Activation } from './networks';
import type { ParamEntry } from './params';
import { ParamVector } from './params';
import { Rng } from './rng';
import type { SettingKey, Settings } from './settings';
import { TrainerBase, type AlaeView, type Losses, type MemoryUse, type OptimizerState, type SnapshotData, type TrainerOptions, type TrainerState } from './trainerBase';

/** Reconstruction lines drawn on the plane (target samples x -> G(E(x))). */
export const RECON_LINES = 200;
const EPS = 1e-8;

/** A plain MLP's forward pass over views of a joined vector (differentiable to any order). */
export function mlpForward(x: tf.Tensor, views: tf.Tensor[], layers: LayerIndex[], activation: Activation): tf.Tensor {
  let h = x;
  layers.forEach((l, i) => {
    const a = tf.add(tf.matMul(h, views[l.kernel]), views[l.bias]);
    h = i + 1 < layers.length ? activate(a, activation) : a;
  });
  return h;
}

/** The four networks as functions of the two sides' views. */
export interface AlaeNets {
  activation: Activation;
  critic: AlaeSide;
  generator: AlaeSide;
}

export const alaeNets = {
  F: (n: AlaeNets, z: tf.Tensor, gv: tf.Tensor[]) => mlpForward(z, gv, n.generator.first, n.activation),
  G: (n: AlaeNets, w: tf.Tensor, gv: tf.Tensor[]) => mlpForward(w, gv, n.generator.second, n.activation),
  E: (n: AlaeNets, x: tf.Tensor, cv: tf.Tensor[]) => mlpForward(x, cv, n.critic.first, n.activation),
  D: (n: AlaeNets, w: tf.Tensor, cv: tf.Tensor[]) => mlpForward(w, cv, n.critic.second, n.activation),
};

/** Step I's two terms for given fake images G(F(z)) and real x: the adversarial loss and the R1 penalty. */
export function alaeStepILoss(n: AlaeNets, cv: tf.Tensor[], real: tf.Tensor, fake: tf.Tensor, gamma: number): { adv: tf.Scalar; r1: tf.Scalar } {
  const DE = (x: tf.Tensor) => alaeNets.D(n, alaeNets.E(n, x, cv), cv);
  const adv = tf.add(tf.mean(tf.softplus(DE(fake))), tf.mean(tf.softplus(tf.neg(DE(real))))) as tf.Scalar;
  let r1: tf.Scalar;
  if (gamma > 0) {
    const g = tf.grad((x: tf.Tensor) => tf.sum(DE(x)))(real);
    r1 = tf.mul(gamma / 2, tf.mean(tf.sum(tf.square(g), 1))) as tf.Scalar;
  } else r1 = tf.scalar(0);
  return { adv, r1 };
}

/** Step II's loss: softplus(−D(E(G(F(z))))). */
export function alaeStepIILoss(n: AlaeNets, cv: tf.Tensor[], gv: tf.Tensor[], z: tf.Tensor): tf.Scalar {
  const x = alaeNets.G(n, alaeNets.F(n, z, gv), gv);
  return tf.mean(tf.softplus(tf.neg(alaeNets.D(n, alaeNets.E(n, x, cv), cv)))) as tf.Scalar;
}

/** Step III's loss for given w = F(z) (held fixed): mean over rows of ‖w − E(G(w))‖². */
export function alaeStepIIILoss(n: AlaeNets, cv: tf.Tensor[], gv: tf.Tensor[], w: tf.Tensor): tf.Scalar {
  const back = alaeNets.E(n, alaeNets.G(n, w, gv), cv);
  return tf.mean(tf.sum(tf.square(tf.sub(w, back)), 1)) as tf.Scalar;
}

/**
 * Adam / RMSProp / SGD over one side's flat vector, updating only the entries where `mask`
 * is 1: the moments and weights of the side's other network stay exactly as they were.
 */
class MaskedOptimizer {
  readonly kind: Settings['optimizer'];
  private readonly m: tf.Variable | null;
  private readonly v: tf.Variable | null;
  private t = 0;

  constructor(kind: Settings['optimizer'], size: number) {
    this.kind = kind;
    const zeros = () => {
      const z = tf.zeros([size]);
      const v = tf.variable(z, false);
      z.dispose();
      return v;
    };
    this.m = kind === 'adam' ? zeros() : null;
    this.v = kind === 'sgd' ? null : zeros();
  }

  step(params: ParamVector, grad: tf.Tensor, mask: tf.Tensor, hp: { lr: number; beta1: number; beta2: number }): void {
    this.t += 1;
    const next = tf.tidy(() => {
      const blend = (old: tf.Tensor, upd: tf.Tensor) => tf.add(old, tf.mul(mask, tf.sub(upd, old)));
      let update: tf.Tensor;
      if (this.kind === 'adam') {
        const m = blend(this.m!, tf.add(tf.mul(this.m!, hp.beta1), tf.mul(grad, 1 - hp.beta1)));
        const v = blend(this.v!, tf.add(tf.mul(this.v!, hp.beta2), tf.mul(tf.square(grad), 1 - hp.beta2)));
        this.m!.assign(m);
        this.v!.assign(v);
        const bc1 = 1 - Math.pow(hp.beta1, this.t);
        const bc2 = 1 - Math.pow(hp.beta2, this.t);
        update = tf.mul(hp.lr / bc1, tf.div(m, tf.add(tf.mul(tf.sqrt(v), 1 / Math.sqrt(bc2)), EPS)));
      } else if (this.kind === 'rmsprop') {
        const v = blend(this.v!, tf.add(tf.mul(this.v!, hp.beta2), tf.mul(tf.square(grad), 1 - hp.beta2)));
        this.v!.assign(v);
        update = tf.mul(hp.lr, tf.div(grad, tf.add(tf.sqrt(v), EPS)));
      } else update = tf.mul(hp.lr, grad);
      return tf.sub(params.flat, tf.mul(mask, update));
    });
    params.assign(next);
    next.dispose();
  }

  async exportState(): Promise<OptimizerState> {
    const copy = async (t: tf.Variable | null) => (t ? ((await t.data()) as Float32Array).slice() : null);
    return { kind: this.kind, steps: this.t, m: await copy(this.m), v: await copy(this.v) };
  }

  restore(state: OptimizerState): void {
    if (state.kind !== this.kind) throw new Error(`saved optimizer is ${state.kind}, this one is ${this.kind}`);
    this.t = state.steps;
    for (const [target, values] of [
      [this.m, state.m],
      [this.v, state.v],
    ] as const) {
      if (!target) continue;
      if (!values || values.length !== target.size) throw new Error('saved optimizer moments do not match the network');
      const t = tf.tensor1d(values);
      target.assign(t);
      t.dispose();
    }
  }

  dispose(): void {
    this.m?.dispose();
    this.v?.dispose();
  }
}

/** 0/1 masks over a side: its first network, its second, or both. */
function sideMasks(side: AlaeSide): { first: tf.Tensor1D; second: tf.Tensor1D; both: tf.Tensor1D } {
  const size = side.values.length;
  const first = new Float32Array(size);
  first.fill(1, 0, side.firstSize);
  const second = first.map((v) => 1 - v);
  return { first: tf.tensor1d(first), second: tf.tensor1d(second), both: tf.ones([size]) as tf.Tensor1D };
}

export class AlaeTrainer extends TrainerBase {
  readonly engineName = 'autodiff';
  readonly nets: AlaeNets;
  /** E then D. */
  readonly critic: ParamVector;
  /** F then G. */
  readonly generator: ParamVector;
  /** The moving averages of both sides (the authors' model_s), updated after every step. */
  readonly smoothed: { critic: ParamVector; generator: ParamVector };
  reconstructionSteps = 0;

  private optD: MaskedOptimizer;
  private optG: MaskedOptimizer;
  private readonly masks: { critic: ReturnType<typeof sideMasks>; generator: ReturnType<typeof sideMasks> };
  private last: { critic?: tf.Scalar; penalty?: tf.Scalar; generator?: tf.Scalar; reconstruction?: tf.Scalar } = {};

  constructor(settings: Settings, opts: TrainerOptions = {}) {
    super(settings, opts);
    if (settings.model !== 'alae') throw new Error('AlaeTrainer needs model = alae');
    const init = initAlae(settings, Rng.stream(settings.seed, 'init'));
    this.nets = { activation: settings.activation, critic: init.critic, generator: init.generator };
    this.critic = new ParamVector(init.critic.layout, init.critic.values);
    this.generator = new ParamVector(init.generator.layout, init.generator.values);
    this.smoothed = { critic: new ParamVector(init.critic.layout, init.critic.values), generator: new ParamVector(init.generator.layout, init.generator.values) };
    this.optD = new MaskedOptimizer(settings.optimizer, this.critic.size);
    this.optG = new MaskedOptimizer(settings.optimizer, this.generator.size);
    this.masks = { critic: sideMasks(init.critic), generator: sideMasks(init.generator) };
  }

  static fromState(state: TrainerState): AlaeTrainer {
    const t = new AlaeTrainer(state.settings, { customPoints: state.customPoints });
    t.restore(state);
    return t;
  }

  criticLayout(): ParamEntry[] {
    return this.critic.layout;
  }

  private keepLast(key: keyof AlaeTrainer['last'], t: tf.Scalar): void {
    this.last[key]?.dispose();
    this.last[key] = t;
  }

  private latentBatch(n: number): tf.Tensor2D {
    return tf.tensor2d(this.sampleLatent(n, this.rng.latent), [n, this.latentDim]);
  }

  private hyper(side: 'critic' | 'generator') {
    const s = this.settings;
    return { lr: side === 'critic' ? s.lrD : s.lrG, beta1: s.beta1, beta2: s.beta2 };
  }

  /** Moves the smoothed copies a step towards the trained weights (β^(1/3) per step, β = 0.5^(batch/10,000) per iteration). */
  private smooth(): void {
    const beta = alaeEmaStepBeta(this.settings.batchSize);
    for (const side of ['critic', 'generator'] as const) {
      const avg = this.smoothed[side];
      const next = tf.tidy(() => tf.add(avg.flat, tf.mul(1 - beta, tf.sub(this[side].flat, avg.flat))));
      avg.assign(next);
      next.dispose();
    }
  }

  /** The weights drawn and evaluated: the smoothed copies with settings.alaeEma, else the trained ones. */
  private drawn(): { critic: ParamVector; generator: ParamVector } {
    return this.settings.alaeEma ? this.smoothed : { critic: this.critic, generator: this.generator };
  }

  /** Three steps per iteration: I (the critic step), then II and III. */
  override get criticStepsPerIteration(): number {
    return 1;
  }

  override finishIteration(): void {
    this.generatorStep();
    this.reconstructionStep();
  }

  /** Step I: E and D, discriminating E(x) from E(G(F(z))), with R1 at the real samples. */
  criticStep(): void {
    this.assertAlive();
    const b = this.settings.batchSize;
    const real = tf.tensor2d(this.target.sample(b, this.rng.data), [b, 2]);
    const z = this.latentBatch(b);
    const res = tf.tidy(() => {
      const gv = this.generator.views();
      const fake = alaeNets.G(this.nets, alaeNets.F(this.nets, z, gv), gv);
      let adv: tf.Scalar | null = null;
      let r1: tf.Scalar | null = null;
      const { grads } = tf.variableGrads(() => {
        const terms = alaeStepILoss(this.nets, this.critic.tapedViews(), real, fake, this.settings.gamma);
        adv = tf.keep(terms.adv);
        r1 = tf.keep(terms.r1);
        return tf.add(terms.adv, terms.r1) as tf.Scalar;
      }, [this.critic.flat]);
      return { grad: grads[this.critic.flat.name], adv: adv!, r1: r1! };
    });
    this.optD.step(this.critic, res.grad, this.masks.critic.both, this.hyper('critic'));
    tf.dispose([real, z, res.grad]);
    this.keepLast('critic', res.adv);
    this.keepLast('penalty', res.r1);
    this.noteStepTensors([res.adv, res.r1]);
    this.smooth();
    this.criticSteps++;
  }

  /** Step II: F and G, fooling D through E. */
  generatorStep(): void {
    this.assertAlive();
    const z = this.latentBatch(this.settings.batchSize);
    const res = tf.tidy(() => {
      const cv = this.critic.views();
      let value: tf.Scalar | null = null;
      const { grads } = tf.variableGrads(() => {
        value = alaeStepIILoss(this.nets, cv, this.generator.tapedViews(), z);
        return value;
      }, [this.generator.flat]);
      return { grad: grads[this.generator.flat.name], loss: value! };
    });
    this.optG.step(this.generator, res.grad, this.masks.generator.both, this.hyper('generator'));
    tf.dispose([z, res.grad]);
    this.keepLast('generator', res.loss);
    this.noteStepTensors([res.loss]);
    this.smooth();
    this.generatorSteps++;
  }

  /** Step III: E and G, making E(G(w)) give back w = F(z). */
  override reconstructionStep(): void {
    this.assertAlive();
    const z = this.latentBatch(this.settings.batchSize);
    const res = tf.tidy(() => {
      const w = alaeNets.F(this.nets, z, this.generator.views());
      let value: tf.Scalar | null = null;
      const { grads } = tf.variableGrads(() => {
        value = alaeStepIIILoss(this.nets, this.critic.tapedViews(), this.generator.tapedViews(), w);
        return value;
      }, [this.critic.flat, this.generator.flat]);
      return { gradC: grads[this.critic.flat.name], gradG: grads[this.generator.flat.name], loss: value! };
    });
    this.optD.step(this.critic, res.gradC, this.masks.critic.first, this.hyper('critic'));
    this.optG.step(this.generator, res.gradG, this.masks.generator.second, this.hyper('generator'));
    tf.dispose([z, res.gradC, res.gradG]);
    this.keepLast('reconstruction', res.loss);
    this.noteStepTensors([res.loss]);
    this.smooth();
    this.reconstructionSteps++;
  }

  memoryUse(): MemoryUse {
    const m = tf.memory();
    return { tensors: m.numTensors, bytes: m.numBytes };
  }

  protected onLiveChange(key: SettingKey): void {
    if (key === 'optimizer') {
      this.optD.dispose();
      this.optG.dispose();
      this.optD = new MaskedOptimizer(this.settings.optimizer, this.critic.size);
      this.optG = new MaskedOptimizer(this.settings.optimizer, this.generator.size);
    }
  }

  private sample(z: tf.Tensor): tf.Tensor {
    const gv = this.drawn().generator.views();
    return alaeNets.G(this.nets, alaeNets.F(this.nets, z, gv), gv);
  }

  protected async generateFrom(zValues: Float32Array, n: number): Promise<Float32Array> {
    const z = tf.tensor2d(zValues, [n, this.latentDim]);
    const x = tf.tidy(() => this.sample(z));
    const data = (await x.data()) as Float32Array;
    tf.dispose([z, x]);
    return data;
  }

  protected async snapshotData(zValues: Float32Array, n: number, grid: Float32Array, gridPoints: number, nArrows: number): Promise<SnapshotData> {
    const z = tf.tensor2d(zValues, [n, this.latentDim]);
    const g = tf.tensor2d(grid, [gridPoints, 2]);
    const real = tf.tensor2d(this.evalTarget(n), [n, 2]);
    const nLines = Math.min(RECON_LINES, n);
    const drawn = this.drawn();
    const tensors = tf.tidy(() => {
      const cv = drawn.critic.views();
      const gv = drawn.generator.views();
      const DE = (x: tf.Tensor) => alaeNets.D(this.nets, alaeNets.E(this.nets, x, cv), cv);
      const w = alaeNets.F(this.nets, z, gv);
      const gen = alaeNets.G(this.nets, w, gv);
      const back = alaeNets.E(this.nets, gen, cv);
      const latentError = tf.mean(tf.sum(tf.square(tf.sub(w, back)), 1));
      const field = DE(g);
      const grads = tf.grad((x: tf.Tensor) => tf.sum(DE(x)))(gen);
      const gradNorm = tf.mean(tf.sqrt(tf.sum(tf.square(grads), 1)));
      const encoded = alaeNets.E(this.nets, real, cv);
      const recon = alaeNets.G(this.nets, tf.slice(encoded, [0, 0], [nLines, this.settings.wDim]), gv);
      return { gen, field, arrowGrads: tf.slice(grads, [0, 0], [nArrows, 2]), gradNorm, w, encoded, recon, latentError };
    });
    const [gen, field, arrowGrads, gradNorm, w, encoded, recon, latentError, criticParams, losses] = await Promise.all([
      tensors.gen.data(),
      tensors.field.data(),
      tensors.arrowGrads.data(),
      tensors.gradNorm.data(),
      tensors.w.data(),
      tensors.encoded.data(),
      tensors.recon.data(),
      tensors.latentError.data(),
      drawn.critic.read(),
      this.losses(),
    ]);
    const realValues = (await real.data()) as Float32Array;
    tf.dispose([z, g, real, ...Object.values(tensors)]);
    const projected = projectLatents(w as Float32Array, encoded as Float32Array, this.settings.wDim);
    const alae: AlaeView = {
      mapped: projected.a,
      encoded: projected.b,
      explained: projected.explained,
      wDim: this.settings.wDim,
      reconFrom: realValues.slice(0, nLines * 2),
      reconTo: recon as Float32Array,
      latentError: latentError[0],
    };
    return {
      generated: gen as Float32Array,
      field: field as Float32Array,
      arrowGradients: arrowGrads as Float32Array,
      gradNorm: gradNorm[0],
      criticParams,
      losses,
      alae,
    };
  }

  async losses(): Promise<Losses> {
    const read = (t?: tf.Scalar) => (t ? t.data().then((d) => d[0]) : Promise.resolve(null));
    const [critic, penalty, generator, reconstruction] = await Promise.all([
      read(this.last.critic),
      read(this.last.penalty),
      read(this.last.generator),
      read(this.last.reconstruction),
    ]);
    return { critic, penalty, generator, reconstruction };
  }

  protected async readParams(): Promise<Pick<TrainerState, 'critic' | 'generator' | 'optimizers' | 'smoothed'>> {
    return {
      critic: await this.critic.read(),
      generator: await this.generator.read(),
      optimizers: { critic: await this.optD.exportState(), generator: await this.optG.exportState() },
      smoothed: { critic: await this.smoothed.critic.read(), generator: await this.smoothed.generator.read() },
    };
  }

  protected writeParams(state: TrainerState): void {
    this.critic.write(state.critic);
    this.generator.write(state.generator);
    // a state without the moving averages (saved before they existed) restarts them at the weights
    this.smoothed.critic.write(state.smoothed?.critic ?? state.critic);
    this.smoothed.generator.write(state.smoothed?.generator ?? state.generator);
    this.optD.restore(state.optimizers.critic);
    this.optG.restore(state.optimizers.generator);
  }

  dispose(): void {
    if (this.disposed) return;
    this.lossPeak.dispose();
    this.disposed = true;
    this.critic.dispose();
    this.generator.dispose();
    this.smoothed.critic.dispose();
    this.smoothed.generator.dispose();
    this.optD.dispose();
    this.optG.dispose();
    tf.dispose([...Object.values(this.masks.critic), ...Object.values(this.masks.generator)]);
    tf.dispose(Object.values(this.last).filter((t): t is tf.Scalar => !!t));
  }
}
