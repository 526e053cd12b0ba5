// Every loss against values worked out by hand, and every closed-form output derivative
// against tfjs autodiff of the loss value.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOSSES, criticLossValue, generatorLossValue } from '../src/engine/losses';
import { LOSS_IDS } from '../src/engine/settings';
import { testBackend } from './helpers';

beforeAll(testBackend);

// Critic outputs on two real and two generated samples.
const R = [0, 2];
const F = [0, -1];
const softplus = (x: number) => Math.log(1 + Math.exp(x));

// Worked by hand (see comments): [critic loss, generator loss].
const EXPECTED: Record<string, [number, number]> = {
  // J_D = ½·mean(softplus(−r)) + ½·mean(softplus(f)); J_G = −J_D
  minimax: [
    0.5 * ((softplus(0) + softplus(-2)) / 2) + 0.5 * ((softplus(0) + softplus(-1)) / 2),
    -(0.5 * ((softplus(0) + softplus(-2)) / 2) + 0.5 * ((softplus(0) + softplus(-1)) / 2)),
  ],
  // same critic; J_G = −mean(log σ(f)) = mean(softplus(−f)) = (ln 2 + ln(1 + e)) / 2
  nonsaturating: [0.5 * ((softplus(0) + softplus(-2)) / 2) + 0.5 * ((softplus(0) + softplus(-1)) / 2), (Math.log(2) + Math.log(1 + Math.E)) / 2],
  // E[f(G(z))] − E[f(x)] = −0.5 − 1; −E[f(G(z))] = 0.5
  wgan: [-1.5, 0.5],
  'wgan-gp': [-1.5, 0.5],
  // mean(relu(1 − r)) + mean(relu(1 + f)) = (1 + 0)/2 + (1 + 0)/2
  hinge: [1, 0.5],
  // mean((r − 1)²) + mean(f²) = (1 + 1)/2 + (0 + 1)/2; mean((f − 1)²) = (1 + 4)/2
  lsgan: [1.5, 2.5],
};

describe('loss values worked by hand', () => {
  it('minimax discriminator loss is log 2 when D = ½ everywhere', () => {
    const v = criticLossValue(LOSSES.minimax, tf.tensor1d([0, 0]), tf.tensor1d([0, 0]));
    expect(v.dataSync()[0]).toBeCloseTo(Math.log(2), 6);
  });
  for (const id of LOSS_IDS) {
    it(`${id}: critic and generator losses`, () => {
      const loss = LOSSES[id];
      const [critic, generator] = EXPECTED[id];
      const r = tf.tensor1d(R);
      const f = tf.tensor1d(F);
      expect(criticLossValue(loss, r, f).dataSync()[0]).toBeCloseTo(critic, 5);
      expect(generatorLossValue(loss, f, r).dataSync()[0]).toBeCloseTo(generator, 5);
    });
  }
  it('minimax generator loss refuses to run without the real outputs it needs', () => {
    expect(() => generatorLossValue(LOSSES.minimax, tf.tensor1d(F))).toThrow(/real samples/);
  });
  it('the divergence estimates read the critic loss: W1 = −loss, JS = log 2 − loss', () => {
    expect(LOSSES.wgan.estimate!.fromCriticLoss(-1.5)).toBe(1.5);
    expect(LOSSES.minimax.estimate!.fromCriticLoss(Math.log(2))).toBeCloseTo(0, 12);
  });
});

describe('closed-form output derivatives match autodiff', () => {
  const outputs = [-3, -1.2, -0.3, 0.4, 1.1, 2.5];
  for (const id of LOSS_IDS) {
    const loss = LOSSES[id];
    const terms = { 'critic real': loss.critic.real, 'critic fake': loss.critic.fake, 'generator fake': loss.generator.fake, ...(loss.generator.real ? { 'generator real': loss.generator.real } : {}) };
    for (const [name, term] of Object.entries(terms)) {
      it(`${id}: ${name}`, () => {
        const o = tf.tensor1d(outputs);
        const auto = tf.grad((x: tf.Tensor) => tf.sum(term.value(x)))(o).dataSync();
        const closed = term.grad(o).dataSync();
        for (let i = 0; i < auto.length; i++) expect(closed[i]).toBeCloseTo(auto[i], 5);
      });
    }
  }
});

describe('paper defaults', () => {
  it('WGAN: RMSProp, lr 5e-5, c = 0.01, n_critic 5, batch 64', () => {
    expect(LOSSES.wgan.defaults).toMatchObject({ optimizer: 'rmsprop', lrD: 5e-5, lrG: 5e-5, clip: 0.01, nCritic: 5, batchSize: 64 });
    expect(LOSSES.wgan.constraint).toBe('clip');
  });
  it('WGAN-GP: Adam lr 1e-4, β = (0, 0.9), λ = 10, n_critic 5', () => {
    expect(LOSSES['wgan-gp'].defaults).toMatchObject({ optimizer: 'adam', lrD: 1e-4, beta1: 0, beta2: 0.9, lambda: 10, nCritic: 5 });
    expect(LOSSES['wgan-gp'].constraint).toBe('penalty');
  });
  it('the GAN losses read the critic as a logit, the others as a score', () => {
    for (const id of LOSS_IDS) expect(LOSSES[id].output).toBe(id === 'minimax' || id === 'nonsaturating' ? 'logit' : 'score');
  });
});

describe('scalar forms (the fused kernels’ loss head) match the tensor forms', () => {
  const outputs = [-40, -3, -1.2, -0.3, 0, 0.4, 1.1, 2.5, 40];
  for (const id of LOSS_IDS) {
    const loss = LOSSES[id];
    const terms = { 'critic real': loss.critic.real, 'critic fake': loss.critic.fake, 'generator fake': loss.generator.fake, ...(loss.generator.real ? { 'generator real': loss.generator.real } : {}) };
    for (const [name, term] of Object.entries(terms)) {
      it(`${id}: ${name}`, () => {
        const o = tf.tensor1d(outputs);
        const v = term.value(o).dataSync();
        const g = term.grad(o).dataSync();
        outputs.forEach((x, i) => {
          expect(term.valueAt(x)).toBeCloseTo(v[i], 4);
          expect(term.gradAt(x)).toBeCloseTo(g[i], 5);
        });
      });
    }
  }
});
