// ALAE (the lecture's Algorithm 1): each step's loss against values worked out by hand on
// tiny networks, the trainer's steps against those losses on the same batch, each step moving
// only its own networks, state round trips, and the PCA projection of the latent picture.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectLatents } from '../src/engine/alae';
import { sampleLatent } from '../src/engine/architecture';
import { AlaeTrainer, alaeNets, alaeStepIIILoss, alaeStepIILoss, alaeStepILoss } from '../src/engine/alaeTrainer';
import { makeTrainer, trainerFromState } from '../src/engine/createTrainer';
import type { ParamVector } from '../src/engine/params';
import { Rng } from '../src/engine/rng';
import { irrelevance } from '../src/engine/settings';
import { decodeRun, encodeRun } from '../src/engine/weightsFile';
import { ALAE_2D } from '../src/engine/alae';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { maxAbsDiff, settings, testBackend } from './helpers';

beforeAll(testBackend);

const softplus = (x: number) => Math.log1p(Math.exp(x));

// F: 1 -> 1 -> 1 -> 1, G: 1 -> 2, E: 2 -> 1, D: 1 -> 1 -> 1 -> 1 (ReLU)
const tiny = settings({ model: 'alae', latentDim: 1, wDim: 1, gLayers: 0, dLayers: 0, gWidth: 1, dWidth: 1, activation: 'relu', gamma: 10 });

function setByName(vec: ParamVector, values: Record<string, number[]>): void {
  const flat = new Float32Array(vec.size);
  for (const e of vec.layout) {
    const v = values[e.name];
    if (!v || v.length !== e.size) throw new Error(`no values for ${e.name} (${e.size})`);
    flat.set(v, e.offset);
  }
  vec.write(flat);
}

/** F(z) = 2 relu(relu(z)) + 0.5, G(w) = (w, 1 − w), E(x) = 0.5 x1 + 0.25 x2 + 0.1, D(w) = −1.5 relu(relu(w)) + 0.2. */
function handNets(): AlaeTrainer {
  const t = new AlaeTrainer(tiny);
  setByName(t.generator, {
    'mapping/dense0/kernel': [1],
    'mapping/dense0/bias': [0],
    'mapping/dense1/kernel': [1],
    'mapping/dense1/bias': [0],
    'mapping/dense2/kernel': [2],
    'mapping/dense2/bias': [0.5],
    'generator/dense0/kernel': [1, -1],
    'generator/dense0/bias': [0, 1],
  });
  setByName(t.critic, {
    'encoder/dense0/kernel': [0.5, 0.25],
    'encoder/dense0/bias': [0.1],
    'discriminator/dense0/kernel': [1],
    'discriminator/dense0/bias': [0],
    'discriminator/dense1/kernel': [1],
    'discriminator/dense1/bias': [0],
    'discriminator/dense2/kernel': [-1.5],
    'discriminator/dense2/bias': [0.2],
  });
  return t;
}

