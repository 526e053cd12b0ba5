// Okabe-Ito colours (safe for the common colour-vision deficiencies); real and generated
// samples also differ by marker symbol, curves also by dash pattern.
export const COLORS = {
  real: '#0072B2',
  generated: '#D55E00',
  arrows: '#1f2937',
  dLoss: '#0072B2',
  gLoss: '#D55E00',
  penalty: '#009E73',
  estimate: '#CC79A7',
  exact: '#000000',
  floor: '#7f7f7f',
  modes: '#009E73',
  hq: '#E69F00',
  gradNorm: '#56B4E9',
  /** ALAE: reconstruction lines x -> G(E(x)) and the latent reconstruction error. */
  reconstruction: '#CC79A7',
  layers: ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#000000'],
  dashes: ['solid', 'dash', 'dot', 'dashdot', 'longdash', 'longdashdot', 'solid', 'dash'],
} as const;

export const SYMBOLS = { real: 'circle', generated: 'x' } as const;

/** P(real): generated-looking regions tinted like generated samples, real-looking like real ones. */
export const PROBABILITY_SCALE: Array<[number, string]> = [
  [0, '#f4a582'],
  [0.5, '#f7f7f7'],
  [1, '#92c5de'],
];
