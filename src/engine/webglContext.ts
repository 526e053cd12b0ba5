// The WebGL context behind tfjs's webgl backend: whether it was lost (a GPU reset, a driver
// update, too many contexts), and a way to lose it on purpose (WEBGL_lose_context), which the
// browser tests use to drive the real recovery path.
import * as tf from '@tensorflow/tfjs-core';

function context(): WebGL2RenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } };
  return backend.gpgpu?.gl ?? null;
}

/** True when tfjs trains on WebGL and its context is gone. */
export function webglContextLost(): boolean {
  const gl = context();
  return gl !== null && gl.isContextLost();
}

/** Loses the webgl backend's context (as a GPU reset would); false where there is none to lose. */
export function loseWebglContext(): boolean {
  const ext = context()?.getExtension('WEBGL_lose_context');
  if (!ext) return false;
  ext.loseContext();
  return true;
}
