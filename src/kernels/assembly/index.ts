// Fused WebAssembly SIMD kernels for training small MLPs (AssemblyScript, compiled by
// scripts/build-kernels.mjs). Everything is row-major float32; pointers are byte offsets
// into this module's memory, which the JS side (the Arena in kernelTrainer.ts) hands out.
//
// Two builds: kernels.wasm (SIMD128) and kernels-relaxed.wasm (adds relaxed SIMD's fused
// multiply-add in the GEMM inner loops, ~1.4x faster where the engine supports it).
//
// Why hand-written: for the playground's shapes (256 x 64 x 64) a 4 x 8 register-tiled
// GEMM runs at about 20 GFLOP/s here, against about 6 for the same work through tfjs's
// wasm backend (a new XNNPACK operator, with weight packing, for every call, plus ~20 us
// of dispatch per op), and the elementwise steps fuse into the GEMM epilogues. Products
// whose A is mostly zeros (a ReLU layer's activations and deltas, at 128 columns or more)
// skip the zeros, to the same bits (gemmSparseA).

// Activations. Their derivative is always computed from the output h = act(a).
// LINEAR = 0: no activation
const RELU: i32 = 1;
const LEAKY: i32 = 2;
const TANH: i32 = 3;
const SIGMOID: i32 = 4; // the generator's output layer only (pixels in (0, 1))

// GEMM epilogues.
const STORE: i32 = 0; // C = A·B
const ACCUMULATE: i32 = 1; // C += A·B
const BIAS_ACT: i32 = 2; // C = act(A·B + bias)
const DERIV: i32 = 3; // C = (A·B) ⊙ act'(H), H the activations (M x N) the derivative is read from

/** acc + x·b: one fused multiply-add where relaxed SIMD exists (the second build), else two ops. */
@inline
function madd(acc: v128, x: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(x, b, acc);
  return f32x4.add(acc, f32x4.mul(x, b));
}

/** 1 / (1 + e^−x); e^−x overflows to +inf for x < −88, which gives 0 as it should. */
@inline
function sigmoid(x: f32): f32 {
  return 1 / (1 + Mathf.exp(-x));
}

@inline
function activate(x: f32, act: i32, alpha: f32): f32 {
  // linear first: falling through, it paid for the tanh below (-O3 turns the branch into a select)
  if (act == 0) return x;
  if (act == RELU) return x > 0 ? x : 0;
  if (act == LEAKY) return x > 0 ? x : alpha * x;
  if (act == TANH) return Mathf.tanh(x);
  if (act == SIGMOID) return sigmoid(x);
  return x;
}

@inline
function activate4(x: v128, act: i32, alpha: f32): v128 {
  if (act == 0) return x; // linear (see activate)
  if (act == RELU) return f32x4.max(x, f32x4.splat(0));
  if (act == LEAKY) return f32x4.max(x, f32x4.mul(x, f32x4.splat(alpha)));
  if (act == TANH) {
    return f32x4(
      Mathf.tanh(f32x4.extract_lane(x, 0)),
      Mathf.tanh(f32x4.extract_lane(x, 1)),
      Mathf.tanh(f32x4.extract_lane(x, 2)),
      Mathf.tanh(f32x4.extract_lane(x, 3)),
    );
  }
  if (act == SIGMOID) {
    return f32x4(
      sigmoid(f32x4.extract_lane(x, 0)),
      sigmoid(f32x4.extract_lane(x, 1)),
      sigmoid(f32x4.extract_lane(x, 2)),
      sigmoid(f32x4.extract_lane(x, 3)),
    );
  }
  return x;
}

/** act'(a) from h = act(a), four lanes. */
@inline
function derivative4(h: v128, act: i32, alpha: f32): v128 {
  const one = f32x4.splat(1);
  if (act == RELU) return v128.and(f32x4.gt(h, f32x4.splat(0)), one);
  if (act == LEAKY) return v128.bitselect(one, f32x4.splat(alpha), f32x4.gt(h, f32x4.splat(0)));
  if (act == TANH) return f32x4.sub(one, f32x4.mul(h, h));
  if (act == SIGMOID) return f32x4.mul(h, f32x4.sub(one, h));
  return one;
}

@inline
function derivative1(h: f32, act: i32, alpha: f32): f32 {
  if (act == RELU) return h > 0 ? 1 : 0;
  if (act == LEAKY) return h > 0 ? 1 : alpha;
  if (act == TANH) return 1 - h * h;
  if (act == SIGMOID) return h * (1 - h);
  return 1;
}

// The epilogues. The backward pass never stores the activations' derivatives: DERIV reads
// them off the stored activations (act' is a function of act's output for every activation here).
@inline
function epilogue4(acc: v128, cp: usize, mode: i32, extra: usize, act: i32, alpha: f32): void {
  if (mode == ACCUMULATE) acc = f32x4.add(acc, v128.load(cp));
  else if (mode == BIAS_ACT) acc = activate4(f32x4.add(acc, v128.load(extra)), act, alpha);
  else if (mode == DERIV) acc = f32x4.mul(acc, derivative4(v128.load(extra), act, alpha));
  v128.store(cp, acc);
}

@inline
function epilogue1(acc: f32, cp: usize, mode: i32, extra: usize, act: i32, alpha: f32): void {
  if (mode == ACCUMULATE) acc += load<f32>(cp);
  else if (mode == BIAS_ACT) acc = activate(acc + load<f32>(extra), act, alpha);
  else if (mode == DERIV) acc *= derivative1(load<f32>(extra), act, alpha);
  store<f32>(cp, acc);
}

/**
 * The GEMM micro-kernel: a 4 x 8 tile of C, then the epilogue. The tile's 4 rows of A start
 * at a0 + n·aRow (n = 0..3) and step aK bytes per k (aRow = K floats, aK = 4 for A·B; the
 * reverse for Aᵀ·B); the column strip of B starts at bp and steps bStep bytes per k (32
 * when packed).
 */
@inline
function tile4x8(a0: usize, aRow: usize, aK: usize, bp: usize, bStep: usize, K: i32, cp: usize, rowC: usize, mode: i32, ep: usize, es: usize, act: i32, alpha: f32): void {
  const a1 = a0 + aRow;
  const a2 = a1 + aRow;
  const a3 = a2 + aRow;
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  let ko: usize = 0;
  for (let k = 0; k < K; k++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    const x0 = v128.load32_splat(a0 + ko);
    const x1 = v128.load32_splat(a1 + ko);
    const x2 = v128.load32_splat(a2 + ko);
    const x3 = v128.load32_splat(a3 + ko);
    c00 = madd(c00, x0, b0);
    c01 = madd(c01, x0, b1);
    c10 = madd(c10, x1, b0);
    c11 = madd(c11, x1, b1);
    c20 = madd(c20, x2, b0);
    c21 = madd(c21, x2, b1);
    c30 = madd(c30, x3, b0);
    c31 = madd(c31, x3, b1);
    bp += bStep;
    ko += aK;
  }
  epilogue4(c00, cp, mode, ep, act, alpha);
  epilogue4(c01, cp + 16, mode, ep + 16, act, alpha);
  epilogue4(c10, cp + rowC, mode, ep + es, act, alpha);
  epilogue4(c11, cp + rowC + 16, mode, ep + es + 16, act, alpha);
  epilogue4(c20, cp + 2 * rowC, mode, ep + 2 * es, act, alpha);
  epilogue4(c21, cp + 2 * rowC + 16, mode, ep + 2 * es + 16, act, alpha);
  epilogue4(c30, cp + 3 * rowC, mode, ep + 3 * es, act, alpha);
  epilogue4(c31, cp + 3 * rowC + 16, mode, ep + 3 * es + 16, act, alpha);
}


/** Room the caller lends for packing A (setScratch; 0 until then: gemm reads A in place). */
let SCRATCH: usize = 0;
let SCRATCH_BYTES: usize = 0;

/** Lends gemm `bytes` at p for packing A; the caller keeps every other buffer clear of it. */
export function setScratch(p: usize, bytes: usize): void {
  SCRATCH = p;
  SCRATCH_BYTES = bytes;
}

/**
 * A 4 x 8 tile from a packed A panel ([k][4 rows]) and a packed B strip ([k][8]). Its loads
 * are one pointer each plus a constant offset: read in place, each of A's four rows needed an
 * address of its own every k, and with the loop's other integers V8 ran out of registers and
 * spilled inside the loop (1.15-1.3x slower at 64 x 256 x 256). A function of its own (the
 * build keeps the call), so that the caller's live values do not crowd its registers either.
 */
