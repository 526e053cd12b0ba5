// Every adversarial loss, one object each, in one registry: adding a loss touches only
// this file. A loss is written as per-sample terms so that the trainer can take its
// derivative with respect to the critic's outputs in closed form (no autodiff tape):
//   critic loss    = mean_i real(D(x_i)) + mean_j fake(D(G(z_j)))
//   generator loss = mean_j genFake(D(G(z_j)))  [+ mean_i genReal(D(x_i)), constant in G]
// D(.) is the critic's raw output: a logit of P(real) for the GAN losses, a score otherwise.
import * as tf from '@tensorflow/tfjs-core';
import type { LossId, Settings } from './settings';

type T = tf.Tensor;

export interface Term {
  value(o: T): T;
  /** d value / d o, elementwise. */
  grad(o: T): T;
}

export interface LossDef {
  id: LossId;
  label: string;
  /** One sentence for the UI. */
  summary: string;
  /** Where the defaults come from. */
  reference: string;
  /** 'logit': the critic outputs the logit of P(real) (shown as a probability); 'score': unbounded. */
  output: 'logit' | 'score';
  /** How the critic is kept in check: nothing, weight clipping, or a gradient penalty. */
  constraint: 'none' | 'clip' | 'penalty';
  /** The paper's settings, loaded when the loss is chosen. */
  defaults: Partial<Settings>;
  critic: { real: Term; fake: Term };
  generator: { fake: Term; real?: Term };
  /** A divergence read off the critic loss (without penalty), e.g. W1 = −loss for WGAN. */
  estimate?: { label: 'W1' | 'JS'; fromCriticLoss(loss: number): number };
}

const half = (t: Term): Term => ({ value: (o) => tf.mul(0.5, t.value(o)), grad: (o) => tf.mul(0.5, t.grad(o)) });

// softplus(-o) = -log sigmoid(o) = -log D; its derivative is -sigmoid(-o).
const negLogD: Term = { value: (o) => tf.softplus(tf.neg(o)), grad: (o) => tf.neg(tf.sigmoid(tf.neg(o))) };
// softplus(o) = -log(1 - sigmoid(o)) = -log(1 - D); its derivative is sigmoid(o).
const negLog1mD: Term = { value: (o) => tf.softplus(o), grad: (o) => tf.sigmoid(o) };
const linear = (sign: 1 | -1): Term => ({
  value: (o) => (sign === 1 ? tf.clone(o) : tf.neg(o)),
  grad: (o) => tf.fill(o.shape, sign),
});
const neg = (t: Term): Term => ({ value: (o) => tf.neg(t.value(o)), grad: (o) => tf.neg(t.grad(o)) });
// relu(1 + sign*o): the hinge terms.
const hinge = (sign: 1 | -1): Term => ({
  value: (o) => tf.relu(tf.add(1, tf.mul(sign, o))),
  grad: (o) => tf.mul(sign, tf.step(tf.add(1, tf.mul(sign, o)))),
});
// (o - target)^2: the least-squares terms.
const squared = (target: number): Term => ({
  value: (o) => tf.square(tf.sub(o, target)),
  grad: (o) => tf.mul(2, tf.sub(o, target)),
});

const ganCritic = { real: half(negLogD), fake: half(negLog1mD) };
const jsEstimate = { label: 'JS' as const, fromCriticLoss: (loss: number) => Math.log(2) - loss };
const w1Estimate = { label: 'W1' as const, fromCriticLoss: (loss: number) => -loss };
const dcganAdam: Partial<Settings> = { optimizer: 'adam', lrD: 2e-4, lrG: 2e-4, beta1: 0.5, beta2: 0.999, nCritic: 1 };

