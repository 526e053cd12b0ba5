// Node entry points (CLI, benchmarks, tests) import this first. tfjs-core alone registers
// no gradients; in Node the union package's CommonJS bundle registers them on the same
// tfjs-core instance the engine uses (the ESM deep import fails under Node's resolver).
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { enableProdMode } from '@tensorflow/tfjs-core';
import { readFile } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { setKernelSource } from '../kernels/module';

// Production mode silences tfjs's console banner urging tfjs-node, which cannot be
// installed here (its install script downloads a binary); the engine uses wasm instead.
enableProdMode();

// The fused kernels, built by scripts/build-kernels.mjs before every npm script that runs code.
const kernel = (name: string) => () => readFile(new URL(`../kernels/build/${name}`, import.meta.url));
setKernelSource({ simd128: kernel('kernels.wasm'), relaxed: kernel('kernels-relaxed.wasm') });

// Relaxed SIMD (the fused multiply-add of the kernels' inner loops) ships in V8 from 11.4
// (Chromium 114, Node 22); Node 20's V8 11.3 has it behind a flag. Turn the flag on before
// any module compiles; the kernels still validate and check themselves before using it.
const [v8Major, v8Minor] = process.versions.v8.split('.').map(Number);
if (v8Major < 11 || (v8Major === 11 && v8Minor < 4)) setFlagsFromString('--experimental-wasm-relaxed-simd');
