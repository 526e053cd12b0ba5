// The gradient penalty's gradient against closed forms: a linear critic, where the input
// gradient is the weight vector, and a small tanh critic against float64 finite differences.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { autodiffGradients } from '../src/engine/autodiffGradients';
import { fastGradients } from '../src/engine/fastGradients';
import { lossOf } from '../src/engine/losses';
import { makeCritic, makeGenerator } from '../src/engine/networks';
import { Rng } from '../src/engine/rng';
import { settings, testBackend } from './helpers';

beforeAll(testBackend);

const REAL = [[0.3, -0.2], [0.1, 0.5], [-0.7, 0.2]];
const FAKE = [[1, 1], [-1, 0.5], [0.2, -0.4]];
const EPS = [0.3, 0.6, 0.9];
const B = REAL.length;
const engines = { autodiff: autodiffGradients, fast: fastGradients };

function nets(dLayers: number, activation: 'relu' | 'tanh', seed = 1) {
  const s = settings({ loss: 'wgan-gp', dLayers, dWidth: 3, activation });
  const critic = makeCritic(s, new Rng(seed));
  const generator = makeGenerator(s, new Rng(2));
  return { critic, generator, loss: lossOf('wgan-gp') };
}

function gradOf(engine: keyof typeof engines, n: ReturnType<typeof nets>, lambda: number, oneSided = false) {
  const res = engines[engine](n).critic(tf.tensor2d(REAL), tf.tensor2d(FAKE), tf.tensor2d(EPS, [B, 1]), { lambda, oneSided });
  return { grad: Array.from(res.grad.dataSync()), penalty: res.penalty.dataSync()[0] };
}

describe('penalty of a linear critic f(x) = w·x + b (∇f = w)', () => {
  for (const engine of ['autodiff', 'fast'] as const) {
    for (const wScale of [0.4, 3]) {
      for (const oneSided of [false, true]) {
        it(`${engine}: ‖w‖ ${wScale < 1 ? '< 1' : '> 1'}, ${oneSided ? 'one' : 'two'}-sided`, () => {
          const n = nets(0, 'relu');
          const w = [0.6 * wScale, -0.8 * wScale]; // ‖w‖ = wScale
          n.critic.params.write(new Float32Array([...w, 0.25]));
          const lambda = 10;
          const norm = Math.hypot(w[0], w[1]);
          const excess = oneSided ? Math.max(0, norm - 1) : norm - 1;
          // loss = mean f(fake) − mean f(real) + λ (‖w‖ − 1)²
          const meanDiff = [0, 1].map((j) => FAKE.reduce((a, p) => a + p[j], 0) / B - REAL.reduce((a, p) => a + p[j], 0) / B);
          const expected = [0, 1].map((j) => meanDiff[j] + 2 * lambda * excess * (w[j] / norm));
          const got = gradOf(engine, n, lambda, oneSided);
          expect(got.penalty).toBeCloseTo(lambda * excess * excess, 4);
          expect(got.grad[0]).toBeCloseTo(expected[0], 4);
          expect(got.grad[1]).toBeCloseTo(expected[1], 4);
          expect(got.grad[2]).toBeCloseTo(0, 6); // the bias: both terms are flat in b
        });
      }
    }
  }
});

/** Float64 reference: critic loss + λ·penalty for a 1-hidden-layer tanh critic. */
function float64Loss(p: Float64Array, layout: Array<{ offset: number }>, lambda: number): number {
  const [W0, b0, W1, b1] = layout.map((e) => e.offset);
  const H = 3;
  const hidden = (x: number[]) =>
    Array.from({ length: H }, (_, j) => Math.tanh(p[b0 + j] + x[0] * p[W0 + j] + x[1] * p[W0 + H + j]));
  const f = (x: number[]) => hidden(x).reduce((a, h, j) => a + h * p[W1 + j], p[b1]);
  const inputGrad = (x: number[]) => {
    const h = hidden(x);
    return [0, 1].map((i) => h.reduce((a, hj, j) => a + p[W1 + j] * (1 - hj * hj) * p[W0 + i * H + j], 0));
  };
  let loss = 0;
  for (let k = 0; k < B; k++) loss += (f(FAKE[k]) - f(REAL[k])) / B;
  for (let k = 0; k < B; k++) {
    const xi = [0, 1].map((i) => FAKE[k][i] + EPS[k] * (REAL[k][i] - FAKE[k][i]));
    const g = inputGrad(xi);
    loss += (lambda * (Math.hypot(g[0], g[1]) - 1) ** 2) / B;
  }
  return loss;
}

describe('penalty of a tanh critic against float64 finite differences', () => {
  for (const engine of ['autodiff', 'fast'] as const) {
    it(engine, () => {
      const n = nets(1, 'tanh', 4);
      const p0 = Float64Array.from(n.critic.params.readSync());
      const lambda = 2;
      const fd = Array.from(p0, (_, i) => {
        const up = Float64Array.from(p0);
        const down = Float64Array.from(p0);
        up[i] += 1e-6;
        down[i] -= 1e-6;
        return (float64Loss(up, n.critic.params.layout, lambda) - float64Loss(down, n.critic.params.layout, lambda)) / 2e-6;
      });
      const got = gradOf(engine, n, lambda).grad;
      const scale = Math.max(...fd.map(Math.abs));
      for (let i = 0; i < fd.length; i++) expect(Math.abs(got[i] - fd[i]) / scale).toBeLessThan(1e-4);
    });
  }
});
