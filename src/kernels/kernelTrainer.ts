// The fused-kernel trainer: the same algorithm as engine/fastGradients.ts (forward with
// fused bias+activation, hand-derived backward, the penalty's second-order term in closed
// form) on preallocated buffers in one WebAssembly instance, with the optimizers in the
// same memory. No tfjs: no per-op dispatch, no allocation per step, no read-back. It covers
// plain MLPs, g_θ, batch norm in the generator and layer norm in the critic (the penalty's
// double backward through it included); tests hold it to the tfjs trainer (tfjs autodiff
// for the normalisation layers: tests/kernelNorm.test.ts).
import { LEAKY_SLOPE, NORMALISATION_EPS, criticSpec, generatorSpec, initNetworks, type InitialParams, type MlpSpec } from '../engine/architecture';
import { NORM_EPS, penaltyOf, penaltyPoints, type PenaltyConfig } from '../engine/gradients';
import { lossOf, type LossDef } from '../engine/losses';
import type { ParamEntry } from '../engine/params';
import { Rng } from '../engine/rng';
import type { SettingKey, Settings } from '../engine/settings';
import { TrainerBase, type Losses, type MemoryUse, type OptimizerState, type SnapshotData, type TrainerOptions, type TrainerState } from '../engine/trainerBase';
import * as tf from '@tensorflow/tfjs-core';
import { ACT, GEMM, instantiateKernels, type KernelExports } from './module';

const ADAM_EPS = 1e-8;
/** Where buffers start: above the kernels' static data (their 32 KB GEMM packing buffer). */
const ARENA_START = 64 * 1024;

/** Bump allocation over the instance's memory; views are made fresh (memory can grow). */
class Arena {
  private top = ARENA_START;
  constructor(private readonly k: KernelExports) {}

  alloc(floats: number): number {
    const ptr = this.top;
    this.top += Math.ceil((floats * 4) / 16) * 16 + 16;
    const need = this.top - this.k.memory.buffer.byteLength;
    if (need > 0) this.k.memory.grow(Math.ceil(need / 65536));
    return ptr;
  }

  mark(): number {
    return this.top;
  }

  release(to: number): void {
    this.top = to;
  }

  f32(ptr: number, n: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, ptr, n);
  }
}

interface Layer {
  W: number;
  b: number;
  WT: number;
  inDim: number;
  outDim: number;
  /** The normalisation after this (hidden) layer's affine map: γ and β, 0 when there is none. */
  gamma: number;
  beta: number;
}

/** One network's parameters, gradient and optimizer moments in kernel memory. */
class Net {
  readonly size: number;
  readonly p: number;
  readonly g: number;
  m: number;
  v: number;
  steps = 0;
  /** Bumped whenever the weights change; the transposes remember which version they hold. */
  version = 0;
  transposed = -1;
  readonly layers: Layer[];
  readonly dims: number[];
  /** Batch norm (statistics per column, over the rows) or layer norm (per row) after each hidden layer. */
  readonly norm: 'none' | 'batch' | 'layer';

  constructor(
    arena: Arena,
    readonly init: InitialParams,
    readonly spec: MlpSpec | null,
  ) {
    this.size = init.values.length;
    this.p = arena.alloc(this.size);
    this.g = arena.alloc(this.size);
    this.m = arena.alloc(this.size);
    this.v = arena.alloc(this.size);
    arena.f32(this.p, this.size).set(init.values);
    this.dims = spec ? [spec.inDim, ...spec.hidden, spec.outDim] : [];
    this.norm = spec?.norm ?? 'none';
    this.layers = init.layers.map((l, i) => {
      const e = init.layout;
      return {
        W: this.p + 4 * e[l.kernel].offset,
        b: this.p + 4 * e[l.bias].offset,
        WT: arena.alloc(e[l.kernel].size),
        inDim: this.dims[i],
        outDim: this.dims[i + 1],
        gamma: l.gamma === undefined ? 0 : this.p + 4 * e[l.gamma].offset,
        beta: l.beta === undefined ? 0 : this.p + 4 * e[l.beta].offset,
      };
    });
  }

