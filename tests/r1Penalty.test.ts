// The R1 and R2 penalties, γ/2·E[‖∇ₓD(x)‖²] at real (R1) or generated (R2) samples: their
// gradient against closed forms (a linear D, where ∇ₓD = w) and float64 finite differences
// (a tanh D), and every backend (fast path, fused kernels) against the tfjs autodiff reference.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autodiffGradients } from '../src/engine/autodiffGradients';
import { fastGradients } from '../src/engine/fastGradients';
import { penaltyOf, type PenaltyKind } from '../src/engine/gradients';
import { LOSS_INFO } from '../src/engine/lossInfo';
import { lossOf } from '../src/engine/losses';
import { makeCritic, makeGenerator } from '../src/engine/networks';
import { Rng } from '../src/engine/rng';
import type { Settings } from '../src/engine/settings';
import { Trainer } from '../src/engine/trainer';
import { KernelTrainer } from '../src/kernels/kernelTrainer';
import { kernelVariant, loadKernels, setKernelPreference, type KernelVariant } from '../src/kernels/module';
import { maxAbs, maxAbsDiff, settings, testBackend } from './helpers';

beforeAll(async () => {
  await testBackend();
  const r = await loadKernels();
  if (!r.ok) throw new Error(r.reason);
});

afterAll(() => setKernelPreference('auto'));

const REAL = [[0.3, -0.2], [0.1, 0.5], [-0.7, 0.2]];
const FAKE = [[1, 1], [-1, 0.5], [0.2, -0.4]];
const EPS = [0.3, 0.6, 0.9];
const B = REAL.length;
const engines = { autodiff: autodiffGradients, fast: fastGradients };
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function nets(dLayers: number, activation: 'relu' | 'tanh', seed = 1) {
  const s = settings({ loss: 'nonsaturating', dLayers, dWidth: 3, activation });
  return { critic: makeCritic(s, new Rng(seed)), generator: makeGenerator(s, new Rng(2)), loss: lossOf('nonsaturating') };
}

function gradOf(engine: keyof typeof engines, n: ReturnType<typeof nets>, kind: PenaltyKind, gamma: number) {
  const res = engines[engine](n).critic(tf.tensor2d(REAL), tf.tensor2d(FAKE), tf.tensor2d(EPS, [B, 1]), { kind, lambda: gamma, oneSided: false });
  return { grad: Array.from(res.grad.dataSync()), penalty: res.penalty.dataSync()[0], loss: res.loss.dataSync()[0] };
}

describe('R1/R2 of a linear discriminator D(x) = w·x + b (∇ₓD = w everywhere)', () => {
  for (const engine of ['autodiff', 'fast'] as const) {
    for (const kind of ['r1', 'r2'] as const) {
      it(`${engine}, ${kind}: penalty γ/2‖w‖², its gradient γw`, () => {
        const n = nets(0, 'relu');
        const w = [0.9, -1.7];
        const bias = 0.25;
        n.critic.params.write(new Float32Array([...w, bias]));
        const gamma = 10;
        // the non-saturating D loss ½E[softplus(−D(x))] + ½E[softplus(D(G(z)))], differentiated by hand
        const f = (p: number[]) => w[0] * p[0] + w[1] * p[1] + bias;
        const adv = [0, 1].map((j) => (REAL.reduce((a, p) => a - sigmoid(-f(p)) * p[j], 0) + FAKE.reduce((a, p) => a + sigmoid(f(p)) * p[j], 0)) / (2 * B));
        const advBias = (REAL.reduce((a, p) => a - sigmoid(-f(p)), 0) + FAKE.reduce((a, p) => a + sigmoid(f(p)), 0)) / (2 * B);
        const got = gradOf(engine, n, kind, gamma);
        expect(got.penalty).toBeCloseTo((gamma / 2) * (w[0] ** 2 + w[1] ** 2), 3);
        expect(got.grad[0]).toBeCloseTo(adv[0] + gamma * w[0], 4);
        expect(got.grad[1]).toBeCloseTo(adv[1] + gamma * w[1], 4);
        expect(got.grad[2]).toBeCloseTo(advBias, 5); // the penalty is flat in b
      });
    }
  }
});

/** Float64 reference: the non-saturating D loss + γ/2·mean ‖∇ₓD‖² at `at`, for a 1-hidden-layer tanh D. */
function float64Loss(p: Float64Array, layout: Array<{ offset: number }>, gamma: number, at: number[][]): number {
  const [W0, b0, W1, b1] = layout.map((e) => e.offset);
  const H = 3;
  const hidden = (x: number[]) => Array.from({ length: H }, (_, j) => Math.tanh(p[b0 + j] + x[0] * p[W0 + j] + x[1] * p[W0 + H + j]));
  const f = (x: number[]) => hidden(x).reduce((a, h, j) => a + h * p[W1 + j], p[b1]);
  const inputGrad = (x: number[]) => {
    const h = hidden(x);
    return [0, 1].map((i) => h.reduce((a, hj, j) => a + p[W1 + j] * (1 - hj * hj) * p[W0 + i * H + j], 0));
  };
  const softplus = (x: number) => Math.log1p(Math.exp(x));
  let loss = 0;
  for (let k = 0; k < B; k++) loss += (softplus(-f(REAL[k])) + softplus(f(FAKE[k]))) / (2 * B);
  for (const x of at) {
    const g = inputGrad(x);
    loss += ((gamma / 2) * (g[0] ** 2 + g[1] ** 2)) / at.length;
  }
  return loss;
}

