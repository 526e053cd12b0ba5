// The fused WebAssembly kernels against the tfjs trainer: the same gradients for every loss,
// activation and depth (one SGD step with learning rate 1 moves the weights by −gradient),
// the same optimizers, snapshots and state, and runs that learn.
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../src/engine/backends';
import { LOSS_IDS, type Settings } from '../src/engine/settings';
import { Trainer } from '../src/engine/trainer';
import { KernelTrainer } from '../src/kernels/kernelTrainer';
import { kernelVariant, loadKernels, setKernelPreference, type KernelVariant } from '../src/kernels/module';
import { maxAbs, maxAbsDiff, settings, testBackend } from './helpers';

beforeAll(async () => {
  await testBackend();
  await useBackend('fused');
});

// Both builds: relaxed SIMD (fused multiply-add) where the engine has it, and plain SIMD128.
describe.each(['relaxed-simd', 'simd128'] as KernelVariant[])('%s build', (variant) => {
  beforeAll(async () => {
    setKernelPreference(variant);
    const r = await loadKernels();
    if (!r.ok) throw new Error(r.reason);
    expect(kernelVariant()).toBe(variant);
  });

  function pair(over: Partial<Settings>, gradients: 'fast' | 'autodiff' = 'fast') {
    const s = settings({ dLayers: 2, dWidth: 8, gLayers: 2, gWidth: 8, batchSize: 16, optimizer: 'sgd', lrD: 1, lrG: 1, ...over });
    return { s, tf: new Trainer(s, { gradients }), k: new KernelTrainer(s) };
  }

  async function params(t: Trainer | KernelTrainer) {
    const st = await t.exportState();
    return { critic: st.critic, generator: st.generator };
  }

  function expectClose(a: Float32Array, b: Float32Array, rel = 2e-4) {
    const scale = Math.max(1e-3, maxAbs(b));
    expect(maxAbsDiff(a, b) / scale).toBeLessThan(rel);
  }

  async function compareStep(over: Partial<Settings>, which: 'critic' | 'generator', gradients: 'fast' | 'autodiff' = 'fast') {
    const { tf, k } = pair(over, gradients);
    const before = await params(tf);
    expect(Array.from((await params(k)).critic)).toEqual(Array.from(before.critic)); // same initial weights
    if (which === 'critic') {
      tf.criticStep();
      k.criticStep();
    } else {
      tf.generatorStep();
      k.generatorStep();
    }
    const [a, b] = [await params(tf), await params(k)];
    const da = a[which].map((v, i) => v - before[which][i]);
    const db = b[which].map((v, i) => v - before[which][i]);
    expectClose(db, da);
    const [la, lb] = [await tf.losses(), await k.losses()];
    const key = which === 'critic' ? 'critic' : 'generator';
    expect(lb[key]!).toBeCloseTo(la[key]!, 4);
    if (which === 'critic') expect(lb.penalty!).toBeCloseTo(la.penalty!, 4);
    tf.dispose();
    k.dispose();
  }

  describe('fused kernels: gradients equal the tfjs trainer’s', () => {
    for (const loss of LOSS_IDS) {
      for (const activation of ['relu', 'leaky-relu', 'tanh'] as const) {
        it(`critic: ${loss}, ${activation}`, () => compareStep({ loss, activation, lambda: 2 }, 'critic'));
        it(`generator: ${loss}, ${activation}`, () => compareStep({ loss, activation }, 'generator'));
      }
    }
    for (const activation of ['relu', 'leaky-relu', 'tanh'] as const) {
      for (const dLayers of [0, 1, 3]) {
        for (const penalty of ['two-sided', 'one-sided'] as const) {
          it(`penalty ${penalty}, ${activation}, ${dLayers} hidden layers`, () => compareStep({ loss: 'wgan-gp', activation, dLayers, lambda: 10, penalty }, 'critic'));
        }
      }
    }
    it('odd widths and batch sizes (remainder paths of the tiles)', () => compareStep({ loss: 'wgan-gp', dWidth: 13, gWidth: 7, batchSize: 23, latentDim: 3 }, 'critic'));
    it('odd widths, generator', () => compareStep({ loss: 'nonsaturating', dWidth: 13, gWidth: 7, batchSize: 23, latentDim: 3 }, 'generator'));
    // 256 wide and more: weight gradients go through a transpose and the packed GEMM
    it('wide layers (the transposed weight-gradient path), critic with penalty', () => compareStep({ loss: 'wgan-gp', dWidth: 260, gWidth: 7, batchSize: 23, latentDim: 3, lambda: 10 }, 'critic'));
    // more than 1,024 rows (the packing buffer's K limit): the transposed product falls back to the unpacked GEMM
    it('wide layers over more than 1,024 rows (the unpacked GEMM)', () => compareStep({ loss: 'wgan', dLayers: 2, dWidth: 260, gWidth: 7, batchSize: 600 }, 'critic'));
    it('wide layers, generator', () => compareStep({ loss: 'nonsaturating', dWidth: 9, gWidth: 264, batchSize: 21 }, 'generator'));
    it('the one-parameter generator', () => compareStep({ loss: 'wgan', target: 'line', generator: 'theta', thetaInit: 0.7 }, 'generator'));
    // the generator's sigmoid output, against tfjs autodiff (the reference): its forward in the
    // critic step's generated rows, its derivative s(1 − s) in the generator step
    for (const loss of ['nonsaturating', 'minimax', 'wgan-gp', 'lsgan'] as const) {
      it(`sigmoid generator output, generator step: ${loss}`, () => compareStep({ loss, gOutput: 'sigmoid' }, 'generator', 'autodiff'));
    }
    it('sigmoid generator output, critic step with the penalty', () => compareStep({ loss: 'wgan-gp', gOutput: 'sigmoid', lambda: 10 }, 'critic', 'autodiff'));
    it('sigmoid generator output, wide generator', () => compareStep({ loss: 'nonsaturating', gOutput: 'sigmoid', dWidth: 9, gWidth: 264, batchSize: 21 }, 'generator', 'autodiff'));
  });

  describe('fused kernels: optimizers, clipping, snapshots, state', () => {
    for (const optimizer of ['adam', 'rmsprop'] as const) {
      it(`${optimizer} matches over several iterations`, async () => {
        const { tf, k } = pair({ loss: 'wgan-gp', optimizer, lrD: 1e-3, lrG: 1e-3, nCritic: 2 });
        tf.iterate(3);
        k.iterate(3);
        const [a, b] = [await params(tf), await params(k)];
        expectClose(b.critic, a.critic, 1e-3);
        expectClose(b.generator, a.generator, 1e-3);
        tf.dispose();
        k.dispose();
      });
    }

    it('clips every critic weight into [−c, c] under WGAN', async () => {
      const k = new KernelTrainer(settings({ loss: 'wgan', clip: 0.01, optimizer: 'rmsprop', lrD: 5e-5, dLayers: 2, dWidth: 16, gLayers: 2, gWidth: 16, batchSize: 32 }));
      k.criticStep();
      expect(maxAbs((await params(k)).critic)).toBeLessThanOrEqual(0.01 + 1e-9);
      k.dispose();
    });

    it('snapshots agree with the tfjs trainer’s', async () => {
      const { tf, k } = pair({ loss: 'minimax', optimizer: 'adam', lrD: 1e-3, lrG: 1e-3 });
      tf.iterate(2);
      k.iterate(2);
      const [a, b] = [await tf.snapshot({ samples: 200, grid: 12, arrows: 40 }), await k.snapshot({ samples: 200, grid: 12, arrows: 40 })];
      expectClose(b.generated, a.generated, 1e-3);
      expectClose(b.field.values, a.field.values, 1e-3);
      expectClose(b.arrows.gradients, a.arrows.gradients, 1e-3);
      expect(b.gradNorm).toBeCloseTo(a.gradNorm, 3);
      expect(b.weights.map((w) => w.name)).toEqual(a.weights.map((w) => w.name));
      tf.dispose();
      k.dispose();
    });

    it('a state moves between the tfjs trainer and the kernels and continues', async () => {
      const { s, tf } = pair({ loss: 'wgan-gp', optimizer: 'adam', lrD: 1e-3, lrG: 1e-3 });
      tf.iterate(2);
      const state = await tf.exportState();
      const k = KernelTrainer.fromState(state);
      const back = Trainer.fromState(await k.exportState());
      k.iterate(2);
      back.iterate(2);
      expect(k.iteration).toBe(4);
      expectClose((await params(k)).generator, (await params(back)).generator, 1e-3);
      expect(s.loss).toBe('wgan-gp');
      tf.dispose();
      k.dispose();
      back.dispose();
    });

    it('the same seed gives the same run', async () => {
      const run = async () => {
        const k = new KernelTrainer(settings({ loss: 'hinge', dLayers: 2, dWidth: 16, gLayers: 2, gWidth: 16, batchSize: 32 }));
        k.iterate(5);
        const p = await params(k);
        k.dispose();
        return Array.from(p.generator);
      };
      expect(await run()).toEqual(await run());
    });

    it('reports progress from inside a step, layer by layer, without changing what it computes (issue 27)', async () => {
      const s = settings({ loss: 'wgan-gp', dLayers: 4, dWidth: 16, gLayers: 3, gWidth: 16, batchSize: 32 });
      const quiet = new KernelTrainer(s);
      const heard = new KernelTrainer(s);
      let calls = 0;
      heard.onProgress = () => void calls++;
      quiet.criticStep();
      heard.criticStep();
      // the critic's 5 layers forward and back over both batches, and again for the penalty's double backward
      expect(calls).toBeGreaterThanOrEqual(3 * 5);
      const critic = calls;
      heard.generatorStep();
      quiet.generatorStep();
      expect(calls - critic).toBeGreaterThanOrEqual(2 * 4);
      expect(Array.from((await params(heard)).critic)).toEqual(Array.from((await params(quiet)).critic));
      expect(Array.from((await params(heard)).generator)).toEqual(Array.from((await params(quiet)).generator));
      quiet.dispose();
      heard.dispose();
    });
  });

  describe('fused kernels: learning', () => {
    it('WGAN-GP on one Gaussian reaches the two-sample floor', async () => {
      const k = new KernelTrainer(
        settings({ target: 'gaussian', loss: 'wgan-gp', dLayers: 2, dWidth: 32, gLayers: 1, gWidth: 16, lrD: 1e-3, lrG: 2e-4, beta1: 0.5, beta2: 0.9, lambda: 1, batchSize: 256, nCritic: 5 }),
      );
      k.iterate(1500);
      const e = await k.evaluate();
      expect(e.exactW1).toBeLessThan(e.floor + 0.05);
      k.dispose();
    });
  });
});
