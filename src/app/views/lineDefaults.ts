// Settings of the vertical-line lesson's runs.
import { presetById } from '../../engine/presets';
import type { LossId, Settings } from '../../engine/settings';

/** Per-loss settings for the lesson (SGD, so that a vanishing gradient shows as one). */
export function lineLessonSettings(loss: LossId, from: Settings): Settings {
  const wgan = presetById('line-wgan')!.settings;
  const base: Settings = { ...wgan, seed: from.seed, thetaInit: from.thetaInit, backend: from.backend, loss };
  switch (loss) {
    case 'wgan':
      return { ...base, lrD: 0.05, lrG: 0.05, clip: 0.1 };
    case 'wgan-gp':
      return { ...base, lrD: 0.01, lrG: 0.01, lambda: 10, penalty: 'two-sided' };
    default:
      return { ...base, lrD: 0.1, lrG: 0.05 };
  }
}

export function lineDefault(from: Settings | null): Settings {
  if (!from) return presetById('line-wgan')!.settings;
  return { ...from, target: 'line', generator: 'theta' };
}