function tilePP(ap: usize, bp: usize, K: i32, cp: usize, rowC: usize, mode: i32, ep: usize, es: usize, act: i32, alpha: f32): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  const end = ap + ((<usize>K) << 4);
  while (ap < end) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    const x0 = v128.load32_splat(ap);
    c00 = madd(c00, x0, b0);
    c01 = madd(c01, x0, b1);
    const x1 = v128.load32_splat(ap, 4);
    c10 = madd(c10, x1, b0);
    c11 = madd(c11, x1, b1);
    const x2 = v128.load32_splat(ap, 8);
    c20 = madd(c20, x2, b0);
    c21 = madd(c21, x2, b1);
    const x3 = v128.load32_splat(ap, 12);
    c30 = madd(c30, x3, b0);
    c31 = madd(c31, x3, b1);
    ap += 16;
    bp += 32;
  }
  epilogue4(c00, cp, mode, ep, act, alpha);
  epilogue4(c01, cp + 16, mode, ep + 16, act, alpha);
  epilogue4(c10, cp + rowC, mode, ep + es, act, alpha);
  epilogue4(c11, cp + rowC + 16, mode, ep + es + 16, act, alpha);
  epilogue4(c20, cp + 2 * rowC, mode, ep + 2 * es, act, alpha);
  epilogue4(c21, cp + 2 * rowC + 16, mode, ep + 2 * es + 16, act, alpha);
  epilogue4(c30, cp + 3 * rowC, mode, ep + 3 * es, act, alpha);
  epilogue4(c31, cp + 3 * rowC + 16, mode, ep + 3 * es + 16, act, alpha);
}

/** Packs rows [0, M4) of A [M x K] into 4-row panels [k][4] at dst (4 x 4 blocks transposed). */
function packA(a: usize, dst: usize, M4: i32, K: i32): void {
  const rowA = (<usize>K) << 2;
  const K4 = K & ~3;
  for (let i = 0; i < M4; i += 4) {
    const s0 = a + <usize>i * rowA;
    let d = dst + <usize>i * rowA; // a panel holds 4 rows: 4 K floats, as many as the 4 rows
    let k = 0;
    for (; k < K4; k += 4) {
      const ko = (<usize>k) << 2;
      const x0 = v128.load(s0 + ko);
      const x1 = v128.load(s0 + rowA + ko);
      const x2 = v128.load(s0 + 2 * rowA + ko);
      const x3 = v128.load(s0 + 3 * rowA + ko);
      const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
      const t1 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
      const t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
      v128.store(d, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
      v128.store(d, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), 16);
      v128.store(d, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), 32);
      v128.store(d, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), 48);
      d += 64;
    }
    for (; k < K; k++) {
      const ko = (<usize>k) << 2;
      store<f32>(d, load<f32>(s0 + ko));
      store<f32>(d, load<f32>(s0 + rowA + ko), 4);
      store<f32>(d, load<f32>(s0 + 2 * rowA + ko), 8);
      store<f32>(d, load<f32>(s0 + 3 * rowA + ko), 12);
      d += 16;
    }
  }
}

/** Room for one K x 8 column strip of B, for K up to PACK_MAX_K (static data, below the arena). */
const PACK_MAX_K: i32 = 1024;
const PACK: usize = memory.data(PACK_MAX_K * 8 * 4, 16);

// ---- GEMM with a sparse A -----------------------------------------------------------------
// After a ReLU about half of a layer's activations are exactly zero, and so are the same
// share of the backward pass's deltas (masked by ReLU'): the products h·W, δ·Wᵀ and hᵀ·δ
// have a half-empty A. Each row of A is compressed to its nonzeros (value and k), and
// C's row accumulates only those terms. Skipping a term a·b with a = ±0 is exact (the sum,
// never −0, is unchanged), and the kept terms are added in the same order as the dense
// tiles add them: the result is the dense kernel's to the bit, under both builds.

/** Densest A (share of nonzeros) that still takes the sparse path (setGemmSparsity). */
let SPARSE_MAX_DENSITY: f32 = 0.76;
/** A packed strip of B (24 columns, or the 4 to 20 left) has K rows of STRIP bytes, in PACK (32 KB). */
const STRIP: i32 = 96;
const SPARSE_MAX_K: i32 = 32768 / STRIP;
/**
 * Narrower products stay dense: the compression is paid once for all of C's strips, and
 * at 64 columns (the 2D networks) it made iterations 1-5% slower.
 */
const SPARSE_MIN_N: i32 = 128;
/** Rows of A judged together (gemmByBlocks). */
const SPARSE_BLOCK: i32 = 32;

/** Sets the densest A that gemm treats as sparse (≤ 0: never; ≥ 1: always where it fits). */
export function setGemmSparsity(maxDensity: f32): void {
  SPARSE_MAX_DENSITY = maxDensity;
}

let sparseProducts: i32 = 0;

/** How many products took the sparse path so far (tests and the profile read it). */
export function gemmSparseCount(): i32 {
  return sparseProducts;
}

/** How many of the n floats at a are nonzero (−0 counts as zero). */
function nonzeros(a: usize, n: i32): i32 {
  const zero = f32x4.splat(0);
  let count = i32x4.splat(0);
  const n4 = n & ~3;
  const end = a + ((<usize>n4) << 2);
  let p = a;
  // ne gives −1 in each nonzero lane
  while (p < end) {
    count = i32x4.sub(count, f32x4.ne(v128.load(p), zero));
    p += 16;
  }
  let nnz = i32x4.extract_lane(count, 0) + i32x4.extract_lane(count, 1) + i32x4.extract_lane(count, 2) + i32x4.extract_lane(count, 3);
  for (let i = n4; i < n; i++) if (load<f32>(a + ((<usize>i) << 2)) != 0) nnz++;
  return nnz;
}

/**
 * A's rows compressed at dst: per row a count (i32, then 4 bytes unused), then (address,
 * value) pairs for its nonzeros, the address being that of row k in a packed strip of B
 * (PACK + STRIP·k). Four floats at a time and branch-free: every pair is written, the cursor
 * moves on only past a nonzero.
 */
function compressRows(a: usize, M: i32, K: i32, dst: usize): void {
  const zero = f32x4.splat(0);
  const K4 = K & ~3;
  let src = a;
  let row = dst;
  for (let i = 0; i < M; i++) {
    let d = row + 8;
    let addr = i32x4(<i32>PACK, <i32>PACK + STRIP, <i32>PACK + 2 * STRIP, <i32>PACK + 3 * STRIP);
    let k = 0;
    for (; k < K4; k += 4) {
      const v = v128.load(src);
      const nz = <usize>i32x4.bitmask(f32x4.ne(v, zero));
      const lo = v128.shuffle<i32>(addr, v, 0, 4, 1, 5);
      const hi = v128.shuffle<i32>(addr, v, 2, 6, 3, 7);
      v128.store64_lane(d, lo, 0);
      d += (nz & 1) << 3;
      v128.store64_lane(d, lo, 1);
      d += (nz & 2) << 2;
      v128.store64_lane(d, hi, 0);
      d += (nz & 4) << 1;
      v128.store64_lane(d, hi, 1);
      d += nz & 8;
      addr = i32x4.add(addr, i32x4.splat(4 * STRIP));
      src += 16;
    }
    for (; k < K; k++) {
      const v = load<f32>(src);
      store<i32>(d, <i32>PACK + k * STRIP);
      store<f32>(d, v, 4);
      d += select<usize>(8, 0, v != 0);
      src += 4;
    }
    store<i32>(row, <i32>((d - row - 8) >> 3));
    row = d;
  }
}

/**
 * One row of C against the packed 24-column strip: six independent sums, one pair (address,
 * value) read per step. Two rows side by side needed more vectors than V8 keeps in registers
 * (it loads every operand of a step first: 2 x 4 spilled two sums to the stack every step),
 * and 2 x 3 cost 25 instructions a step for the same 48 flops that this does in 20.
 */
function sparseRow6(p: usize, e: usize, cp: usize, mode: i32, ep: usize, act: i32, alpha: f32): void {
  let c0 = f32x4.splat(0);
  let c1 = f32x4.splat(0);
  let c2 = f32x4.splat(0);
  let c3 = f32x4.splat(0);
  let c4 = f32x4.splat(0);
  let c5 = f32x4.splat(0);
  while (p < e) {
    const b = <usize>load<i32>(p);
    const x = v128.load32_splat(p, 4);
    c0 = madd(c0, x, v128.load(b));
    c1 = madd(c1, x, v128.load(b, 16));
    c2 = madd(c2, x, v128.load(b, 32));
    c3 = madd(c3, x, v128.load(b, 48));
    c4 = madd(c4, x, v128.load(b, 64));
    c5 = madd(c5, x, v128.load(b, 80));
    p += 8;
  }
  epilogue4(c0, cp, mode, ep, act, alpha);
  epilogue4(c1, cp + 16, mode, ep + 16, act, alpha);
  epilogue4(c2, cp + 32, mode, ep + 32, act, alpha);
  epilogue4(c3, cp + 48, mode, ep + 48, act, alpha);
  epilogue4(c4, cp + 64, mode, ep + 64, act, alpha);
  epilogue4(c5, cp + 80, mode, ep + 80, act, alpha);
}

