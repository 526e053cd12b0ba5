// Browser entry points (page, worker) import this first: gradients for autodiff, the
// WebGL backend, and the URLs of the wasm binaries as the bundler emits them.
// tfjs-core's entry comes first: it registers the flags (DEBUG, ...) that registering the
// gradients reads. The dev server's pre-bundled chunks otherwise run the gradients first
// and throw "Cannot evaluate flag 'DEBUG'" (the production bundle happened to order them).
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-webgl';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import kernelsUrl from '../kernels/build/kernels.wasm?url';
import kernelsRelaxedUrl from '../kernels/build/kernels-relaxed.wasm?url';
import { configureWasm } from '../engine/backends';
import { setKernelSource } from '../kernels/module';

configureWasm({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

const fetchBytes = (url: string) => async () => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not fetch the fused kernels (${res.status})`);
  return res.arrayBuffer();
};
setKernelSource({ simd128: fetchBytes(kernelsUrl), relaxed: fetchBytes(kernelsRelaxedUrl) });