  /** Gradient of γ / β of the normalisation after dense layer i (0: none). */
  gradGamma(i: number): number {
    const k = this.init.layers[i].gamma;
    return k === undefined ? 0 : this.g + 4 * this.init.layout[k].offset;
  }

  gradBeta(i: number): number {
    const k = this.init.layers[i].beta;
    return k === undefined ? 0 : this.g + 4 * this.init.layout[k].offset;
  }

  gradW(i: number): number {
    return this.g + 4 * this.init.layout[this.init.layers[i].kernel].offset;
  }

  gradB(i: number): number {
    return this.g + 4 * this.init.layout[this.init.layers[i].bias].offset;
  }
}

/** Scratch buffers for one forward/backward pass over up to `rows` rows. */
interface Pass {
  rows: number;
  /** hs[0] is the input; hs[k] hidden layer k (rows x width). The activations' derivatives are read off them. */
  hs: number[];
  out: number;
  /** Two rows x width buffers for the backward pass. */
  t1: number;
  t2: number;
  t3: number;
  /** The chain of the penalty: D_k and G_k per layer. */
  D: number[];
  G: number[];
  /** The tanh penalty's injected adjoints per hidden layer. */
  inj: number[];
  /** Normalisation: n (the normalised values) and rstd = 1/√(σ² + ε) per row (layer) or column (batch), per hidden layer. */
  ns: number[];
  rs: number[];
  /** Layer norm in the penalty's chain: F_k = the adjoint of the pre-norm values (D_k holds the one of y_k). */
  F: number[];
  /** Layer norm in the penalty: adjoints injected at the pre-norm values a_k. */
  injA: number[];
  dIn: number;
}

export class KernelTrainer extends TrainerBase {
  readonly engineName = 'fused';
  readonly loss: LossDef;
  private readonly k: KernelExports;
  private readonly arena: Arena;
  private readonly critic: Net;
  private readonly generator: Net;
  private readonly act: number;
  private readonly workspaceStart: number;
  private capacity = 0;
  private pass!: { a: Pass; b: Pass; io: { real: number; z: number; eps: number; dOut: number; transposed: number } };
  private last: Losses = { critic: null, penalty: null, generator: null };

  /** Whether the fused kernels can run this configuration: every GAN (MLPs with or without batch / layer norm, g_θ). */
  static supports(s: Settings): boolean {
    return s.model !== 'alae';
  }

  constructor(settings: Settings, opts: TrainerOptions = {}) {
    super(settings, opts);
    if (!KernelTrainer.supports(settings)) throw new Error("the fused kernels do not cover ALAE's four networks");
    this.loss = lossOf(settings.loss);
    this.k = instantiateKernels();
    this.arena = new Arena(this.k);
    const init = initNetworks(settings, Rng.stream(settings.seed, 'init'));
    this.critic = new Net(this.arena, init.critic, criticSpec(settings));
    // the penalty's double backward covers layer norm in the critic (batch norm there would mix the rows' gradients)
    if (this.critic.norm === 'batch') throw new Error('the fused kernels cover layer norm in the critic, not batch norm');
    this.generator = new Net(this.arena, init.generator, settings.generator === 'mlp' ? generatorSpec(settings) : null);
    // batch norm's backward keeps two column vectors in the kernels' static scratch (NORM_MAX_COLS)
    if (this.generator.norm === 'batch' && Math.max(...this.generator.dims.slice(1, -1)) > 1024) throw new Error('batch norm on the fused kernels: at most 1,024 units a layer');
    this.act = ACT[settings.activation];
    this.resetOptimizer(this.critic);
    this.resetOptimizer(this.generator);
    this.workspaceStart = this.arena.mark();
  }

  static fromState(state: TrainerState): KernelTrainer {
    const t = new KernelTrainer(state.settings, { customPoints: state.customPoints });
    t.restore(state);
    return t;
  }