/** One row of C against a packed strip `vecs` (1 to 4) vectors wide: the columns the 24-wide strips leave. */
function sparseRow(p: usize, e: usize, vecs: i32, cp: usize, mode: i32, ep: usize, act: i32, alpha: f32): void {
  let c0 = f32x4.splat(0);
  let c1 = f32x4.splat(0);
  let c2 = f32x4.splat(0);
  let c3 = f32x4.splat(0);
  while (p < e) {
    const b = <usize>load<i32>(p);
    const x = v128.load32_splat(p, 4);
    c0 = madd(c0, x, v128.load(b));
    if (vecs > 1) c1 = madd(c1, x, v128.load(b, 16));
    if (vecs > 2) c2 = madd(c2, x, v128.load(b, 32));
    if (vecs > 3) c3 = madd(c3, x, v128.load(b, 48));
    p += 8;
  }
  epilogue4(c0, cp, mode, ep, act, alpha);
  if (vecs > 1) epilogue4(c1, cp + 16, mode, ep + 16, act, alpha);
  if (vecs > 2) epilogue4(c2, cp + 32, mode, ep + 32, act, alpha);
  if (vecs > 3) epilogue4(c3, cp + 48, mode, ep + 48, act, alpha);
}

/** Copies B[:, j:j+4·vecs] into PACK, STRIP bytes a row whatever its width. */
function packStrip(b: usize, rowB: usize, jo: usize, K: i32, vecs: i32): void {
  let src = b + jo;
  let dst = PACK;
  for (let k = 0; k < K; k++) {
    for (let v: usize = 0; v < <usize>vecs; v++) v128.store(dst + (v << 4), v128.load(src + (v << 4)));
    src += rowB;
    dst += STRIP;
  }
}

/** gemm over A's nonzeros only (A compressed into SCRATCH; B's strips packed 24 wide). */
function gemmSparseA(a: usize, b: usize, c: usize, M: i32, K: i32, N: i32, mode: i32, extra: usize, act: i32, alpha: f32): void {
  const rowC = (<usize>N) << 2;
  const isDeriv = mode == DERIV;
  compressRows(a, M, K, SCRATCH);
  let j = 0;
  while (j + 4 <= N) {
    // 24-column strips, then the 4 to 16 columns they leave (256 leaves 16, 196 leaves 4)
    const left = (N - j) >> 2;
    const vecs = left >= 6 ? 6 : min(4, left);
    const jo = (<usize>j) << 2;
    packStrip(b, rowC, jo, K, vecs);
    let row = SCRATCH;
    for (let i = 0; i < M; i++) {
      const p = row + 8;
      const e = p + ((<usize>load<i32>(row)) << 3);
      const cp = c + <usize>i * rowC + jo;
      const ep = isDeriv ? extra + <usize>i * rowC + jo : extra + jo;
      if (vecs == 6) sparseRow6(p, e, cp, mode, ep, act, alpha);
      else sparseRow(p, e, vecs, cp, mode, ep, act, alpha);
      row = e;
    }
    j += vecs << 2;
  }
  scalarColumns(a, b, c, M, K, N, j, mode, extra, act, alpha);
}

/**
 * C[M,N] op= A[M,K]·B[K,N]. `extra` is the bias (length N) for BIAS_ACT, or the
 * activations H (M x N) for DERIV.
 *
 * Column strips of 8 outermost: each strip of B is first copied to a contiguous K x 8
 * buffer, which then stays in L1 while every row of A streams past it. Read in place, a
 * strip is K loads N floats apart: at N = 512 that stride (2 KB) maps every load to the same
 * few L1 sets and the strip is evicted before its reuse (3x slower at 512 wide).
 */
export function gemm(a: usize, b: usize, c: usize, M: i32, K: i32, N: i32, mode: i32, extra: usize, act: i32, alpha: f32): void {
  if (K <= 4 && N >= 4) {
    gemmSmallK(a, b, c, M, K, N, mode, extra, act, alpha);
    return;
  }
  if (K > PACK_MAX_K) {
    gemmStrided(a, b, c, M, K, N, mode, extra, act, alpha);
    return;
  }
  if (N >= SPARSE_MIN_N && K <= SPARSE_MAX_K && SPARSE_MAX_DENSITY > 0 && <usize>M * (<usize>K + 1) * 8 <= SCRATCH_BYTES) {
    gemmByBlocks(a, b, c, M, K, N, mode, extra, act, alpha);
    return;
  }
  gemmDense(a, b, c, M, K, N, mode, extra, act, alpha);
}

/**
 * Rows of A in blocks of SPARSE_BLOCK, each block dense or sparse by its own share of
 * nonzeros; a run of blocks alike goes to one path. The critic's pass over real and
 * generated digits together is the case in point: the real half is about a quarter
 * nonzero (background pixels), the generated half not at all. Each run packs B again, so a
 * product that alternates more than once goes by its overall share instead.
 */
function gemmByBlocks(a: usize, b: usize, c: usize, M: i32, K: i32, N: i32, mode: i32, extra: usize, act: i32, alpha: f32): void {
  const rowA = (<usize>K) << 2;
  const rowC = (<usize>N) << 2;
  const isDeriv = mode == DERIV;
  const blocks = (M + SPARSE_BLOCK - 1) / SPARSE_BLOCK;
  let changes = 0;
  let first = false;
  let previous = false;
  let sparseRows = 0;
  for (let k = 0; k < blocks; k++) {
    const r0 = k * SPARSE_BLOCK;
    const rows = min(SPARSE_BLOCK, M - r0);
    const nnz = nonzeros(a + <usize>r0 * rowA, rows * K);
    const sparse = <f32>nnz <= SPARSE_MAX_DENSITY * <f32>(rows * K);
    if (k == 0) first = sparse;
    else if (sparse != previous) changes++;
    if (sparse) sparseRows += rows;
    previous = sparse;
  }
  if (changes == 0 || changes > 1) {
    // all alike, or mixed more than once: one path for the whole product
    const sparse = changes == 0 ? first : <f32>nonzeros(a, M * K) <= SPARSE_MAX_DENSITY * <f32>(M * K);
    if (sparse) {
      gemmSparseA(a, b, c, M, K, N, mode, extra, act, alpha);
      sparseProducts++;
    } else {
      gemmDense(a, b, c, M, K, N, mode, extra, act, alpha);
    }
    return;
  }
  // two runs: rows [0, split) one way, [split, M) the other
  let split = 0;
  if (first) split = sparseRows;
  else split = M - sparseRows;
  const a1 = a + <usize>split * rowA;
  const c1 = c + <usize>split * rowC;
  const e1 = isDeriv ? extra + <usize>split * rowC : extra;
  if (first) {
    gemmSparseA(a, b, c, split, K, N, mode, extra, act, alpha);
    gemmDense(a1, b, c1, M - split, K, N, mode, e1, act, alpha);
  } else {
    gemmDense(a, b, c, split, K, N, mode, extra, act, alpha);
    gemmSparseA(a1, b, c1, M - split, K, N, mode, e1, act, alpha);
  }
  sparseProducts++;
}

