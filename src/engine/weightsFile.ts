// Saving and loading a run: the networks' weights in tf.io's weights format (a manifest of
// named tensors plus one binary buffer, here base64 in a single JSON file), together with
// everything else needed to resume exactly: settings, optimizer moments, random streams.
import * as tf from '@tensorflow/tfjs-core';
import { alaeLayouts } from './alae';
import { networkLayouts } from './architecture';
import { validatePoints } from './customPoints';
import { HISTORY_COLUMNS, type HistoryRow } from './history';
import type { ParamEntry } from './params';
import { Rng } from './rng';
import { parseSettings, type Settings } from './settings';
import type { Points, TrainerBase, TrainerState } from './trainerBase';

export const WEIGHTS_FORMAT = 'gan-playground-weights';
export const WEIGHTS_VERSION = 1;

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

/** Tensors in a file: more than any network the settings allow has. */
const MAX_TENSORS = 200;
/** History rows a file may carry (the page keeps about 2,000). */
export const MAX_HISTORY_ROWS = 20_000;

/** A value as a short piece of text for a message (long values cut). */
export function shown(v: unknown): string {
  let s: string;
  try {
    s = v === undefined ? 'nothing' : typeof v === 'string' ? `'${v}'` : Array.isArray(v) ? `a list of ${v.length}` : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return s.length > 40 ? s.slice(0, 37) + '…' : s;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function count(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new Error(`${field} must be a whole number ≥ 0 (got ${shown(v)})`);
  return v;
}

function rngState(v: unknown, field: string): number[] {
  // four 32-bit words and a cached normal (NaN, stored as null, when there is none)
  if (!Array.isArray(v) || v.length !== 5) throw new Error(`${field} must be a list of 5 numbers (got ${shown(v)})`);
  return v.map((x, i) => {
    if (i === 4 && x === null) return NaN;
    if (typeof x !== 'number' || !Number.isFinite(x) || (i < 4 && !Number.isInteger(x))) throw new Error(`${field}[${i}] is not a valid random state (got ${shown(x)})`);
    return x;
  });
}

interface Spec {
  name: string;
  shape: number[];
  size: number;
}

function specs(raw: unknown): Spec[] {
  if (!Array.isArray(raw)) throw new Error(`weightSpecs must be a list (got ${shown(raw)})`);
  if (raw.length > MAX_TENSORS) throw new Error(`weightSpecs lists ${raw.length} tensors; a run has at most ${MAX_TENSORS}`);
  const seen = new Set<string>();
  return raw.map((s, i) => {
    if (!isRecord(s) || typeof s.name !== 'string') throw new Error(`weightSpecs[${i}] must have a name`);
    if (seen.has(s.name)) throw new Error(`weightSpecs names ${shown(s.name)} twice`);
    seen.add(s.name);
    if (s.dtype !== 'float32') throw new Error(`${shown(s.name)} has dtype ${shown(s.dtype)}; only float32 is read`);
    if ('quantization' in s && s.quantization != null) throw new Error(`${shown(s.name)} is quantized; only plain float32 is read`);
    if (!Array.isArray(s.shape) || s.shape.length > 4 || !s.shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
      throw new Error(`${shown(s.name)} has shape ${shown(s.shape)}; expected a list of whole numbers`);
    }
    const size = (s.shape as number[]).reduce((a, b) => a * b, 1);
    if (size > 1e8) throw new Error(`${shown(s.name)} is too large (${size} values)`);
    return { name: s.name, shape: s.shape as number[], size };
  });
}

/** Checks metric history rows from a file (numbers or empty cells, a bounded count). */
export function readHistoryRows(raw: unknown): HistoryRow[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new Error(`history must be a list of rows (got ${shown(raw)})`);
  if (raw.length > MAX_HISTORY_ROWS) throw new Error(`history has ${raw.length} rows; the limit is ${MAX_HISTORY_ROWS.toLocaleString('en-US')}`);
  return raw.map((r, i) => {
    if (!isRecord(r)) throw new Error(`history[${i}] must be a row object`);
    const row = {} as Record<string, number | number[] | null>;
    for (const c of HISTORY_COLUMNS) {
      const v = r[c];
      if (v === undefined || v === null) row[c] = null;
      else if (typeof v === 'number' && !Number.isNaN(v)) row[c] = v;
      // per-mode counts: a short list of numbers
      else if (Array.isArray(v) && v.length <= 1000 && v.every((x) => typeof x === 'number' && Number.isFinite(x))) row[c] = v.slice();
      else throw new Error(`history[${i}].${c} must be a number or empty (got ${shown(v)})`);
    }
    if (row.iteration === null || row.criticSteps === null) throw new Error(`history[${i}] has no iteration`);
    return row as unknown as HistoryRow;
  });
}

/**
 * Reads a weights file back into a trainer state and the history it carried. Every field
 * is checked (types, finiteness, sizes against the settings, own points as a CSV's) before
 * anything is built; a bad file throws one message naming the field.
 */
export function readWeightsFile(raw: unknown): LoadedRun {
  if (!isRecord(raw) || raw.format !== WEIGHTS_FORMAT) throw new Error('this is not a GAN Playground weights file');
  if (raw.version !== WEIGHTS_VERSION) throw new Error(`weights file version ${shown(raw.version)} is not supported (this page reads version ${WEIGHTS_VERSION})`);
  if (!isRecord(raw.settings)) throw new Error('the weights file has no settings');
  if (typeof raw.weightData !== 'string') throw new Error('the weights file has no weightData');
  const parsed = parseSettings(raw.settings, 'strict');
  if (parsed.errors.length) throw new Error(`the weights file has bad settings: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const settings = parsed.settings;

  let customPoints: Points | undefined;
  if (raw.customPoints !== null && raw.customPoints !== undefined) {
    const r = validatePoints(raw.customPoints, 'customPoints');
    if (!r.ok) throw new Error(r.error);
    customPoints = r.points;
  } else if (settings.target === 'custom') {
    throw new Error('the weights file trains on its own points (target custom) but has no customPoints');
  }

  const criticSteps = count(raw.criticSteps, 'criticSteps');
  const generatorSteps = count(raw.generatorSteps, 'generatorSteps');
  const optimizers = isRecord(raw.optimizers) ? raw.optimizers : {};
  const optimizerSteps = (net: 'critic' | 'generator') => {
    const o = optimizers[net];
    if (o === undefined) return 0;
    if (!isRecord(o)) throw new Error(`optimizers.${net} must be an object`);
    return count(o.steps, `optimizers.${net}.steps`);
  };
  const rng = isRecord(raw.rng) ? raw.rng : null;
  if (!rng) throw new Error('the weights file has no random-stream state (rng)');
  const streams = { data: rngState(rng.data, 'rng.data'), latent: rngState(rng.latent, 'rng.latent'), eps: rngState(rng.eps, 'rng.eps') };

  const manifest = specs(raw.weightSpecs);
  const expected = manifest.reduce((n, s) => n + 4 * s.size, 0);
  // base64 of `expected` bytes has a known length: refuse a mismatch before decoding
  if (Math.floor((raw.weightData.replace(/=+$/, '').length * 3) / 4) !== expected) {
    throw new Error(`weightData holds about ${Math.floor((raw.weightData.length * 3) / 4)} bytes, the manifest describes ${expected}`);
  }
  let buffer: ArrayBuffer;
  try {
    buffer = fromBase64(raw.weightData);
  } catch {
    throw new Error('weightData is not valid base64');
  }
  if (buffer.byteLength !== expected) throw new Error(`weightData has ${buffer.byteLength} bytes, the manifest describes ${expected}`);
  const tensors = new Map<string, { spec: Spec; values: Float32Array }>();
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
  return { state, history: readHistoryRows(raw.history) };
}

/** Reads a weights file back into a trainer state; throws with a clear message when it cannot. */
export function decodeRun(raw: unknown): TrainerState {
  return readWeightsFile(raw).state;
}
