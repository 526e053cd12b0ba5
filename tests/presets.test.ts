// Every preset shows its phenomenon on two seeds (presetCases.ts); the grid of 25, the
// slowest, runs in presetsGrid.test.ts beside this file.
import { describe, expect, it } from 'vitest';
import { PRESET_CRITERIA } from '../src/engine/presetCriteria';
import { PRESETS } from '../src/engine/presets';
import { SEEDS, presetSeedTests, setUpPresetTests, trainerFor } from './presetCases';

setUpPresetTests();

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

  for (const p of PRESETS) if (p.id !== 'wgan-gp-grid25') presetSeedTests(p.id);
});
