// The small classifier (an MLP side²-H-11 with ReLU, trained when the asset is built, on the
// training split only) that names generated digits, and the mode coverage it gives: each of
// the ten digits is a mode, and a generated digit is "high quality" when the classifier names
// it a digit with at least HIGH_CONFIDENCE. Its eleventh output, 'not a digit', takes noise
// and blends of two digits, which a ten-way classifier names confidently. The result fills the same fields as the 2D mixtures'
// coverage (captured, per-mode shares, KL to uniform, modes holding a quarter of their share).
import { evaluationKernelsReady, kernelReluLayer } from '../../kernels/evaluation';
import { klToUniform, modesAboveFairShare, type ModeCoverage } from '../metrics/modes';
import { CLASSIFIER_OUTPUTS, DIGIT_CLASSES, NOT_A_DIGIT, type ClassifierWeights } from './asset';

/** Softmax probability above which a generated digit counts as a recognisable (high-quality) digit. */
export const HIGH_CONFIDENCE = 0.9;

export interface Classified {
  /** The most probable output per sample: a digit 0-9, or NOT_A_DIGIT (10). */
  labels: Uint8Array;
  /** Its probability per sample. */
  confidence: Float32Array;
}

/**
 * Classifies n digits (row-major). Pixels are clamped to [0, 1] first, so the classifier sees
 * what the page shows: a generator's linear output leaves that range, and unclamped, the
 * faint noise of an untrained generator read as a confident 5.
 */
export function classifyDigits(net: ClassifierWeights, samples: Float32Array, pixels: number): Classified {
  const n = Math.floor(samples.length / pixels);
  const H = net.hidden;
  const labels = new Uint8Array(n);
  const confidence = new Float32Array(n);
  const hidden = hiddenOnKernels(net, samples, n, pixels);
  const h = new Float32Array(H);
  const logits = new Float64Array(CLASSIFIER_OUTPUTS);
  for (let s = 0; s < n; s++) {
    // the hidden layer: from the kernels (every sample at once), or here, skipping dark pixels
    let hs: Float32Array = h;
    let at = 0;
    if (hidden) {
      hs = hidden;
      at = s * H;
    } else {
      h.set(net.b1);
      const base = s * pixels;
      for (let i = 0; i < pixels; i++) {
        const v = samples[base + i];
        const x = v > 1 ? 1 : v > 0 ? v : v <= 0 ? 0 : v; // NaN stays NaN
        if (x === 0) continue;
        const row = i * H;
        for (let j = 0; j < H; j++) h[j] += x * net.W1[row + j];
      }
    }
    // logits[c] = b2[c] + Σ_j relu(h_j) W2[j, c], summed in the order of j (one test of h_j per j)
    for (let c = 0; c < CLASSIFIER_OUTPUTS; c++) logits[c] = net.b2[c];
    for (let j = 0; j < H; j++) {
      const v = hs[at + j];
      if (!(v > 0)) continue;
      const row = j * CLASSIFIER_OUTPUTS;
      for (let c = 0; c < CLASSIFIER_OUTPUTS; c++) logits[c] += v * net.W2[row + c];
    }
    let best = 0;
    for (let c = 1; c < CLASSIFIER_OUTPUTS; c++) if (logits[c] > logits[best]) best = c;
    let z = 0;
    for (let c = 0; c < CLASSIFIER_OUTPUTS; c++) z += Math.exp(logits[c] - logits[best]);
    labels[s] = best;
    // a NaN sample reads as confidence 0: never a recognisable digit
    confidence[s] = Number.isFinite(z) ? 1 / z : 0;
  }
  return { labels, confidence };
}

/**
 * relu(clamp(x)·W1 + b1) for every sample on the fused kernels where they are loaded (2,500
 * generated digits: about 90 ms in the loop above, a few ms there; single precision with
 * fused multiply-adds, so a hidden value can differ from the loop's in its last bit); null
 * elsewhere, and for samples holding a NaN, which keep the loop's handling.
 */
function hiddenOnKernels(net: ClassifierWeights, samples: Float32Array, n: number, pixels: number): Float32Array | null {
  if (!evaluationKernelsReady()) return null;
  const x = new Float32Array(n * pixels);
  for (let i = 0; i < x.length; i++) {
    const v = samples[i];
    if (v !== v) return null; // NaN
    x[i] = v > 1 ? 1 : v > 0 ? v : 0;
  }
  return kernelReluLayer(x, net.W1, net.b1, n, pixels, net.hidden);
}

/** Digit coverage over generated samples: the 2D mixtures' mode metrics with the ten digits as modes. */
export function digitCoverage(net: ClassifierWeights, samples: Float32Array, pixels: number): ModeCoverage & { perClass: number[]; notADigit: number } {
  const { labels, confidence } = classifyDigits(net, samples, pixels);
  const perMode = new Array<number>(DIGIT_CLASSES).fill(0);
  const perClass = new Array<number>(DIGIT_CLASSES).fill(0);
  let hq = 0;
  let junk = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === NOT_A_DIGIT) {
      junk++;
      continue;
    }
    perClass[labels[i]]++;
    if (confidence[i] >= HIGH_CONFIDENCE) {
      hq++;
      perMode[labels[i]]++;
    }
  }
  return {
    captured: perMode.filter((c) => c > 0).length,
    total: DIGIT_CLASSES,
    highQuality: labels.length ? hq / labels.length : 0,
    perMode,
    perClass,
    notADigit: labels.length ? junk / labels.length : 0,
    wellCovered: modesAboveFairShare(perMode),
    klUniform: klToUniform(perMode),
  };
}
