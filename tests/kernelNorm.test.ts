// Batch norm in the generator and layer norm in the critic on the fused kernels, held to
// tfjs autodiff on Mlp.forward (the reference, second order included): one SGD step with
// learning rate 1 moves the weights by −gradient, so equal steps mean equal gradients. Every
// loss, every penalty (WGAN-GP two- and one-sided, R1, R2) through layer norm, each
// activation, norms on and off; then full Adam iterations.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { criticSpec, initMlp, LEAKY_SLOPE } from '../src/engine/architecture';
import { penaltyFromInputGradients } from '../src/engine/autodiffGradients';
import { useBackend } from '../src/engine/backends';
import type { PenaltyConfig } from '../src/engine/gradients';
import { makeCritic } from '../src/engine/networks';
import { provideDigitsNode } from '../src/platform/digitsNode';
import { Rng } from '../src/engine/rng';
import { LOSS_IDS, type Settings } from '../src/engine/settings';
import { Trainer } from '../src/engine/trainer';
import { KernelTrainer } from '../src/kernels/kernelTrainer';
import { kernelVariant, loadKernels, setKernelPreference, type KernelVariant } from '../src/kernels/module';
import { maxAbs, maxAbsDiff, settings, testBackend } from './helpers';

beforeAll(async () => {
  await testBackend();
  await useBackend('fused');
});

const NORMS = [
  { name: 'no norm', gBatchNorm: false, dLayerNorm: false },
  { name: 'batch norm in G', gBatchNorm: true, dLayerNorm: false },
  { name: 'layer norm in D', gBatchNorm: false, dLayerNorm: true },
  { name: 'both', gBatchNorm: true, dLayerNorm: true },
] as const;

function pair(over: Partial<Settings>) {
  const s = settings({ dLayers: 2, dWidth: 8, gLayers: 2, gWidth: 8, batchSize: 16, optimizer: 'sgd', lrD: 1, lrG: 1, ...over });
  return { s, ref: new Trainer(s, { gradients: 'autodiff' }), k: new KernelTrainer(s) };
}

async function params(t: Trainer | KernelTrainer) {
  const st = await t.exportState();
  return { critic: st.critic, generator: st.generator };
}

/** max |a − b| relative to max |b|. */
function relErr(a: Float32Array, b: Float32Array): number {
  return maxAbsDiff(a, b) / Math.max(1e-3, maxAbs(b));
}

/** Relative error of the fused kernels' step against the reference's (parameter deltas). */
async function stepError(over: Partial<Settings>, which: 'critic' | 'generator') {
  const { ref, k } = pair(over);
  const before = await params(ref);
  expect(Array.from((await params(k))[which])).toEqual(Array.from(before[which])); // same initial weights
  if (which === 'critic') {
    ref.criticStep();
    k.criticStep();
  } else {
    ref.generatorStep();
    k.generatorStep();
  }
  const [a, b] = [await params(ref), await params(k)];
  const da = a[which].map((v, i) => v - before[which][i]);
  const db = b[which].map((v, i) => v - before[which][i]);
  const [la, lb] = [await ref.losses(), await k.losses()];
  ref.dispose();
  k.dispose();
  return { err: relErr(db, da), la, lb, grad: da };
}

async function expectSameStep(over: Partial<Settings>, which: 'critic' | 'generator') {
  const { err, la, lb, grad } = await stepError(over, which);
  expect(maxAbs(grad)).toBeGreaterThan(1e-4); // a step that moves something
  expect(err).toBeLessThan(2e-4);
  expect(lb[which]!).toBeCloseTo(la[which]!, 4);
  if (which === 'critic') expect(lb.penalty!).toBeCloseTo(la.penalty!, 4);
}

