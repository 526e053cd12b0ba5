// The plane before the worker's first snapshot: the target's samples from the engine's own
// seeded sampler (evalTargetSamples), the very points that snapshot will carry, so the page
// shows what the run will learn while the worker still loads its code. No generated samples,
// no field and no arrows: nothing is claimed about networks that do not exist yet.
import { evalTargetSamples } from '../../engine/evalTarget';
import { LOSS_INFO } from '../../engine/lossInfo';
import type { Settings } from '../../engine/settings';
import { makeTarget } from '../../engine/targets';
import type { Points, Snapshot } from '../../engine/trainerBase';

/** Target samples per snapshot: the worker's SNAPSHOT_OPTIONS.targetSamples (a unit test keeps them equal). */
export const PREVIEW_TARGET_SAMPLES = 1000;

const previews = new WeakSet<Snapshot>();

/** True for a preview (drawn on the page), false for a snapshot the worker sent. */
export const isPreview = (s: Snapshot): boolean => previews.has(s);

/** A snapshot-shaped preview of the run's target, or null where the plane does not apply (images) or the target cannot be made here. */
export function planePreview(settings: Settings, customPoints: Points): Snapshot | null {
  if (settings.target === 'digits') return null; // an image target: no plane, and its data arrive with the worker
  let target;
  try {
    target = makeTarget(settings.target, customPoints);
  } catch {
    return null;
  }
  if (target.dim !== 2) return null;
  const samples = evalTargetSamples(target, settings.seed, PREVIEW_TARGET_SAMPLES).slice(0, PREVIEW_TARGET_SAMPLES * 2);
  const empty = new Float32Array(0);
  const preview: Snapshot = {
    criticSteps: 0,
    generatorSteps: 0,
    criticLoss: NaN,
    penalty: NaN,
    generatorLoss: NaN,
    estimate: null,
    generated: empty,
    target: samples,
    field: { n: 0, extent: target.extent, values: empty, kind: LOSS_INFO[settings.loss].output === 'logit' ? 'probability' : 'score' },
    arrows: { points: empty, gradients: empty },
    gradNorm: NaN,
    weights: [],
    theta: null,
    diverged: null,
    memory: { tensors: 0, bytes: 0 },
  };
  previews.add(preview);
  return preview;
}
