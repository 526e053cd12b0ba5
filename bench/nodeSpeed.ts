// Our time per iteration in Node, on one backend, for the reference configuration or a variant.
import { useBackend, type BackendName } from '../src/engine/backends';
import { makeTrainer } from '../src/engine/createTrainer';
import { defaultSettings, type Settings } from '../src/engine/settings';

/** The reference: WGAN-GP, 3 hidden ReLU layers of 64 in both networks, z in 2D, batch 256, n_critic 5, Adam, ring of 8. */
export function referenceSettings(width = 64, layers = 3, over: Partial<Settings> = {}): Settings {
  return {
    ...defaultSettings(),
    target: 'ring8',
    loss: 'wgan-gp',
    activation: 'relu',
    gLayers: layers,
    gWidth: width,
    dLayers: layers,
    dWidth: width,
    latentDim: 2,
    batchSize: 256,
    nCritic: 5,
    optimizer: 'adam',
    lrD: 1e-4,
    lrG: 1e-4,
    beta1: 0.5,
    beta2: 0.9,
    lambda: 0.1,
    ...over,
  };
}

/** The same networks under the non-saturating GAN: 1 critic step + 1 generator step per iteration. */
export function nonSaturatingSettings(width = 64, layers = 3): Settings {
  return referenceSettings(width, layers, { loss: 'nonsaturating', nCritic: 1, lrD: 2e-4, lrG: 2e-4 });
}

export interface Timing {
  msPerIteration: number;
  iterations: number;
}

/** Warms up, then trains for about `seconds` and returns the mean time per iteration. */
export async function timeIterations(settings: Settings, backend: BackendName, seconds: number): Promise<Timing> {
  await useBackend(backend);
  const trainer = makeTrainer(settings, backend);
  try {
    trainer.iterate(3);
    await trainer.losses();
    let n = 0;
    const start = performance.now();
    // whole iterations in small batches, with a read-back (a sync point) after each batch
    while (performance.now() - start < seconds * 1000) {
      trainer.iterate(1);
      n++;
      if (n % 5 === 0) await trainer.losses();
    }
    await trainer.losses();
    return { msPerIteration: (performance.now() - start) / n, iterations: n };
  } finally {
    trainer.dispose();
  }
}