describe('fused kernels with normalisation: runs', () => {
  it('a state moves between tfjs (autodiff) and the kernels and continues the same', async () => {
    const s = settings({ loss: 'wgan-gp', dLayers: 2, dWidth: 8, gLayers: 2, gWidth: 8, batchSize: 16, optimizer: 'sgd', lrD: 0.05, lrG: 0.05, nCritic: 2, lambda: 5, gBatchNorm: true, dLayerNorm: true });
    const ref = new Trainer(s, { gradients: 'autodiff' });
    ref.iterate(2);
    const k = KernelTrainer.fromState(await ref.exportState());
    const back = Trainer.fromState(await k.exportState(), { gradients: 'autodiff' });
    k.iterate(2);
    back.iterate(2);
    expect(k.iteration).toBe(4);
    const [a, b] = [await params(back), await params(k)];
    expect(relErr(b.critic, a.critic)).toBeLessThan(1e-4);
    expect(relErr(b.generator, a.generator)).toBeLessThan(1e-4);
    for (const t of [ref, k, back]) t.dispose();
  });

  // seeds 1-5 measured: exact W1 from 1.04-1.83 down to 0.069-0.169 at 1,500 iterations (floors about 0.05)
  it('WGAN-GP with batch norm in G and layer norm in D learns one Gaussian (seed 1: W1 near its floor)', async () => {
    const k = new KernelTrainer(
      settings({ seed: 1, target: 'gaussian', loss: 'wgan-gp', dLayers: 2, dWidth: 32, gLayers: 1, gWidth: 16, lrD: 1e-3, lrG: 2e-4, beta1: 0.5, beta2: 0.9, lambda: 1, batchSize: 256, nCritic: 5, gBatchNorm: true, dLayerNorm: true }),
    );
    const start = await k.evaluate();
    k.iterate(1500);
    const e = await k.evaluate();
    expect(start.exactW1).toBeGreaterThan(e.floor + 0.2);
    expect(e.exactW1).toBeLessThan(e.floor + 0.05);
    k.dispose();
  });
});

