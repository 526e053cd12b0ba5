// What the preset tests share (presets.test.ts, presetsGrid.test.ts): every preset shows its
// phenomenon, its written criterion (presetCriteria.ts) passing on two seeds. `npm run presets
// -- --seeds 1-10` measures the pass rate over ten seeds; the seeds here are two of those, so
// a change that removes the phenomenon fails the test. Split in two files so that the slowest
// (the grid of 25) runs beside the others.
import { beforeAll, expect, it } from 'vitest';
import { useBackend } from '../src/engine/backends';
import { PRESET_CRITERIA, checkPreset } from '../src/engine/presetCriteria';
import { modeCoverage } from '../src/engine/metrics/modes';
import { presetById } from '../src/engine/presets';
import { effectiveBackend, makeTrainer } from '../src/engine/createTrainer';
import type { Settings } from '../src/engine/settings';
import type { TrainerBase } from '../src/engine/trainerBase';
import { provideDigitsNode } from '../src/platform/digitsNode';

/** The fused kernels where they apply, tfjs wasm for the others (ALAE). */
export async function trainerFor(settings: Settings) {
  const backend = effectiveBackend('fused', settings);
  if (backend !== 'fused') await useBackend(backend);
  return makeTrainer(settings, backend);
}

export function setUpPresetTests(): void {
  beforeAll(async () => {
    await useBackend('fused');
    provideDigitsNode(); // the digits presets sample from the asset
  });
}

/** Two seeds per preset (from seeds 1-10, where the criterion holds with some margin). */
export const SEEDS: Record<string, [number, number]> = {
  'mode-collapse': [1, 2],
  'wgan-gp-covers': [1, 2],
  'clip-too-small': [1, 3],
  'clip-paper': [1, 3],
  'clip-too-large': [1, 2],
  saturating: [1, 2],
  'non-saturating': [1, 2],
  'line-wgan': [1, 2],
  'line-gan': [1, 2],
  'alae-ring8': [1, 2],
  'digits-collapse': [2, 8],
  'digits-wgan-gp': [2, 5],
  'wgan-gp-grid25': [1, 2],
};

/**
 * A smaller budget where the full one is too slow for a unit test. None at present: WGAN-GP's
 * 2D settings take one critic step per iteration, so wgan-gp-covers' 4,000 take about 8 s a seed.
 */
const TEST_ITERATIONS: Record<string, number> = {};

/**
 * Where even a smaller budget of the criterion is too slow for a unit test (WGAN-GP on the
 * digits: 1,500 iterations, about a minute a seed here), a shorter check that still separates
 * the phenomenon: the collapsing GAN recognises at most 1 digit at 500 iterations on seeds 1-10.
 */
const QUICK: Record<string, { text: string; run(t: TrainerBase): Promise<{ pass: boolean; figures: string }> }> = {
  'alae-ring8': {
    // ALAE trains on tfjs wasm (2,000 iterations: 1-2.5 minutes a seed here); the smoothed model at 1,000 iterations
    // (npm run presets -- --only alae-ring8, second look): seeds 1 and 2 8/8, 40% and 41%; over seeds 1-10 5-8 modes
    // (8 on 8 seeds), 18-59%
    text: 'drawn from the smoothed model, at 1,000 iterations at least 7 of 8 modes are captured and at least 25% of the samples lie within 3σ of a mode',
    async run(t) {
      t.iterate(1000);
      const m = modeCoverage(await t.generate(2500), t.target.modes!);
      return { pass: m.captured >= 7 && m.highQuality >= 0.25, figures: `${m.captured}/8 captured, ${(m.highQuality * 100).toFixed(1)}% high quality` };
    },
  },
  'wgan-gp-grid25': {
    // 10,000 iterations at batch 512 take minutes a seed here; measured at 6,000 on seeds 1-10: 25 of 25 modes on all ten,
    // 23.2-48.7% high quality (seeds 1 and 2: 34.3% and 48.7%)
    text: 'at 6,000 iterations at least 24 of 25 modes are captured and at least 20% of the samples are high quality',
    async run(t) {
      t.iterate(6000);
      const m = modeCoverage(await t.generate(2500), t.target.modes!);
      return { pass: m.captured >= 24 && m.highQuality >= 0.2, figures: `${m.captured}/25 captured, ${(m.highQuality * 100).toFixed(1)}% high quality` };
    },
  },
  'digits-wgan-gp': {
    // measured at 500 iterations on seeds 1-10: 8-10 of 10 recognised, 7-8 with a quarter of their fair share
    text: 'at 500 iterations at least 8 of 10 digits are recognised and at least 6 hold a quarter of their fair share',
    async run(t) {
      t.iterate(500);
      const m = t.target.coverage!(await t.generate(2500));
      return { pass: m.captured >= 8 && m.wellCovered >= 6, figures: `${m.captured}/10 recognised, ${m.wellCovered} ≥ ¼ fair share` };
    },
  },
};

/** The criterion (or its quick check) on the preset's two seeds. */
export function presetSeedTests(id: string): void {
  for (const seed of SEEDS[id] ?? []) {
    it(`${id}, seed ${seed}: ${QUICK[id]?.text ?? PRESET_CRITERIA[id]?.text}`, async () => {
      const t = await trainerFor({ ...presetById(id)!.settings, seed });
      const r = QUICK[id] ? await QUICK[id].run(t) : await checkPreset(id, t, TEST_ITERATIONS[id]);
      t.dispose();
      expect(r.pass, r.figures).toBe(true);
    }, 600_000); // ALAE on tfjs wasm: about 5 minutes a seed on a loaded 2-core machine
  }
}
