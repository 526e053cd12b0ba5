// Presets that reproduce a phenomenon every time (fixed seed), each with one line saying
// what to watch. The settings were found by running them (see the issue notes); the
// expectations in tests/presets.test.ts hold them to the phenomenon.
import { LOSS_INFO } from './lossInfo';
import { defaultSettings, type Settings } from './settings';

export interface Preset {
  id: string;
  title: string;
  /** One line: what the preset shows and what to watch. */
  explanation: string;
  /** The view it opens in. */
  view: 'playground' | 'line';
  settings: Settings;
}

const base = (over: Partial<Settings>): Settings => ({ ...defaultSettings(), ...(over.loss ? LOSS_INFO[over.loss].defaults : {}), ...over });

const RING = { target: 'ring8', seed: 1 } as const;
const GAN_3x128 = { gLayers: 3, gWidth: 128, dLayers: 3, dWidth: 128, optimizer: 'adam', lrD: 1e-3, lrG: 1e-3, beta1: 0.5, beta2: 0.999, batchSize: 256, nCritic: 1 } as const;

export const PRESETS: Preset[] = [
  {
    id: 'mode-collapse',
    title: 'Mode collapse: a standard GAN on the ring of 8',
    explanation:
      'The non-saturating GAN piles its samples onto two or three neighbouring modes and all but abandons the others, hopping between them: watch where the crosses are.',
    view: 'playground',
    settings: base({ ...RING, loss: 'nonsaturating', ...GAN_3x128 }),
  },
  {
    id: 'wgan-gp-covers',
    title: 'WGAN-GP covers all eight modes',
    explanation: 'Same target and seed: the gradient penalty keeps the critic’s gradients useful everywhere, and all eight modes fill within a few hundred iterations.',
    view: 'playground',
    settings: base({ ...RING, loss: 'wgan-gp', optimizer: 'adam', lrD: 5e-4, lrG: 5e-4, beta1: 0.5, beta2: 0.9, lambda: 1, batchSize: 256, nCritic: 5 }),
  },
  {
    id: 'clip-too-small',
    title: 'Weight clipping too tight (c = 0.001)',
    explanation:
      'Almost every critic weight sits at ±c (critic health), the critic’s gradient vanishes to about 1e-8, and the generator does not move.',
    view: 'playground',
    settings: base({ ...RING, loss: 'wgan', clip: 0.001 }),
  },
  {
    id: 'clip-paper',
    title: 'Weight clipping as in the paper (c = 0.01)',
    explanation: 'Most weights still pile up at ±c and the critic’s gradients are small (about 3e-4): the generator learns, but slowly.',
    view: 'playground',
    settings: base({ ...RING, loss: 'wgan', clip: 0.01 }),
  },
  {
    id: 'clip-too-large',
    title: 'Weight clipping too loose (c = 1)',
    explanation:
      'Nothing constrains the critic: no weight reaches ±c, its gradient norm grows by orders of magnitude, and the W1 estimate and the generator swing wildly.',
    view: 'playground',
    settings: base({ ...RING, loss: 'wgan', clip: 1 }),
  },
  {
    id: 'saturating',
    title: 'The saturating generator’s vanishing gradient',
    explanation:
      'D learns fast and becomes confident; log(1 − D(G(z))) is then flat and the minimax generator stays put (SGD shows the raw gradient). Switch the loss to non-saturating to watch it converge.',
    view: 'playground',
    settings: base({ target: 'gaussian', seed: 1, loss: 'minimax', optimizer: 'sgd', lrD: 0.2, lrG: 0.02, nCritic: 20, batchSize: 128 }),
  },
  {
    id: 'non-saturating',
    title: 'The non-saturating fix',
    explanation: 'The same discriminator and learning rates, with J_G = −E[log D(G(z))]: strong gradients while D is confident, and the Gaussian is matched within about 100 iterations.',
    view: 'playground',
    settings: base({ target: 'gaussian', seed: 1, loss: 'nonsaturating', optimizer: 'sgd', lrD: 0.2, lrG: 0.02, nCritic: 20, batchSize: 128 }),
  },
  {
    id: 'line-wgan',
    title: 'Vertical line: WGAN moves θ to 0',
    explanation: 'The critic’s slope gives g_θ a useful gradient wherever θ is: θ walks to 0, as W1 = |θ| says it should.',
    view: 'line',
    settings: base({ target: 'line', generator: 'theta', thetaInit: 1, seed: 1, loss: 'wgan', optimizer: 'sgd', lrD: 0.05, lrG: 0.05, clip: 0.1, nCritic: 5, dLayers: 2, dWidth: 32, batchSize: 64 }),
  },
  {
    id: 'line-gan',
    title: 'Vertical line: the minimax GAN stalls',
    explanation: 'JS is log 2 for every θ ≠ 0: once D separates the two lines the generator’s gradient vanishes and θ barely moves.',
    view: 'line',
    settings: base({ target: 'line', generator: 'theta', thetaInit: 1, seed: 1, loss: 'minimax', optimizer: 'sgd', lrD: 0.1, lrG: 0.05, nCritic: 5, dLayers: 2, dWidth: 32, batchSize: 64 }),
  },
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