describe('ALAE losses on tiny networks, by hand', () => {
  // z = 1, −1: w = F(z) = 2.5, 0.5; G(w) = (2.5, −1.5), (0.5, 0.5); E(G(w)) = 0.975, 0.475;
  // D(E(G(w))) = −1.2625, −0.5125. Real x = (1, 2), (−2, −1): E(x) = 1.1, −1.15; D(E(x)) = −1.45, 0.2.
  const z = () => tf.tensor2d([[1], [-1]]);
  const real = () => tf.tensor2d([
    [1, 2],
    [-2, -1],
  ]);
  const read = (t: tf.Tensor) => t.dataSync()[0];

  it('step I: softplus(D(E(G(F(z))))) + softplus(−D(E(x))), and R1 = γ/2·E‖∇ₓD(E(x))‖² in closed form', () => {
    const t = handNets();
    const zz = z();
    const x = real();
    const fake = alaeNets.G(t.nets, alaeNets.F(t.nets, zz, t.generator.views()), t.generator.views());
    expect(maxAbsDiff(fake.dataSync(), [2.5, -1.5, 0.5, 0.5])).toBeLessThan(1e-6);
    const { adv, r1 } = alaeStepILoss(t.nets, t.critic.views(), x, fake, 10);
    const expectedAdv = (softplus(-1.2625) + softplus(-0.5125)) / 2 + (softplus(1.45) + softplus(-0.2)) / 2;
    expect(read(adv)).toBeCloseTo(expectedAdv, 5);
    // D∘E is linear where E(x) > 0: ∇ₓ = −1.5·(0.5, 0.25), ‖∇‖² = 0.703125; and 0 at the second row (E < 0)
    expect(read(r1)).toBeCloseTo((10 / 2) * ((0.703125 + 0) / 2), 5);
    tf.dispose([zz, x, fake, adv, r1]);
    t.dispose();
  });

  it('step I: the R1 term reaches E and D through its double backward (gradient in closed form)', () => {
    // Row 1 (E > 0): ∇ₓD(E(x)) = d0·d1·d2·e with e = (0.5, 0.25), d0 = d1 = 1, d2 = −1.5; row 2: 0. So
    // R1 = γ/2 · ½ · (d0 d1 d2)² ‖e‖², so ∂R1/∂e_i = γ/2 · ½ · (d0 d1 d2)² · 2 e_i, ∂R1/∂d_j = γ/2 · ½ · 2 (d0 d1 d2)² ‖e‖² / d_j,
    // and 0 for every bias (the ReLUs are away from their kinks).
    // A penalty computed on untaped weights, or through a gradient that is not itself differentiated,
    // leaves these at 0 and R1 would not constrain D∘E at all.
    const t = handNets();
    const zz = z();
    const x = real();
    const fake = alaeNets.G(t.nets, alaeNets.F(t.nets, zz, t.generator.views()), t.generator.views());
    const { grads } = tf.variableGrads(() => alaeStepILoss(t.nets, t.critic.tapedViews(), x, fake, 10).r1, [t.critic.flat]);
    const g = grads[t.critic.flat.name].dataSync();
    const at = (name: string) => {
      const e = t.critic.layout.find((l) => l.name === name)!;
      return [...g.slice(e.offset, e.offset + e.size)];
    };
    const k = (10 / 2) * 0.5; // γ/2 · mean over the two rows
    const dd = 2.25; // (d0 d1 d2)²
    const ee = 0.3125; // ‖e‖²
    expect(maxAbsDiff(at('encoder/dense0/kernel'), [k * dd * 2 * 0.5, k * dd * 2 * 0.25])).toBeLessThan(1e-5);
    expect(maxAbsDiff(at('discriminator/dense0/kernel'), [k * 2 * dd * ee])).toBeLessThan(1e-5);
    expect(maxAbsDiff(at('discriminator/dense1/kernel'), [k * 2 * dd * ee])).toBeLessThan(1e-5);
    expect(maxAbsDiff(at('discriminator/dense2/kernel'), [k * 2 * -1.5 * ee])).toBeLessThan(1e-5);
    for (const b of ['encoder/dense0/bias', 'discriminator/dense0/bias', 'discriminator/dense1/bias', 'discriminator/dense2/bias']) {
      expect(maxAbsDiff(at(b), [0])).toBeLessThan(1e-6);
    }
    tf.dispose([zz, x, fake, grads[t.critic.flat.name]]);
    t.dispose();
  });

  it('step II: softplus(−D(E(G(F(z)))))', () => {
    const t = handNets();
    const zz = z();
    const loss = alaeStepIILoss(t.nets, t.critic.views(), t.generator.views(), zz);
    expect(read(loss)).toBeCloseTo((softplus(1.2625) + softplus(0.5125)) / 2, 5);
    tf.dispose([zz, loss]);
    t.dispose();
  });

  it('step III: ‖F(z) − E(G(F(z)))‖²', () => {
    const t = handNets();
    const zz = z();
    const w = alaeNets.F(t.nets, zz, t.generator.views());
    const loss = alaeStepIIILoss(t.nets, t.critic.views(), t.generator.views(), w);
    expect(read(loss)).toBeCloseTo((1.525 ** 2 + 0.025 ** 2) / 2, 5);
    tf.dispose([zz, w, loss]);
    t.dispose();
  });
});

