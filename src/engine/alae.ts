// ALAE's four networks as pure functions of the settings (no tfjs), and the projection of
// its latent points to 2D for the page. Two parameter vectors, as in the paper's code (one
// optimizer for E and D, one for F and G):
//   the "critic" side    = encoder E: x -> w, then discriminator D: w -> score
//   the "generator" side = mapping F: z -> w, then generator G: w -> x
// so that snapshots, weight histograms and saved state keep their two-vector shape.
import { initMlp, type InitialParams, type LayerIndex, type MlpSpec } from './architecture';
import { LOSS_INFO, type LossInfo } from './lossInfo';
import type { ParamEntry } from './params';
import type { Rng } from './rng';
import type { Settings } from './settings';

/** Hidden layers of the mapping F (width: the generator's) and of D on w (width: the critic's). */
export const ALAE_MAP_LAYERS = 2;
export const ALAE_DISC_LAYERS = 2;

export interface AlaeSpecs {
  mapping: MlpSpec;
  generator: MlpSpec;
  encoder: MlpSpec;
  discriminator: MlpSpec;
}

export function alaeSpecs(s: Settings): AlaeSpecs {
  const mlp = (inDim: number, layers: number, width: number, outDim: number): MlpSpec => ({
    inDim,
    hidden: Array(layers).fill(width),
    outDim,
    activation: s.activation,
    norm: 'none',
  });
  return {
    mapping: mlp(s.latentDim, ALAE_MAP_LAYERS, s.gWidth, s.wDim),
    generator: mlp(s.wDim, s.gLayers, s.gWidth, 2),
    encoder: mlp(2, s.dLayers, s.dWidth, s.wDim),
    discriminator: mlp(s.wDim, ALAE_DISC_LAYERS, s.dWidth, 1),
  };
}

/** One side's vector: two networks' layouts back to back, with each network's layer indices into it. */
export interface AlaeSide {
  layout: ParamEntry[];
  values: Float32Array;
  first: LayerIndex[];
  second: LayerIndex[];
  /** Parameters of the first network (it occupies [0, firstSize) of the vector). */
  firstSize: number;
}

function join(a: InitialParams, b: InitialParams): AlaeSide {
  const firstSize = a.values.length;
  const shift = a.layout.length;
  const values = new Float32Array(firstSize + b.values.length);
  values.set(a.values);
  values.set(b.values, firstSize);
  return {
    layout: [...a.layout, ...b.layout.map((e) => ({ ...e, offset: e.offset + firstSize }))],
    values,
    first: a.layers,
    second: b.layers.map((l) => ({ kernel: l.kernel + shift, bias: l.bias + shift })),
    firstSize,
  };
}

/** Initial parameters (PyTorch's Linear init), drawn from `rng` in the order E, D, F, G. */
export function initAlae(s: Settings, rng: Rng): { critic: AlaeSide; generator: AlaeSide } {
  const specs = alaeSpecs(s);
  const e = initMlp(specs.encoder, rng, 'encoder');
  const d = initMlp(specs.discriminator, rng, 'discriminator');
  const f = initMlp(specs.mapping, rng, 'mapping');
  const g = initMlp(specs.generator, rng, 'generator');
  return { critic: join(e, d), generator: join(f, g) };
}

/**
 * Projects two sets of d-dimensional rows (row-major) onto the top two principal axes of
 * their union, so that F(z) and E(x) share one picture. d <= 2 passes through (d = 1 gets a
 * zero second coordinate). Axis signs are fixed (largest component positive) so the picture
 * does not flip between snapshots.
 */
