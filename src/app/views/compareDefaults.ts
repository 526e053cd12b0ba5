// The default pair of runs of the side-by-side view.
import { LOSS_INFO } from '../../engine/lossInfo';
import { presetById } from '../../engine/presets';
import type { Settings } from '../../engine/settings';

/** The default pair: given settings (or the mode-collapse preset) and the other family of loss. */
export function compareDefault(from: Settings | null): [Settings, Settings] {
  const a = from ?? presetById('mode-collapse')!.settings;
  const isGan = LOSS_INFO[a.loss].output === 'logit';
  const b: Settings = isGan
    ? { ...a, loss: 'wgan-gp', optimizer: 'adam', lrD: 5e-4, lrG: 5e-4, beta1: 0.5, beta2: 0.9, lambda: 1, nCritic: 5 }
    : { ...a, ...LOSS_INFO.nonsaturating.defaults, loss: 'nonsaturating' };
  return [a, b];
}

