import * as tf from '@tensorflow/tfjs-core';
import { useBackend, type BackendName } from '../src/engine/backends';
import { defaultSettings, type Settings } from '../src/engine/settings';

/** Backend for engine tests: wasm by default (the engine's Node backend); TEST_BACKEND=cpu to switch. */
export async function testBackend(): Promise<BackendName> {
  const name = (process.env.TEST_BACKEND as BackendName | undefined) ?? 'wasm';
  await useBackend(name);
  return name;
}

export function settings(overrides: Partial<Settings> = {}): Settings {
  return { ...defaultSettings(), ...overrides };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

export const read = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;
