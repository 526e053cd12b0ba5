// Saving and loading a run: the networks' weights in tf.io's weights format (a manifest of
// named tensors plus one binary buffer, here base64 in a single JSON file), together with
// everything else needed to resume exactly: settings, optimizer moments, random streams.
import * as tf from '@tensorflow/tfjs-core';
import { alaeLayouts } from './alae';
import { networkLayouts } from './architecture';
import { checkWeightsFile, WEIGHTS_FORMAT, WEIGHTS_VERSION, type TensorSpec } from './fileChecks';
import type { HistoryRow } from './history';
import type { ParamEntry } from './params';
import { Rng } from './rng';
import type { Settings } from './settings';
import type { Points, TrainerBase, TrainerState } from './trainerBase';

// the checks live in fileChecks.ts (no tfjs there: the page runs them on the main thread)
export { MAX_HISTORY_ROWS, readHistoryRows, shown, WEIGHTS_FORMAT, WEIGHTS_VERSION } from './fileChecks';

export interface WeightsFile {
  format: typeof WEIGHTS_FORMAT;
  version: number;
  settings: Settings;
  customPoints: Points | null;
  criticSteps: number;
  generatorSteps: number;
  optimizers: { critic: { kind: Settings['optimizer']; steps: number }; generator: { kind: Settings['optimizer']; steps: number } };
  rng: Record<string, number[]>;
  /** tf.io weights manifest entries. */
  weightSpecs: tf.io.WeightsManifestEntry[];
  /** The tensors' bytes, base64. */
  weightData: string;
  /** The metric history (added by the page when it saves, so that a load brings the charts back). */
  history?: HistoryRow[];
}

function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): ArrayBuffer {
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes.buffer;
}

// ALAE keeps E+D and F+G as its two vectors
const layoutsOf = (s: Settings) => (s.model === 'alae' ? alaeLayouts : networkLayouts)(s, new Rng(0));

/** Per-tensor views of a trainer state, named as the networks' layouts name them. */
function namedTensors(state: TrainerState): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  const layouts = layoutsOf(state.settings);
  const add = (layout: ParamEntry[], values: Float32Array) => {
    for (const e of layout) out[e.name] = tf.tensor(values.subarray(e.offset, e.offset + e.size), e.shape);
  };
  add(layouts.critic, state.critic);
  add(layouts.generator, state.generator);
  const opt = state.optimizers;
  for (const [net, o] of [['critic', opt.critic], ['generator', opt.generator]] as const) {
    if (o.m) out[`optimizer/${net}/m`] = tf.tensor1d(o.m);
    if (o.v) out[`optimizer/${net}/v`] = tf.tensor1d(o.v);
  }
  // ALAE's moving averages of both vectors, flat like the moments
  if (state.smoothed) {
    out['smoothed/critic'] = tf.tensor1d(state.smoothed.critic);
    out['smoothed/generator'] = tf.tensor1d(state.smoothed.generator);
  }
  return out;
}

export async function encodeRun(trainer: TrainerBase): Promise<WeightsFile> {
  const state = await trainer.exportState();
  const tensors = namedTensors(state);
  const { data, specs } = await tf.io.encodeWeights(tensors);
  tf.dispose(Object.values(tensors));
  return {
    format: WEIGHTS_FORMAT,
    version: WEIGHTS_VERSION,
    settings: state.settings,
    customPoints: state.customPoints ?? null,
    criticSteps: state.criticSteps,
    generatorSteps: state.generatorSteps,
    optimizers: {
      critic: { kind: state.optimizers.critic.kind, steps: state.optimizers.critic.steps },
      generator: { kind: state.optimizers.generator.kind, steps: state.optimizers.generator.steps },
    },
    rng: state.rng,
    weightSpecs: specs,
    weightData: toBase64(data),
  };
}

/** A run read back from a weights file: the state to resume and the metric history it carried. */
export interface LoadedRun {
  state: TrainerState;
  history: HistoryRow[];
}

