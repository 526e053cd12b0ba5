// Hand-derived gradients for plain MLPs (no normalisation layers): forward with fused
// matMul+bias+activation, backward written out, and the gradient penalty's second-order
// term derived in closed form. No autodiff tape, a few dozen large ops per step.
// tests/fastGradients.test.ts holds every loss, activation and depth to the autodiff path.
//
// Notation: kernel k maps h_k to the pre-activation of h_{k+1}; h_0 is the input and the
// last kernel (index L) gives the output. M_k = act'(a_k) for hidden layer k = 1..L.
// The input gradient of f at rows x is the chain
//   G_L = W_L^T (a row), D_k = G_k ⊙ M_k, G_{k-1} = D_k W_{k-1}^T, so ∇_x f = G_0.
// With ReLU or leaky ReLU the masks are piecewise constant, so the penalty's gradient
// w.r.t. the weights is the adjoint of that chain; with tanh, M_k = 1 − h_k² adds a
// term that flows back through the forward pass (the "inject" argument of backprop).
import * as tf from '@tensorflow/tfjs-core';
import { LEAKY_SLOPE, type Activation, type Mlp } from './networks';
import { NORM_EPS, penaltyPoints, type GradientEngine, type Nets, type PenaltyConfig } from './gradients';

type T = tf.Tensor;

interface Weights {
  W: T[];
  b: T[];
  /** W_k^T, computed once per step when the backend lacks fast transposed matMul. */
  WT(k: number): T;
}

interface Forward {
  /** hs[0] = input, hs[k] = hidden layer k. */
  hs: T[];
  /** masks[k - 1] = M_k. */
  masks: T[];
  out: T;
}

/** The wasm backend runs transposed matMuls in a slow scalar loop; transpose explicitly there. */
function explicitTranspose(): boolean {
  return tf.getBackend() === 'wasm';
}

function weightsOf(mlp: Mlp): Weights {
  const views = mlp.params.views();
  const W = mlp.layers.map((l) => views[l.kernel]);
  const b = mlp.layers.map((l) => views[l.bias]);
  const cache: T[] = [];
  return {
    W,
    b,
    WT: (k) => (cache[k] ??= tf.transpose(W[k])),
  };
}

/** a · W_k^T */
function timesWT(a: T, w: Weights, k: number): T {
  return explicitTranspose() ? tf.matMul(a, w.WT(k)) : tf.matMul(a, w.W[k], false, true);
}

/** a^T · b */
function transposeTimes(a: T, b: T): T {
  return explicitTranspose() ? tf.matMul(tf.transpose(a), b) : tf.matMul(a, b, true, false);
}

function dense(h: T, W: T, b: T, act: Activation | 'linear'): T {
  if (act === 'tanh') return tf.tanh(tf.fused.matMul({ a: h as tf.Tensor2D, b: W as tf.Tensor2D, bias: b }));
  return tf.fused.matMul({
    a: h as tf.Tensor2D,
    b: W as tf.Tensor2D,
    bias: b,
    activation: act === 'relu' ? 'relu' : act === 'leaky-relu' ? 'leakyrelu' : 'linear',
    leakyreluAlpha: LEAKY_SLOPE,
  });
}

/** act'(a) from h = act(a). */
function derivative(h: T, act: Activation): T {
  switch (act) {
    case 'relu':
      return tf.step(h);
    case 'leaky-relu':
      return tf.step(h, LEAKY_SLOPE);
    case 'tanh':
      return tf.sub(1, tf.square(h));
  }
}

function forward(w: Weights, x: T, act: Activation, withMasks = true): Forward {
  const L = w.W.length - 1;
  const hs = [x];
  const masks: T[] = [];
  for (let k = 0; k < L; k++) {
    const h = dense(hs[k], w.W[k], w.b[k], act);
    hs.push(h);
    if (withMasks) masks.push(derivative(h, act));
  }
  return { hs, masks, out: dense(hs[L], w.W[L], w.b[L], 'linear') };
}

interface Backprop {
  gW: Array<T | null>;
  gb: Array<T | null>;
  /** Gradient w.r.t. the input rows, when asked for. */
  dInput: T | null;
}

/**
 * Reverse pass of `fwd` with output adjoint dOut (null: zero) plus optional adjoints
 * injected at hidden layers (inject[k] adds to the adjoint of h_k).
 */