describe('ALAE trainer steps', () => {
  const small = settings({ model: 'alae', target: 'ring8', gLayers: 2, gWidth: 16, dLayers: 2, dWidth: 16, wDim: 3, batchSize: 32, seed: 7, lrD: 0.002, lrG: 0.002, beta1: 0.5, beta2: 0.99 });

  it('each step reports its loss on the batch it drew (same random streams)', async () => {
    const t = new AlaeTrainer(small);
    const b = small.batchSize;
    const data = Rng.stream(small.seed, 'data');
    const latent = Rng.stream(small.seed, 'latent');
    const value = (s: tf.Scalar) => {
      const v = s.dataSync()[0];
      s.dispose();
      return v;
    };
    // step I draws the real batch, then z
    const x = tf.tensor2d(t.target.sample(b, data), [b, 2]);
    const z1 = tf.tensor2d(sampleLatent(small, b, latent), [b, small.latentDim]);
    const fake = alaeNets.G(t.nets, alaeNets.F(t.nets, z1, t.generator.views()), t.generator.views());
    const terms = alaeStepILoss(t.nets, t.critic.views(), x, fake, small.gamma);
    const [adv, r1] = [value(terms.adv), value(terms.r1)];
    t.criticStep();
    let losses = await t.losses();
    expect(losses.critic).toBeCloseTo(adv, 5);
    expect(losses.penalty).toBeCloseTo(r1, 5);
    expect(r1).toBeGreaterThan(0);
    // step II draws z
    const z2 = tf.tensor2d(sampleLatent(small, b, latent), [b, small.latentDim]);
    const g = value(alaeStepIILoss(t.nets, t.critic.views(), t.generator.views(), z2));
    t.generatorStep();
    losses = await t.losses();
    expect(losses.generator).toBeCloseTo(g, 5);
    // step III draws z
    const z3 = tf.tensor2d(sampleLatent(small, b, latent), [b, small.latentDim]);
    const w = alaeNets.F(t.nets, z3, t.generator.views());
    const rec = value(alaeStepIIILoss(t.nets, t.critic.views(), t.generator.views(), w));
    t.reconstructionStep();
    losses = await t.losses();
    expect(losses.reconstruction).toBeCloseTo(rec, 5);
    tf.dispose([x, z1, fake, z2, z3, w]);
    t.dispose();
  });

  it('each step changes only its own networks (I: E, D; II: F, G; III: E, G), with Adam momentum built up', () => {
    const t = new AlaeTrainer(small);
    t.iterate(3); // momentum in every network: a step that touched all of them would move them all
    const split = () => {
      const c = t.critic.readSync();
      const g = t.generator.readSync();
      const nE = t.nets.critic.firstSize;
      const nF = t.nets.generator.firstSize;
      return { E: c.slice(0, nE), D: c.slice(nE), F: g.slice(0, nF), G: g.slice(nF) };
    };
    const moved = (a: ReturnType<typeof split>, b: ReturnType<typeof split>) =>
      (['E', 'D', 'F', 'G'] as const).filter((k) => maxAbsDiff(a[k], b[k]) > 0).join('');
    let before = split();
    t.criticStep();
    let after = split();
    expect(moved(before, after)).toBe('ED');
    before = after;
    t.generatorStep();
    after = split();
    expect(moved(before, after)).toBe('FG');
    before = after;
    t.reconstructionStep();
    after = split();
    expect(moved(before, after)).toBe('EG');
    t.dispose();
  });

  it('counts one step I, II and III per iteration; the iteration counter is step II', () => {
    const t = new AlaeTrainer(small);
    t.iterate(2);
    expect([t.criticSteps, t.generatorSteps, t.reconstructionSteps, t.iteration]).toEqual([2, 2, 2, 2]);
    t.dispose();
  });

  it('is picked for model = alae on any backend (the fused kernels fall back to tfjs)', () => {
    const t = makeTrainer({ ...small, backend: 'fused' }, 'fused');
    expect(t).toBeInstanceOf(AlaeTrainer);
    t.dispose();
  });

  it('keeps a smoothed copy of all four networks (β^(1/3) after each step, β = 0.5^(batch/10,000)) and draws from it with alaeEma', async () => {
    const t = new AlaeTrainer(small);
    t.iterate(2);
    const beta = Math.pow(0.5, small.batchSize / 10_000 / 3);
    const before = { c: t.smoothed.critic.readSync(), g: t.smoothed.generator.readSync() };
    t.generatorStep();
    const trained = { c: t.critic.readSync(), g: t.generator.readSync() };
    const after = { c: t.smoothed.critic.readSync(), g: t.smoothed.generator.readSync() };
    for (const k of ['c', 'g'] as const) {
      const expected = before[k].map((v, i) => beta * v + (1 - beta) * trained[k][i]);
      expect(maxAbsDiff(after[k], expected)).toBeLessThan(1e-6);
      expect(maxAbsDiff(after[k], trained[k])).toBeGreaterThan(1e-4); // it lags behind the trained weights
    }
    // off: samples from the trained weights; on (a live setting): from the smoothed ones
    const raw = await t.generate(50);
    t.update({ alaeEma: true });
    const smooth = await t.generate(50);
    expect(maxAbsDiff(raw, smooth)).toBeGreaterThan(1e-4);
    const copy = new AlaeTrainer(small);
    copy.generator.write(after.g);
    expect(maxAbsDiff(smooth, await copy.generate(50))).toBe(0);
    [t, copy].forEach((x) => x.dispose());
  });

  it('resumes exactly from its exported state (the smoothed copy too), also through a weights file', async () => {
    const a = new AlaeTrainer({ ...small, alaeEma: true });
    a.iterate(2);
    const state = await a.exportState();
    const viaFile = decodeRun(JSON.parse(JSON.stringify(await encodeRun(a))));
    const b = trainerFromState(state, 'wasm');
    const c = trainerFromState(viaFile, 'wasm');
    a.iterate(2);
    b.iterate(2);
    c.iterate(2);
    const [ga, gb, gc] = await Promise.all([a.generate(100), b.generate(100), c.generate(100)]);
    expect(maxAbsDiff(ga, gb)).toBe(0);
    expect(maxAbsDiff(ga, gc)).toBe(0);
    [a, b, c].forEach((t) => t.dispose());
  });

  it('snapshots carry the latent picture, reconstructions and the latent error; no tensors leak', async () => {
    const t = new AlaeTrainer(small);
    t.iterate(1);
    await t.snapshot({ samples: 300, grid: 10 }); // warm-up: tfjs caches a few tensors on first use
    const tensors = tf.memory().numTensors;
    const s = await t.snapshot({ samples: 300, grid: 10 });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(s.alae).toBeDefined();
    const v = s.alae!;
    expect(v.mapped.length).toBe(300 * 2);
    expect(v.encoded.length).toBe(300 * 2);
    expect(v.reconFrom.length).toBe(v.reconTo.length);
    expect(v.wDim).toBe(3);
    expect(v.latentError).toBeGreaterThan(0);
    expect(v.explained).toBeGreaterThan(0.5);
    expect(s.field.kind).toBe('probability');
    t.dispose();
  });
});

