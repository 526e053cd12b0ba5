// The loaded preset's claim, while the playground still runs the preset's settings (any
// seed): "Try 5 seeds" trains each seed for the budget the claim names and shows the claim,
// so a student checks the sentence on other seeds at its own budget (presetCriteria.ts).
import { PRESET_CRITERIA } from '../engine/presetCriteria';
import { changedKeys, type Settings } from '../engine/settings';

export interface PresetClaim {
  title: string;
  /** Generator iterations the claim is about. */
  iterations: number;
  /** The claim, in numbers (the criterion `npm run presets` checks). */
  text: string;
}

export function presetClaim(preset: { id: string; title: string; settings: Settings } | null, settings: Settings): PresetClaim | null {
  if (!preset) return null;
  const criterion = PRESET_CRITERIA[preset.id];
  // the line lessons' claims start after a critic head start that the seeds do not take
  if (!criterion || criterion.headStart) return null;
  // another seed or backend is the same claim; any other change is no longer the preset
  if (changedKeys(preset.settings, settings).some((k) => k !== 'seed' && k !== 'backend')) return null;
  return { title: preset.title, iterations: criterion.iterations, text: criterion.text };
}

/** The budgets to choose from: the standard ones and the claim's own. */
export function budgetOptions(standard: readonly number[], claim: PresetClaim | null): number[] {
  return [...new Set([...standard, ...(claim ? [claim.iterations] : [])])].sort((a, b) => a - b);
}