export function projectLatents(a: Float32Array, b: Float32Array, d: number): { a: Float32Array; b: Float32Array; explained: number } {
  const na = a.length / d;
  const nb = b.length / d;
  if (d <= 2) {
    const pad = (x: Float32Array, n: number) => {
      if (d === 2) return x.slice();
      const out = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) out[2 * i] = x[i];
      return out;
    };
    return { a: pad(a, na), b: pad(b, nb), explained: 1 };
  }
  const n = na + nb;
  const mean = new Float64Array(d);
  const row = (i: number, k: number) => (i < na ? a[i * d + k] : b[(i - na) * d + k]);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k] += row(i, k) / n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      const xk = row(i, k) - mean[k];
      for (let l = k; l < d; l++) cov[k * d + l] += (xk * (row(i, l) - mean[l])) / n;
    }
  }
  for (let k = 0; k < d; k++) for (let l = 0; l < k; l++) cov[k * d + l] = cov[l * d + k];
  let total = 0;
  for (let k = 0; k < d; k++) total += cov[k * d + k];
  const axes: Float64Array[] = [];
  const work = cov.slice();
  let kept = 0;
  for (let c = 0; c < 2; c++) {
    // power iteration, then deflation
    let v = new Float64Array(d).map((_, k) => 1 + k / d);
    let lambda = 0;
    for (let it = 0; it < 200; it++) {
      const w = new Float64Array(d);
      for (let k = 0; k < d; k++) for (let l = 0; l < d; l++) w[k] += work[k * d + l] * v[l];
      const norm = Math.hypot(...w);
      if (norm < 1e-30) break;
      lambda = norm;
      v = w.map((x) => x / norm);
    }
    let big = 0;
    for (let k = 1; k < d; k++) if (Math.abs(v[k]) > Math.abs(v[big])) big = k;
    if (v[big] < 0) v = v.map((x) => -x);
    axes.push(v);
    kept += lambda;
    for (let k = 0; k < d; k++) for (let l = 0; l < d; l++) work[k * d + l] -= lambda * v[k] * v[l];
  }
  const project = (x: Float32Array, m: number) => {
    const out = new Float32Array(m * 2);
    for (let i = 0; i < m; i++) {
      for (let c = 0; c < 2; c++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += (x[i * d + k] - mean[k]) * axes[c][k];
        out[2 * i + c] = s;
      }
    }
    return out;
  };
  return { a: project(a, na), b: project(b, nb), explained: total > 0 ? Math.min(1, kept / total) : 1 };
}

/** Both sides' parameter layouts (names, shapes, offsets), for saved weights. */
export function alaeLayouts(s: Settings, rng: Rng): { critic: ParamEntry[]; generator: ParamEntry[] } {
  const { critic, generator } = initAlae(s, rng);
  return { critic: critic.layout, generator: generator.layout };
}

/**
 * The smoothed model's half-life in samples: the authors' train_alae.py lerps a copy of all four networks (model_s)
 * towards the trained ones after every iteration with β = 0.5^(batch/10,000), and draws its samples from that copy.
 */
export const ALAE_EMA_HALF_LIFE = 10_000;

/** The moving average's factor per step (three steps per iteration: β^(1/3) after each, β over the iteration). */
export function alaeEmaStepBeta(batchSize: number): number {
  return Math.pow(0.5, batchSize / ALAE_EMA_HALF_LIFE / 3);
}

/** The ALAE paper's optimizer settings (Pidhorskyi et al. 2020; podgorskiy/ALAE defaults.py): Adam β = (0, 0.99), lr 0.002, R1 γ 10. */
export const ALAE_PAPER: Partial<Settings> = { optimizer: 'adam', lrD: 0.002, lrG: 0.002, beta1: 0, beta2: 0.99, gamma: 10 };

