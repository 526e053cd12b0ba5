// Which measurements of the backends apply to a run: its networks' shapes, batch and loss
// kind. Apart from autoBackend.ts so that the page can key its cache without loading tfjs.
import type { Settings } from './settings';

/**
 * What the ranking of backends depends on: the networks' shapes, the batch, normalisation,
 * and whether a step carries the penalty's double backward. Measurements are cached (by the
 * page, per device) and reused under this key; learning rates and the like do not enter.
 */
export function measurementKey(s: Settings): string {
  const g = s.generator === 'theta' ? 'theta' : `${s.gLayers}x${s.gWidth}${s.gBatchNorm ? 'bn' : ''}`;
  return `g${g}-d${s.dLayers}x${s.dWidth}${s.dLayerNorm ? 'ln' : ''}-b${s.batchSize}-z${s.latentDim}-${s.loss === 'wgan-gp' ? 'gp' : 'plain'}`;
}