export const LOSSES: Record<LossId, LossDef> = {
  minimax: {
    id: 'minimax',
    label: 'GAN (minimax, saturating)',
    summary:
      'J_D = −½E[log D(x)] − ½E[log(1 − D(G(z)))], J_G = −J_D. The generator’s gradient vanishes once D is confident.',
    reference: 'Goodfellow et al. 2014; Adam settings of DCGAN (Radford et al. 2016)',
    output: 'logit',
    constraint: 'none',
    defaults: dcganAdam,
    critic: ganCritic,
    // J_G = -J_D: the fake term is -½ softplus(f) = ½ log(1 - D(G(z))); the real term is constant in G.
    generator: { fake: neg(half(negLog1mD)), real: neg(half(negLogD)) },
    estimate: jsEstimate,
  },
  nonsaturating: {
    id: 'nonsaturating',
    label: 'GAN (non-saturating)',
    summary: 'Same discriminator; the generator maximises log D(G(z)): J_G = −E[log D(G(z))], strong gradients early on.',
    reference: 'Goodfellow et al. 2014; Adam settings of DCGAN (Radford et al. 2016)',
    output: 'logit',
    constraint: 'none',
    defaults: dcganAdam,
    critic: ganCritic,
    generator: { fake: negLogD },
    estimate: jsEstimate,
  },
  wgan: {
    id: 'wgan',
    label: 'WGAN (weight clipping)',
    summary: 'Critic loss E[f(G(z))] − E[f(x)] with every critic weight clipped into [−c, c]; −(critic loss) estimates W1.',
    reference: 'Arjovsky, Chintala & Bottou 2017 (Algorithm 1)',
    output: 'score',
    constraint: 'clip',
    defaults: { optimizer: 'rmsprop', lrD: 5e-5, lrG: 5e-5, beta2: 0.99, clip: 0.01, nCritic: 5, batchSize: 64 },
    critic: { real: linear(-1), fake: linear(1) },
    generator: { fake: linear(-1) },
    estimate: w1Estimate,
  },
  'wgan-gp': {
    id: 'wgan-gp',
    label: 'WGAN-GP (gradient penalty)',
    summary: 'WGAN critic loss plus λE[(‖∇f(x̂)‖ − 1)²] on random interpolates x̂ of real and generated samples.',
    reference: 'Gulrajani et al. 2017 (Algorithm 1)',
    output: 'score',
    constraint: 'penalty',
    defaults: {
      optimizer: 'adam',
      lrD: 1e-4,
      lrG: 1e-4,
      beta1: 0,
      beta2: 0.9,
      lambda: 10,
      penalty: 'two-sided',
      nCritic: 5,
      batchSize: 64,
    },
    critic: { real: linear(-1), fake: linear(1) },
    generator: { fake: linear(-1) },
    estimate: w1Estimate,
  },
  hinge: {
    id: 'hinge',
    label: 'Hinge',
    summary: 'Critic E[relu(1 − f(x))] + E[relu(1 + f(G(z)))], generator −E[f(G(z))].',
    reference: 'Lim & Ye 2017; Miyato et al. 2018; settings of SAGAN (Zhang et al. 2019)',
    output: 'score',
    constraint: 'none',
    defaults: { optimizer: 'adam', lrD: 4e-4, lrG: 1e-4, beta1: 0, beta2: 0.9, nCritic: 1 },
    critic: { real: hinge(-1), fake: hinge(1) },
    generator: { fake: linear(-1) },
  },
  lsgan: {
    id: 'lsgan',
    label: 'Least squares (LSGAN)',
    summary: 'D: E[(D(x) − 1)²] + E[D(G(z))²], G: E[(D(G(z)) − 1)²], with a linear critic output.',
    reference: 'Mao et al. 2017',
    output: 'score',
    constraint: 'none',
    defaults: { optimizer: 'adam', lrD: 2e-4, lrG: 2e-4, beta1: 0.5, beta2: 0.999, nCritic: 1 },
    critic: { real: squared(1), fake: squared(0) },
    generator: { fake: squared(1) },
  },
};

export function lossOf(id: LossId): LossDef {
  return LOSSES[id];
}

/** Critic loss value (no penalty) from raw outputs on real and generated samples. */
export function criticLossValue(loss: LossDef, real: T, fake: T): tf.Scalar {
  return tf.tidy(() => tf.add(tf.mean(loss.critic.real.value(real)), tf.mean(loss.critic.fake.value(fake))) as tf.Scalar);
}

/** Generator loss value; `real` is needed only by losses with a real term (minimax: J_G = −J_D). */
export function generatorLossValue(loss: LossDef, fake: T, real?: T): tf.Scalar {
  return tf.tidy(() => {
    let v = tf.mean(loss.generator.fake.value(fake));
    if (loss.generator.real) {
      if (!real) throw new Error(`${loss.id}: the generator loss needs the critic's outputs on real samples`);
      v = tf.add(v, tf.mean(loss.generator.real.value(real)));
    }
    return v as tf.Scalar;
  });
}
