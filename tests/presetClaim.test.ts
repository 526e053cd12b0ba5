// "Try 5 seeds" under a preset: the budget its claim names, while the settings are the preset's.
import { describe, expect, it } from 'vitest';
import { budgetOptions, presetClaim } from '../src/app/presetClaim';
import { PRESET_CRITERIA } from '../src/engine/presetCriteria';
import { PRESETS } from '../src/engine/presets';

const byId = (id: string) => {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(id);
  return { id: p.id, title: p.title, settings: { ...p.settings } };
};

describe('presetClaim', () => {
  it('is the criterion’s budget and sentence while the settings are the preset’s, on any seed or backend', () => {
    const p = byId('wgan-gp-grid25');
    const claim = presetClaim(p, p.settings);
    expect(claim).toEqual({ title: p.title, iterations: 10000, text: PRESET_CRITERIA['wgan-gp-grid25'].text });
    expect(presetClaim(p, { ...p.settings, seed: p.settings.seed + 7 })?.iterations).toBe(10000);
    expect(presetClaim(p, { ...p.settings, backend: 'wasm' })?.iterations).toBe(10000);
  });

  it('is gone once another setting changes, without a preset, and for the line lessons (their head start)', () => {
    const p = byId('mode-collapse');
    expect(presetClaim(p, p.settings)?.iterations).toBe(2000);
    expect(presetClaim(p, { ...p.settings, lrD: p.settings.lrD * 2 })).toBeNull();
    expect(presetClaim(null, p.settings)).toBeNull();
    const line = byId('line-wgan');
    expect(presetClaim(line, line.settings)).toBeNull();
    expect(presetClaim({ ...p, id: 'no-such-preset' }, p.settings)).toBeNull();
  });

  it('every preset the seeds can run has a claim with a budget', () => {
    for (const p of PRESETS) {
      const claim = presetClaim(byId(p.id), p.settings);
      if (PRESET_CRITERIA[p.id]?.headStart) expect(claim).toBeNull();
      else expect(claim?.iterations, p.id).toBeGreaterThan(0);
    }
  });

  it('adds the claim’s budget to the standard ones, in order, once', () => {
    const std = [250, 500, 1000, 2000, 5000];
    expect(budgetOptions(std, null)).toEqual(std);
    expect(budgetOptions(std, { title: 't', iterations: 1500, text: '' })).toEqual([250, 500, 1000, 1500, 2000, 5000]);
    expect(budgetOptions(std, { title: 't', iterations: 2000, text: '' })).toEqual(std);
    expect(budgetOptions(std, { title: 't', iterations: 10000, text: '' })).toEqual([...std, 10000]);
  });
});
