// The engine on the digits target (196 pixels per sample instead of 2 coordinates): the fused
// kernels agree with tfjs for every loss and penalty, the exact W1 and digit coverage are
// right on hand-made cases, and a short run learns.
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../src/engine/backends';
import { DIGIT_PIXELS } from '../src/engine/digits/digitsTarget';
import { classifyDigits, digitCoverage } from '../src/engine/digits/classifier';
import { exactW1 } from '../src/engine/metrics/wasserstein';
import { Rng } from '../src/engine/rng';
import { LOSS_IDS, type Settings } from '../src/engine/settings';
import { makeTarget } from '../src/engine/targets';
import { Trainer } from '../src/engine/trainer';
import { KernelTrainer } from '../src/kernels/kernelTrainer';
import { loadKernels } from '../src/kernels/module';
import { provideDigitsNode } from '../src/platform/digitsNode';
import { maxAbs, maxAbsDiff, settings, testBackend } from './helpers';

const data = provideDigitsNode();

beforeAll(async () => {
  await testBackend();
  await useBackend('fused');
  const r = await loadKernels();
  if (!r.ok) throw new Error(r.reason);
});

const digits = (over: Partial<Settings> = {}) =>
  settings({ target: 'digits', latentDim: 16, dLayers: 2, dWidth: 16, gLayers: 2, gWidth: 16, batchSize: 16, optimizer: 'sgd', lrD: 1, lrG: 1, ...over });

/** Held-out digits of one class, as pixels in [0, 1]. */
function heldOutOfClass(label: number, count: number): Float32Array {
  const out = new Float32Array(count * DIGIT_PIXELS);
  let k = 0;
  for (let i = 0; i < data.heldOut.count && k < count; i++) {
    if (data.heldOut.labels[i] !== label) continue;
    for (let p = 0; p < DIGIT_PIXELS; p++) out[k * DIGIT_PIXELS + p] = data.heldOut.images[i * DIGIT_PIXELS + p] / 255;
    k++;
  }
  return out;
}

describe('digits target', () => {
  it('samples 196 pixels in [0, 1] per digit, training and held-out apart', () => {
    const t = makeTarget('digits');
    expect(t.dim).toBe(196);
    expect(t.image).toEqual({ side: 14 });
    const x = t.sample(10, new Rng(1));
    expect(x.length).toBe(10 * 196);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...x)).toBeLessThanOrEqual(1);
    // the evaluation's 997 held-out digits come without repeats
    const h = t.heldOut!(997, new Rng(2));
    const keys = new Set<string>();
    for (let i = 0; i < 997; i++) keys.add(Array.from(h.subarray(i * 196, (i + 1) * 196)).join(','));
    expect(keys.size).toBeGreaterThan(990); // a few held-out digits are pixel-identical after pooling at most
  });

  it('without a loaded asset describes itself but refuses to sample', async () => {
    const { digitsTarget } = await import('../src/engine/digits/digitsTarget');
    const t = digitsTarget();
    expect(t.description).toMatch(/MNIST/);
    expect(() => t.sample(1, null as never)).toThrow(/not loaded/);
  });
});

describe('digit metrics on hand-made cases', () => {
  it('ten perfect digits of one class: 1 of 10 digits covered, all high quality, KL = log 10', () => {
    // the ten held-out 3s (of the first 30) the classifier is surest of
    const some = heldOutOfClass(3, 30);
    const { confidence } = classifyDigits(data.classifier, some, DIGIT_PIXELS);
    const surest = Array.from(confidence.keys()).sort((i, j) => confidence[j] - confidence[i]).slice(0, 10);
    const threes = new Float32Array(10 * DIGIT_PIXELS);
    surest.forEach((i, k) => threes.set(some.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS), k * DIGIT_PIXELS));
    const c = digitCoverage(data.classifier, threes, DIGIT_PIXELS);
    expect(c.total).toBe(10);
    expect(c.captured).toBe(1);
    expect(c.perMode[3]).toBe(10);
    expect(c.highQuality).toBe(1);
    expect(c.wellCovered).toBe(1);
    expect(c.klUniform!).toBeCloseTo(Math.log(10), 6);
  });

  it('one perfect digit of each class: 10 of 10 covered, KL 0', () => {
    // of each class's first 20 held-out digits, the one the classifier is surest of
    const all = new Float32Array(10 * DIGIT_PIXELS);
    for (let d = 0; d < 10; d++) {
      const some = heldOutOfClass(d, 20);
      const { confidence } = classifyDigits(data.classifier, some, DIGIT_PIXELS);
      const best = confidence.indexOf(Math.max(...confidence));
      all.set(some.subarray(best * DIGIT_PIXELS, (best + 1) * DIGIT_PIXELS), d * DIGIT_PIXELS);
    }
    const c = digitCoverage(data.classifier, all, DIGIT_PIXELS);
    expect(c.captured).toBe(10);
    expect(c.wellCovered).toBe(10);
    expect(c.klUniform!).toBeCloseTo(0, 6);
  });

  it('noise, blends of two digits and NaN images are rarely or never recognisable digits', () => {
    const rng = new Rng(7);
    const noise = rng.fillUniform(new Float32Array(500 * DIGIT_PIXELS));
    expect(digitCoverage(data.classifier, noise, DIGIT_PIXELS).highQuality).toBeLessThan(0.05);
    // a 50/50 blend of a 1 and a 0: what a generator averaging two modes draws
    const ones = heldOutOfClass(1, 50);
    const zeros = heldOutOfClass(0, 50);
    const blends = ones.map((v, i) => 0.5 * (v + zeros[i]));
    expect(digitCoverage(data.classifier, blends, DIGIT_PIXELS).highQuality).toBeLessThan(0.2);
    const nan = new Float32Array(20 * DIGIT_PIXELS).fill(NaN);
    expect(digitCoverage(data.classifier, nan, DIGIT_PIXELS).highQuality).toBe(0);
  });

  it('exact W1 in pixel space: two sets of digits swapped in order are at 0; a shifted set at the shift', () => {
    const a = heldOutOfClass(7, 5);
    const b = new Float32Array(a.length);
    for (let i = 0; i < 5; i++) b.set(a.subarray((4 - i) * 196, (5 - i) * 196), i * 196);
    expect(exactW1(a, b, 196)).toBeCloseTo(0, 6);
    // every pixel +0.1: each digit moves by 0.1·√196 = 1.4
    const shifted = a.map((v) => v + 0.1);
    expect(exactW1(a, shifted, 196)).toBeCloseTo(1.4, 4);
  });
});

