// The fast hand-derived gradients must agree with tfjs autodiff (the reference) for every
// loss, activation, depth and penalty variant, on both the critic and the generator.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { autodiffGradients } from '../src/engine/autodiffGradients';
import { fastGradients } from '../src/engine/fastGradients';
import { lossOf } from '../src/engine/losses';
import { makeCritic, makeGenerator } from '../src/engine/networks';
import { Rng } from '../src/engine/rng';
import { LOSS_IDS, type Settings } from '../src/engine/settings';
import { maxAbs, maxAbsDiff, read, settings, testBackend } from './helpers';

beforeAll(testBackend);

function setup(s: Settings, b = 16) {
  const rng = new Rng(s.seed);
  const critic = makeCritic(s, rng);
  const generator = makeGenerator(s, rng);
  const nets = { critic, generator, loss: lossOf(s.loss) };
  const data = new Rng(99);
  const real = tf.tensor2d(data.fillNormal(new Float32Array(b * 2)), [b, 2]);
  const fake = tf.tensor2d(data.fillNormal(new Float32Array(b * 2), 0.5, 0.7), [b, 2]);
  const eps = tf.tensor2d(data.fillUniform(new Float32Array(b)), [b, 1]);
  const z = tf.tensor2d(generator.sampleLatent(b, data), [b, generator.latentDim]);
  return {
    nets,
    real,
    fake,
    eps,
    z,
    dispose: () => {
      critic.dispose();
      generator.dispose();
      tf.dispose([real, fake, eps, z]);
    },
  };
}

function compareCritic(s: Settings, penalty: { lambda: number; oneSided: boolean } | null) {
  const c = setup(s);
  const ref = autodiffGradients(c.nets).critic(c.real, c.fake, c.eps, penalty);
  const fast = fastGradients(c.nets).critic(c.real, c.fake, c.eps, penalty);
  const scale = Math.max(1e-3, maxAbs(read(ref.grad)));
  expect(maxAbsDiff(read(fast.grad), read(ref.grad)) / scale).toBeLessThan(2e-4);
  expect(read(fast.loss)[0]).toBeCloseTo(read(ref.loss)[0], 5);
  expect(read(fast.penalty)[0]).toBeCloseTo(read(ref.penalty)[0], 5);
  tf.dispose([ref.grad, ref.loss, ref.penalty, fast.grad, fast.loss, fast.penalty]);
  c.dispose();
}

describe('fast critic gradients match autodiff', () => {
  for (const loss of LOSS_IDS) {
    for (const activation of ['relu', 'leaky-relu', 'tanh'] as const) {
      it(`${loss}, ${activation}, 2 hidden layers`, () => {
        compareCritic(settings({ loss, activation, dLayers: 2, dWidth: 8, seed: 3 }), null);
      });
    }
  }
  for (const activation of ['relu', 'leaky-relu', 'tanh'] as const) {
    for (const dLayers of [0, 1, 3]) {
      for (const oneSided of [false, true]) {
        it(`penalty (${oneSided ? 'one' : 'two'}-sided), ${activation}, ${dLayers} hidden layers`, () => {
          compareCritic(settings({ loss: 'wgan-gp', activation, dLayers, dWidth: 8, seed: 5 }), { lambda: 10, oneSided });
        });
      }
    }
  }
});

describe('fast generator gradients match autodiff', () => {
  for (const loss of LOSS_IDS) {
    for (const activation of ['relu', 'tanh'] as const) {
      it(`${loss}, ${activation}`, () => {
        const c = setup(settings({ loss, activation, dLayers: 2, dWidth: 8, gLayers: 2, gWidth: 8, seed: 7 }));
        const ref = autodiffGradients(c.nets).generator(c.z, c.real);
        const fast = fastGradients(c.nets).generator(c.z, c.real);
        const scale = Math.max(1e-4, maxAbs(read(ref.grad)));
        expect(maxAbsDiff(read(fast.grad), read(ref.grad)) / scale).toBeLessThan(2e-4);
        expect(read(fast.loss)[0]).toBeCloseTo(read(ref.loss)[0], 5);
        tf.dispose([ref.grad, ref.loss, fast.grad, fast.loss]);
        c.dispose();
      });
    }
  }
  for (const loss of LOSS_IDS) {
    it(`${loss}, sigmoid output`, () => {
      const c = setup(settings({ loss, gOutput: 'sigmoid', dLayers: 2, dWidth: 8, gLayers: 2, gWidth: 8, seed: 11 }));
      const ref = autodiffGradients(c.nets).generator(c.z, c.real);
      const fast = fastGradients(c.nets).generator(c.z, c.real);
      const scale = Math.max(1e-4, maxAbs(read(ref.grad)));
      expect(maxAbs(read(ref.grad))).toBeGreaterThan(1e-4);
      expect(maxAbsDiff(read(fast.grad), read(ref.grad)) / scale).toBeLessThan(2e-4);
      expect(read(fast.loss)[0]).toBeCloseTo(read(ref.loss)[0], 5);
      tf.dispose([ref.grad, ref.loss, fast.grad, fast.loss]);
      c.dispose();
    });
  }
  it('the sigmoid output keeps every generated coordinate in (0, 1)', () => {
    const c = setup(settings({ gOutput: 'sigmoid', gLayers: 2, gWidth: 8, seed: 11 }));
    const x = read(c.nets.generator.forward(tf.mul(c.z, 100)));
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...x)).toBeLessThanOrEqual(1);
    const linear = setup(settings({ gLayers: 2, gWidth: 8, seed: 11 }));
    expect(Math.max(...read(linear.nets.generator.forward(tf.mul(linear.z, 100))).map(Math.abs))).toBeGreaterThan(1);
    c.dispose();
    linear.dispose();
  });
  it('one-parameter generator g_θ(z) = (θ, z)', () => {
    const c = setup(settings({ loss: 'wgan', target: 'line', generator: 'theta', thetaInit: 0.7, dLayers: 2, dWidth: 8 }));
    const ref = autodiffGradients(c.nets).generator(c.z, c.real);
    const fast = fastGradients(c.nets).generator(c.z, c.real);
    expect(read(fast.grad)[0]).toBeCloseTo(read(ref.grad)[0], 5);
    c.dispose();
  });
});
