// The written criterion of each preset: what "the preset shows its phenomenon" means, in
// numbers, measured on a trainer built from the preset's settings (any seed). `npm run
// presets` runs them over many seeds; tests/presets.test.ts runs them on two seeds with a
// small budget. A preset's sentence may only claim what its criterion checks.
import { meanPairwiseDistance } from './metrics/diversity';
import { MIN_JUDGED_SAMPLES, modeCoverage, topModesShare } from './metrics/modes';
import { Rng, hash32 } from './rng';
import type { TrainerBase } from './trainerBase';

export interface CriterionResult {
  pass: boolean;
  /** The measured figures, short, for a table row. */
  figures: string;
}

export interface PresetCriterion {
  /** What must hold, in words (the sentence's claim, with its numbers). */
  text: string;
  /** Generator iterations the full check trains (the budget the sentence names). */
  iterations: number;
  /** Critic steps before the first iteration (the line lesson's head start). */
  headStart?: number;
  /** Trains `trainer` (fresh, from the preset's settings) for `iterations` and judges it. */
  run(trainer: TrainerBase, iterations: number): Promise<CriterionResult>;
}

/** Trains `iterations` more in `points` equal chunks, calling `look` after each with the iterations done. */
async function window(t: TrainerBase, iterations: number, points: number, look: (iteration: number) => Promise<void>): Promise<void> {
  let done = 0;
  for (let i = 1; i <= points; i++) {
    const to = Math.round((iterations * i) / points);
    t.iterate(to - done);
    done = to;
    await look(done);
  }
}

async function modesNow(t: TrainerBase) {
  return modeCoverage(await t.generate(2500), t.target.modes!);
}

/** The digits' coverage of 2,500 generated samples by the classifier (digits covered, per-digit counts of the recognisable ones). */
async function digitsNow(t: TrainerBase) {
  if (!t.target.coverage) throw new Error('this criterion needs the digits target');
  return t.target.coverage(await t.generate(2500));
}

async function health(t: TrainerBase) {
  const s = await t.snapshot({ samples: 1000, grid: 2, arrows: 0, targetSamples: 1 });
  const hidden = s.weights.slice(0, -1); // every layer but the linear output
  const atClip = hidden.reduce((a, w) => a + w.atClip * w.count, 0) / hidden.reduce((a, w) => a + w.count, 0);
  const anyAtClip = s.weights.reduce((a, w) => a + w.atClip * w.count, 0) / s.weights.reduce((a, w) => a + w.count, 0);
  return { gradNorm: s.gradNorm, atClip, anyAtClip };
}

async function exactW1(t: TrainerBase): Promise<number> {
  return (await t.evaluate()).exactW1;
}

/** Samples whose spread is compared (300 x 299 / 2 pairs: a few milliseconds on digits). */
const DIVERSITY_SAMPLES = 300;
/** Generated samples this much less spread out than real ones are collapsed. */
const DIVERSITY_COLLAPSED = 0.75;
/** Samples this much less spread out than the ring's are bunched in one spot. */
const BUNCHED = 0.5;

const pct = (v: number) => `${Math.round(v * 100)}%`;
const sci = (v: number) => v.toExponential(1);
const theta = async (t: TrainerBase) => (await t.thetaValue())!;

