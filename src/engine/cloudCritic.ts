// The two-cloud lesson's dual side: a WGAN-GP critic trained on two fixed sample sets, whose
// E_P[f] − E_Q[f] approaches W1 (transportLesson.ts has the clouds and the primal plan). It is
// the engine's own critic: its network (networks.ts), the WGAN-GP loss and penalty
// (fastGradients.ts) and Adam (optimizers.ts).
import * as tf from '@tensorflow/tfjs-core';
import { fastGradients } from './fastGradients';
import type { GradientEngine } from './gradients';
import { lossOf } from './losses';
import { makeCritic, makeGenerator, type Generator, type Mlp } from './networks';
import { FlatOptimizer } from './optimizers';
import { Rng } from './rng';
import { defaultSettings, type Settings } from './settings';

export interface CloudCriticOptions {
  seed?: number;
  /** Hidden layers and width of the critic (the engine's MLP). */
  layers?: number;
  width?: number;
  activation?: Settings['activation'];
  /** Gradient penalty weight λ (WGAN-GP's 10). */
  lambda?: number;
  /** Adam's learning rate and betas. */
  lr?: number;
  beta1?: number;
  beta2?: number;
}

/** The lesson's critic settings: measured in tests/transportLesson.test.ts (see the README). */
export const CLOUD_CRITIC_DEFAULTS: Required<Omit<CloudCriticOptions, 'seed'>> = {
  layers: 2,
  width: 64,
  activation: 'leaky-relu',
  lambda: 10,
  lr: 1e-3,
  beta1: 0.5,
  beta2: 0.9,
};

/**
 * A WGAN-GP critic trained on two fixed sample sets: f is pushed up on x (P) and down on y
 * (Q), with λ E[(‖∇f(x̂)‖ − 1)²] at interpolates between x and a fresh random pairing of y
 * each step. Full batch: every step sees all points.
 */
export class CloudCritic {
  readonly x: Float32Array;
  readonly y: Float32Array;
  steps = 0;
  private readonly critic: Mlp;
  private readonly generator: Generator;
  private readonly gradients: GradientEngine;
  private readonly optimizer: FlatOptimizer;
  private readonly options: Required<Omit<CloudCriticOptions, 'seed'>>;
  private readonly rng: Rng;
  private readonly xs: tf.Tensor2D;
  private readonly n: number;
  private disposed = false;

  constructor(x: Float32Array, y: Float32Array, opts: CloudCriticOptions = {}) {
    if (x.length !== y.length || x.length % 2 !== 0 || x.length === 0) throw new Error('CloudCritic needs two non-empty sample sets of the same size');
    this.x = x;
    this.y = y;
    this.n = x.length / 2;
    const seed = opts.seed ?? 1;
    this.options = { ...CLOUD_CRITIC_DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([k, v]) => k !== 'seed' && v !== undefined)) };
    const s: Settings = { ...defaultSettings(), loss: 'wgan-gp', dLayers: this.options.layers, dWidth: this.options.width, activation: this.options.activation, seed };
    const init = Rng.stream(seed, 'lesson-critic');
    this.critic = makeCritic(s, init);
    this.generator = makeGenerator(s, init); // unused by critic steps; the gradient engine's interface wants one
    this.gradients = fastGradients({ critic: this.critic, generator: this.generator, loss: lossOf('wgan-gp') });
    this.optimizer = new FlatOptimizer('adam', this.critic.params.size);
    this.rng = Rng.stream(seed, 'lesson-pairs');
    this.xs = tf.tensor2d(x, [this.n, 2]);
  }

  /** `count` critic steps. */
  train(count: number): void {
    if (this.disposed) throw new Error('this critic was disposed');
    const { lambda, lr, beta1, beta2 } = this.options;
    for (let k = 0; k < count; k++) {
      // a fresh random pairing of Q's points with P's for the interpolates
      const order = new Int32Array(this.n);
      for (let i = 0; i < this.n; i++) order[i] = i;
      for (let i = this.n - 1; i > 0; i--) {
        const j = this.rng.int(i + 1);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      const shuffled = new Float32Array(2 * this.n);
      for (let i = 0; i < this.n; i++) {
        shuffled[2 * i] = this.y[2 * order[i]];
        shuffled[2 * i + 1] = this.y[2 * order[i] + 1];
      }
      const fake = tf.tensor2d(shuffled, [this.n, 2]);
      const eps = tf.tensor2d(this.rng.fillUniform(new Float32Array(this.n)), [this.n, 1]);
      const res = this.gradients.critic(this.xs, fake, eps, { kind: 'gp', lambda, oneSided: false });
      this.optimizer.step(this.critic.params, res.grad, { lr, beta1, beta2 });
      tf.dispose([fake, eps, res.grad, res.loss, res.penalty]);
      this.steps++;
    }
  }

  /** f at n points (n x 2). */
  async values(points: Float32Array): Promise<Float32Array> {
    const out = tf.tidy(() => this.critic.forward(tf.tensor2d(points, [points.length / 2, 2])));
    const v = (await out.data()) as Float32Array;
    out.dispose();
    return v;
  }

  /**
   * The dual estimate E_P[f] − E_Q[f] over all the points (`raw`), and `slope`, the largest
   * ‖∇f‖ measured on a grid over the points' bounding box and at the points themselves. The
   * penalty is soft, so f's slope settles a little above 1 (near 1 + W1/(2λ): the gain of a
   * steeper f against the penalty's cost), and `raw` with it; f/slope has slope at most 1
   * there, so `bound` = raw/slope (raw when slope < 1) is a lower bound on W1 by duality, up
   * to the grid's resolution.
   */
  async estimate(): Promise<{ raw: number; slope: number; bound: number }> {
    const pts = this.probePoints();
    const [f, g] = tf.tidy(() => {
      const at = tf.tensor2d(pts, [pts.length / 2, 2]);
      const out = this.critic.forward(at);
      const grad = tf.grad((p: tf.Tensor) => tf.sum(this.critic.forward(p)))(at);
      return [out, tf.max(tf.sqrt(tf.sum(tf.square(grad), 1)))];
    });
    const [fv, gv] = await Promise.all([f.data(), g.data()]);
    tf.dispose([f, g]);
    let sum = 0;
    for (let i = 0; i < this.n; i++) sum += fv[i] - fv[this.n + i];
    const raw = sum / this.n;
    const slope = gv[0];
    return { raw, slope, bound: slope > 1 ? raw / slope : raw };
  }

  private probe: Float32Array | null = null;

  /** x, then y, then a 40 x 40 grid over their bounding box. */
  private probePoints(): Float32Array {
    if (this.probe) return this.probe;
    const G = 40;
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const pts of [this.x, this.y]) {
      for (let i = 0; i < pts.length; i += 2) {
        x0 = Math.min(x0, pts[i]);
        x1 = Math.max(x1, pts[i]);
        y0 = Math.min(y0, pts[i + 1]);
        y1 = Math.max(y1, pts[i + 1]);
      }
    }
    const out = new Float32Array(this.x.length * 2 + G * G * 2);
    out.set(this.x);
    out.set(this.y, this.x.length);
    let o = this.x.length * 2;
    for (let j = 0; j < G; j++) {
      for (let i = 0; i < G; i++) {
        out[o++] = x0 + ((x1 - x0) * i) / (G - 1);
        out[o++] = y0 + ((y1 - y0) * j) / (G - 1);
      }
    }
    this.probe = out;
    return out;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.xs.dispose();
    this.critic.dispose();
    this.generator.dispose();
    this.optimizer.dispose();
  }
}