  criticLayout(): ParamEntry[] {
    return this.critic.init.layout;
  }

  private resetOptimizer(net: Net): void {
    net.steps = 0;
    this.k.fill(net.m, net.size, 0);
    this.k.fill(net.v, net.size, 0);
  }

  /** Scratch space for passes over `rows` rows (reallocated only when it must grow). */
  private workspace(rows: number): void {
    if (rows <= this.capacity) return;
    const cap = Math.max(rows, 2 * this.settings.batchSize, 64);
    this.arena.release(this.workspaceStart);
    const a = this.arena;
    const widest = Math.max(2, this.latentDim, ...this.critic.dims, ...this.generator.dims);
    const depth = Math.max(this.critic.dims.length, this.generator.dims.length);
    const buf = () => a.alloc(cap * widest);
    const normed = this.critic.norm !== 'none' || this.generator.norm !== 'none';
    const make = (): Pass => {
      const list = () => Array.from({ length: depth }, (_, i) => (i === 0 ? 0 : buf()));
      const normList = (size: number) => Array.from({ length: depth }, (_, i) => (i === 0 || !normed ? 0 : a.alloc(size)));
      return {
        rows: cap,
        hs: list(),
        D: list(),
        G: [buf(), ...list().slice(1)],
        inj: list(),
        ns: normList(cap * widest),
        rs: normList(Math.max(cap, widest)),
        F: normList(cap * widest),
        injA: normList(cap * widest),
        out: buf(),
        t1: buf(),
        t2: buf(),
        t3: buf(),
        dIn: buf(),
      };
    };
    // pass a: the critic over real and generated rows; pass b: the generator, then the critic's interpolates
    const D = this.target.dim;
    this.pass = { a: make(), b: make(), io: { real: a.alloc(cap * D), z: a.alloc(cap * Math.max(1, this.latentDim)), eps: a.alloc(cap), dOut: a.alloc(cap * D), transposed: buf() } };
    // where gemm packs its A (at most rows x widest floats: every product here is over a
    // pass's rows or, transposed, a layer's inputs; a larger A is read in place) or, when A
    // is mostly zeros, compresses it to (index, value) pairs: twice as many floats, plus a
    // count per row
    const scratchFloats = 2 * cap * widest + 2 * Math.max(cap, widest);
    this.k.setScratch(a.alloc(scratchFloats), scratchFloats * 4);
    this.capacity = cap;
  }

  /** W^T of every layer, recomputed only after the weights changed. */
  private ensureTransposes(net: Net): void {
    if (net.transposed === net.version) return;
    for (const l of net.layers) this.k.transpose(l.W, l.WT, l.inDim, l.outDim);
    net.transposed = net.version;
  }

  /** Forward pass of `net` over `rows` rows of input at x; hidden outputs into pass p. */
  private forward(net: Net, p: Pass, x: number, rows: number, out: number): void {
    const L = net.layers.length - 1;
    p.hs[0] = x;
    for (let i = 0; i < L; i++) {
      this.onProgress?.();
      const l = net.layers[i];
      if (l.gamma) {
        // a = h·W + b into ns, normalised there in place; h' = act(γ ⊙ n + β)
        this.k.gemm(p.hs[i], l.W, p.ns[i + 1], rows, l.inDim, l.outDim, GEMM.BIAS_ACT, l.b, ACT.linear, 0);
        this.k.normForward(p.ns[i + 1], p.rs[i + 1], l.gamma, l.beta, p.hs[i + 1], rows, l.outDim, net.norm === 'layer' ? 1 : 0, NORMALISATION_EPS, this.act, LEAKY_SLOPE);
      } else {
        this.k.gemm(p.hs[i], l.W, p.hs[i + 1], rows, l.inDim, l.outDim, GEMM.BIAS_ACT, l.b, this.act, LEAKY_SLOPE);
      }
    }
    const l = net.layers[L];
    const outAct = net.spec?.output === 'sigmoid' ? ACT.sigmoid : ACT.linear;
    // a narrow last layer (1 or 2 outputs): dot products along rows of W^T
    if (l.outDim <= 2) {
      this.ensureTransposes(net);
      this.k.gemmNT(p.hs[L], l.WT, out, rows, l.inDim, l.outDim, GEMM.BIAS_ACT, l.b, outAct, 0);
    } else {
      this.k.gemm(p.hs[L], l.W, out, rows, l.inDim, l.outDim, GEMM.BIAS_ACT, l.b, outAct, 0);
    }
  }