describe('latent projection', () => {
  it('keeps 2D points as they are and finds the plane of points lying in a 2D subspace of 5D', () => {
    const a = new Float32Array([1, 2, 3, 4]);
    expect([...projectLatents(a, new Float32Array(0), 2).a]).toEqual([1, 2, 3, 4]);
    // points on span{(1,1,0,0,0), (0,0,1,0,0)}: the projection keeps all the variance and all distances
    const rng = new Rng(3);
    const pts = new Float32Array(50 * 5);
    for (let i = 0; i < 50; i++) {
      const [u, v] = [rng.normal() * 3, rng.normal()];
      pts.set([u, u, v, 0, 0], i * 5);
    }
    const p = projectLatents(pts.subarray(0, 125), pts.subarray(125), 5);
    expect(p.explained).toBeCloseTo(1, 4);
    const all = new Float32Array([...p.a, ...p.b]);
    const d5 = (i: number, j: number) => Math.hypot(...[0, 1, 2, 3, 4].map((k) => pts[i * 5 + k] - pts[j * 5 + k]));
    const d2 = (i: number, j: number) => Math.hypot(all[2 * i] - all[2 * j], all[2 * i + 1] - all[2 * j + 1]);
    for (const [i, j] of [[0, 1], [3, 40], [10, 49]]) expect(d2(i, j)).toBeCloseTo(d5(i, j), 3);
  });
});