/** gemm's packed 4 x 8 tiles over every row of A (A read as it is, zeros and all). */
function gemmDense(a: usize, b: usize, c: usize, M: i32, K: i32, N: i32, mode: i32, extra: usize, act: i32, alpha: f32): void {
  const rowA = (<usize>K) << 2;
  const rowB = (<usize>N) << 2;
  const rowC = (<usize>N) << 2;
  const isDeriv = mode == DERIV;
  const es = isDeriv ? rowC : 0;
  let j = 0;
  // A's rows in 4-row panels once, then every strip of B runs over the panels
  const M4 = M & ~3;
  const packed = M4 > 0 && <usize>M4 * rowA <= SCRATCH_BYTES;
  if (packed) packA(a, SCRATCH, M4, K);
  for (; j + 8 <= N; j += 8) {
    const jo = (<usize>j) << 2;
    // pack B[:, j:j+8]
    let src = b + jo;
    let dst = PACK;
    for (let k = 0; k < K; k++) {
      v128.store(dst, v128.load(src));
      v128.store(dst, v128.load(src, 16), 16);
      src += rowB;
      dst += 32;
    }
    let i = 0;
    if (packed) {
      for (; i < M4; i += 4) {
        const ep = isDeriv ? extra + <usize>i * rowC + jo : extra + jo;
        tilePP(SCRATCH + <usize>i * rowA, PACK, K, c + <usize>i * rowC + jo, rowC, mode, ep, es, act, alpha);
      }
    }
    for (; i + 4 <= M; i += 4) {
      const ep = isDeriv ? extra + <usize>i * rowC + jo : extra + jo;
      tile4x8(a + <usize>i * rowA, rowA, 4, PACK, 32, K, c + <usize>i * rowC + jo, rowC, mode, ep, es, act, alpha);
    }
    // remaining rows (M not a multiple of 4), against the same strip
    for (; i < M; i++) {
      const ai = a + <usize>i * rowA;
      let s0 = f32x4.splat(0);
      let s1 = f32x4.splat(0);
      let bp = PACK;
      for (let k = 0; k < K; k++) {
        const x = f32x4.splat(load<f32>(ai + ((<usize>k) << 2)));
        s0 = madd(s0, x, v128.load(bp));
        s1 = madd(s1, x, v128.load(bp, 16));
        bp += 32;
      }
      const cp = c + <usize>i * rowC + jo;
      const ep = isDeriv ? extra + <usize>i * rowC + jo : extra + jo;
      epilogue4(s0, cp, mode, ep, act, alpha);
      epilogue4(s1, cp + 16, mode, ep + 16, act, alpha);
    }
  }
  // four more columns (N = 196, the digits' pixels, leaves 4): a packed K x 4 strip, SIMD
  // across them (one at a time, strided, they cost a quarter of a 64 x 256 x 196 product)
  if (j + 4 <= N) {
    const jo = (<usize>j) << 2;
    let src = b + jo;
    let dst = PACK;
    for (let k = 0; k < K; k++) {
      v128.store(dst, v128.load(src));
      src += rowB;
      dst += 16;
    }
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      const a0 = a + <usize>i * rowA;
      const a1 = a0 + rowA;
      const a2 = a1 + rowA;
      const a3 = a2 + rowA;
      let s0 = f32x4.splat(0);
      let s1 = f32x4.splat(0);
      let s2 = f32x4.splat(0);
      let s3 = f32x4.splat(0);
      let bp = PACK;
      let ko: usize = 0;
      for (let k = 0; k < K; k++) {
        const bv = v128.load(bp);
        s0 = madd(s0, v128.load32_splat(a0 + ko), bv);
        s1 = madd(s1, v128.load32_splat(a1 + ko), bv);
        s2 = madd(s2, v128.load32_splat(a2 + ko), bv);
        s3 = madd(s3, v128.load32_splat(a3 + ko), bv);
        bp += 16;
        ko += 4;
      }
      const cp = c + <usize>i * rowC + jo;
      const ep = isDeriv ? extra + <usize>i * rowC + jo : extra + jo;
      epilogue4(s0, cp, mode, ep, act, alpha);
      epilogue4(s1, cp + rowC, mode, ep + es, act, alpha);
      epilogue4(s2, cp + 2 * rowC, mode, ep + 2 * es, act, alpha);
      epilogue4(s3, cp + 3 * rowC, mode, ep + 3 * es, act, alpha);
    }
    for (; i < M; i++) {
      const ai = a + <usize>i * rowA;
      let s = f32x4.splat(0);
      let bp = PACK;
      for (let k = 0; k < K; k++) {
        s = madd(s, v128.load32_splat(ai + ((<usize>k) << 2)), v128.load(bp));
        bp += 16;
      }
      epilogue4(s, c + <usize>i * rowC + jo, mode, isDeriv ? extra + <usize>i * rowC + jo : extra + jo, act, alpha);
    }
    j += 4;
  }
  // remaining columns (N not a multiple of 4, e.g. the critic's last layer, N = 1)
  scalarColumns(a, b, c, M, K, N, j, mode, extra, act, alpha);
}

/**
 * One column of C for four rows of A (at a0 + n·rowA), B's column read in place from bp:
 * four independent sums, each added in k order, so the adds' latency overlaps.
 */
@inline
function fourRowsOneColumn(a0: usize, rowA: usize, bp: usize, rowB: usize, K: i32, cp: usize, rowC: usize, mode: i32, ep: usize, es: usize, act: i32, alpha: f32): void {
  const a1 = a0 + rowA;
  const a2 = a1 + rowA;
  const a3 = a2 + rowA;
  let s0: f32 = 0;
  let s1: f32 = 0;
  let s2: f32 = 0;
  let s3: f32 = 0;
  for (let k = 0; k < K; k++) {
    const bv = load<f32>(bp);
    const ko = (<usize>k) << 2;
    s0 += load<f32>(a0 + ko) * bv;
    s1 += load<f32>(a1 + ko) * bv;
    s2 += load<f32>(a2 + ko) * bv;
    s3 += load<f32>(a3 + ko) * bv;
    bp += rowB;
  }
  epilogue1(s0, cp, mode, ep, act, alpha);
  epilogue1(s1, cp + rowC, mode, ep + es, act, alpha);
  epilogue1(s2, cp + 2 * rowC, mode, ep + 2 * es, act, alpha);
  epilogue1(s3, cp + 3 * rowC, mode, ep + 3 * es, act, alpha);
}

/** Columns j.. of C one at a time, A and B read in place (N not a multiple of 4). */
function scalarColumns(a: usize, b: usize, c: usize, M: i32, K: i32, N: i32, j: i32, mode: i32, extra: usize, act: i32, alpha: f32): void {
  const rowA = (<usize>K) << 2;
  const rowB = (<usize>N) << 2;
  const rowC = rowB;
  const isDeriv = mode == DERIV;
  for (; j < N; j++) {
    const jo = (<usize>j) << 2;
    // four rows at once, each sum in k order as below (the same floats): N = 1, the critic's
    // last layer, was latency-bound one row at a time
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      fourRowsOneColumn(a + <usize>i * rowA, rowA, b + jo, rowB, K, c + <usize>i * rowC + jo, rowC, mode, isDeriv ? extra + <usize>i * rowC + jo : extra + jo, isDeriv ? rowC : 0, act, alpha);
    }
    for (; i < M; i++) {
      const ai = a + <usize>i * rowA;
      let s: f32 = 0;
      let bp = b + jo;
      for (let k = 0; k < K; k++) {
        s += load<f32>(ai + ((<usize>k) << 2)) * load<f32>(bp);
        bp += rowB;
      }
      epilogue1(s, c + <usize>i * rowC + jo, mode, isDeriv ? extra + <usize>i * rowC + jo : extra + jo, act, alpha);
    }
  }
}

/** gemm without packing (inner dimensions over PACK_MAX_K): B's column strips read in place. */
function gemmStrided(a: usize, b: usize, c: usize, M: i32, K: i32, N: i32, mode: i32, extra: usize, act: i32, alpha: f32): void {
  const rowA = (<usize>K) << 2;
  const rowB = (<usize>N) << 2;
  const rowC = (<usize>N) << 2;
  const isDeriv = mode == DERIV;
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const a0 = a + <usize>i * rowA;
    const c0 = c + <usize>i * rowC;
    const e0 = isDeriv ? extra + <usize>i * rowC : extra;
    const es = isDeriv ? rowC : 0;
    let j = 0;
    for (; j + 8 <= N; j += 8) {
      const jo = (<usize>j) << 2;
      tile4x8(a0, rowA, 4, b + jo, rowB, K, c0 + jo, rowC, mode, isDeriv ? e0 + jo : extra + jo, es, act, alpha);
    }
    // remaining columns, one at a time for the 4 rows
    for (; j < N; j++) {
      const jo = (<usize>j) << 2;
      fourRowsOneColumn(a0, rowA, b + jo, rowB, K, c0 + jo, rowC, mode, isDeriv ? e0 + jo : extra + jo, es, act, alpha);
    }
  }
  // remaining rows
  for (; i < M; i++) {
    const ai = a + <usize>i * rowA;
    const ci = c + <usize>i * rowC;
    const ei = isDeriv ? extra + <usize>i * rowC : extra;
    for (let j = 0; j < N; j++) {
      let s: f32 = 0;
      let bp = b + ((<usize>j) << 2);
      for (let k = 0; k < K; k++) {
        s += load<f32>(ai + ((<usize>k) << 2)) * load<f32>(bp);
        bp += rowB;
      }
      const cp = ci + ((<usize>j) << 2);
      epilogue1(s, cp, mode, ei + ((<usize>j) << 2), act, alpha);
    }
  }
}

/** gemm for a short inner dimension (the first layer: K = 2): SIMD across the columns. */
function gemmSmallK(a: usize, b: usize, c: usize, M: i32, K: i32, N: i32, mode: i32, extra: usize, act: i32, alpha: f32): void {
  const rowA = (<usize>K) << 2;
  const rowB = (<usize>N) << 2;
  const isDeriv = mode == DERIV;
  for (let i = 0; i < M; i++) {
    const ai = a + <usize>i * rowA;
    const ci = c + <usize>i * rowB;
    const x0 = v128.load32_splat(ai);
    const x1 = f32x4.splat(K > 1 ? load<f32>(ai, 4) : 0);
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const jo = (<usize>j) << 2;
      let acc = f32x4.mul(x0, v128.load(b + jo));
      if (K > 1) acc = madd(acc, x1, v128.load(b + rowB + jo));
      for (let k = 2; k < K; k++) acc = madd(acc, f32x4.splat(load<f32>(ai + ((<usize>k) << 2))), v128.load(b + <usize>k * rowB + jo));
      const cp = ci + jo;
      epilogue4(acc, cp, mode, isDeriv ? extra + (cp - c) : extra + jo, act, alpha);
    }
    for (; j < N; j++) {
      const jo = (<usize>j) << 2;
      let acc: f32 = 0;
      for (let k = 0; k < K; k++) acc += load<f32>(ai + ((<usize>k) << 2)) * load<f32>(b + <usize>k * rowB + jo);
      const cp = ci + jo;
      epilogue1(acc, cp, mode, isDeriv ? extra + (cp - c) : extra + jo, act, alpha);
    }
  }
}