  /**
   * C[inDim x outDim] (+)= Aᵀ·B over `rows` rows. gemmTN reads A down its columns, one row
   * stride (2 KB at 512 wide) per step; transposing A first (a cheap pass) lets the packed
   * GEMM run on contiguous rows instead. Below 128 wide (the 2D networks' 64) the transpose
   * costs more than it saves; at the digits' 196 pixels it pays since gemm's sparse path
   * takes the transposed batch (real digits are about a quarter nonzero, so real and
   * generated ones together about 63%): a GAN iteration 1.02x, WGAN-GP 1.015x (interleaved
   * A/B); the same bits (both sum in row order, then add C).
   */
  private weightGradient(A: number, B: number, C: number, rows: number, inDim: number, outDim: number, accumulate: boolean): void {
    if (inDim < 128) {
      this.k.gemmTN(A, B, C, rows, inDim, outDim, accumulate ? 1 : 0);
      return;
    }
    const t = this.pass.io.transposed;
    this.k.transpose(A, t, rows, inDim);
    this.k.gemm(t, B, C, inDim, rows, outDim, accumulate ? GEMM.ACCUMULATE : GEMM.STORE, 0, 0, 0);
  }

  /**
   * Reverse pass with output adjoint dOut (0: none) and optional injected adjoints at the
   * hidden layers (inject: at h_i, the activations; injectA: at a_i, the values a normalisation
   * takes); weight gradients (γ and β's too) are stored (or accumulated) into net.g, the
   * input gradient into p.dIn when asked. Needs net's transposes.
   */
  private backward(net: Net, p: Pass, rows: number, dOut: number, opts: { params: boolean; accumulate: boolean; input: boolean; inject?: number[]; injectA?: number[] }): void {
    const L = net.layers.length - 1;
    let delta = dOut;
    for (let i = L; i >= 0; i--) {
      this.onProgress?.();
      const l = net.layers[i];
      if (delta && opts.params) {
        this.weightGradient(p.hs[i], delta, net.gradW(i), rows, l.inDim, l.outDim, opts.accumulate);
        this.k.colSum(delta, net.gradB(i), rows, l.outDim, opts.accumulate ? 1 : 0);
      }
      if (i === 0) {
        if (opts.input && delta) this.k.gemm(delta, l.WT, p.dIn, rows, l.outDim, l.inDim, GEMM.STORE, 0, 0, 0);
        break;
      }
      const inj = opts.inject?.[i] ?? 0;
      const injA = opts.injectA?.[i] ?? 0;
      const below = net.layers[i - 1];
      if (!delta && !inj && !injA) continue;
      const next = delta === p.t1 ? p.t2 : p.t1;
      const n = rows * l.inDim;
      // δ_i = (δ · W_iᵀ + inject_i) ⊙ act'(h_i): the adjoint of y_i (of a_i without normalisation)
      if (delta && inj) {
        this.k.gemm(delta, l.WT, next, rows, l.outDim, l.inDim, GEMM.STORE, 0, 0, 0);
        this.k.add(next, inj, next, n);
        this.k.mulDeriv(next, p.hs[i], next, n, this.act, LEAKY_SLOPE);
      } else if (delta) {
        this.k.gemm(delta, l.WT, next, rows, l.outDim, l.inDim, GEMM.DERIV, p.hs[i], this.act, LEAKY_SLOPE);
      } else if (inj) {
        this.k.mulDeriv(inj, p.hs[i], next, n, this.act, LEAKY_SLOPE);
      } else {
        this.k.fill(next, n, 0);
      }
      if (below.gamma) {
        // through y = γ ⊙ n + β and the normalisation: γ̄, β̄, and the adjoint of a_i in place
        const gg = opts.params ? net.gradGamma(i - 1) : 0;
        this.k.normBackward(next, p.ns[i], p.rs[i], below.gamma, gg, gg ? net.gradBeta(i - 1) : 0, next, rows, l.inDim, net.norm === 'layer' ? 1 : 0, opts.accumulate ? 1 : 0);
      }
      if (injA) this.k.add(next, injA, next, n);
      delta = next;
    }
  }

