// The side-by-side view's pairs of presets, and its default pair. Each pair contrasts two
// presets whose written criteria (presetCriteria.ts) hold on at least 9 of seeds 1-10, so
// the contrast shows on most seeds, not only on the preset's own.
import { presetById, type Preset } from '../../engine/presets';
import type { Settings } from '../../engine/settings';

export interface ComparePair {
  id: string;
  label: string;
  left: string;
  right: string;
}

export const COMPARE_PAIRS: ComparePair[] = [
  { id: 'collapse', label: 'Mode collapse: the GAN against WGAN-GP (ring of 8)', left: 'mode-collapse', right: 'wgan-gp-covers' },
  { id: 'saturating', label: 'The saturating generator against the non-saturating one', left: 'saturating', right: 'non-saturating' },
  { id: 'clip-small', label: 'Weight clipping: c = 0.001 against the paper’s c = 0.01', left: 'clip-too-small', right: 'clip-paper' },
  { id: 'clip-large', label: 'Weight clipping: c = 1 against the paper’s c = 0.01', left: 'clip-too-large', right: 'clip-paper' },
];

export const DEFAULT_PAIR = 'collapse';

/** The two presets of a pair, on `seed` (both runs share target and seed). */
export function pairPresets(id: string, seed?: number): [Preset, Preset] {
  const pair = COMPARE_PAIRS.find((p) => p.id === id) ?? COMPARE_PAIRS[0];
  const withSeed = (p: Preset): Preset => (seed === undefined ? p : { ...p, settings: { ...p.settings, seed } });
  return [withSeed(presetById(pair.left)!), withSeed(presetById(pair.right)!)];
}

/**
 * The default pair: the collapsing GAN against WGAN-GP on the ring of 8, the lecture's point
 * (on the playground's seed when there is one).
 */
export function compareDefault(from: Settings | null): [Settings, Settings] {
  const [a, b] = pairPresets(DEFAULT_PAIR, from?.seed);
  return [a.settings, b.settings];
}
