// What this browser context can train with. WebGL counts only if a WebGL2 context can be
// created here (in a worker that means OffscreenCanvas).
import type { BackendName } from '../engine/backends';

export function webglAvailable(): boolean {
  try {
    if (typeof OffscreenCanvas !== 'undefined') {
      return !!new OffscreenCanvas(1, 1).getContext('webgl2');
    }
    if (typeof document !== 'undefined') {
      return !!document.createElement('canvas').getContext('webgl2');
    }
  } catch {
    /* no WebGL */
  }
  return false;
}

/** Candidates for 'auto', in the order they are measured. tfjs's CPU backend is the last resort. */
export function browserCandidates(): BackendName[] {
  return webglAvailable() ? ['fused', 'wasm', 'webgl'] : ['fused', 'wasm'];
}