  /**
   * The input-gradient chain of the critic over the rows of pass p (forward done with
   * masks): G_0 = ∇_x f into p.G[0]. Keeps D_k and G_k for the penalty's adjoint.
   */
  private inputGradient(p: Pass, rows: number): void {
    const c = this.critic;
    const L = c.layers.length - 1;
    const top = c.layers[L];
    if (L === 0) {
      this.k.broadcastRow(top.W, p.G[0], rows, this.target.dim);
      return;
    }
    // G_L is the row W_Lᵀ; D_L = G_L ⊙ M_L, with M_k = act'(a_k) read off h_k
    this.k.mulRowDeriv(top.W, p.hs[L], p.D[L], rows, top.inDim, this.act, LEAKY_SLOPE);
    for (let i = L; i >= 1; i--) {
      const l = c.layers[i - 1];
      // layer norm: D_k is the adjoint of y_k = γ ⊙ n_k + β; F_k, that of the pre-norm a_k, carries on
      if (l.gamma) this.k.normBackward(p.D[i], p.ns[i], p.rs[i], l.gamma, 0, 0, p.F[i], rows, l.outDim, 1, 0);
      this.k.gemm(l.gamma ? p.F[i] : p.D[i], l.WT, p.G[i - 1], rows, l.outDim, l.inDim, GEMM.STORE, 0, 0, 0);
      if (i - 1 >= 1) this.k.mulDeriv(p.G[i - 1], p.hs[i - 1], p.D[i - 1], rows * l.inDim, this.act, LEAKY_SLOPE);
    }
  }