/**
 * C[M,N] op= A[M,K]·B^T with B given as BT [N x K]: dot products along contiguous rows, for
 * a narrow output (N = 1 or 2: the networks' last layers).
 */
export function gemmNT(a: usize, bT: usize, c: usize, M: i32, K: i32, N: i32, mode: i32, extra: usize, act: i32, alpha: f32): void {
  const rowA = (<usize>K) << 2;
  const rowC = (<usize>N) << 2;
  const isDeriv = mode == DERIV;
  for (let i = 0; i < M; i++) {
    const ai = a + <usize>i * rowA;
    for (let j = 0; j < N; j++) {
      const bj = bT + <usize>j * rowA;
      let acc = f32x4.splat(0);
      let k = 0;
      for (; k + 4 <= K; k += 4) {
        const ko = (<usize>k) << 2;
        acc = madd(acc, v128.load(ai + ko), v128.load(bj + ko));
      }
      let s: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
      for (; k < K; k++) s += load<f32>(ai + ((<usize>k) << 2)) * load<f32>(bj + ((<usize>k) << 2));
      const cp = c + <usize>i * rowC + ((<usize>j) << 2);
      epilogue1(s, cp, mode, isDeriv ? extra + (cp - c) : extra + ((<usize>j) << 2), act, alpha);
    }
  }
}

/**
 * C[M,N] (+)= A^T·B with A [R x M] and B [R x N]: a sum of R outer products (the weight
 * gradient h^T·δ). Rows of A and B are read contiguously.
 */
export function gemmTN(a: usize, b: usize, c: usize, R: i32, M: i32, N: i32, accumulate: bool): void {
  const rowA = (<usize>M) << 2;
  const rowB = (<usize>N) << 2;
  const rowC = (<usize>N) << 2;
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const io = (<usize>i) << 2;
    const c0 = c + <usize>i * rowC;
    let j = 0;
    for (; j + 8 <= N; j += 8) {
      const jo = (<usize>j) << 2;
      tile4x8(a + io, 4, rowA, b + jo, rowB, R, c0 + jo, rowC, accumulate ? ACCUMULATE : STORE, 0, 0, 0, 0);
    }
    // remaining columns (e.g. N = 1, the last layer): SIMD across the 4 rows of C
    for (; j < N; j++) {
      let acc = f32x4.splat(0);
      let ap = a + io;
      let bp = b + ((<usize>j) << 2);
      for (let r = 0; r < R; r++) {
        acc = madd(acc, v128.load(ap), v128.load32_splat(bp));
        ap += rowA;
        bp += rowB;
      }
      const cp = c0 + ((<usize>j) << 2);
      for (let ii = 0; ii < 4; ii++) {
        const p = cp + <usize>ii * rowC;
        const v = f32x4.extract_lane(acc, 0);
        acc = v128.shuffle<f32>(acc, acc, 1, 2, 3, 0);
        store<f32>(p, accumulate ? load<f32>(p) + v : v);
      }
    }
  }
  // remaining rows (e.g. M = 2, the first layer): SIMD across the columns
  for (; i < M; i++) {
    const io = (<usize>i) << 2;
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const jo = (<usize>j) << 2;
      let acc = f32x4.splat(0);
      let ap = a + io;
      let bp = b + jo;
      for (let r = 0; r < R; r++) {
        acc = madd(acc, v128.load32_splat(ap), v128.load(bp));
        ap += rowA;
        bp += rowB;
      }
      const cp = c + <usize>i * rowC + jo;
      v128.store(cp, accumulate ? f32x4.add(acc, v128.load(cp)) : acc);
    }
    for (; j < N; j++) {
      let s: f32 = 0;
      let ap = a + io;
      let bp = b + ((<usize>j) << 2);
      for (let r = 0; r < R; r++) {
        s += load<f32>(ap) * load<f32>(bp);
        ap += rowA;
        bp += rowB;
      }
      const cp = c + <usize>i * rowC + ((<usize>j) << 2);
      store<f32>(cp, accumulate ? load<f32>(cp) + s : s);
    }
  }
}

/**
 * dst[cols x rows] = src[rows x cols]^T, in 4 x 4 blocks (four loads, eight shuffles, four
 * stores; one float at a time this took about 7% of a digits iteration), then the edges.
 */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  const rowS = (<usize>cols) << 2;
  const rowD = (<usize>rows) << 2;
  const r4 = rows & ~3;
  const c4 = cols & ~3;
  for (let i = 0; i < r4; i += 4) {
    const s0 = src + <usize>i * rowS;
    const d0 = dst + ((<usize>i) << 2);
    for (let j = 0; j < c4; j += 4) {
      const jo = (<usize>j) << 2;
      const x0 = v128.load(s0 + jo);
      const x1 = v128.load(s0 + rowS + jo);
      const x2 = v128.load(s0 + 2 * rowS + jo);
      const x3 = v128.load(s0 + 3 * rowS + jo);
      const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
      const t1 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
      const t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
      const dj = d0 + <usize>j * rowD;
      v128.store(dj, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
      v128.store(dj + rowD, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
      v128.store(dj + 2 * rowD, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
      v128.store(dj + 3 * rowD, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
    }
    // the last cols % 4 columns of these four rows
    for (let r = i; r < i + 4; r++) {
      const s = src + <usize>r * rowS;
      for (let j = c4; j < cols; j++) store<f32>(dst + ((<usize>(j * rows + r)) << 2), load<f32>(s + ((<usize>j) << 2)));
    }
  }
  for (let i = r4; i < rows; i++) {
    const s = src + ((<usize>(i * cols)) << 2);
    for (let j = 0; j < cols; j++) store<f32>(dst + ((<usize>(j * rows + i)) << 2), load<f32>(s + ((<usize>j) << 2)));
  }
}

/** out = a ⊙ act'(h): the derivative read off the activations h = act(a). */
export function mulDeriv(a: usize, h: usize, out: usize, n: i32, act: i32, alpha: f32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(out + o, f32x4.mul(v128.load(a + o), derivative4(v128.load(h + o), act, alpha)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(out + o, load<f32>(a + o) * derivative1(load<f32>(h + o), act, alpha));
  }
}

/** out[r, :] = row ⊙ act'(h[r, :]): a row vector against the derivative of every row. */
export function mulRowDeriv(row: usize, h: usize, out: usize, rows: i32, cols: i32, act: i32, alpha: f32): void {
  const stride = (<usize>cols) << 2;
  for (let r = 0; r < rows; r++) {
    const hr = h + <usize>r * stride;
    const or = out + <usize>r * stride;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = (<usize>j) << 2;
      v128.store(or + o, f32x4.mul(v128.load(row + o), derivative4(v128.load(hr + o), act, alpha)));
    }
    for (; j < cols; j++) {
      const o = (<usize>j) << 2;
      store<f32>(or + o, load<f32>(row + o) * derivative1(load<f32>(hr + o), act, alpha));
    }
  }
}

/** out = a ⊙ b (n elements). */
export function mul(a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(out + o, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(out + o, load<f32>(a + o) * load<f32>(b + o));
  }
}

/** out = a + b (n elements). */
export function add(a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(out + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(out + o, load<f32>(a + o) + load<f32>(b + o));
  }
}

/** out[j] (+)= Σ_r a[r, j]: the bias gradient. */
export function colSum(a: usize, out: usize, rows: i32, cols: i32, accumulate: bool): void {
  const stride = (<usize>cols) << 2;
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const o = (<usize>j) << 2;
    let s = accumulate ? v128.load(out + o) : f32x4.splat(0);
    let p = a + o;
    for (let r = 0; r < rows; r++) {
      s = f32x4.add(s, v128.load(p));
      p += stride;
    }
    v128.store(out + o, s);
  }
  for (; j < cols; j++) {
    const o = (<usize>j) << 2;
    let s: f32 = accumulate ? load<f32>(out + o) : 0;
    let p = a + o;
    for (let r = 0; r < rows; r++) {
      s += load<f32>(p);
      p += stride;
    }
    store<f32>(out + o, s);
  }
}

/**
 * The gradient penalty at rows g (n x d input gradients): returns λ·mean((‖g‖ − 1)²) (or
 * its one-sided form) and overwrites g with d(penalty)/dg = (2λ/n)(‖g‖ − 1)/‖g‖ · g.
 */
export function penalty(g: usize, n: i32, d: i32, lambda: f32, oneSided: bool, normEps: f32): f32 {
  let total: f32 = 0;
  const stride = (<usize>d) << 2;
  for (let r = 0; r < n; r++) {
    const row = g + <usize>r * stride;
    let sq: f32 = 0;
    for (let j = 0; j < d; j++) {
      const v = load<f32>(row + ((<usize>j) << 2));
      sq += v * v;
    }
    const norm = Mathf.sqrt(sq + normEps);
    let excess = norm - 1;
    if (oneSided && excess < 0) excess = 0;
    total += excess * excess;
    const k: f32 = ((2 * lambda) / <f32>n) * (excess / norm);
    for (let j = 0; j < d; j++) {
      const p = row + ((<usize>j) << 2);
      store<f32>(p, k * load<f32>(p));
    }
  }
  return (lambda * total) / <f32>n;
}

/** Mean ‖row‖ over n rows of width d. */
export function meanRowNorm(g: usize, n: i32, d: i32): f32 {
  let total: f32 = 0;
  const stride = (<usize>d) << 2;
  for (let r = 0; r < n; r++) {
    const row = g + <usize>r * stride;
    let sq: f32 = 0;
    for (let j = 0; j < d; j++) {
      const v = load<f32>(row + ((<usize>j) << 2));
      sq += v * v;
    }
    total += Mathf.sqrt(sq);
  }
  return n > 0 ? total / <f32>n : 0;
}

@inline
function clipTo(x: v128, c: f32): v128 {
  return c > 0 ? f32x4.min(f32x4.max(x, f32x4.splat(-c)), f32x4.splat(c)) : x;
}

/**
 * Adam, PyTorch's form: m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²;
 * p ← p − step · m / (√v · invBc2Sqrt + eps), then clipped into [−clip, clip] if clip > 0.
 */
export function adam(p: usize, g: usize, m: usize, v: usize, n: i32, step: f32, b1: f32, b2: f32, invBc2Sqrt: f32, eps: f32, clip: f32): void {
  const B1 = f32x4.splat(b1);
  const B1c = f32x4.splat(1 - b1);
  const B2 = f32x4.splat(b2);
  const B2c = f32x4.splat(1 - b2);
  const S = f32x4.splat(step);
  const K = f32x4.splat(invBc2Sqrt);
  const E = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    const gi = v128.load(g + o);
    const mi = f32x4.add(f32x4.mul(B1, v128.load(m + o)), f32x4.mul(B1c, gi));
    const vi = f32x4.add(f32x4.mul(B2, v128.load(v + o)), f32x4.mul(B2c, f32x4.mul(gi, gi)));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    const upd = f32x4.div(f32x4.mul(S, mi), f32x4.add(f32x4.mul(f32x4.sqrt(vi), K), E));
    v128.store(p + o, clipTo(f32x4.sub(v128.load(p + o), upd), clip));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const gi = load<f32>(g + o);
    const mi = b1 * load<f32>(m + o) + (1 - b1) * gi;
    const vi = b2 * load<f32>(v + o) + (1 - b2) * gi * gi;
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    let x = load<f32>(p + o) - (step * mi) / (Mathf.sqrt(vi) * invBc2Sqrt + eps);
    if (clip > 0) x = x < -clip ? -clip : x > clip ? clip : x;
    store<f32>(p + o, x);
  }
}

/** RMSProp: v ← ρ v + (1−ρ) g²; p ← p − lr · g / (√v + eps), then clipped if clip > 0. */
export function rmsprop(p: usize, g: usize, v: usize, n: i32, lr: f32, rho: f32, eps: f32, clip: f32): void {
  const R = f32x4.splat(rho);
  const Rc = f32x4.splat(1 - rho);
  const L = f32x4.splat(lr);
  const E = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    const gi = v128.load(g + o);
    const vi = f32x4.add(f32x4.mul(R, v128.load(v + o)), f32x4.mul(Rc, f32x4.mul(gi, gi)));
    v128.store(v + o, vi);
    const upd = f32x4.div(f32x4.mul(L, gi), f32x4.add(f32x4.sqrt(vi), E));
    v128.store(p + o, clipTo(f32x4.sub(v128.load(p + o), upd), clip));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const gi = load<f32>(g + o);
    const vi = rho * load<f32>(v + o) + (1 - rho) * gi * gi;
    store<f32>(v + o, vi);
    let x = load<f32>(p + o) - (lr * gi) / (Mathf.sqrt(vi) + eps);
    if (clip > 0) x = x < -clip ? -clip : x > clip ? clip : x;
    store<f32>(p + o, x);
  }
}