describe('R1/R2 of a tanh discriminator against float64 finite differences', () => {
  for (const engine of ['autodiff', 'fast'] as const) {
    for (const kind of ['r1', 'r2'] as const) {
      it(`${engine}, ${kind}`, () => {
        const n = nets(1, 'tanh', 4);
        const p0 = Float64Array.from(n.critic.params.readSync());
        const gamma = 3;
        const at = kind === 'r1' ? REAL : FAKE;
        const layout = n.critic.params.layout;
        const fd = Array.from(p0, (_, i) => {
          const up = Float64Array.from(p0);
          const down = Float64Array.from(p0);
          up[i] += 1e-6;
          down[i] -= 1e-6;
          return (float64Loss(up, layout, gamma, at) - float64Loss(down, layout, gamma, at)) / 2e-6;
        });
        const got = gradOf(engine, n, kind, gamma).grad;
        const scale = Math.max(...fd.map(Math.abs));
        for (let i = 0; i < fd.length; i++) expect(Math.abs(got[i] - fd[i]) / scale).toBeLessThan(1e-4);
      });
    }
  }
});

describe('which runs get R1/R2', () => {
  it('the GAN, hinge and least-squares losses with γ > 0; never the WGANs', () => {
    const on = (loss: Settings['loss'], over: Partial<Settings> = {}) => penaltyOf(settings({ loss, ganPenalty: 'r1', gamma: 10, ...over }), LOSS_INFO[loss].constraint);
    for (const loss of ['minimax', 'nonsaturating', 'hinge', 'lsgan'] as const) expect(on(loss)).toEqual({ kind: 'r1', lambda: 10, oneSided: false });
    expect(on('nonsaturating', { ganPenalty: 'r2' })?.kind).toBe('r2');
    expect(on('nonsaturating', { gamma: 0 })).toBeNull();
    expect(on('nonsaturating', { ganPenalty: 'none' })).toBeNull();
    expect(on('wgan')).toBeNull();
    expect(on('wgan-gp', { lambda: 2 })).toEqual({ kind: 'gp', lambda: 2, oneSided: false });
  });
});

describe('every backend against the autodiff reference: one critic step', () => {
  /** One SGD step with learning rate 1 moves the critic's weights by −gradient. */
  async function stepOf(make: (s: Settings) => Trainer | KernelTrainer | Promise<KernelTrainer>, s: Settings) {
    const t = await make(s);
    const before = (await t.exportState()).critic;
    t.criticStep();
    const after = (await t.exportState()).critic;
    const losses = await t.losses();
    t.dispose();
    return { delta: after.map((v, i) => v - before[i]), penalty: losses.penalty!, critic: losses.critic! };
  }

  /** The fused kernels in one of their two builds (relaxed SIMD's fused multiply-add, or plain SIMD128). */
  const fused = (variant: KernelVariant) => async (s: Settings) => {
    setKernelPreference(variant);
    const r = await loadKernels();
    if (!r.ok) throw new Error(r.reason);
    expect(kernelVariant()).toBe(variant);
    return new KernelTrainer(s);
  };
  const backends: Record<string, (s: Settings) => Trainer | KernelTrainer | Promise<KernelTrainer>> = {
    fast: (s: Settings) => new Trainer(s, { gradients: 'fast' }),
    'fused (relaxed-simd)': fused('relaxed-simd'),
    'fused (simd128)': fused('simd128'),
  };
  for (const [name, make] of Object.entries(backends)) {
    for (const loss of ['nonsaturating', 'minimax', 'hinge', 'lsgan'] as const) {
      for (const activation of ['relu', 'leaky-relu', 'tanh'] as const) {
        for (const ganPenalty of ['r1', 'r2'] as const) {
          it(`${name}: ${loss}, ${activation}, ${ganPenalty}`, async () => {
            const s = settings({ loss, activation, ganPenalty, gamma: 10, dLayers: 2, dWidth: 8, gLayers: 2, gWidth: 8, batchSize: 16, optimizer: 'sgd', lrD: 1, lrG: 1 });
            const ref = await stepOf((x) => new Trainer(x, { gradients: 'autodiff' }), s);
            const got = await stepOf(make, s);
            expect(ref.penalty).toBeGreaterThan(1e-3); // the penalty is really there
            expect(got.penalty).toBeCloseTo(ref.penalty, 4);
            expect(got.critic).toBeCloseTo(ref.critic, 4);
            expect(maxAbsDiff(got.delta, ref.delta) / Math.max(1e-3, maxAbs(ref.delta))).toBeLessThan(2e-4);
          });
        }
      }
    }
  }
});