  /** Adds the penalty's gradient (into critic.g, accumulating) and returns its value. */
  private penaltyGradients(p: Pass, rows: number, penalty: PenaltyConfig): number {
    const c = this.critic;
    const L = c.layers.length - 1;
    this.inputGradient(p, rows);
    // Ḡ_0 = dP/dG_0, computed in place from a copy of G_0
    const D = this.target.dim;
    let Gbar = this.copyRows(p.G[0], p.t3, rows * D);
    let value: number;
    if (penalty.kind === 'r1' || penalty.kind === 'r2') {
      // λ/2 · mean ‖G_0‖²: Ḡ_0 = λ G_0 / rows (rows x dim floats: no kernel needed)
      const g = this.arena.f32(Gbar, rows * D);
      let squares = 0;
      for (let i = 0; i < g.length; i++) {
        squares += g[i] * g[i];
        g[i] *= penalty.lambda / rows;
      }
      value = (penalty.lambda / 2) * (squares / rows);
    } else {
      value = this.k.penalty(Gbar, rows, D, penalty.lambda, penalty.oneSided ? 1 : 0, NORM_EPS);
    }
    const tanh = this.settings.activation === 'tanh';
    const ln = c.norm === 'layer';
    for (let i = 1; i <= L; i++) {
      this.onProgress?.();
      const l = c.layers[i - 1];
      // W̄_{i-1} += Ḡ_{i-1}ᵀ D_i;  D̄_i = Ḡ_{i-1} W_{i-1};  Ḡ_i = D̄_i ⊙ M_i
      // (layer norm: F_i in place of D_i, and F̄_i = Ḡ_{i-1} W_{i-1} goes back through the norm to D̄_i)
      this.weightGradient(Gbar, l.gamma ? p.F[i] : p.D[i], c.gradW(i - 1), rows, l.inDim, l.outDim, true);
      const Dbar = Gbar === p.t1 ? p.t2 : p.t1;
      this.k.gemm(Gbar, l.W, Dbar, rows, l.inDim, l.outDim, GEMM.STORE, 0, 0, 0);
      // F's dependence on n_i and rstd_i (functions of a_i) is injected at a_i for the reverse pass below
      if (l.gamma) this.k.lnDoubleBackward(Dbar, p.D[i], l.gamma, p.ns[i], p.rs[i], p.F[i], Dbar, c.gradGamma(i - 1), p.injA[i], rows, l.outDim);
      // tanh: M_i = 1 − h_i² depends on the weights: inject −2 D̄_i ⊙ G_i ⊙ h_i into the forward's reverse pass
      if (tanh) this.k.tanhInject(Dbar, i === L ? c.layers[L].W : p.G[i], i === L ? 1 : 0, p.hs[i], p.inj[i], rows, l.outDim);
      this.k.mulDeriv(Dbar, p.hs[i], Dbar, rows * l.outDim, this.act, LEAKY_SLOPE);
      Gbar = Dbar;
    }
    // the chain starts at G_L = W_Lᵀ (a row): W̄_L += Σ_rows Ḡ_L
    this.k.colSum(Gbar, c.gradW(L), rows, L === 0 ? D : c.layers[L].inDim, 1);
    if ((tanh || ln) && L > 0) this.backward(c, p, rows, 0, { params: true, accumulate: true, input: false, inject: tanh ? p.inj : undefined, injectA: ln ? p.injA : undefined });
    return value;
  }

  private copyRows(src: number, dst: number, floats: number): number {
    this.arena.f32(dst, floats).set(this.arena.f32(src, floats));
    return dst;
  }

  // ---- steps ------------------------------------------------------------------------

  private sampleFake(p: Pass, rows: number, out: number): void {
    const z = this.sampleLatent(rows, this.rng.latent);
    this.generateInto(p, z, rows, out);
  }

  /** G(z) for n rows into `out` (n x 2). */
  private generateInto(p: Pass, z: Float32Array, n: number, out: number): void {
    if (!this.generator.spec) {
      const theta = this.arena.f32(this.generator.p, 1)[0];
      const o = this.arena.f32(out, n * 2);
      for (let i = 0; i < n; i++) {
        o[2 * i] = theta;
        o[2 * i + 1] = z[i];
      }
      return;
    }
    const zp = this.pass.io.z;
    this.arena.f32(zp, z.length).set(z);
    this.forward(this.generator, p, zp, n, out);
  }

  criticStep(): void {
    this.assertAlive();
    const s = this.settings;
    const B = s.batchSize;
    this.workspace(2 * B);
    const { a, b, io } = this.pass;
    const c = this.critic;
    // rows 0..B-1 real, B..2B-1 generated: one pass over both
    const x = io.real;
    const D = this.target.dim;
    const fakeRows = x + 4 * D * B;
    this.arena.f32(x, B * D).set(this.target.sample(B, this.rng.data));
    this.sampleFake(b, B, fakeRows);
    const eps = this.rng.eps.fillUniform(new Float32Array(B));
    this.ensureTransposes(c);
    this.forward(c, a, x, 2 * B, a.out);
    // loss head in JS: B values each side
    const out = this.arena.f32(a.out, 2 * B);
    const d = this.arena.f32(io.dOut, 2 * B);
    let lossValue = 0;
    const { real, fake } = this.loss.critic;
    for (let i = 0; i < B; i++) {
      lossValue += real.valueAt(out[i]) + fake.valueAt(out[B + i]);
      d[i] = real.gradAt(out[i]) / B;
      d[B + i] = fake.gradAt(out[B + i]) / B;
    }
    this.backward(c, a, 2 * B, io.dOut, { params: true, accumulate: false, input: false });
    let penaltyValue = 0;
    const penalty = penaltyOf(s, this.lossInfo.constraint);
    if (penalty) {
      const where = penaltyPoints(penalty.kind);
      if (where === 'interpolates') {
        // interpolates x̂ = fake + ε (real − fake), the input of pass b
        this.arena.f32(io.eps, B).set(eps);
        this.k.lerpRows(fakeRows, x, io.eps, b.dIn, B, D);
        this.forward(c, b, b.dIn, B, b.out);
      } else {
        // R1 / R2: the real rows (0..B-1) or the generated ones (B..2B-1)
        this.forward(c, b, where === 'real' ? x : fakeRows, B, b.out);
      }
      penaltyValue = this.penaltyGradients(b, B, penalty);
    }
    this.step(c, s.lrD, this.lossInfo.constraint === 'clip' ? s.clip : 0);
    this.last.critic = lossValue / B;
    this.last.penalty = penaltyValue;
    this.noteStepLosses([this.last.critic, this.last.penalty]);
    this.criticSteps++;
  }