function backprop(
  w: Weights,
  fwd: Forward,
  dOut: T | null,
  opts: { inject?: Array<T | null>; paramGrads?: boolean; inputGrad?: boolean } = {},
): Backprop {
  const L = w.W.length - 1;
  const paramGrads = opts.paramGrads ?? true;
  const gW: Array<T | null> = [];
  const gb: Array<T | null> = [];
  let dInput: T | null = null;
  let delta = dOut;
  for (let k = L; k >= 0; k--) {
    gW[k] = delta && paramGrads ? transposeTimes(fwd.hs[k], delta) : null;
    gb[k] = delta && paramGrads ? tf.sum(delta, 0) : null;
    if (k === 0) {
      if (opts.inputGrad && delta) dInput = timesWT(delta, w, 0);
      break;
    }
    let hbar = delta ? timesWT(delta, w, k) : null;
    const inj = opts.inject?.[k];
    if (inj) hbar = hbar ? tf.add(hbar, inj) : inj;
    delta = hbar ? tf.mul(hbar, fwd.masks[k - 1]) : null;
  }
  return { gW, gb, dInput };
}

/** Per-layer gradients to one flat vector in the MLP's layout order (kernel, bias per layer). */
function flatten(mlp: Mlp, gW: Array<T | null>, gb: Array<T | null>): tf.Tensor1D {
  const parts: T[] = [];
  mlp.layers.forEach((_, k) => {
    const e = mlp.params.layout;
    const kernel = gW[k] ?? tf.zeros([e[mlp.layers[k].kernel].size]);
    const bias = gb[k] ?? tf.zeros([e[mlp.layers[k].bias].size]);
    parts.push(tf.reshape(kernel, [-1]), tf.reshape(bias, [-1]));
  });
  return tf.concat(parts) as tf.Tensor1D;
}

const addOrNull = (a: T | null, b: T | null): T | null => (a && b ? tf.add(a, b) : (a ?? b));

/**
 * Adds the penalty λ E[(‖∇f(x̂)‖ − 1)²] (or R1/R2's λ/2 E[‖∇f(x)‖²]) at rows `interp`: returns its value and its
 * gradient w.r.t. each kernel and bias (biases only for tanh).
 */
function penaltyGradients(critic: Mlp, w: Weights, interp: T, p: PenaltyConfig): { value: tf.Scalar } & Backprop {
  const act = critic.spec.activation;
  const L = w.W.length - 1;
  const rows = interp.shape[0];
  const fi = forward(w, interp, act);
  const dims = [critic.spec.inDim, ...critic.spec.hidden, 1];

  // Input-gradient chain, top to bottom.
  const G: T[] = [];
  const D: T[] = [];
  G[L] = tf.reshape(w.W[L], [1, dims[L]]);
  for (let k = L; k >= 1; k--) {
    D[k] = tf.mul(G[k], fi.masks[k - 1]);
    G[k - 1] = timesWT(D[k], w, k - 1);
  }
  const G0 = L === 0 ? tf.broadcastTo(G[0], [rows, critic.spec.inDim]) : G[0];
  let value: tf.Scalar;
  // Ḡ_0 = dP/dG_0, the adjoint that starts the chain's reverse pass
  let Gbar: T;
  if (p.kind === 'r1' || p.kind === 'r2') {
    // λ/2 · mean ‖G_0‖²: Ḡ_0 = λ G_0 / rows
    value = tf.mul(p.lambda / 2, tf.mean(tf.sum(tf.square(G0), 1))) as tf.Scalar;
    Gbar = tf.mul(G0, p.lambda / rows);
  } else {
    const norm = tf.sqrt(tf.add(tf.sum(tf.square(G0), 1, true), NORM_EPS));
    const excess = p.oneSided ? tf.relu(tf.sub(norm, 1)) : tf.sub(norm, 1);
    value = tf.mul(p.lambda, tf.mean(tf.square(excess))) as tf.Scalar;
    Gbar = tf.mul(G0, tf.mul((2 * p.lambda) / rows, tf.div(excess, norm)));
  }

  // Adjoint of the chain, bottom to top.
  const gW: Array<T | null> = [];
  const gb: Array<T | null> = Array(L + 1).fill(null);
  const inject: Array<T | null> = [];
  for (let k = 1; k <= L; k++) {
    gW[k - 1] = transposeTimes(Gbar, D[k]);
    const Dbar = tf.matMul(Gbar, w.W[k - 1]);
    Gbar = tf.mul(Dbar, fi.masks[k - 1]);
    // tanh: M_k = 1 − h_k² depends on the weights too.
    if (act === 'tanh') inject[k] = tf.mul(tf.mul(Dbar, G[k]), tf.mul(-2, fi.hs[k]));
  }
  gW[L] = tf.reshape(tf.sum(Gbar, 0), [dims[L], 1]);

  if (act === 'tanh' && L > 0) {
    const extra = backprop(w, fi, null, { inject });
    for (let k = 0; k <= L; k++) {
      gW[k] = addOrNull(gW[k], extra.gW[k]);
      gb[k] = addOrNull(gb[k], extra.gb[k]);
    }
  }
  return { value, gW, gb, dInput: null };
}