/** SGD: p ← p − lr · g, then clipped if clip > 0. */
export function sgd(p: usize, g: usize, n: i32, lr: f32, clip: f32): void {
  const L = f32x4.splat(lr);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(p + o, clipTo(f32x4.sub(v128.load(p + o), f32x4.mul(L, v128.load(g + o))), clip));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    let x = load<f32>(p + o) - lr * load<f32>(g + o);
    if (clip > 0) x = x < -clip ? -clip : x > clip ? clip : x;
    store<f32>(p + o, x);
  }
}

/** out = a + t·(b − a), per row with weights t (n rows of width d): the interpolates x̂. */
export function lerpRows(a: usize, b: usize, t: usize, out: usize, n: i32, d: i32): void {
  for (let r = 0; r < n; r++) {
    const w = load<f32>(t + ((<usize>r) << 2));
    for (let j = 0; j < d; j++) {
      const o = ((<usize>(r * d + j)) << 2);
      const x = load<f32>(a + o);
      store<f32>(out + o, x + w * (load<f32>(b + o) - x));
    }
  }
}

/** Fills n floats with a value. */
export function fill(out: usize, n: i32, value: f32): void {
  const v = f32x4.splat(value);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(out + ((<usize>i) << 2), v);
  for (; i < n; i++) store<f32>(out + ((<usize>i) << 2), value);
}

/** out = −2 · dbar ⊙ g ⊙ h, with g a row vector broadcast over the rows when gIsRow: the tanh term. */
export function tanhInject(dbar: usize, g: usize, gIsRow: bool, h: usize, out: usize, rows: i32, cols: i32): void {
  const stride = (<usize>cols) << 2;
  const m2 = f32x4.splat(-2);
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * stride;
    const gr = gIsRow ? g : g + off;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = (<usize>j) << 2;
      v128.store(out + off + o, f32x4.mul(m2, f32x4.mul(v128.load(dbar + off + o), f32x4.mul(v128.load(gr + o), v128.load(h + off + o)))));
    }
    for (; j < cols; j++) {
      const o = (<usize>j) << 2;
      store<f32>(out + off + o, -2 * load<f32>(dbar + off + o) * load<f32>(gr + o) * load<f32>(h + off + o));
    }
  }
}

/** Every row of out (rows x cols) set to the vector row. */
export function broadcastRow(row: usize, out: usize, rows: i32, cols: i32): void {
  const bytes = (<usize>cols) << 2;
  for (let r = 0; r < rows; r++) memory.copy(out + <usize>r * bytes, row, bytes);
}

// ---- normalisation layers (batch norm in the generator, layer norm in the critic) ----------
// A normalised hidden layer: a = h·W + b, n = (a − μ)·rstd with rstd = 1/√(σ² + eps), the
// moments over each row (layer norm, perRow) or each column (batch norm, training mode: the
// batch's own statistics, as tfjs's reference computes them), then y = γ ⊙ n + β and
// h' = act(y). Every pass runs along rows (contiguous), four columns at a time.

@inline
function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** Column scratch for batch norm's backward (two vectors of up to NORM_MAX_COLS, the widest layer the settings allow). */
const NORM_MAX_COLS: i32 = 1024;
const NORM_SCRATCH: usize = memory.data(NORM_MAX_COLS * 2 * 4, 16);

/** h[r, :] = act(γ ⊙ n[r, :] + β) for one row of `cols`. */
@inline
function affineAct(n: usize, gamma: usize, beta: usize, h: usize, cols: i32, act: i32, alpha: f32): void {
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const o = (<usize>j) << 2;
    v128.store(h + o, activate4(f32x4.add(f32x4.mul(v128.load(gamma + o), v128.load(n + o)), v128.load(beta + o)), act, alpha));
  }
  for (; j < cols; j++) {
    const o = (<usize>j) << 2;
    store<f32>(h + o, activate(load<f32>(gamma + o) * load<f32>(n + o) + load<f32>(beta + o), act, alpha));
  }
}

/**
 * Forward: a (rows x cols) is overwritten with n; rstd is stored per row (layer norm: rows
 * floats) or per column (batch norm: cols floats); h = act(γ ⊙ n + β).
 */