describe.each(['relaxed-simd', 'simd128'] as KernelVariant[])('%s build', (variant) => {
  beforeAll(async () => {
    setKernelPreference(variant);
    const r = await loadKernels();
    if (!r.ok) throw new Error(r.reason);
    expect(kernelVariant()).toBe(variant);
  });

  describe('fused kernels with normalisation: gradients equal tfjs autodiff’s', () => {
    for (const norm of NORMS) {
      const { name, ...n } = norm;
      for (const loss of LOSS_IDS) {
        it(`critic: ${loss}, ${name}`, () => expectSameStep({ loss, lambda: 2, ...n }, 'critic'));
        it(`generator: ${loss}, ${name}`, () => expectSameStep({ loss, ...n }, 'generator'));
      }
    }
    // the penalty's double backward through layer norm
    const penalties = [
      { name: 'WGAN-GP two-sided', loss: 'wgan-gp', penalty: 'two-sided', lambda: 10 },
      { name: 'WGAN-GP one-sided', loss: 'wgan-gp', penalty: 'one-sided', lambda: 10 },
      { name: 'R1', loss: 'nonsaturating', ganPenalty: 'r1', gamma: 10 },
      { name: 'R2', loss: 'hinge', ganPenalty: 'r2', gamma: 10 },
    ] as const;
    for (const { name, ...p } of penalties) {
      for (const activation of ['relu', 'leaky-relu', 'tanh'] as const) {
        for (const dLayers of [1, 3]) {
          it(`${name} through layer norm, ${activation}, ${dLayers} hidden layers`, () =>
            expectSameStep({ ...p, activation, dLayers, dLayerNorm: true, gBatchNorm: true } as Partial<Settings>, 'critic'));
        }
      }
    }
    it('odd widths and batch sizes (remainder paths), critic with the penalty', () =>
      expectSameStep({ loss: 'wgan-gp', dWidth: 13, gWidth: 7, batchSize: 23, latentDim: 3, lambda: 10, dLayerNorm: true, gBatchNorm: true }, 'critic'));
    it('odd widths and batch sizes, generator', () =>
      expectSameStep({ loss: 'nonsaturating', dWidth: 13, gWidth: 7, batchSize: 23, latentDim: 3, dLayerNorm: true, gBatchNorm: true, activation: 'tanh' }, 'generator'));
    // 196 pixels: wider inputs and outputs, with the generator's sigmoid output over batch norm
    describe('on digits', () => {
      beforeAll(() => void provideDigitsNode());
      const digits = { target: 'digits', latentDim: 16, dWidth: 16, gWidth: 16, gBatchNorm: true, dLayerNorm: true } as const;
      for (const [name, over] of [
        ['wgan-gp, sigmoid output', { loss: 'wgan-gp', lambda: 10, gOutput: 'sigmoid' }],
        ['nonsaturating + R1', { loss: 'nonsaturating', ganPenalty: 'r1', gamma: 10 }],
        ['hinge + R2, tanh', { loss: 'hinge', ganPenalty: 'r2', gamma: 10, activation: 'tanh' }],
      ] as Array<[string, Partial<Settings>]>) {
        it(`critic: ${name}`, () => expectSameStep({ ...digits, ...over }, 'critic'));
        it(`generator: ${name}`, () => expectSameStep({ ...digits, ...over }, 'generator'));
      }
    });
    it('wide layers (the transposed weight-gradient path)', () =>
      expectSameStep({ loss: 'wgan-gp', dWidth: 260, gWidth: 264, batchSize: 21, lambda: 10, dLayerNorm: true, gBatchNorm: true }, 'critic'));
  });

  describe('fused kernels with normalisation: whole iterations', () => {
    // SGD: Adam turns the rounding noise of gradients that are exactly 0 (the bias before a
    // batch norm; under WGAN losses, β of a layer whose units are all active) into full steps
    // on both sides; the optimizers themselves are the plain MLP's, tested in kernelTrainer.test.ts
    for (const loss of LOSS_IDS) {
      it(`3 iterations of ${loss} (n_critic 2) with batch norm in G and layer norm in D, then a snapshot`, async () => {
        const { ref, k } = pair({ loss, lrD: 0.05, lrG: 0.05, nCritic: 2, lambda: 5, clip: 0.5, gBatchNorm: true, dLayerNorm: true, ganPenalty: loss === 'minimax' ? 'r1' : loss === 'lsgan' ? 'r2' : 'none', gamma: 5 });
        const before = await params(ref);
        ref.iterate(3);
        k.iterate(3);
        const [a, b] = [await params(ref), await params(k)];
        for (const net of ['critic', 'generator'] as const) {
          const da = a[net].map((v, i) => v - before[net][i]);
          const db = b[net].map((v, i) => v - before[net][i]);
          expect(maxAbs(da)).toBeGreaterThan(1e-3);
          expect(relErr(db, da)).toBeLessThan(1e-3);
        }
        const [sa, sb] = [await ref.snapshot({ samples: 100, grid: 8, arrows: 20 }), await k.snapshot({ samples: 100, grid: 8, arrows: 20 })];
        expect(relErr(sb.generated, sa.generated)).toBeLessThan(1e-3);
        expect(relErr(sb.field.values, sa.field.values)).toBeLessThan(1e-3);
        expect(relErr(sb.arrows.gradients, sa.arrows.gradients)).toBeLessThan(1e-3);
        expect(sb.gradNorm).toBeCloseTo(sa.gradNorm, 4);
        ref.dispose();
        k.dispose();
      });
    }
  });
});

/**
 * The reference itself, checked without any derivation: the penalty of a critic with layer
 * norm in float64, its input gradient by central differences, and d(penalty)/dθ by central
 * differences of that, against tfjs autodiff's second-order gradient (what the kernels match).
 */