export function fastGradients(nets: Nets): GradientEngine {
  const { critic, generator, loss } = nets;
  if (critic.spec.norm !== 'none' || (generator.mlp && generator.mlp.spec.norm !== 'none')) {
    throw new Error('the fast gradient path does not cover normalisation layers');
  }
  const act = critic.spec.activation;
  return {
    name: 'fast',
    critic(real, fake, eps, penalty) {
      return tf.tidy(() => {
        const w = weightsOf(critic);
        const b = real.shape[0];
        const rf = forward(w, tf.concat([real, fake], 0), act);
        const r = tf.slice(rf.out, [0, 0], [b, 1]);
        const f = tf.slice(rf.out, [b, 0], [b, 1]);
        const advLoss = tf.add(tf.mean(loss.critic.real.value(r)), tf.mean(loss.critic.fake.value(f))) as tf.Scalar;
        const dOut = tf.div(tf.concat([loss.critic.real.grad(r), loss.critic.fake.grad(f)], 0), b);
        let { gW, gb } = backprop(w, rf, dOut);
        let penValue: tf.Scalar = tf.scalar(0);
        if (penalty) {
          const where = penaltyPoints(penalty.kind);
          const at = where === 'real' ? real : where === 'fake' ? fake : tf.add(fake, tf.mul(eps, tf.sub(real, fake)));
          const pg = penaltyGradients(critic, w, at, penalty);
          penValue = pg.value;
          gW = gW.map((g, k) => addOrNull(g, pg.gW[k]));
          gb = gb.map((g, k) => addOrNull(g, pg.gb[k]));
        }
        return { grad: flatten(critic, gW, gb), loss: advLoss, penalty: penValue };
      });
    },
    generator(z, real) {
      return tf.tidy(() => {
        const wc = weightsOf(critic);
        const b = z.shape[0];
        const gMlp = generator.mlp;
        const wg = gMlp ? weightsOf(gMlp) : null;
        const gf = wg && gMlp ? forward(wg, z, gMlp.spec.activation) : null;
        const sigmoidOut = gMlp?.spec.output === 'sigmoid';
        const x = gf ? (sigmoidOut ? tf.sigmoid(gf.out) : gf.out) : generator.forward(z);
        const cf = forward(wc, x, act);
        let value = tf.mean(loss.generator.fake.value(cf.out));
        if (loss.generator.real && real) value = tf.add(value, tf.mean(loss.generator.real.value(forward(wc, real, act, false).out)));
        const dOut = tf.div(loss.generator.fake.grad(cf.out), b);
        let dx = backprop(wc, cf, dOut, { paramGrads: false, inputGrad: true }).dInput!;
        // through the generator's sigmoid output x = s(a): da = dx ⊙ s(1 − s)
        if (gf && sigmoidOut) dx = tf.mul(dx, tf.mul(x, tf.sub(1, x)));
        let grad: tf.Tensor1D;
        if (gf && gMlp && wg) {
          const g = backprop(wg, gf, dx);
          grad = flatten(gMlp, g.gW, g.gb);
        } else {
          // g_θ(z) = (θ, z): dθ = Σ_i ∂J/∂x_i0
          grad = tf.reshape(tf.sum(tf.slice(dx, [0, 0], [b, 1])), [1]) as tf.Tensor1D;
        }
        return { grad, loss: value as tf.Scalar };
      });
    },
  };
}
