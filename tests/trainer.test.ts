// Trainer behaviour: clipping, n_critic, determinism, live settings, state round trips,
// divergence detection and tensor hygiene.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Trainer } from '../src/engine/trainer';
import { maxAbs, settings, testBackend } from './helpers';

beforeAll(testBackend);

const small = { dLayers: 2, dWidth: 16, gLayers: 2, gWidth: 16, batchSize: 32 };

describe('weight clipping (WGAN)', () => {
  it('puts every critic weight inside [−c, c] after each critic step', () => {
    const t = new Trainer(settings({ ...small, loss: 'wgan', clip: 0.01, optimizer: 'rmsprop', lrD: 5e-5 }));
    expect(maxAbs(t.critic.params.readSync())).toBeGreaterThan(0.01); // the initial weights exceed c
    for (let i = 0; i < 3; i++) {
      t.criticStep();
      expect(maxAbs(t.critic.params.readSync())).toBeLessThanOrEqual(0.01 + 1e-9);
    }
    t.update({ clip: 0.002 }); // live
    t.criticStep();
    expect(maxAbs(t.critic.params.readSync())).toBeLessThanOrEqual(0.002 + 1e-9);
    t.dispose();
  });
  it('does not clip under the other losses', () => {
    const t = new Trainer(settings({ ...small, loss: 'wgan-gp' }));
    t.criticStep();
    expect(maxAbs(t.critic.params.readSync())).toBeGreaterThan(0.1);
    t.dispose();
  });
});

describe('steps', () => {
  it('honours n_critic: each iteration is n_critic critic steps and one generator step', () => {
    const t = new Trainer(settings({ ...small, nCritic: 4 }));
    t.iterate(3);
    expect(t.criticSteps).toBe(12);
    expect(t.generatorSteps).toBe(3);
    t.update({ nCritic: 2 });
    t.iterate(1);
    expect(t.criticSteps).toBe(14);
    expect(t.iteration).toBe(4);
    t.dispose();
  });
  it('a critic step moves only the critic, a generator step only the generator', () => {
    const t = new Trainer(settings(small));
    const g0 = t.generator.params.readSync().slice();
    const c0 = t.critic.params.readSync().slice();
    t.criticStep();
    expect(Array.from(t.generator.params.readSync())).toEqual(Array.from(g0));
    const c1 = t.critic.params.readSync().slice();
    expect(Array.from(c1)).not.toEqual(Array.from(c0));
    t.generatorStep();
    expect(Array.from(t.critic.params.readSync())).toEqual(Array.from(c1));
    expect(Array.from(t.generator.params.readSync())).not.toEqual(Array.from(g0));
    t.dispose();
  });
});

describe('determinism', () => {
  it('the same seed gives the same losses and weights; another seed does not', async () => {
    const run = async (seed: number) => {
      const t = new Trainer(settings({ ...small, seed, loss: 'wgan-gp' }));
      const losses = [];
      for (let i = 0; i < 5; i++) {
        t.iterate(2);
        losses.push(await t.losses());
      }
      const weights = Array.from(t.generator.params.readSync());
      t.dispose();
      return { losses, weights };
    };
    const a = await run(11);
    const b = await run(11);
    const c = await run(12);
    expect(b).toEqual(a);
    expect(c.weights).not.toEqual(a.weights);
  });
});

describe('live settings', () => {
  it('apply without a reset; settings that need one are refused', () => {
    const t = new Trainer(settings(small));
    t.iterate(1);
    const before = t.critic.params.readSync().slice();
    t.update({ lrD: 0, lrG: 0.01, lambda: 1, beta1: 0.5 });
    t.criticStep(); // lr 0: the critic does not move
    expect(Array.from(t.critic.params.readSync())).toEqual(Array.from(before));
    expect(t.criticSteps).toBe(t.settings.nCritic + 1); // one iteration, then one more critic step
    expect(() => t.update({ dWidth: 8 })).toThrow(/needs a reset/);
    t.update({ optimizer: 'sgd' });
    t.iterate(1);
    t.dispose();
  });
});

describe('state', () => {
  it('export then import continues the run exactly', async () => {
    const s = settings({ ...small, loss: 'wgan-gp' });
    const a = new Trainer(s);
    a.iterate(3);
    const state = await a.exportState();
    const b = Trainer.fromState(state);
    a.iterate(2);
    b.iterate(2);
    expect(Array.from(b.generator.params.readSync())).toEqual(Array.from(a.generator.params.readSync()));
    expect(await b.losses()).toEqual(await a.losses());
    expect(b.iteration).toBe(5);
    a.dispose();
    b.dispose();
  });
});

describe('snapshots', () => {
  it('carry samples, the field, arrows, losses and weight statistics', async () => {
    const t = new Trainer(settings({ ...small, loss: 'minimax' }));
    t.iterate(2);
    const s = await t.snapshot({ samples: 300, grid: 20, arrows: 50 });
    expect(s.generated.length).toBe(600);
    expect(s.field.values.length).toBe(400);
    expect(s.field.kind).toBe('probability');
    expect(Math.min(...s.field.values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...s.field.values)).toBeLessThanOrEqual(1);
    expect(s.arrows.gradients.length).toBe(100);
    expect(Number.isFinite(s.criticLoss) && Number.isFinite(s.generatorLoss)).toBe(true);
    expect(s.estimate?.label).toBe('JS');
    expect(s.weights.map((w) => w.name)).toEqual(['layer 1', 'layer 2', 'output']);
    expect(s.diverged).toBeNull();
    // the display latents are fixed: the same network gives the same points
    expect(Array.from((await t.snapshot({ samples: 300, grid: 20 })).generated)).toEqual(Array.from(s.generated));
    t.dispose();
  });
  it('report a diverged run with a hint instead of garbage', async () => {
    const t = new Trainer(settings(small));
    t.iterate(1);
    const p = t.critic.params.readSync().slice();
    p[0] = NaN;
    t.critic.params.write(p);
    t.iterate(1);
    const s = await t.snapshot({ samples: 50, grid: 5 });
    expect(s.diverged).toMatch(/diverged.*learning rates/);
    t.dispose();
  });
});

describe('tensor hygiene', () => {
  it('keeps the tensor count flat over 1,000 steps (snapshots and evaluations included)', async () => {
    const t = new Trainer(settings({ ...small, loss: 'wgan-gp', nCritic: 4 }));
    t.iterate(2);
    await t.snapshot({ samples: 100, grid: 10 });
    await t.evaluate();
    t.iterate(1); // measure after the same operation as at the end (cached weight views vary with it)
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) {
      t.iterate(1); // 5 steps
      if (i % 50 === 0) {
        await t.snapshot({ samples: 100, grid: 10 });
        await t.evaluate();
      }
    }
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });
  it('disposing a trainer releases every tensor it made', () => {
    const before = tf.memory().numTensors;
    const t = new Trainer(settings({ ...small, loss: 'wgan' }));
    t.iterate(3);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
