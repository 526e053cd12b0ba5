// tfjs backend selection. The cpu and wasm backends are registered here (they run in
// Node, in a worker and on the main thread); WebGL is registered by browser code only.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadKernels } from '../kernels/module';

/** 'fused': the hand-written WebAssembly SIMD kernels (src/kernels); the others are tfjs backends. */
export type BackendName = 'fused' | 'webgl' | 'wasm' | 'cpu';

export interface WasmPaths {
  'tfjs-backend-wasm.wasm': string;
  'tfjs-backend-wasm-simd.wasm': string;
  'tfjs-backend-wasm-threaded-simd.wasm': string;
}

let wasmPathsSet = false;

/** Where the browser fetches the .wasm binaries from (bundler URLs); not needed in Node. */
export function configureWasm(paths: WasmPaths): void {
  if (wasmPathsSet) return;
  setWasmPaths(paths);
  wasmPathsSet = true;
}

/** Makes `name` ready (tfjs: switches to it); throws with the reason if it cannot start. */
export async function useBackend(name: BackendName): Promise<void> {
  if (name === 'fused') {
    const r = await loadKernels();
    if (!r.ok) throw new Error(`the fused kernels cannot run here: ${r.reason}`);
    return;
  }
  if (tf.getBackend() === name) return;
  if (!tf.findBackendFactory(name)) throw new Error(`the ${name} backend is not available here`);
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`the ${name} backend failed to start`);
  await tf.ready();
}

