// What one iteration costs under some settings, estimated before they are applied, so that
// the page can say so beside a control (a width of 1024 x 8 layers at batch 4096 takes
// seconds per iteration on a CPU). Work is counted in multiply-adds; the rate comes from the
// run in progress when there is one, else from the fused kernels' bench figure.
import { DIGIT_PIXELS } from './digits/digitsTarget';
import type { Settings } from './settings';

/** Multiply-adds of one forward pass of an MLP, per sample. */
function mlpWork(inDim: number, width: number, layers: number, outDim: number): number {
  if (layers <= 0) return inDim * outDim;
  return inDim * width + (layers - 1) * width * width + width * outDim;
}

/**
 * Multiply-adds of one iteration: n_critic critic steps (generate the fakes; forward and
 * backward of the critic on reals and fakes, about 3 passes each; the gradient penalty's
 * double backward about 4 more on the interpolates) and one generator step (forward and
 * backward through both networks).
 */
export function iterationWork(s: Settings): number {
  // points of the plane, or the digits' pixels (14 x 14)
  const dim = s.target === 'digits' ? DIGIT_PIXELS : 2;
  const g = s.generator === 'theta' ? 2 : mlpWork(s.latentDim, s.gWidth, s.gLayers, dim);
  const d = mlpWork(dim, s.dWidth, s.dLayers, 1);
  const penalty = s.loss === 'wgan-gp' || (s as { ganPenalty?: string }).ganPenalty === 'r1' || (s as { ganPenalty?: string }).ganPenalty === 'r2' ? 4 : 0;
  const critic = s.batchSize * (g + d * (6 + penalty));
  const generator = s.batchSize * 3 * (g + d);
  return s.nCritic * critic + generator;
}

/**
 * Multiply-adds per millisecond when nothing better is known: the fused kernels' WGAN-GP
 * 3 x 512, batch 256, n_critic 5 at about 500 ms an iteration (README, Speed).
 */
const DEFAULT_WORK_PER_MS = (() => {
  const ref = { latentDim: 2, gWidth: 512, gLayers: 3, dWidth: 512, dLayers: 3, batchSize: 256, nCritic: 5, loss: 'wgan-gp', generator: 'mlp' } as unknown as Settings;
  return iterationWork(ref) / 500;
})();

/** A measured rate: `settings` ran at `msPerIteration`. */
export interface CostCalibration {
  settings: Settings;
  msPerIteration: number;
}

/** Estimated milliseconds per iteration under `s`, scaled from a measured run where there is one. */
export function estimateIterationMs(s: Settings, measured?: CostCalibration | null): number {
  const perMs = measured && measured.msPerIteration > 0 ? iterationWork(measured.settings) / measured.msPerIteration : DEFAULT_WORK_PER_MS;
  return iterationWork(s) / perMs;
}

/** An iteration past this is worth a word beside the control (the counter then moves by critic steps). */
export const COSTLY_ITERATION_MS = 1000;

/** The settings that change what an iteration costs. */
export const COST_KEYS = ['dWidth', 'dLayers', 'gWidth', 'gLayers', 'batchSize', 'nCritic', 'latentDim', 'loss', 'target'] as const;

/** The sentence shown beside a control, or null when the estimate is under a second. */
export function costWarning(ms: number): string | null {
  if (ms < COSTLY_ITERATION_MS) return null;
  const text = ms < 60_000 ? `${(ms / 1000).toPrecision(2)} s` : `${(ms / 60_000).toPrecision(2)} min`;
  return `About ${text} per iteration at this value on this machine: the counter moves by critic steps; Pause stops a step in flight, and Play redoes it.`;
}