/** What choosing ALAE loads (page and CLI `--model alae`), with what was measured. */
// R1 is not scale-free: shrinking the data by s multiplies ‖∇ₓD‖² by 1/s², and the ring's modes have a
// standard deviation of 0.014, so the paper's γ 10 (tuned for images) keeps D∘E almost flat on 2D data. Measured on the
// ring of 8 (tfjs wasm, 3 x 64 networks, w of 4 dimensions, batch 128, Adam lr 0.002, β (0, 0.99)):
// - γ 10, seed 1, 1,000 iterations: D's logits 0.011 ± 0.008 on real and 0.004 ± 0.010 on generated samples (step I's
//   loss stays at 2 log 2), ‖∇ₓD(E(x))‖ 0.02 at real samples, real samples reconstructed 0.20 away (|G(E(x)) − x|);
//   seeds 1-10 (npm run presets at commit e0f1a8f): exact W1 0.25-0.52, at most 1-8% of samples within 3σ of a mode.
// - γ 0.003, seed 2, same budget: logits 0.01 ± 0.42 against −0.31 ± 0.43, ‖∇ₓD(E(x))‖ 3.9, reconstruction 0.04.
// - γ 0.01, seeds 1-10, 2,000 iterations (npm run presets -- --only alae-ring8): exact W1 0.13-0.31 at the end; on the
//   best of four looks (every 500 iterations) 6-37% within 3σ (at least 10% on 9 seeds) and 4-8 modes captured
//   (8 on 4 seeds); unstable: at the last look 0-37% and 2-8 modes.
// - γ 0.001 (seed 1) sharpened further (36% at 1,000) but dropped modes (W1 0.55); γ 0.1 (seed 1) stayed blurred (2%);
//   lr 5e-4 with γ 0.003 (seeds 1-3, 1,500 iterations: 9-30%, W1 0.22-0.31) was slower, not steadier.
// - The authors draw samples from model_s, a moving average of the four networks (half-life 10,000 samples; setting
//   alaeEma). With it, γ 0.01, seeds 1-10 (npm run presets -- --only alae-ring8, looks every 500 iterations): all 8
//   modes captured at 1,500 and at 2,000 on every seed, 43-71% of samples within 3σ at 1,500 and 58-78% at 2,000,
//   exact W1 0.075-0.187 at 2,000; at 1,000, 5-8 modes and 18-59%. The trained weights at 2,000 on the same runs: 2-8
//   modes, 0-37%. Tried without the average and not adopted (ring8, 2,000 iterations, seeds 1-3): D linear in w, as the
//   authors' mapping_d (diverged: W1 1.8-3.1); the authors' equalised learning rates with lrmul 0.1 on F and D (W1 10.4,
//   5.5, 0.38).
export const ALAE_2D: { settings: Partial<Settings>; measured: string } = {
  settings: { ...ALAE_PAPER, gamma: 0.01, batchSize: 128, alaeEma: true },
  measured:
    'the paper’s Adam (β = (0, 0.99), lr 0.002) with batch 128, R1 γ 0.01 instead of the paper’s 10, which on data this small keeps the discriminator almost flat (a blurred ring: at most 1-8% of samples within 3σ of a mode on the ring of 8, seeds 1-10), and samples drawn from the smoothed model, a moving average of the weights as in the authors’ code; on the ring of 8 (seeds 1-10) the smoothed model captures all 8 modes at 1,500 and at 2,000 iterations with 58-78% of its samples within 3σ of a mode at 2,000 (exact W1 0.075-0.187), while the trained weights themselves keep losing and finding modes (2-8 modes, 0-37% at 2,000)',
};

/**
 * What the shared code reads as ALAE's "loss": step I's adversarial terms are the non-saturating
 * GAN's on logits, without its ½ (softplus(D(E(G(F(z))))) + softplus(−D(E(x)))), so log 2 − loss/2
 * bounds the Jensen–Shannon divergence between E(x) and E(G(F(z))) in w.
 */
export const ALAE_LOSS_INFO: LossInfo = {
  ...LOSS_INFO.nonsaturating,
  label: 'ALAE (adversarial latent auto-encoder)',
  summary: 'Steps I (E, D: softplus terms and R1), II (F, G: softplus(−D(E(G(F(z)))))), III (E, G: ‖F(z) − E(G(F(z)))‖²).',
  reference: 'Pidhorskyi, Adjeroh and Doretto 2020 (Algorithm 1)',
  estimate: { label: 'JS', fromCriticLoss: (loss: number) => Math.log(2) - loss / 2 },
};
