// Node entry points (CLI, benchmarks, tests) import this first. tfjs-core alone registers
// no gradients; in Node the union package's CommonJS bundle registers them on the same
// tfjs-core instance the engine uses (the ESM deep import fails under Node's resolver).
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { enableProdMode } from '@tensorflow/tfjs-core';

// Production mode silences tfjs's console banner urging tfjs-node, which cannot be
// installed here (its install script downloads a binary); the engine uses wasm instead.
enableProdMode();
