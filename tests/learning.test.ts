// Short trainings that must actually learn, with tolerances a broken trainer fails.
import { beforeAll, describe, expect, it } from 'vitest';
import { Trainer } from '../src/engine/trainer';
import { settings, testBackend } from './helpers';

beforeAll(testBackend);

describe('learning', () => {
  it('WGAN-GP on one Gaussian brings the exact W1 near the two-sample floor', async () => {
    // Two time-scale settings that converge on this target (the paper's λ = 10, β1 = 0
    // oscillate for thousands of iterations here, as they do in PyTorch).
    const t = new Trainer(
      settings({
        target: 'gaussian',
        loss: 'wgan-gp',
        dLayers: 2,
        dWidth: 32,
        gLayers: 1,
        gWidth: 16,
        lrD: 1e-3,
        lrG: 2e-4,
        beta1: 0.5,
        beta2: 0.9,
        lambda: 1,
        batchSize: 256,
        nCritic: 5,
      }),
    );
    const start = await t.evaluate();
    t.iterate(1500);
    const end = await t.evaluate();
    expect(start.exactW1).toBeGreaterThan(0.5);
    expect(end.exactW1).toBeLessThan(end.floor + 0.05);
    expect(end.modes!.captured).toBe(1);
    expect(end.modes!.highQuality).toBeGreaterThan(0.9);
    t.dispose();
  });

  const line = { target: 'line' as const, generator: 'theta' as const, thetaInit: 1, dLayers: 2, dWidth: 32, optimizer: 'sgd' as const, batchSize: 64 };

  // Both runs first train the critic alone for 1,000 steps, so that it is confident.
  function lineRun(over: Parameters<typeof settings>[0]) {
    const t = new Trainer(settings({ ...line, ...over }));
    for (let i = 0; i < 1000; i++) t.criticStep();
    const thetas: number[] = [];
    for (let i = 0; i < 300; i++) {
      t.iterate(1);
      thetas.push(t.generator.params.readSync()[0]);
    }
    t.dispose();
    return thetas;
  }

  it('WGAN on the vertical line drives |θ| toward 0', () => {
    const thetas = lineRun({ loss: 'wgan', clip: 0.1, lrD: 0.05, lrG: 0.05, nCritic: 5 });
    const last = thetas.slice(200).map(Math.abs);
    expect(last.reduce((a, b) => a + b, 0) / last.length).toBeLessThan(0.1);
  });

  it('the minimax GAN with a confident discriminator barely moves θ (vanishing gradient)', () => {
    const thetas = lineRun({ loss: 'minimax', lrD: 0.1, lrG: 0.05, nCritic: 5 });
    expect(thetas[thetas.length - 1]).toBeGreaterThan(0.95);
  });
});
