// Adam, RMSProp and SGD over a network's flat parameter vector. Hyperparameters are read
// at every step, so learning rates and betas change live without losing the moments.
import * as tf from '@tensorflow/tfjs-core';
import type { ParamVector } from './params';
import type { Settings } from './settings';

export type OptimizerKind = Settings['optimizer'];

export interface StepHyper {
  lr: number;
  beta1: number;
  beta2: number;
}

const EPS = 1e-8;

/** tf.variable copies its initial value: dispose the value, or every reset leaks it. */
function zeroVariable(size: number): tf.Variable {
  const init = tf.zeros([size]);
  const v = tf.variable(init, false);
  init.dispose();
  return v;
}

export class FlatOptimizer {
  readonly kind: OptimizerKind;
  private readonly m: tf.Variable | null;
  private readonly v: tf.Variable | null;
  /** Steps taken, for Adam's bias correction. */
  private t = 0;

  constructor(kind: OptimizerKind, size: number) {
    this.kind = kind;
    this.m = kind === 'adam' ? zeroVariable(size) : null;
    this.v = kind === 'sgd' ? null : zeroVariable(size);
  }

  get steps(): number {
    return this.t;
  }

  /** One update of `params` from gradient `grad` (same length); `clip` > 0 clips the result into [−clip, clip]. */
  step(params: ParamVector, grad: tf.Tensor, hp: StepHyper, clip = 0): void {
    this.t += 1;
    const next = tf.tidy(() => {
      const p = params.flat;
      let update: tf.Tensor;
      if (this.kind === 'adam') {
        const m = tf.add(tf.mul(this.m!, hp.beta1), tf.mul(grad, 1 - hp.beta1));
        const v = tf.add(tf.mul(this.v!, hp.beta2), tf.mul(tf.square(grad), 1 - hp.beta2));
        this.m!.assign(m);
        this.v!.assign(v);
        const bc1 = 1 - Math.pow(hp.beta1, this.t);
        const bc2 = 1 - Math.pow(hp.beta2, this.t);
        // PyTorch's form: p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps)
        update = tf.mul(hp.lr / bc1, tf.div(m, tf.add(tf.mul(tf.sqrt(v), 1 / Math.sqrt(bc2)), EPS)));
      } else if (this.kind === 'rmsprop') {
        const v = tf.add(tf.mul(this.v!, hp.beta2), tf.mul(tf.square(grad), 1 - hp.beta2));
        this.v!.assign(v);
        update = tf.mul(hp.lr, tf.div(grad, tf.add(tf.sqrt(v), EPS)));
      } else {
        update = tf.mul(hp.lr, grad);
      }
      const stepped = tf.sub(p, update);
      return clip > 0 ? tf.clipByValue(stepped, -clip, clip) : stepped;
    });
    params.assign(next);
    next.dispose();
  }

  /** Step count and copies of the moments. */
  async exportState(): Promise<{ kind: OptimizerKind; steps: number; m: Float32Array | null; v: Float32Array | null }> {
    const copy = async (t: tf.Variable | null) => (t ? ((await t.data()) as Float32Array).slice() : null);
    return { kind: this.kind, steps: this.t, m: await copy(this.m), v: await copy(this.v) };
  }

  /** Restores saved moments and step count (from exportState). */
  restore(state: { kind: OptimizerKind; steps: number; m: Float32Array | null; v: Float32Array | null }): void {
    if (state.kind !== this.kind) throw new Error(`saved optimizer is ${state.kind}, this one is ${this.kind}`);
    this.t = state.steps;
    const load = (target: tf.Variable | null, values: Float32Array | null) => {
      if (!target) return;
      if (!values || values.length !== target.size) throw new Error('saved optimizer moments do not match the network');
      const t = tf.tensor1d(values);
      target.assign(t);
      t.dispose();
    };
    load(this.m, state.m);
    load(this.v, state.v);
  }

  dispose(): void {
    this.m?.dispose();
    this.v?.dispose();
  }
}