describe('fused kernels against tfjs on digits', () => {
  async function params(t: Trainer | KernelTrainer) {
    const st = await t.exportState();
    return { critic: st.critic, generator: st.generator };
  }
  const cases: Array<[string, Partial<Settings>]> = [
    ...LOSS_IDS.map((loss): [string, Partial<Settings>] => [loss, { loss }]),
    ['wgan-gp, one-sided', { loss: 'wgan-gp', penalty: 'one-sided', lambda: 10 }],
    ['nonsaturating + R1', { loss: 'nonsaturating', ganPenalty: 'r1', gamma: 10 }],
    ['wgan-gp, linear critic', { loss: 'wgan-gp', dLayers: 0, lambda: 10 }],
    ['wgan-gp, tanh', { loss: 'wgan-gp', activation: 'tanh', lambda: 10 }],
    ['nonsaturating, sigmoid output', { loss: 'nonsaturating', gOutput: 'sigmoid' }],
    ['wgan-gp, sigmoid output', { loss: 'wgan-gp', gOutput: 'sigmoid', lambda: 10 }],
  ];
  it.each(cases)('%s: the same step from the same weights', async (_, over) => {
    const s = digits({ lambda: 10, ...over });
    const tf = new Trainer(s, { gradients: 'fast' });
    const k = new KernelTrainer(s);
    const before = await params(tf);
    expect(Array.from((await params(k)).generator)).toEqual(Array.from(before.generator));
    for (const which of ['critic', 'generator'] as const) {
      if (which === 'critic') (tf.criticStep(), k.criticStep());
      else (tf.generatorStep(), k.generatorStep());
      const [a, b] = [await params(tf), await params(k)];
      const da = a[which].map((v, i) => v - before[which][i]);
      const db = b[which].map((v, i) => v - before[which][i]);
      expect(maxAbs(da)).toBeGreaterThan(0);
      expect(maxAbsDiff(db, da) / Math.max(1e-3, maxAbs(da))).toBeLessThan(1e-3);
    }
    const [la, lb] = [await tf.losses(), await k.losses()];
    expect(lb.critic!).toBeCloseTo(la.critic!, 3);
    expect(lb.penalty ?? 0).toBeCloseTo(la.penalty ?? 0, 3);
    expect(lb.generator!).toBeCloseTo(la.generator!, 3);
    tf.dispose();
    k.dispose();
  });
});

describe('evaluation on digits', () => {
  it('exact W1 of 500 generated against 500 held-out digits, with the floor of held-out against training digits', async () => {
    const k = new KernelTrainer(digits({ loss: 'wgan-gp' }));
    const e = await k.evaluate();
    // an untrained generator draws grey noise near 0: far from digits
    expect(e.exactW1).toBeGreaterThan(e.floor + 1);
    // two samples of real digits (measured 2.47-2.50 over the first draws)
    expect(e.floor).toBeGreaterThan(2.2);
    expect(e.floor).toBeLessThan(2.8);
    expect(e.modes!.total).toBe(10);
    expect(e.transport).toBeNull();
    const snap = await k.snapshot({ samples: 64 });
    expect(snap.generated.length).toBe(64 * 196);
    expect(snap.target.length).toBe(64 * 196);
    expect(snap.field.values.length).toBe(0);
    // the critic's scores at the 64 real and 64 generated digits shown (the page's histogram)
    expect(snap.scores!.real.length).toBe(64);
    expect(snap.scores!.generated.length).toBe(64);
    expect(snap.scores!.real.every(Number.isFinite)).toBe(true);
    k.dispose();
  });
});

describe('learning on digits', () => {
  it('WGAN-GP moves the generated digits towards the held-out ones: the exact W1 falls by a quarter of its gap to the floor in 100 iterations', async () => {
    // measured on seeds 1-3: 4.38 -> 3.2-3.3 against a floor of 2.5 (2 x 256); a generator that does not learn stays near 4.4
    const s = settings({
      target: 'digits',
      loss: 'wgan-gp',
      latentDim: 32,
      dLayers: 2,
      dWidth: 128,
      gLayers: 2,
      gWidth: 128,
      batchSize: 64,
      optimizer: 'adam',
      lrD: 1e-4,
      lrG: 1e-4,
      beta1: 0,
      beta2: 0.9,
      lambda: 10,
      nCritic: 5,
      seed: 1,
    });
    const k = new KernelTrainer(s);
    const start = await k.evaluate();
    k.iterate(100);
    const end = await k.evaluate();
    expect(start.exactW1).toBeGreaterThan(start.floor + 1.5);
    expect(end.exactW1).toBeLessThan(start.exactW1 - 0.25 * (start.exactW1 - start.floor));
    k.dispose();
  });
});