  generatorStep(): void {
    this.assertAlive();
    const s = this.settings;
    const B = s.batchSize;
    this.workspace(2 * B);
    const { a, b, io } = this.pass;
    const c = this.critic;
    const z = this.sampleLatent(B, this.rng.latent);
    const x = io.real; // generated samples go here (B x 2)
    this.generateInto(b, z, B, x);
    let realTerm = 0;
    if (this.loss.generator.real) {
      // J_G = −J_D reports the real term too: D on a real batch (forward only)
      const r = io.dOut;
      this.arena.f32(r, B * this.target.dim).set(this.target.sample(B, this.rng.data));
      this.forward(c, a, r, B, a.out);
      const out = this.arena.f32(a.out, B);
      for (let i = 0; i < B; i++) realTerm += this.loss.generator.real.valueAt(out[i]);
    }
    this.ensureTransposes(c);
    this.forward(c, a, x, B, a.out);
    const out = this.arena.f32(a.out, B);
    const d = this.arena.f32(io.dOut, B);
    let value = 0;
    const term = this.loss.generator.fake;
    for (let i = 0; i < B; i++) {
      value += term.valueAt(out[i]);
      d[i] = term.gradAt(out[i]) / B;
    }
    this.backward(c, a, B, io.dOut, { params: false, accumulate: false, input: true });
    const g = this.generator;
    if (g.spec) {
      this.ensureTransposes(g);
      // a sigmoid output x = s(a): the adjoint of a is dx ⊙ s(1 − s), read off the generated rows
      if (g.spec.output === 'sigmoid') this.k.mulDeriv(a.dIn, x, a.dIn, B * this.target.dim, ACT.sigmoid, 0);
      this.backward(g, b, B, a.dIn, { params: true, accumulate: false, input: false });
    } else {
      const dx = this.arena.f32(a.dIn, B * 2);
      let t = 0;
      for (let i = 0; i < B; i++) t += dx[2 * i];
      this.arena.f32(g.g, 1)[0] = t;
    }
    this.step(g, s.lrG, 0);
    this.last.generator = (value + realTerm) / B;
    this.noteStepLosses([this.last.generator]);
    this.generatorSteps++;
  }

  private step(net: Net, lr: number, clip: number): void {
    const s = this.settings;
    net.steps++;
    net.version++;
    if (s.optimizer === 'adam') {
      const bc1 = 1 - Math.pow(s.beta1, net.steps);
      const bc2 = 1 - Math.pow(s.beta2, net.steps);
      this.k.adam(net.p, net.g, net.m, net.v, net.size, lr / bc1, s.beta1, s.beta2, 1 / Math.sqrt(bc2), ADAM_EPS, clip);
    } else if (s.optimizer === 'rmsprop') {
      this.k.rmsprop(net.p, net.g, net.v, net.size, lr, s.beta2, ADAM_EPS, clip);
    } else {
      this.k.sgd(net.p, net.g, net.size, lr, clip);
    }
  }

