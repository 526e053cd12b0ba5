// gemm's sparse path (A compressed to its nonzeros: the ReLU layers' activations and deltas)
// against its dense path: the same bits in every epilogue, at the edges of its strips, and
// through whole digits-sized training runs, under both builds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../src/engine/backends';
import { Rng } from '../src/engine/rng';
import { KernelTrainer } from '../src/kernels/kernelTrainer';
import { GEMM, ACT, instantiateKernels, loadKernels, setKernelPreference, type KernelExports, type KernelVariant } from '../src/kernels/module';
import { provideDigitsNode } from '../src/platform/digitsNode';
import { settings, testBackend } from './helpers';

provideDigitsNode();

const kernelsOf = (t: KernelTrainer) => (t as unknown as { k: KernelExports }).k;

describe.each(['relaxed-simd', 'simd128'] as KernelVariant[])('%s build', (variant) => {
  beforeAll(async () => {
    await testBackend();
    setKernelPreference(variant);
    const r = await loadKernels();
    if (!r.ok) throw new Error(r.reason);
    await useBackend('fused');
  });
  afterAll(() => setKernelPreference('auto'));

  /** C from both paths for A of the given density (zeros of both signs), B and C's start random. */
  function both(M: number, K: number, N: number, mode: number, density: number | ((row: number) => number), seed: number) {
    const k = instantiateKernels();
    k.memory.grow(Math.ceil((4 * (M * K + K * N + 4 * M * N) + 8 * M * (K + 1) + 4096) / 65536));
    const f = new Float32Array(k.memory.buffer);
    const at = (floats: number, base: number) => base + 4 * floats + 64;
    const a = 65536;
    const b = at(M * K, a);
    const extra = at(K * N, b);
    const c0 = at(M * N, extra);
    const c1 = at(M * N, c0);
    const scratch = at(M * N, c1);
    k.setScratch(scratch, 8 * M * (K + 1));
    const rng = new Rng(seed);
    const densityAt = typeof density === 'number' ? () => density : density;
    for (let i = 0; i < M * K; i++) f[a / 4 + i] = rng.uniform() < densityAt(Math.floor(i / K)) ? rng.normal() : rng.uniform() < 0.5 ? 0 : -0;
    for (let r = 0; r < M; r += 7) f.fill(0, a / 4 + r * K, a / 4 + (r + 1) * K); // some rows all zero
    for (let i = 0; i < K * N; i++) f[b / 4 + i] = rng.normal();
    const extraFloats = mode === GEMM.DERIV ? M * N : N;
    for (let i = 0; i < extraFloats; i++) f[extra / 4 + i] = mode === GEMM.DERIV ? Math.max(0, rng.normal()) : rng.normal();
    for (let i = 0; i < M * N; i++) f[c0 / 4 + i] = f[c1 / 4 + i] = rng.normal();
    const before = k.gemmSparseCount();
    k.setGemmSparsity(0);
    k.gemm(a, b, c0, M, K, N, mode, extra, ACT.relu, 0);
    const denseCount = k.gemmSparseCount();
    k.setGemmSparsity(1);
    k.gemm(a, b, c1, M, K, N, mode, extra, ACT.relu, 0);
    expect(denseCount).toBe(before);
    const tookSparse = k.gemmSparseCount() > denseCount;
    // a float64 reference, to see that both are the product and not merely equal
    let worst = 0;
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let t = 0; t < K; t++) s += f[a / 4 + i * K + t] * f[b / 4 + t * N + j];
        if (mode === GEMM.STORE) worst = Math.max(worst, Math.abs(f[c0 / 4 + i * N + j] - s) / (1 + Math.abs(s)));
      }
    }
    return { dense: new Uint32Array(k.memory.buffer, c0, M * N).slice(), sparse: new Uint32Array(k.memory.buffer, c1, M * N).slice(), tookSparse, worst };
  }

  const shapes: Array<[number, number, number]> = [
    [64, 256, 256], // the digits' hidden layers
    [64, 256, 196], // the generator's output layer: 16 strips of 12 and 4 columns
    [256, 128, 256], // a weight gradient: A = hᵀ
    [5, 7, 200], // odd rows, a short K with a tail, 8 columns left after the strips
    [3, 300, 131], // 3 scalar columns after the strips
  ];
  it.each(shapes)('%i x %i x %i: the sparse path gives the dense bits in every epilogue', (M, K, N) => {
    for (const mode of [GEMM.STORE, GEMM.ACCUMULATE, GEMM.BIAS_ACT, GEMM.DERIV]) {
      for (const density of [0.05, 0.5, 0.9]) {
        const r = both(M, K, N, mode, density, M * 1000 + mode * 10 + density * 100);
        expect(r.tookSparse).toBe(true);
        expect(r.sparse).toEqual(r.dense);
        expect(r.worst).toBeLessThan(1e-4);
      }
    }
  });

  it('splits A into a sparse and a dense run of rows where its halves differ (real and generated digits), to the same bits', () => {
    for (const mode of [GEMM.STORE, GEMM.ACCUMULATE, GEMM.BIAS_ACT, GEMM.DERIV]) {
      for (const [M, split] of [[128, 64], [100, 32], [70, 64]]) {
        const sparseFirst = both(M, 196, 256, mode, (r) => (r < split ? 0.2 : 1), mode + M);
        const denseFirst = both(M, 196, 256, mode, (r) => (r < split ? 1 : 0.2), mode + M + 1);
        // blocks alternating more than once: one path for all
        const alternating = both(M, 196, 256, mode, (r) => (Math.floor(r / 32) % 2 ? 1 : 0.1), mode + M + 2);
        for (const r of [sparseFirst, denseFirst, alternating]) {
          expect(r.tookSparse).toBe(true);
          expect(r.sparse).toEqual(r.dense);
          expect(r.worst).toBeLessThan(1e-4);
        }
      }
    }
  });

  it('keeps narrow products (the 2D networks, 64 columns) and dense A on the dense path', () => {
    expect(both(64, 64, 64, GEMM.STORE, 0.5, 1).tookSparse).toBe(false);
    const k = instantiateKernels();
    expect(k.gemmSparseCount()).toBe(0);
  });

  it('trains a digits-sized GAN and WGAN-GP to the same bits with and without it', async () => {
    for (const loss of ['nonsaturating', 'wgan-gp'] as const) {
      const s = settings({ target: 'digits', loss, activation: 'relu', gLayers: 2, gWidth: 256, dLayers: 2, dWidth: 256, latentDim: 64, batchSize: 64, nCritic: loss === 'wgan-gp' ? 2 : 1, optimizer: 'adam', seed: 5 });
      const dense = new KernelTrainer(s);
      const sparse = new KernelTrainer(s);
      kernelsOf(dense).setGemmSparsity(0);
      dense.iterate(15);
      sparse.iterate(15);
      // ReLU zeroes about half of each hidden layer: most products over them went sparse
      expect(kernelsOf(sparse).gemmSparseCount()).toBeGreaterThan(15 * 4);
      expect(kernelsOf(dense).gemmSparseCount()).toBe(0);
      const [a, b] = [await dense.exportState(), await sparse.exportState()];
      expect(Array.from(b.critic)).toEqual(Array.from(a.critic));
      expect(Array.from(b.generator)).toEqual(Array.from(a.generator));
      dense.dispose();
      sparse.dispose();
    }
  });
});
