// Side by side opens the lecture's contrast: the collapsing GAN against WGAN-GP on the same
// target and seed, and every offered pair is two presets with written criteria.
import { describe, expect, it } from 'vitest';
import { COMPARE_PAIRS, compareDefault, pairPresets } from '../src/app/views/compareDefaults';
import { PRESET_CRITERIA } from '../src/engine/presetCriteria';
import { presetById } from '../src/engine/presets';
import { defaultSettings } from '../src/engine/settings';

describe('side-by-side pairs', () => {
  it('defaults to the mode-collapse preset against WGAN-GP, whatever the playground ran', () => {
    const [a, b] = compareDefault({ ...defaultSettings(), loss: 'wgan-gp', seed: 7 });
    expect(a).toEqual({ ...presetById('mode-collapse')!.settings, seed: 7 });
    expect(b).toEqual({ ...presetById('wgan-gp-covers')!.settings, seed: 7 });
    expect(compareDefault(null)[0]).toEqual(presetById('mode-collapse')!.settings);
  });
  it('offers pairs of presets on one target, each with a criterion', () => {
    for (const p of COMPARE_PAIRS) {
      const [l, r] = pairPresets(p.id, 3);
      expect(l.settings.target, p.id).toBe(r.settings.target);
      expect([l.settings.seed, r.settings.seed]).toEqual([3, 3]);
      expect(PRESET_CRITERIA[l.id] && PRESET_CRITERIA[r.id], p.id).toBeTruthy();
      expect(l.id).not.toBe(r.id);
    }
  });
});