/**
 * Reads a weights file back into a trainer state and the history it carried. Every field
 * is checked (shape, own keys, types, finiteness, sizes against the settings, own points as
 * a CSV's; fileChecks.ts) before anything is built; a bad file throws one message naming the field.
 */
export function readWeightsFile(raw: unknown): LoadedRun {
  const checked = checkWeightsFile(raw);
  const { settings, manifest, bytes: expected } = checked;
  const customPoints = checked.customPoints ?? undefined;
  const { criticSteps, generatorSteps } = checked;
  const optimizerSteps = (net: 'critic' | 'generator') => checked.optimizerSteps[net];
  const streams = checked.rng;
  let buffer: ArrayBuffer;
  try {
    buffer = fromBase64(checked.weightData);
  } catch {
    throw new Error('weightData is not valid base64');
  }
  if (buffer.byteLength !== expected) throw new Error(`weightData has ${buffer.byteLength} bytes, the manifest describes ${expected}`);
  const tensors = new Map<string, { spec: TensorSpec; values: Float32Array }>();
  let offset = 0;
  for (const spec of manifest) {
    tensors.set(spec.name, { spec, values: new Float32Array(buffer.slice(offset, offset + 4 * spec.size)) });
    offset += 4 * spec.size;
  }
  const finite = (name: string, values: Float32Array) => {
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new Error(`${name} holds a non-finite value (${values[bad]}) at index ${bad}`);
  };

  // The settings imply the layouts; every tensor must match them.
  const layouts = layoutsOf(settings);
  const read = (layout: ParamEntry[]) => {
    const out = new Float32Array(layout.reduce((n, e) => n + e.size, 0));
    for (const e of layout) {
      const t = tensors.get(e.name);
      if (!t) throw new Error(`the weights file has no tensor ${e.name}`);
      if (t.spec.size !== e.size || t.spec.shape.join('x') !== e.shape.join('x')) throw new Error(`${e.name} has shape [${t.spec.shape}], the settings need [${e.shape}]`);
      finite(e.name, t.values);
      out.set(t.values, e.offset);
    }
    return out;
  };
  const critic = read(layouts.critic);
  const generator = read(layouts.generator);
  const moment = (name: string, size: number) => {
    const t = tensors.get(name);
    if (!t) return null;
    if (t.spec.size !== size) throw new Error(`${name} has ${t.spec.size} values, expected ${size}`);
    finite(name, t.values);
    if (name.endsWith('/v') && t.values.some((v) => v < 0)) throw new Error(`${name} holds a negative second moment`);
    return t.values;
  };
  const state: TrainerState = {
    settings,
    customPoints,
    criticSteps,
    generatorSteps,
    critic,
    generator,
    optimizers: {
      critic: { kind: settings.optimizer, steps: optimizerSteps('critic'), m: moment('optimizer/critic/m', critic.length), v: moment('optimizer/critic/v', critic.length) },
      generator: {
        kind: settings.optimizer,
        steps: optimizerSteps('generator'),
        m: moment('optimizer/generator/m', generator.length),
        v: moment('optimizer/generator/v', generator.length),
      },
    },
    rng: streams,
  };
  const smoothedCritic = moment('smoothed/critic', critic.length);
  const smoothedGenerator = moment('smoothed/generator', generator.length);
  if (smoothedCritic && smoothedGenerator) state.smoothed = { critic: smoothedCritic, generator: smoothedGenerator };
  // Moments missing (e.g. a file edited by hand): restart the optimizer's estimates.
  for (const [o, size] of [[state.optimizers.critic, critic.length], [state.optimizers.generator, generator.length]] as const) {
    const needM = o.kind === 'adam';
    const needV = o.kind !== 'sgd';
    if ((needM && !o.m) || (needV && !o.v)) {
      o.steps = 0;
      o.m = needM ? new Float32Array(size) : null;
      o.v = needV ? new Float32Array(size) : null;
    }
  }
  return { state, history: checked.history };
}

/** Reads a weights file back into a trainer state; throws with a clear message when it cannot. */
export function decodeRun(raw: unknown): TrainerState {
  return readWeightsFile(raw).state;
}
