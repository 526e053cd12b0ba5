// What this browser context can train with. WebGL counts only if a WebGL2 context can be
// created here (in a worker that means OffscreenCanvas), and only if a GPU draws it: a
// software renderer (SwiftShader, llvmpipe) is never faster than the CPU kernels (about
// 230-260 ms an iteration against 9-10 for the fused kernels on this project's test machine),
// and measuring it costs seconds of CPU that the page needs.
import type { BackendName } from '../engine/backends';

/** Renderer names of software WebGL implementations. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

function webgl2(): WebGL2RenderingContext | null {
  try {
    if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(1, 1).getContext('webgl2');
    if (typeof document !== 'undefined') return document.createElement('canvas').getContext('webgl2');
  } catch {
    /* no WebGL */
  }
  return null;
}

/** The WebGL renderer's name ('' when unknown). */
function rendererName(gl: WebGL2RenderingContext): string {
  try {
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  } catch {
    return '';
  }
}

export function webglAvailable(): boolean {
  return webgl2() !== null;
}

/** True when WebGL2 exists here and a GPU (not a software renderer) draws it. */
export function hardwareWebgl(): boolean {
  const gl = webgl2();
  return gl !== null && !SOFTWARE_RENDERER.test(rendererName(gl));
}

/**
 * Candidates for 'auto', in the order they are measured (the first one that covers the
 * networks is the provisional choice). tfjs's CPU backend is the last resort. A software WebGL
 * stays available when chosen by name.
 */
export function browserCandidates(): BackendName[] {
  return hardwareWebgl() ? ['fused', 'wasm', 'webgl'] : ['fused', 'wasm'];
}
