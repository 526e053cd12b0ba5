// The fixed target samples a run evaluates against and shows on the plane. One function, so
// that the page can draw the very samples the worker's first snapshot will carry before the
// worker has even loaded (src/app/charts/planePreview.ts).
import { Rng } from './rng';
import type { Target } from './targets';

/** Samples scored for mode coverage; the fixed evaluation set is at least this large. */
export const MODE_SAMPLES = 2500;

/** The run's fixed evaluation samples (held-out ones where the target keeps some apart, so W1 measures generalisation). */
export function evalTargetSamples(target: Target, seed: number, n: number): Float32Array {
  const draw = target.heldOut ?? target.sample;
  return draw(Math.max(n, MODE_SAMPLES), Rng.stream(seed, 'eval-target'));
}