  memoryUse(): MemoryUse {
    // this trainer holds no tensors; tfjs may not even have a backend initialised (fused only)
    let tensors = 0;
    try {
      tensors = tf.memory().numTensors;
    } catch {
      tensors = 0;
    }
    return { tensors, bytes: this.k.memory.buffer.byteLength };
  }

  protected onLiveChange(key: SettingKey): void {
    if (key === 'optimizer') {
      this.resetOptimizer(this.critic);
      this.resetOptimizer(this.generator);
    }
  }

  // ---- reading ------------------------------------------------------------------------

  protected async generateFrom(z: Float32Array, n: number): Promise<Float32Array> {
    this.workspace(n);
    const out = this.pass.io.real;
    this.generateInto(this.pass.b, z, n, out);
    return this.arena.f32(out, n * this.target.dim).slice();
  }

  protected async snapshotData(z: Float32Array, n: number, grid: Float32Array, gridPoints: number, nArrows: number): Promise<SnapshotData> {
    this.workspace(Math.max(n, gridPoints));
    const { a, b, io } = this.pass;
    const c = this.critic;
    this.ensureTransposes(c);
    const gen = io.real;
    this.generateInto(b, z, n, gen);
    const D = this.target.dim;
    const generated = this.arena.f32(gen, n * D).slice();
    // the field: the critic on the grid
    const gp = io.dOut;
    this.arena.f32(gp, gridPoints * D).set(grid);
    this.forward(c, a, gp, gridPoints, a.out);
    const field = this.arena.f32(a.out, gridPoints).slice();
    // ∇_x f at the generated samples
    const xin = this.copyRows(gen, b.dIn, n * D);
    this.forward(c, b, xin, n, b.out);
    const generatedScores = this.arena.f32(b.out, n).slice();
    this.inputGradient(b, n);
    const gradNorm = this.k.meanRowNorm(b.G[0], n, D);
    return {
      generated,
      field,
      arrowGradients: this.arena.f32(b.G[0], nArrows * D).slice(),
      gradNorm,
      generatedScores,
      criticParams: this.arena.f32(c.p, c.size).slice(),
      losses: { ...this.last },
    };
  }

  async losses(): Promise<Losses> {
    return { ...this.last };
  }

  private optimizerState(net: Net): OptimizerState {
    const kind = this.settings.optimizer;
    return {
      kind,
      steps: net.steps,
      m: kind === 'adam' ? this.arena.f32(net.m, net.size).slice() : null,
      v: kind === 'sgd' ? null : this.arena.f32(net.v, net.size).slice(),
    };
  }

  protected async readParams(): Promise<Pick<TrainerState, 'critic' | 'generator' | 'optimizers'>> {
    return {
      critic: this.arena.f32(this.critic.p, this.critic.size).slice(),
      generator: this.arena.f32(this.generator.p, this.generator.size).slice(),
      optimizers: { critic: this.optimizerState(this.critic), generator: this.optimizerState(this.generator) },
    };
  }

  protected writeParams(state: TrainerState): void {
    for (const [net, values, opt] of [
      [this.critic, state.critic, state.optimizers.critic],
      [this.generator, state.generator, state.optimizers.generator],
    ] as const) {
      if (values.length !== net.size) throw new Error(`expected ${net.size} parameters, got ${values.length}`);
      if (opt.kind !== this.settings.optimizer) throw new Error(`saved optimizer is ${opt.kind}, this one is ${this.settings.optimizer}`);
      this.arena.f32(net.p, net.size).set(values);
      net.version++;
      this.resetOptimizer(net);
      net.steps = opt.steps;
      if (opt.m) this.arena.f32(net.m, net.size).set(opt.m);
      if (opt.v) this.arena.f32(net.v, net.size).set(opt.v);
    }
  }

  dispose(): void {
    this.disposed = true;
  }
}
