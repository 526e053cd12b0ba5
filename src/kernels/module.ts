// Loading the fused kernels (src/kernels/assembly, built to kernels.wasm and, with relaxed
// SIMD's fused multiply-add, kernels-relaxed.wasm). Where the bytes come from is platform
// business: src/platform/node.ts reads the files, the browser fetches the bundler's URLs.
// Each trainer gets its own instance, hence its own memory.

export interface KernelExports {
  memory: WebAssembly.Memory;
  gemm(a: number, b: number, c: number, M: number, K: number, N: number, mode: number, extra: number, act: number, alpha: number): void;
  gemmNT(a: number, bT: number, c: number, M: number, K: number, N: number, mode: number, extra: number, act: number, alpha: number): void;
  gemmTN(a: number, b: number, c: number, R: number, M: number, N: number, accumulate: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  mulDeriv(a: number, h: number, out: number, n: number, act: number, alpha: number): void;
  mulRowDeriv(row: number, h: number, out: number, rows: number, cols: number, act: number, alpha: number): void;
  mul(a: number, b: number, out: number, n: number): void;
  add(a: number, b: number, out: number, n: number): void;
  colSum(a: number, out: number, rows: number, cols: number, accumulate: number): void;
  penalty(g: number, n: number, d: number, lambda: number, oneSided: number, normEps: number): number;
  meanRowNorm(g: number, n: number, d: number): number;
  adam(p: number, g: number, m: number, v: number, n: number, step: number, b1: number, b2: number, invBc2Sqrt: number, eps: number, clip: number): void;
  rmsprop(p: number, g: number, v: number, n: number, lr: number, rho: number, eps: number, clip: number): void;
  sgd(p: number, g: number, n: number, lr: number, clip: number): void;
  lerpRows(a: number, b: number, t: number, out: number, n: number, d: number): void;
  fill(out: number, n: number, value: number): void;
  tanhInject(dbar: number, g: number, gIsRow: number, h: number, out: number, rows: number, cols: number): void;
  broadcastRow(row: number, out: number, rows: number, cols: number): void;
  normForward(a: number, rstd: number, gamma: number, beta: number, h: number, rows: number, cols: number, perRow: number, eps: number, act: number, alpha: number): void;
  normBackward(ybar: number, n: number, rstd: number, gamma: number, gGamma: number, gBeta: number, out: number, rows: number, cols: number, perRow: number, accumulate: number): void;
  lnDoubleBackward(fbar: number, d: number, gamma: number, n: number, rstd: number, f: number, out: number, gGamma: number, inj: number, rows: number, cols: number): void;
  distances(a: number, b: number, out: number, n: number, m: number, d: number): void;
  minCostAssignment(cost: number, n: number, colOfRow: number, scratch: number): number;
  setScratch(p: number, bytes: number): void;
  setGemmSparsity(maxDensity: number): void;
  gemmSparseCount(): number;
}

export const GEMM = { STORE: 0, ACCUMULATE: 1, BIAS_ACT: 2, DERIV: 3 } as const;
export const ACT = { linear: 0, relu: 1, 'leaky-relu': 2, tanh: 3, sigmoid: 4 } as const;

export type KernelVariant = 'simd128' | 'relaxed-simd';

export interface KernelSources {
  simd128(): Promise<BufferSource>;
  relaxed(): Promise<BufferSource>;
}

let sources: KernelSources | null = null;
let preference: 'auto' | KernelVariant = 'auto';
let loading: Promise<{ module: WebAssembly.Module; variant: KernelVariant }> | null = null;
let ready: { module: WebAssembly.Module; variant: KernelVariant } | null = null;

/** Where the kernels' bytes come from (set once by the platform module). */
export function setKernelSource(s: KernelSources): void {
  sources = s;
  loading = null;
  ready = null;
}

/** Forces one build (tests use it to check both); 'auto' prefers relaxed SIMD where it runs. */
export function setKernelPreference(p: 'auto' | KernelVariant): void {
  preference = p;
  loading = null;
  ready = null;
}

const imports = { env: { abort: () => { throw new Error('kernel abort'); } } };

/** A 5 x 7 x 9 product checked against plain JS: guards against a broken engine feature. */
function selfCheck(module: WebAssembly.Module): boolean {
  const k = new WebAssembly.Instance(module, imports).exports as unknown as KernelExports;
  const [M, K, N] = [5, 7, 9];
  const a = 65536;
  const b = a + 4 * M * K + 64;
  const c = b + 4 * K * N + 64;
  const f = new Float32Array(k.memory.buffer);
  for (let i = 0; i < M * K; i++) f[a / 4 + i] = Math.sin(i + 1);
  for (let i = 0; i < K * N; i++) f[b / 4 + i] = Math.cos(i + 2);
  k.gemm(a, b, c, M, K, N, GEMM.STORE, 0, 0, 0);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let t = 0; t < K; t++) s += f[a / 4 + i * K + t] * f[b / 4 + t * N + j];
      if (Math.abs(f[c / 4 + i * N + j] - s) > 1e-4) return false;
    }
  }
  return true;
}

async function load(): Promise<{ module: WebAssembly.Module; variant: KernelVariant }> {
  if (!sources) throw new Error('the fused kernels are not configured here (no kernel source)');
  if (typeof WebAssembly === 'undefined') throw new Error('this environment has no WebAssembly');
  if (preference !== 'simd128') {
    try {
      const bytes = await sources.relaxed();
      if (WebAssembly.validate(bytes)) {
        const module = await WebAssembly.compile(bytes);
        if (selfCheck(module)) return { module, variant: 'relaxed-simd' };
      }
    } catch {
      /* fall back to the SIMD128 build */
    }
    if (preference === 'relaxed-simd') throw new Error('relaxed SIMD is not available here');
  }
  const bytes = await sources.simd128();
  if (!WebAssembly.validate(bytes)) throw new Error('this engine has no WebAssembly SIMD');
  const module = await WebAssembly.compile(bytes);
  if (!selfCheck(module)) throw new Error('the fused kernels fail their self-check here');
  return { module, variant: 'simd128' };
}

/** Loads the kernels; resolves with the reason where they cannot run. */
export async function loadKernels(): Promise<{ ok: true; variant: KernelVariant } | { ok: false; reason: string }> {
  try {
    loading ??= load();
    ready = await loading;
    return { ok: true, variant: ready.variant };
  } catch (e) {
    loading = null;
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

export function kernelVariant(): KernelVariant | null {
  return ready?.variant ?? null;
}

/** A fresh instance; loadKernels() must have resolved first. */
export function instantiateKernels(): KernelExports {
  if (!ready) throw new Error('the fused kernels are not loaded yet');
  return new WebAssembly.Instance(ready.module, imports).exports as unknown as KernelExports;
}
