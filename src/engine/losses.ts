// Every adversarial loss, one object each, in one registry: adding a loss touches this
// file and its metadata in lossInfo.ts. A loss is written as per-sample terms so that the trainer can take its
// derivative with respect to the critic's outputs in closed form (no autodiff tape):
//   critic loss    = mean_i real(D(x_i)) + mean_j fake(D(G(z_j)))
//   generator loss = mean_j genFake(D(G(z_j)))  [+ mean_i genReal(D(x_i)), constant in G]
// D(.) is the critic's raw output: a logit of P(real) for the GAN losses, a score otherwise.
import * as tf from '@tensorflow/tfjs-core';
import { LOSS_INFO, type LossInfo } from './lossInfo';
import type { LossId } from './settings';

type T = tf.Tensor;

export interface Term {
  value(o: T): T;
  /** d value / d o, elementwise. */
  grad(o: T): T;
  /** The same two on one number (the fused kernels' loss head); tests hold them to the tensor forms. */
  valueAt(o: number): number;
  gradAt(o: number): number;
}

const softplusAt = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const sigmoidAt = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export interface LossDef extends LossInfo {
  critic: { real: Term; fake: Term };
  generator: { fake: Term; real?: Term };
}

const half = (t: Term): Term => ({
  value: (o) => tf.mul(0.5, t.value(o)),
  grad: (o) => tf.mul(0.5, t.grad(o)),
  valueAt: (o) => 0.5 * t.valueAt(o),
  gradAt: (o) => 0.5 * t.gradAt(o),
});

// softplus(-o) = -log sigmoid(o) = -log D; its derivative is -sigmoid(-o).
const negLogD: Term = {
  value: (o) => tf.softplus(tf.neg(o)),
  grad: (o) => tf.neg(tf.sigmoid(tf.neg(o))),
  valueAt: (o) => softplusAt(-o),
  gradAt: (o) => -sigmoidAt(-o),
};
// softplus(o) = -log(1 - sigmoid(o)) = -log(1 - D); its derivative is sigmoid(o).
const negLog1mD: Term = { value: (o) => tf.softplus(o), grad: (o) => tf.sigmoid(o), valueAt: softplusAt, gradAt: sigmoidAt };
const linear = (sign: 1 | -1): Term => ({
  value: (o) => (sign === 1 ? tf.clone(o) : tf.neg(o)),
  grad: (o) => tf.fill(o.shape, sign),
  valueAt: (o) => sign * o,
  gradAt: () => sign,
});
const neg = (t: Term): Term => ({
  value: (o) => tf.neg(t.value(o)),
  grad: (o) => tf.neg(t.grad(o)),
  valueAt: (o) => -t.valueAt(o),
  gradAt: (o) => -t.gradAt(o),
});
// relu(1 + sign*o): the hinge terms.
const hinge = (sign: 1 | -1): Term => ({
  value: (o) => tf.relu(tf.add(1, tf.mul(sign, o))),
  grad: (o) => tf.mul(sign, tf.step(tf.add(1, tf.mul(sign, o)))),
  valueAt: (o) => Math.max(0, 1 + sign * o),
  gradAt: (o) => (1 + sign * o > 0 ? sign : 0),
});
// (o - target)^2: the least-squares terms.
const squared = (target: number): Term => ({
  value: (o) => tf.square(tf.sub(o, target)),
  grad: (o) => tf.mul(2, tf.sub(o, target)),
  valueAt: (o) => (o - target) ** 2,
  gradAt: (o) => 2 * (o - target),
});

const ganCritic = { real: half(negLogD), fake: half(negLog1mD) };
const wganCritic = { real: linear(-1), fake: linear(1) };

type Terms = Pick<LossDef, 'critic' | 'generator'>;

const TERMS: Record<LossId, Terms> = {
  minimax: {
    critic: ganCritic,
    // J_G = -J_D: the fake term is -½ softplus(f) = ½ log(1 - D(G(z))); the real term is constant in G.
    generator: { fake: neg(half(negLog1mD)), real: neg(half(negLogD)) },
  },
  nonsaturating: { critic: ganCritic, generator: { fake: negLogD } },
  wgan: { critic: wganCritic, generator: { fake: linear(-1) } },
  'wgan-gp': { critic: wganCritic, generator: { fake: linear(-1) } },
  hinge: { critic: { real: hinge(-1), fake: hinge(1) }, generator: { fake: linear(-1) } },
  lsgan: { critic: { real: squared(1), fake: squared(0) }, generator: { fake: squared(1) } },
};

export const LOSSES = Object.fromEntries(
  (Object.keys(LOSS_INFO) as LossId[]).map((id) => [id, { ...LOSS_INFO[id], ...TERMS[id] }]),
) as Record<LossId, LossDef>;

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