export function normForward(a: usize, rstd: usize, gamma: usize, beta: usize, h: usize, rows: i32, cols: i32, perRow: bool, eps: f32, act: i32, alpha: f32): void {
  const stride = (<usize>cols) << 2;
  if (perRow) {
    const inv: f32 = 1 / <f32>cols;
    for (let r = 0; r < rows; r++) {
      const ar = a + <usize>r * stride;
      let sv = f32x4.splat(0);
      let j = 0;
      for (; j + 4 <= cols; j += 4) sv = f32x4.add(sv, v128.load(ar + ((<usize>j) << 2)));
      let s = hsum(sv);
      for (; j < cols; j++) s += load<f32>(ar + ((<usize>j) << 2));
      const mean = s * inv;
      const mv = f32x4.splat(mean);
      let qv = f32x4.splat(0);
      j = 0;
      for (; j + 4 <= cols; j += 4) {
        const d = f32x4.sub(v128.load(ar + ((<usize>j) << 2)), mv);
        qv = f32x4.add(qv, f32x4.mul(d, d));
      }
      let q = hsum(qv);
      for (; j < cols; j++) {
        const d = load<f32>(ar + ((<usize>j) << 2)) - mean;
        q += d * d;
      }
      const rs: f32 = 1 / Mathf.sqrt(q * inv + eps);
      store<f32>(rstd + ((<usize>r) << 2), rs);
      const rv = f32x4.splat(rs);
      j = 0;
      for (; j + 4 <= cols; j += 4) {
        const o = ar + ((<usize>j) << 2);
        v128.store(o, f32x4.mul(f32x4.sub(v128.load(o), mv), rv));
      }
      for (; j < cols; j++) {
        const o = ar + ((<usize>j) << 2);
        store<f32>(o, (load<f32>(o) - mean) * rs);
      }
      affineAct(ar, gamma, beta, h + <usize>r * stride, cols, act, alpha);
    }
    return;
  }
  // batch norm: the column means into rstd, a ← a − μ, Σ (a − μ)² into rstd, then rstd and n
  const inv: f32 = 1 / <f32>rows;
  colSum(a, rstd, rows, cols, false);
  scale(rstd, cols, inv);
  for (let r = 0; r < rows; r++) sub(a + <usize>r * stride, rstd, a + <usize>r * stride, cols);
  fill(rstd, cols, 0);
  for (let r = 0; r < rows; r++) {
    const ar = a + <usize>r * stride;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = (<usize>j) << 2;
      const d = v128.load(ar + o);
      v128.store(rstd + o, f32x4.add(v128.load(rstd + o), f32x4.mul(d, d)));
    }
    for (; j < cols; j++) {
      const o = (<usize>j) << 2;
      const d = load<f32>(ar + o);
      store<f32>(rstd + o, load<f32>(rstd + o) + d * d);
    }
  }
  for (let j = 0; j < cols; j++) {
    const o = (<usize>j) << 2;
    store<f32>(rstd + o, 1 / Mathf.sqrt(load<f32>(rstd + o) * inv + eps));
  }
  for (let r = 0; r < rows; r++) {
    const ar = a + <usize>r * stride;
    mul(ar, rstd, ar, cols);
    affineAct(ar, gamma, beta, h + <usize>r * stride, cols, act, alpha);
  }
}

/** out = a − b (n elements). */
function sub(a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(out + o, f32x4.sub(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(out + o, load<f32>(a + o) - load<f32>(b + o));
  }
}

/** a ← k·a (n elements). */
function scale(a: usize, n: i32, k: f32): void {
  const kv = f32x4.splat(k);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(a + o, f32x4.mul(v128.load(a + o), kv));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(a + o, load<f32>(a + o) * k);
  }
}

/** sy[j] += Σ_r ȳ[r, j], syn[j] += Σ_r ȳ[r, j]·n[r, j]. */
function colSums2(ybar: usize, n: usize, sy: usize, syn: usize, rows: i32, cols: i32): void {
  const stride = (<usize>cols) << 2;
  for (let r = 0; r < rows; r++) {
    const yr = ybar + <usize>r * stride;
    const nr = n + <usize>r * stride;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = (<usize>j) << 2;
      const y = v128.load(yr + o);
      v128.store(sy + o, f32x4.add(v128.load(sy + o), y));
      v128.store(syn + o, f32x4.add(v128.load(syn + o), f32x4.mul(y, v128.load(nr + o))));
    }
    for (; j < cols; j++) {
      const o = (<usize>j) << 2;
      const y = load<f32>(yr + o);
      store<f32>(sy + o, load<f32>(sy + o) + y);
      store<f32>(syn + o, load<f32>(syn + o) + y * load<f32>(nr + o));
    }
  }
}

/**
 * Backward: ybar holds ȳ (the adjoint of y, rows x cols). With e = ȳ ⊙ γ, out = ā =
 * rstd·(e − mean(e) − n·mean(e ⊙ n)), the means over each row (layer norm) or column (batch
 * norm); out may be ybar. When gGamma is not 0, γ's and β's gradients Σ_rows ȳ ⊙ n and
 * Σ_rows ȳ are stored (or added, accumulate) at gGamma and gBeta.
 */
export function normBackward(ybar: usize, n: usize, rstd: usize, gamma: usize, gGamma: usize, gBeta: usize, out: usize, rows: i32, cols: i32, perRow: bool, accumulate: bool): void {
  const stride = (<usize>cols) << 2;
  if (!perRow) {
    // batch norm: mean(e) = γ·Σȳ/N and mean(e ⊙ n) = γ·Σ(ȳ ⊙ n)/N per column
    const sy = NORM_SCRATCH;
    const syn = NORM_SCRATCH + ((<usize>NORM_MAX_COLS) << 2);
    fill(sy, cols, 0);
    fill(syn, cols, 0);
    colSums2(ybar, n, sy, syn, rows, cols);
    if (gGamma) {
      if (accumulate) {
        add(gGamma, syn, gGamma, cols);
        add(gBeta, sy, gBeta, cols);
      } else {
        memory.copy(gGamma, syn, stride);
        memory.copy(gBeta, sy, stride);
      }
    }
    const inv: f32 = 1 / <f32>rows;
    // per column: ā = k1·ȳ − k2 − k3·n with k1 = rstd·γ, k2 = k1·Σȳ/N, k3 = k1·Σ(ȳ ⊙ n)/N
    for (let j = 0; j < cols; j++) {
      const o = (<usize>j) << 2;
      const k1 = load<f32>(rstd + o) * load<f32>(gamma + o);
      store<f32>(sy + o, k1 * load<f32>(sy + o) * inv);
      store<f32>(syn + o, k1 * load<f32>(syn + o) * inv);
    }
    for (let r = 0; r < rows; r++) {
      const off = <usize>r * stride;
      let j = 0;
      for (; j + 4 <= cols; j += 4) {
        const o = (<usize>j) << 2;
        const k1 = f32x4.mul(v128.load(rstd + o), v128.load(gamma + o));
        const v = f32x4.sub(f32x4.sub(f32x4.mul(k1, v128.load(ybar + off + o)), v128.load(sy + o)), f32x4.mul(v128.load(syn + o), v128.load(n + off + o)));
        v128.store(out + off + o, v);
      }
      for (; j < cols; j++) {
        const o = (<usize>j) << 2;
        const k1 = load<f32>(rstd + o) * load<f32>(gamma + o);
        store<f32>(out + off + o, k1 * load<f32>(ybar + off + o) - load<f32>(sy + o) - load<f32>(syn + o) * load<f32>(n + off + o));
      }
    }
    return;
  }
  // layer norm
  if (gGamma) {
    if (!accumulate) {
      fill(gGamma, cols, 0);
      fill(gBeta, cols, 0);
    }
    colSums2(ybar, n, gBeta, gGamma, rows, cols);
  }
  const inv: f32 = 1 / <f32>cols;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * stride;
    let sev = f32x4.splat(0);
    let senv = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = (<usize>j) << 2;
      const e = f32x4.mul(v128.load(ybar + off + o), v128.load(gamma + o));
      sev = f32x4.add(sev, e);
      senv = f32x4.add(senv, f32x4.mul(e, v128.load(n + off + o)));
    }
    let se = hsum(sev);
    let sen = hsum(senv);
    for (; j < cols; j++) {
      const o = (<usize>j) << 2;
      const e = load<f32>(ybar + off + o) * load<f32>(gamma + o);
      se += e;
      sen += e * load<f32>(n + off + o);
    }
    const rs = load<f32>(rstd + ((<usize>r) << 2));
    const rv = f32x4.splat(rs);
    const me = se * inv;
    const men = sen * inv;
    const mev = f32x4.splat(me);
    const menv = f32x4.splat(men);
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = (<usize>j) << 2;
      const e = f32x4.mul(v128.load(ybar + off + o), v128.load(gamma + o));
      v128.store(out + off + o, f32x4.mul(rv, f32x4.sub(f32x4.sub(e, mev), f32x4.mul(v128.load(n + off + o), menv))));
    }
    for (; j < cols; j++) {
      const o = (<usize>j) << 2;
      const e = load<f32>(ybar + off + o) * load<f32>(gamma + o);
      store<f32>(out + off + o, rs * (e - me - load<f32>(n + off + o) * men));
    }
  }
}

