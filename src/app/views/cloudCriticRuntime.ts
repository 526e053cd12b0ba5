// What the two-cloud lesson loads on demand: tfjs on the page's main thread (a chunk shared
// with the main-thread training fallback) and the engine's critic for the two clouds.
import '../../platform/browser';
import { useBackend } from '../../engine/backends';

export { CloudCritic } from '../../engine/cloudCritic';

/** A tfjs backend for the lesson's critic: wasm where it starts, else the plain JS one. */
export async function readyBackend(): Promise<string> {
  for (const name of ['wasm', 'cpu'] as const) {
    try {
      await useBackend(name);
      return name;
    } catch {
      // try the next
    }
  }
  throw new Error('no tfjs backend could start on this page');
}
