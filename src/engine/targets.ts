// The 2D target distributions. Scalings follow gan_toy.py (improved_wgan_training) so
// results compare with published ones.
import { digitsTarget } from './digits/digitsTarget';
import type { DigitsData } from './digits/asset';
import { providedDigits } from './digits/provided';
import type { ModeCoverage } from './metrics/modes';
import { Rng } from './rng';
import type { TargetId } from './settings';

/** Axis-aligned box [xmin, xmax, ymin, ymax] that frames a target on the plane. */
export type Extent = readonly [number, number, number, number];

export interface Modes {
  /** Mode centres, row-major (k x 2). */
  centres: Float32Array;
  /** Per-coordinate standard deviation around each centre (the same for all modes). */
  std: number;
}

export interface Target {
  id: TargetId;
  label: string;
  /** One line for the target picker. */
  description: string;
  extent: Extent;
  /** Present for Gaussian mixtures: drives the mode-coverage metrics. */
  modes?: Modes;
  /** Coordinates per sample: 2 on the plane, side² pixels for images. */
  dim: number;
  /** Set for image targets (digits): samples are side x side images, row by row. */
  image?: { side: number };
  /** n samples, row-major (n x dim). */
  sample(n: number, rng: Rng): Float32Array;
  /** Samples kept apart from training, for the evaluation (digits: the held-out split). */
  heldOut?(n: number, rng: Rng): Float32Array;
  /** Mode coverage of generated samples where the modes are not Gaussian centres (digits: a classifier's). */
  coverage?(samples: Float32Array): ModeCoverage;
  /** Number of modes `coverage` reports (digits: 10). */
  classes?: number;
}

const DEFAULT_EXTENT: Extent = [-2, 2, -2, 2];

function mixture(centres: number[][], std: number, scale: number): { dim: 2; modes: Modes; sample: Target['sample'] } {
  const k = centres.length;
  const flat = new Float32Array(k * 2);
  centres.forEach(([x, y], i) => {
    flat[2 * i] = x / scale;
    flat[2 * i + 1] = y / scale;
  });
  const s = std / scale;
  return {
    dim: 2,
    modes: { centres: flat, std: s },
    sample(n, rng) {
      const out = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        const c = rng.int(k);
        out[2 * i] = flat[2 * c] + s * rng.normal();
        out[2 * i + 1] = flat[2 * c + 1] + s * rng.normal();
      }
      return out;
    },
  };
}

function ring8(): Target {
  const centres = Array.from({ length: 8 }, (_, k) => [2 * Math.cos((2 * Math.PI * k) / 8), 2 * Math.sin((2 * Math.PI * k) / 8)]);
  return {
    id: 'ring8',
    label: 'Ring of 8',
    description: 'Eight Gaussians on a circle (gan_toy.py scaling): the classic mode-collapse test.',
    extent: DEFAULT_EXTENT,
    ...mixture(centres, 0.02, 1.414),
  };
}

function grid25(): Target {
  const centres: number[][] = [];
  for (let i = -2; i <= 2; i++) for (let j = -2; j <= 2; j++) centres.push([2 * i, 2 * j]);
  return {
    id: 'grid25',
    label: 'Grid of 25',
    description: 'A 5 x 5 grid of tight Gaussians (gan_toy.py scaling).',
    extent: DEFAULT_EXTENT,
    ...mixture(centres, 0.05, 2.828),
  };
}

function gaussian(): Target {
  return {
    id: 'gaussian',
    label: 'One Gaussian',
    description: 'A single 2D normal distribution, N((1, 1), 0.25² I).',
    extent: DEFAULT_EXTENT,
    ...mixture([[1, 1]], 0.25, 1),
  };
}

function twoGaussians(): Target {
  return {
    id: 'two-gaussians',
    label: 'Two Gaussians',
    description: 'Two 2D normal distributions of equal weight at (−1, 0) and (1, 0), std 0.2.',
    extent: DEFAULT_EXTENT,
    ...mixture(
      [
        [-1, 0],
        [1, 0],
      ],
      0.2,
      1,
    ),
  };
}

function swissroll(): Target {
  return {
    id: 'swissroll',
    label: 'Swiss roll',
    description: 'A 2D swiss roll, t = 1.5π(1 + 2u), (t cos t, t sin t) + noise, scaled by 1/7.5.',
    extent: DEFAULT_EXTENT,
    dim: 2,
    sample(n, rng) {
      const out = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        const t = 1.5 * Math.PI * (1 + 2 * rng.uniform());
        out[2 * i] = (t * Math.cos(t) + 0.25 * rng.normal()) / 7.5;
        out[2 * i + 1] = (t * Math.sin(t) + 0.25 * rng.normal()) / 7.5;
      }
      return out;
    },
  };
}

function line(): Target {
  return {
    id: 'line',
    label: 'Vertical line',
    description: 'P0 = (0, Z), Z ~ U[0, 1]: the example that motivates WGAN.',
    extent: [-1.5, 1.5, -0.75, 1.75],
    dim: 2,
    sample(n, rng) {
      const out = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) out[2 * i + 1] = rng.uniform();
      return out;
    },
  };
}

/** Jitter added to a user's points so that the target is a distribution, not a point set. */
export const CUSTOM_JITTER = 0.02;

function custom(points: ReadonlyArray<readonly [number, number]>): Target {
  if (points.length === 0) throw new Error('the custom target needs at least one point');
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const pad = 0.25;
  const extent: Extent = [
    Math.min(-2, Math.min(...xs) - pad),
    Math.max(2, Math.max(...xs) + pad),
    Math.min(-2, Math.min(...ys) - pad),
    Math.max(2, Math.max(...ys) + pad),
  ];
  return {
    id: 'custom',
    label: 'Your own points',
    description: `${points.length} points of your own, jittered by N(0, ${CUSTOM_JITTER}²).`,
    extent,
    dim: 2,
    sample(n, rng) {
      const out = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        const p = points[rng.int(points.length)];
        out[2 * i] = p[0] + CUSTOM_JITTER * rng.normal();
        out[2 * i + 1] = p[1] + CUSTOM_JITTER * rng.normal();
      }
      return out;
    },
  };
}

/** A small default drawing so that the custom target works before the user draws. */
export const DEFAULT_CUSTOM_POINTS: ReadonlyArray<readonly [number, number]> = [
  [-1, -1],
  [-0.5, -0.5],
  [0, 0],
  [0.5, 0.5],
  [1, 1],
  [-1, 1],
  [1, -1],
];

/** The target `id`; digits need their loaded asset (without it: a target that describes itself but cannot sample). */
export function makeTarget(id: TargetId, customPoints?: ReadonlyArray<readonly [number, number]>, digits?: DigitsData): Target {
  switch (id) {
    case 'digits':
      return digitsTarget(digits ?? providedDigits());
    case 'gaussian':
      return gaussian();
    case 'two-gaussians':
      return twoGaussians();
    case 'ring8':
      return ring8();
    case 'grid25':
      return grid25();
    case 'swissroll':
      return swissroll();
    case 'line':
      return line();
    case 'custom':
      return custom(customPoints && customPoints.length > 0 ? customPoints : DEFAULT_CUSTOM_POINTS);
  }
}