describe('settings', () => {
  it('marks the GAN loss settings as unused under ALAE and γ as used', () => {
    const s = settings({ model: 'alae' });
    expect(irrelevance('loss', s)).toMatch(/ALAE has its own losses/);
    expect(irrelevance('nCritic', s)).not.toBeNull();
    expect(irrelevance('gamma', s)).toBeNull();
    expect(irrelevance('wDim', s)).toBeNull();
    expect(irrelevance('wDim', settings({ model: 'gan' }))).not.toBeNull();
  });
});

// Learning, with named budgets (measured: the ALAE report's sweep). ALAE's discriminator judges
// E(x), so it matches the target loosely: W1 comes within a few times its floor, not onto it.
describe('ALAE learns', () => {
  it('on one Gaussian: within 1,000 iterations the smoothed model’s exact W1 falls from over 1 to within 4x its floor (small networks, seed 1)', async () => {
    // the smoothed model lags the trained weights by about a half-life (78 iterations at batch 128). Measured (seeds 1-3,
    // W1 / floor): smoothed at 750 iterations 2.0, 3.2, 3.0 and at 1,000 1.9, 3.3, 3.1; the trained weights at 1,000 3.2, 2.9, 4.5
    const t = new AlaeTrainer(settings({ model: 'alae', target: 'gaussian', ...ALAE_2D.settings, gLayers: 2, dLayers: 2, gWidth: 32, dWidth: 32, wDim: 2, seed: 1 }));
    const start = await t.evaluate();
    expect(start.exactW1).toBeGreaterThan(1);
    t.iterate(1000);
    const end = await t.evaluate();
    expect(end.exactW1, `W1 ${end.exactW1}, floor ${end.floor}`).toBeLessThan(4 * end.floor);
    t.dispose();
  });

  it('on the ring of 8: at 1,000 iterations the smoothed model captures at least 6 of the 8 modes with at least 25% of its samples within 3σ of a mode (ALAE 2D settings, seed 4)', async () => {
    // measured (npm run presets -- --only alae-ring8, the look at 1,000): seed 4 8/8, 59%; seeds 1-10 5-8 modes, 18-59%
    const t = new AlaeTrainer(settings({ model: 'alae', target: 'ring8', ...ALAE_2D.settings, seed: 4 }));
    expect(t.settings.alaeEma).toBe(true);
    t.iterate(1000);
    const m = (await t.evaluate()).modes!;
    expect(m.captured, `${m.captured}/8, ${(100 * m.highQuality).toFixed(1)}%`).toBeGreaterThanOrEqual(6);
    expect(m.highQuality).toBeGreaterThanOrEqual(0.25);
    t.dispose();
  }, 400_000); // 3 x 64 networks on tfjs wasm: about a minute on an idle 2-core machine, minutes on a loaded one
});

describe('the CLI', () => {
  it('--model alae trains and writes the usual JSON (settings, history with the step III loss, 2,500 samples)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'alae-cli-')), 'run.json');
    const tsx = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
    await promisify(execFile)(tsx, [join(__dirname, '..', 'cli', 'train.ts'), '--model', 'alae', '--target', 'ring8', '--iters', '20', '--seed', '1', '--out', out, '--quiet'], { timeout: 180_000 });
    const run = JSON.parse(readFileSync(out, 'utf8'));
    expect(run.settings.model).toBe('alae');
    expect(run.settings.lrD).toBe(0.002); // ALAE's settings, not the default loss's
    expect(run.samples).toHaveLength(2500);
    const last = run.history[run.history.length - 1];
    expect(last.iteration).toBe(20);
    expect(last.aeLoss).toBeGreaterThan(0);
  });
});
