// Every preset shows its phenomenon: its written criterion (presetCriteria.ts) passes on two
// seeds. `npm run presets -- --seeds 1-10` measures the pass rate over ten seeds; the
// seeds here are two of those, so a change that removes the phenomenon fails this test.
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../src/engine/backends';
import { PRESET_CRITERIA, checkPreset } from '../src/engine/presetCriteria';
import { PRESETS, presetById } from '../src/engine/presets';
import { effectiveBackend, makeTrainer } from '../src/engine/createTrainer';
import type { Settings } from '../src/engine/settings';

/** The fused kernels where they apply, tfjs wasm for the others (ALAE). */
async function trainerFor(settings: Settings) {
  const backend = effectiveBackend('fused', settings);
  if (backend !== 'fused') await useBackend(backend);
  return makeTrainer(settings, backend);
}

beforeAll(async () => {
  await useBackend('fused');
});

/** Two seeds per preset (from seeds 1-10, where the criterion holds with some margin). */
const SEEDS: Record<string, [number, number]> = {
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
};

/** A smaller budget where the full one is slow (WGAN-GP: 5 critic steps with the penalty per iteration). */
const TEST_ITERATIONS: Record<string, number> = {
  'wgan-gp-covers': 1500, // on seeds 1-2 the emptiest mode holds a third of its fair share by then (the criterion asks a quarter)
};

describe('presets', () => {
  it('all have a title, a one-line explanation, valid settings and a written criterion', async () => {
    for (const p of PRESETS) {
      expect(p.explanation.length).toBeGreaterThan(40);
      expect(p.explanation).not.toMatch(/\n/);
      await expect(trainerFor(p.settings).then((t) => t.dispose())).resolves.toBeUndefined();
      expect(PRESET_CRITERIA[p.id], p.id).toBeDefined();
      expect(SEEDS[p.id], p.id).toBeDefined();
    }
  });

  for (const p of PRESETS) {
    for (const seed of SEEDS[p.id] ?? []) {
      it(`${p.id}, seed ${seed}: ${PRESET_CRITERIA[p.id]?.text}`, async () => {
        const t = await trainerFor({ ...presetById(p.id)!.settings, seed });
        const r = await checkPreset(p.id, t, TEST_ITERATIONS[p.id]);
        t.dispose();
        expect(r.pass, r.figures).toBe(true);
      }, 600_000); // ALAE on tfjs wasm: about 5 minutes a seed on a loaded 2-core machine
    }
  }
});