export const PRESET_CRITERIA: Record<string, PresetCriterion> = {
  'alae-ring8': {
    text: 'drawn from the smoothed model, at least 7 of 8 modes captured at 1,500 and at 2,000 iterations (the last two of four looks), and at 2,000 at least 50% of the samples within 3σ of a mode and the exact W1 below 0.25',
    iterations: 2000,
    async run(t, iterations) {
      const looks: string[] = [];
      const trained: string[] = [];
      let held = 0;
      let k = 0;
      let hq = 0;
      await window(t, iterations, 4, async () => {
        const m = await modesNow(t);
        if (++k > 2 && m.captured >= 7) held++;
        hq = m.highQuality;
        looks.push(`${m.captured}/8 ${pct(m.highQuality)}`);
        // for the record, not judged: the trained weights themselves at the same look
        if (t.settings.alaeEma) {
          t.update({ alaeEma: false });
          const r = await modesNow(t);
          t.update({ alaeEma: true });
          trained.push(`${r.captured}/8 ${pct(r.highQuality)}`);
        }
      });
      const w1 = await exactW1(t);
      const raw = trained.length ? `; trained model ${trained.join(', ')}` : '';
      return { pass: held === 2 && hq >= 0.5 && w1 < 0.25, figures: `looks ${looks.join(', ')} (captured, high quality); W1 ${w1.toFixed(3)}${raw}` };
    },
  },
  'mode-collapse': {
    text: `from iteration 500 to 2,000 (16 looks), on at least 9 looks the generator has collapsed: either at least ${MIN_JUDGED_SAMPLES} of its 2,500 samples are high quality and the three fullest modes hold at least 65% of them (fair: 37.5%), or its samples bunch in one spot (their mean distance below ${BUNCHED} of the real samples')`,
    iterations: 2000,
    async run(t, iterations) {
      const realSpread = meanPairwiseDistance(t.target.sample(DIVERSITY_SAMPLES, new Rng(hash32('diversity', t.settings.seed))), t.target.dim);
      const start = Math.round(iterations / 4);
      let onFew = 0;
      let bunched = 0;
      let collapsed = 0;
      for (let k = 0; k < 16; k++) {
        t.iterate(Math.round(start + ((iterations - start) * k) / 15) - t.iteration);
        const samples = await t.generate(2500);
        const m = modeCoverage(samples, t.target.modes!);
        // the fullest modes' share of a handful of good samples says nothing: judge from 100 on
        const few = Math.round(m.highQuality * 2500) >= MIN_JUDGED_SAMPLES && topModesShare(m.perMode, 3) >= 0.65;
        const tight = meanPairwiseDistance(samples, t.target.dim, DIVERSITY_SAMPLES) < BUNCHED * realSpread;
        if (few) onFew++;
        if (tight) bunched++;
        if (few || tight) collapsed++;
      }
      return { pass: collapsed >= 9, figures: `collapsed on ${collapsed}/16 looks (top-3 modes ≥ 65% of ≥ ${MIN_JUDGED_SAMPLES} good samples on ${onFew}, bunched on ${bunched})` };
    },
  },
  'wgan-gp-covers': {
    text: 'at 4,000 iterations all 8 modes are captured and each holds at least a quarter of its fair share of the high-quality samples',
    iterations: 4000,
    async run(t, iterations) {
      t.iterate(iterations);
      const m = await modesNow(t);
      return { pass: m.captured === 8 && m.wellCovered === 8, figures: `${m.captured}/8 captured, ${m.wellCovered}/8 ≥ ¼ fair share, ${pct(m.highQuality)} high quality` };
    },
  },
  'digits-collapse': {
    text: `over 2,000 iterations (8 looks, one every 250): on at least 6 of the 8 looks the generated digits are far less varied than real ones (the mean distance between two of them below ${DIVERSITY_COLLAPSED} of that between two held-out digits), and on every look where the classifier recognises at least ${MIN_JUDGED_SAMPLES} of the 2,500 samples, at most 4 of the 10 digits hold a quarter of their fair share of them (looks with fewer are not judged)`,
    iterations: 2000,
    async run(t, iterations) {
      const dim = t.target.dim;
      const realSpread = meanPairwiseDistance(t.target.heldOut!(DIVERSITY_SAMPLES, new Rng(hash32('diversity', t.settings.seed))), dim);
      let narrow = 0;
      let judged = 0;
      let mostDigits = 0;
      const looks: string[] = [];
      await window(t, iterations, 8, async () => {
        const samples = await t.generate(2500);
        const m = t.target.coverage!(samples);
        const spread = meanPairwiseDistance(samples, dim, DIVERSITY_SAMPLES) / realSpread;
        if (spread < DIVERSITY_COLLAPSED) narrow++;
        const recognised = Math.round(m.highQuality * 2500);
        // a quarter of a fair share of a handful of samples is one sample: too few to judge
        if (recognised >= MIN_JUDGED_SAMPLES) {
          judged++;
          mostDigits = Math.max(mostDigits, m.wellCovered);
        }
        looks.push(`${spread.toFixed(2)}/${recognised >= MIN_JUDGED_SAMPLES ? m.wellCovered : '–'}`);
      });
      return {
        pass: narrow >= 6 && mostDigits <= 4,
        figures: `spread below ${DIVERSITY_COLLAPSED} of the real digits' on ${narrow}/8 looks; at most ${mostDigits}/10 digits ≥ ¼ fair share on ${judged} judged looks (spread/digits by look: ${looks.join(' ')})`,
      };
    },
  },
  'digits-wgan-gp': {
    text: 'at 1,000 and at 1,500 iterations all 10 digits are recognised among 2,500 samples and at least 9 of them hold a quarter of their fair share of the recognisable ones',
    iterations: 1500,
    async run(t, iterations) {
      const looks: string[] = [];
      let pass = true;
      for (const at of [Math.round((iterations * 2) / 3), iterations]) {
        t.iterate(at - t.iteration);
        const m = await digitsNow(t);
        pass &&= m.captured === 10 && m.wellCovered >= 9;
        looks.push(`${at}: ${m.captured}/10 recognised, ${m.wellCovered} ≥ ¼ fair share, ${pct(m.highQuality)} recognisable`);
      }
      return { pass, figures: looks.join('; ') };
    },
  },
  'wgan-gp-grid25': {
    text: 'at 10,000 iterations at least 24 of the 25 modes are captured and at least 40% of the 2,500 samples are high quality (within 3σ of a mode)',
    iterations: 10000,
    async run(t, iterations) {
      t.iterate(iterations);
      const m = await modesNow(t);
      return { pass: m.captured >= 24 && m.highQuality >= 0.4, figures: `${m.captured}/25 captured, ${m.wellCovered}/25 ≥ ¼ fair share, ${(m.highQuality * 100).toFixed(1)}% high quality` };
    },
  },
  'clip-too-small': {
    text: 'over 500 iterations: more than 75% of the weights (all but the output layer) at ±c, gradient norm below 1e-7, exact W1 moves by less than 0.02',
    iterations: 500,
    async run(t, iterations) {
      const w0 = await exactW1(t);
      let maxGrad = 0;
      let minClip = 1;
      await window(t, iterations, 5, async () => {
        const h = await health(t);
        maxGrad = Math.max(maxGrad, h.gradNorm);
        minClip = Math.min(minClip, h.atClip);
      });
      const moved = Math.abs((await exactW1(t)) - w0);
      return { pass: minClip > 0.75 && maxGrad < 1e-7 && moved < 0.02, figures: `at ±c ≥ ${pct(minClip)}, max ‖∇f‖ ${sci(maxGrad)}, W1 moved ${moved.toFixed(3)}` };
    },
  },
  'clip-paper': {
    text: 'over 2,000 iterations (10 looks): at least 40% of the weights (all but the output layer) at ±c and the gradient norm between 1e-5 and 1e-3 throughout',
    iterations: 2000,
    async run(t, iterations) {
      let minGrad = Infinity;
      let maxGrad = 0;
      let minClip = 1;
      await window(t, iterations, 10, async () => {
        const h = await health(t);
        minGrad = Math.min(minGrad, h.gradNorm);
        maxGrad = Math.max(maxGrad, h.gradNorm);
        minClip = Math.min(minClip, h.atClip);
      });
      return { pass: minClip >= 0.4 && minGrad > 1e-5 && maxGrad < 1e-3, figures: `at ±c ≥ ${pct(minClip)}, ‖∇f‖ ${sci(minGrad)}..${sci(maxGrad)}` };
    },
  },
  'clip-too-large': {
    text: 'over 2,000 iterations: fewer than 1% of the weights at ±c and the gradient norm above 10 at some point',
    iterations: 2000,
    async run(t, iterations) {
      let maxGrad = 0;
      let maxClip = 0;
      await window(t, iterations, 10, async () => {
        const h = await health(t);
        maxGrad = Math.max(maxGrad, h.gradNorm);
        maxClip = Math.max(maxClip, h.anyAtClip);
      });
      return { pass: maxClip < 0.01 && maxGrad > 10, figures: `at ±c ≤ ${(maxClip * 100).toFixed(1)}%, max ‖∇f‖ ${sci(maxGrad)}` };
    },
  },
  saturating: {
    text: 'over 200 iterations the exact W1 moves by less than 0.1',
    iterations: 200,
    async run(t, iterations) {
      const w0 = await exactW1(t);
      t.iterate(iterations);
      const moved = Math.abs((await exactW1(t)) - w0);
      return { pass: moved < 0.1, figures: `W1 ${w0.toFixed(3)} → moved ${moved.toFixed(3)}` };
    },
  },
  'non-saturating': {
    text: 'within 200 iterations the exact W1 falls below 0.2',
    iterations: 200,
    async run(t, iterations) {
      const w0 = await exactW1(t);
      t.iterate(iterations);
      const w = await exactW1(t);
      return { pass: w < 0.2, figures: `W1 ${w0.toFixed(3)} → ${w.toFixed(3)}` };
    },
  },
  'line-wgan': {
    text: 'after the 1,000-step critic head start, |θ| falls below 0.05 within 1,000 iterations',
    iterations: 1000,
    headStart: 1000,
    async run(t, iterations) {
      let reached = -1;
      await window(t, iterations, 40, async (it) => {
        if (reached < 0 && Math.abs(await theta(t)) < 0.05) reached = it;
      });
      return { pass: reached >= 0, figures: reached >= 0 ? `|θ| < 0.05 at iteration ${reached}` : `θ ${(await theta(t)).toFixed(2)} at ${iterations}` };
    },
  },
  'line-gan': {
    text: 'after the 1,000-step critic head start, θ stays within 0.15 of its start for 1,000 iterations',
    iterations: 1000,
    headStart: 1000,
    async run(t, iterations) {
      const start = await theta(t);
      let worst = 0;
      await window(t, iterations, 40, async () => {
        worst = Math.max(worst, Math.abs((await theta(t)) - start));
      });
      return { pass: worst < 0.15, figures: `max |θ − θ0| ${worst.toFixed(3)}, θ ${(await theta(t)).toFixed(2)} at ${iterations}` };
    },
  },
};

/** Runs a preset's criterion on a fresh trainer: the head start, then the check. */
export async function checkPreset(id: string, trainer: TrainerBase, iterations?: number): Promise<CriterionResult> {
  const c = PRESET_CRITERIA[id];
  if (!c) throw new Error(`preset ${id} has no criterion`);
  for (let i = 0; i < (c.headStart ?? 0); i++) trainer.criticStep();
  return c.run(trainer, iterations ?? c.iterations);
}