describe('the reference: tfjs autodiff through layer norm against finite differences', () => {
  const s = settings({ dLayers: 2, dWidth: 5, dLayerNorm: true });
  const spec = criticSpec(s);
  const act = (x: number, a: 'tanh' | 'leaky-relu') => (a === 'tanh' ? Math.tanh(x) : x > 0 ? x : LEAKY_SLOPE * x);

  /** f(x) in float64 with the layout of initMlp (layer norm ε as in Mlp.forward). */
  function f64(theta: Float64Array, x: number[], activation: 'tanh' | 'leaky-relu'): number {
    const { layout, layers } = initMlp(spec, Rng.stream(1, 'init'), 'critic');
    let h = x;
    layers.forEach((l, i) => {
      const W = layout[l.kernel];
      const b = layout[l.bias];
      const [inDim, outDim] = W.shape;
      let a = Array.from({ length: outDim }, (_, j) => {
        let t = theta[b.offset + j];
        for (let k = 0; k < inDim; k++) t += h[k] * theta[W.offset + k * outDim + j];
        return t;
      });
      if (i + 1 === layers.length) {
        h = a;
        return;
      }
      const mean = a.reduce((u, v) => u + v, 0) / outDim;
      const variance = a.reduce((u, v) => u + (v - mean) ** 2, 0) / outDim;
      const g = layout[l.gamma!];
      const be = layout[l.beta!];
      a = a.map((v, j) => ((v - mean) / Math.sqrt(variance + 1e-5)) * theta[g.offset + j] + theta[be.offset + j]);
      h = a.map((v) => act(v, activation));
    });
    return h[0];
  }

  function penalty64(theta: Float64Array, xs: number[][], p: PenaltyConfig, activation: 'tanh' | 'leaky-relu'): number {
    const e = 1e-5;
    let total = 0;
    for (const x of xs) {
      const g = x.map((_, d) => {
        const up = x.slice();
        const dn = x.slice();
        up[d] += e;
        dn[d] -= e;
        return (f64(theta, up, activation) - f64(theta, dn, activation)) / (2 * e);
      });
      const sq = g.reduce((u, v) => u + v * v, 0);
      if (p.kind === 'r1' || p.kind === 'r2') total += (p.lambda / 2) * sq;
      else {
        const excess = Math.sqrt(sq + 1e-12) - 1;
        total += p.lambda * (p.oneSided ? Math.max(0, excess) : excess) ** 2;
      }
    }
    return total / xs.length;
  }

  const cases: Array<[string, PenaltyConfig]> = [
    ['WGAN-GP two-sided', { kind: 'gp', lambda: 10, oneSided: false }],
    ['WGAN-GP one-sided', { kind: 'gp', lambda: 10, oneSided: true }],
    ['R1/R2', { kind: 'r1', lambda: 10, oneSided: false }],
  ];
  for (const activation of ['tanh', 'leaky-relu'] as const) {
    for (const [name, p] of cases) {
      it(`${name}, ${activation}`, () => {
        const critic = makeCritic({ ...s, activation }, Rng.stream(3, 'init'));
        // γ and β away from 1 and 0, weights scaled up so that ‖∇f‖ crosses 1 (the one-sided case has work to do)
        const rng = Rng.stream(4, 'test');
        const theta32 = critic.params.readSync().map((v) => v * (p.oneSided ? 6 : 3));
        for (const l of critic.layers) {
          if (l.gamma === undefined) continue;
          const g = critic.params.layout[l.gamma];
          const b = critic.params.layout[l.beta!];
          for (let j = 0; j < g.size; j++) {
            theta32[g.offset + j] = 0.5 + rng.uniform();
            theta32[b.offset + j] = rng.uniform() - 0.5;
          }
        }
        critic.params.write(theta32);
        const xs = Array.from({ length: 6 }, () => [2 * rng.uniform() - 1, 2 * rng.uniform() - 1]);
        const auto = tf.tidy(() => {
          const { grads } = tf.variableGrads(() => {
            const views = critic.params.tapedViews();
            const g = tf.grad((x: tf.Tensor) => tf.sum(critic.forward(x, views)))(tf.tensor2d(xs.flat(), [xs.length, 2]));
            return penaltyFromInputGradients(g, p);
          }, [critic.params.flat]);
          return grads[critic.params.flat.name].dataSync() as Float32Array;
        });
        const theta = Float64Array.from(theta32);
        const fd = new Float64Array(theta.length);
        const h = 1e-4;
        for (let i = 0; i < theta.length; i++) {
          const t = theta[i];
          theta[i] = t + h;
          const up = penalty64(theta, xs, p, activation);
          theta[i] = t - h;
          const dn = penalty64(theta, xs, p, activation);
          theta[i] = t;
          fd[i] = (up - dn) / (2 * h);
        }
        expect(maxAbs(fd)).toBeGreaterThan(1e-2);
        expect(maxAbsDiff(auto, fd) / maxAbs(fd)).toBeLessThan(1e-4); // measured 2e-7 to 2e-6
        critic.dispose();
      });
    }
  }
});