/**
 * The layer norm's share of the penalty's double backward, row by row (rows x cols). The
 * input-gradient chain went D → E = D ⊙ γ → F = rstd·(E − mean E − n·mean(E ⊙ n)) → G = F·Wᵀ;
 * fbar holds F̄ (the penalty's adjoint of F). Writes out = D̄ = γ ⊙ Ē with Ē = rstd·(F̄ −
 * mean F̄ − n·mean(F̄ ⊙ n)) (out may be fbar), adds Σ_rows Ē ⊙ D to gGamma, and stores at inj
 * the adjoint of a (the pre-norm values) that F's dependence on n and rstd adds:
 * n̄ = −rstd·(F̄·mean(E ⊙ n) + E·Σ(F̄ ⊙ n)/C) and r̄ = Σ F̄ ⊙ F / rstd; n = (a − μ)·rstd
 * depends on a through rstd too, so ā = rstd·(n̄ − mean n̄ − n·mean(n̄ ⊙ n)) − r̄·rstd²·n/C
 * (∂n/∂a = rstd·(I − 11ᵀ/C − nnᵀ/C), ∂rstd/∂a = −rstd²·n/C), with mean(n̄ ⊙ n) =
 * −2·rstd·mean(E ⊙ n)·mean(F̄ ⊙ n).
 */
export function lnDoubleBackward(fbar: usize, d: usize, gamma: usize, n: usize, rstd: usize, f: usize, out: usize, gGamma: usize, inj: usize, rows: i32, cols: i32): void {
  const inv: f32 = 1 / <f32>cols;
  const stride = (<usize>cols) << 2;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * stride;
    // Σ E ⊙ n, Σ E, Σ F̄, Σ F̄ ⊙ n, Σ F̄ ⊙ F
    let v0 = f32x4.splat(0);
    let v1 = f32x4.splat(0);
    let v2 = f32x4.splat(0);
    let v3 = f32x4.splat(0);
    let v4 = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = (<usize>j) << 2;
      const e = f32x4.mul(v128.load(d + off + o), v128.load(gamma + o));
      const nv = v128.load(n + off + o);
      const fb = v128.load(fbar + off + o);
      v0 = f32x4.add(v0, f32x4.mul(e, nv));
      v1 = f32x4.add(v1, e);
      v2 = f32x4.add(v2, fb);
      v3 = f32x4.add(v3, f32x4.mul(fb, nv));
      v4 = f32x4.add(v4, f32x4.mul(fb, v128.load(f + off + o)));
    }
    let sEn = hsum(v0);
    let sE = hsum(v1);
    let sFb = hsum(v2);
    let sFbn = hsum(v3);
    let sFbF = hsum(v4);
    for (; j < cols; j++) {
      const o = (<usize>j) << 2;
      const e = load<f32>(d + off + o) * load<f32>(gamma + o);
      const nv = load<f32>(n + off + o);
      const fb = load<f32>(fbar + off + o);
      sEn += e * nv;
      sE += e;
      sFb += fb;
      sFbn += fb * nv;
      sFbF += fb * load<f32>(f + off + o);
    }
    const rs = load<f32>(rstd + ((<usize>r) << 2));
    const mEn = sEn * inv;
    const mFb = sFb * inv;
    const mFbn = sFbn * inv;
    // mean n̄ = −rstd·(mean F̄ · mean(E ⊙ n) + mean E · mean(F̄ ⊙ n))
    const mNbar: f32 = -rs * (mFb * mEn + sE * inv * mFbn);
    const mNbarN: f32 = <f32>-2 * rs * mEn * mFbn; // mean(n̄ ⊙ n)
    const rTerm: f32 = rs * sFbF * inv; // r̄·rstd²/C
    // Ē = rstd·(F̄ − mean F̄ − n·mean(F̄ ⊙ n)); n̄ = −rstd·(F̄·mean(E ⊙ n) + E·mean(F̄ ⊙ n));
    // inj = rstd·(n̄ − mean n̄ − n·mean(n̄ ⊙ n)) − rTerm·n
    const RS = f32x4.splat(rs);
    const NRS = f32x4.splat(-rs);
    const MFB = f32x4.splat(mFb);
    const MFBN = f32x4.splat(mFbn);
    const MEN = f32x4.splat(mEn);
    const MNB = f32x4.splat(mNbar);
    const NK = f32x4.splat(mNbarN * rs + rTerm); // the n coefficient of inj: rstd·mean(n̄ ⊙ n) + rTerm
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = (<usize>j) << 2;
      const g = v128.load(gamma + o);
      const dv = v128.load(d + off + o);
      const nv = v128.load(n + off + o);
      const fb = v128.load(fbar + off + o);
      const eb = f32x4.mul(RS, f32x4.sub(f32x4.sub(fb, MFB), f32x4.mul(nv, MFBN)));
      v128.store(gGamma + o, f32x4.add(v128.load(gGamma + o), f32x4.mul(eb, dv)));
      const nbar = f32x4.mul(NRS, f32x4.add(f32x4.mul(fb, MEN), f32x4.mul(f32x4.mul(dv, g), MFBN)));
      v128.store(inj + off + o, f32x4.sub(f32x4.mul(RS, f32x4.sub(nbar, MNB)), f32x4.mul(NK, nv)));
      v128.store(out + off + o, f32x4.mul(eb, g));
    }
    for (; j < cols; j++) {
      const o = (<usize>j) << 2;
      const g = load<f32>(gamma + o);
      const dv = load<f32>(d + off + o);
      const nv = load<f32>(n + off + o);
      const fb = load<f32>(fbar + off + o);
      const eb = rs * (fb - mFb - nv * mFbn);
      store<f32>(gGamma + o, load<f32>(gGamma + o) + eb * dv);
      const nbar = -rs * (fb * mEn + dv * g * mFbn);
      store<f32>(inj + off + o, rs * (nbar - mNbar) - (mNbarN * rs + rTerm) * nv);
      store<f32>(out + off + o, eb * g);
    }
  }
}

// ---- evaluation helpers -------------------------------------------------------------------

/**
 * out[i, j] = ‖a_i − b_j‖ (Euclidean) for a [n x d] and b [m x d]: the exact W1's cost matrix
 * in pixel space (500 x 500 digits of 196 pixels: 49 M squared differences, about 100 ms in
 * JavaScript). Four columns at a time share each load of a's row.
 */
export function distances(a: usize, b: usize, out: usize, n: i32, m: i32, d: i32): void {
  const row = (<usize>d) << 2;
  const d4 = d & ~3;
  for (let i = 0; i < n; i++) {
    const ai = a + <usize>i * row;
    const oi = out + ((<usize>(i * m)) << 2);
    let j = 0;
    for (; j + 4 <= m; j += 4) {
      const b0 = b + <usize>j * row;
      const b1 = b0 + row;
      const b2 = b1 + row;
      const b3 = b2 + row;
      let s0 = f32x4.splat(0);
      let s1 = f32x4.splat(0);
      let s2 = f32x4.splat(0);
      let s3 = f32x4.splat(0);
      let k = 0;
      for (; k < d4; k += 4) {
        const o = (<usize>k) << 2;
        const x = v128.load(ai + o);
        const e0 = f32x4.sub(x, v128.load(b0 + o));
        const e1 = f32x4.sub(x, v128.load(b1 + o));
        const e2 = f32x4.sub(x, v128.load(b2 + o));
        const e3 = f32x4.sub(x, v128.load(b3 + o));
        s0 = madd(s0, e0, e0);
        s1 = madd(s1, e1, e1);
        s2 = madd(s2, e2, e2);
        s3 = madd(s3, e3, e3);
      }
      // the four sums' lanes added up: transpose the 4 x 4 block, then add its rows
      const t0 = v128.shuffle<f32>(s0, s1, 0, 4, 1, 5);
      const t1 = v128.shuffle<f32>(s0, s1, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(s2, s3, 0, 4, 1, 5);
      const t3 = v128.shuffle<f32>(s2, s3, 2, 6, 3, 7);
      const u = f32x4.add(t0, t1); // [s0 lanes 0+2, s1 0+2, s0 1+3, s1 1+3]
      const w = f32x4.add(t2, t3);
      let sum = f32x4.add(v128.shuffle<f32>(u, w, 0, 1, 4, 5), v128.shuffle<f32>(u, w, 2, 3, 6, 7));
      for (; k < d; k++) {
        const o = (<usize>k) << 2;
        const x = load<f32>(ai + o);
        const r = f32x4(x - load<f32>(b0 + o), x - load<f32>(b1 + o), x - load<f32>(b2 + o), x - load<f32>(b3 + o));
        sum = madd(sum, r, r);
      }
      v128.store(oi + ((<usize>j) << 2), f32x4.sqrt(sum));
    }
    for (; j < m; j++) {
      const bj = b + <usize>j * row;
      let s: f32 = 0;
      for (let k = 0; k < d; k++) {
        const o = (<usize>k) << 2;
        const e = load<f32>(ai + o) - load<f32>(bj + o);
        s += e * e;
      }
      store<f32>(oi + ((<usize>j) << 2), Mathf.sqrt(s));
    }
  }
}

export { minCostAssignment } from './assignment';
