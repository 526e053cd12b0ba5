// Settings of the vertical-line lesson's runs, and what each loss does there.
import { PRESETS, presetById } from '../../engine/presets';
import type { LossId, Settings } from '../../engine/settings';

/** Per-loss settings for the lesson (SGD, so that a vanishing gradient shows as one). */
export function lineLessonSettings(loss: LossId, from: Settings): Settings {
  // a loss with a line preset of its own (line-gan, line-wgan) runs from that preset's settings,
  // so that pressing Run as the preset says leaves it unmodified
  const own = PRESETS.find((p) => p.view === 'line' && p.settings.loss === loss) ?? presetById('line-wgan')!;
  const base: Settings = { ...own.settings, seed: from.seed, thetaInit: from.thetaInit, backend: from.backend, loss };
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


/**
 * What each loss does on the vertical line with the lesson's settings and a 1,000-step critic
 * head start, as measured on seeds 1-5 over 2,000 iterations (tests/lineLesson.test.ts checks
 * the claims on two seeds). One sentence per loss: the lesson shows it beside the live θ.
 */
export const LINE_BEHAVIOUR: Record<LossId, string> = {
  minimax:
    'The minimax generator stalls: D separates the two lines, JS is log 2 for every θ ≠ 0, log(1 − D(G(z))) is flat, and θ creeps only from 1 to about 0.92 in 2,000 iterations.',
  nonsaturating:
    'The non-saturating generator keeps a strong gradient while D is confident, so θ moves, but D’s boundary flips with it: on 4 of seeds 1-5 θ overshoots 0 and keeps swinging (up to |θ| ≈ 3-4) instead of settling, since JS gives it no distance to settle on.',
  wgan: 'The clipped critic’s slope gives g_θ a useful gradient wherever θ is: θ reaches 0 and stays within 0.05 of it from about iteration 250 on, as W1 = |θ| says it should.',
  'wgan-gp': 'The penalty keeps the critic’s slope near 1, the slope of W1 = |θ|: θ crosses 0 within about 100 iterations, overshoots a little, and stays within 0.05 of it from about iteration 300 on.',
  hinge:
    'The hinge critic pushes θ to 0 fast (within about 150 iterations), but it stops pushing once samples pass its margin: on 3 of seeds 1-5 θ swings away again (up to |θ| ≈ 1.7) and back.',
  lsgan: 'The least-squares critic’s output keeps growing with the distance from the real line, so its gradient does not vanish: θ reaches 0 within about 50 iterations and stays within 0.05 of it.',
};
