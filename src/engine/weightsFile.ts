// Saving and loading a run: the networks' weights in tf.io's weights format (a manifest of
// named tensors plus one binary buffer, here base64 in a single JSON file), together with
// everything else needed to resume exactly: settings, optimizer moments, random streams.
import * as tf from '@tensorflow/tfjs-core';
import { networkLayouts } from './architecture';
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

const layoutsOf = (s: Settings) => networkLayouts(s, new Rng(0));

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

/** Reads a weights file back into a trainer state; throws with a clear message when it cannot. */
export function decodeRun(raw: unknown): TrainerState {
  const file = raw as Partial<WeightsFile> | null;
  if (!file || typeof file !== 'object' || file.format !== WEIGHTS_FORMAT) throw new Error('this is not a GAN Playground weights file');
  if (file.version !== WEIGHTS_VERSION) throw new Error(`weights file version ${file.version} is not supported (this page reads version ${WEIGHTS_VERSION})`);
  if (!file.settings || !Array.isArray(file.weightSpecs) || typeof file.weightData !== 'string') throw new Error('the weights file is incomplete');
  const parsed = parseSettings(file.settings as unknown as Record<string, unknown>, 'strict');
  if (parsed.errors.length) throw new Error(`the weights file has bad settings: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const settings = parsed.settings;
  const customPoints = file.customPoints ?? undefined;
  // The settings imply the layouts; every tensor must match them.
  const layouts = layoutsOf(settings);
  const size = (layout: ParamEntry[]) => layout.reduce((n, e) => n + e.size, 0);
  {
    let buffer: ArrayBuffer;
    try {
      buffer = fromBase64(file.weightData);
    } catch {
      throw new Error('the weights data is not valid base64');
    }
    const expected = file.weightSpecs.reduce((n, s) => n + 4 * s.shape.reduce((a: number, b: number) => a * b, 1), 0);
    if (buffer.byteLength !== expected) throw new Error(`the weights data has ${buffer.byteLength} bytes, the manifest describes ${expected}`);
    const tensors = tf.io.decodeWeights(buffer, file.weightSpecs);
    const read = (layout: ParamEntry[], size: number) => {
      const out = new Float32Array(size);
      for (const e of layout) {
        const t = tensors[e.name];
        if (!t) throw new Error(`the weights file has no tensor ${e.name}`);
        if (t.size !== e.size || t.shape.join('x') !== e.shape.join('x')) throw new Error(`${e.name} has shape [${t.shape}], the settings need [${e.shape}]`);
        out.set(t.dataSync() as Float32Array, e.offset);
      }
      return out;
    };
    const critic = read(layouts.critic, size(layouts.critic));
    const generator = read(layouts.generator, size(layouts.generator));
    const moment = (name: string, size: number) => {
      const t = tensors[name];
      if (!t) return null;
      if (t.size !== size) throw new Error(`${name} has ${t.size} values, expected ${size}`);
      return (t.dataSync() as Float32Array).slice();
    };
    const state: TrainerState = {
      settings,
      customPoints,
      criticSteps: file.criticSteps ?? 0,
      generatorSteps: file.generatorSteps ?? 0,
      critic,
      generator,
      optimizers: {
        critic: { kind: settings.optimizer, steps: file.optimizers?.critic.steps ?? 0, m: moment('optimizer/critic/m', critic.length), v: moment('optimizer/critic/v', critic.length) },
        generator: {
          kind: settings.optimizer,
          steps: file.optimizers?.generator.steps ?? 0,
          m: moment('optimizer/generator/m', generator.length),
          v: moment('optimizer/generator/v', generator.length),
        },
      },
      rng: file.rng ?? {},
    };
    tf.dispose(Object.values(tensors));
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
    if (!state.rng.data || !state.rng.latent || !state.rng.eps) throw new Error('the weights file has no random-stream state');
    return state;
  }
}
