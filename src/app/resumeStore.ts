// A run kept in this tab's session storage, so that a reload mid-run can offer to resume it
// (controller.ts saves the latest checkpoint every few seconds while playing and on pagehide).
// Kept as a weights file (weightsFile.ts), so that what comes back passes the same checks as a
// file the user loads (fileChecks.ts) and travels the same load path. Session storage, not
// IndexedDB: it is this tab's alone (a reload, not another tab, gets the offer) and its writes
// are synchronous, so that pagehide can still save.
import { alaeLayouts } from '../engine/alae';
import { networkLayouts } from '../engine/architecture';
import { checkWeightsFile, WEIGHTS_FORMAT, WEIGHTS_VERSION } from '../engine/fileChecks';
import type { HistoryRow } from '../engine/history';
import type { ParamEntry } from '../engine/params';
import { Rng } from '../engine/rng';
import type { Settings } from '../engine/settings';
import type { Points, TrainerState } from '../engine/trainerBase';
import type { WeightsFile } from '../engine/weightsFile';
import { toQuery } from './urlState';

export const RESUME_STORAGE_KEY = 'gan-playground-resume';
/**
 * Runs whose tensors (weights, optimizer moments) exceed this many bytes are not kept: base64
 * makes 4 MB about 5.6 M characters, past what session storage holds (about 5 M per origin in
 * Chromium, counted for the page's other keys too).
 */
export const MAX_KEPT_BYTES = 3_000_000;
const RECORD_VERSION = 1;

/** What a kept run is filed under: its settings (and own points) as the link writes them, exactly. */
export function runKey(settings: Settings, customPoints: Points | null | undefined): string {
  return toQuery({ settings, customPoints: customPoints ?? null });
}

const layoutsOf = (s: Settings) => (s.model === 'alae' ? alaeLayouts : networkLayouts)(s, new Rng(0));

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The tensors' bytes a state holds (weights, moments, smoothed copies). */
export function stateBytes(state: TrainerState): number {
  const o = state.optimizers;
  const arrays = [state.critic, state.generator, o.critic.m, o.critic.v, o.generator.m, o.generator.v, state.smoothed?.critic, state.smoothed?.generator];
  return arrays.reduce((n, a) => n + (a ? a.byteLength : 0), 0);
}

/**
 * A trainer state as a weights file, on the main thread and without tfjs: the same tensors in
 * the same order as weightsFile.ts's encodeRun (tf.io.encodeWeights concatenates them).
 */
export function encodeState(state: TrainerState, history: HistoryRow[] = []): WeightsFile {
  const specs: WeightsFile['weightSpecs'] = [];
  const parts: Float32Array[] = [];
  const add = (name: string, shape: number[], values: Float32Array) => {
    specs.push({ name, shape, dtype: 'float32' });
    parts.push(values);
  };
  const layouts = layoutsOf(state.settings);
  const addLayout = (layout: ParamEntry[], values: Float32Array) => {
    for (const e of layout) add(e.name, e.shape, values.subarray(e.offset, e.offset + e.size));
  };
  addLayout(layouts.critic, state.critic);
  addLayout(layouts.generator, state.generator);
  const opt = state.optimizers;
  for (const [net, o] of [['critic', opt.critic], ['generator', opt.generator]] as const) {
    if (o.m) add(`optimizer/${net}/m`, [o.m.length], o.m);
    if (o.v) add(`optimizer/${net}/v`, [o.v.length], o.v);
  }
  if (state.smoothed) {
    add('smoothed/critic', [state.smoothed.critic.length], state.smoothed.critic);
    add('smoothed/generator', [state.smoothed.generator.length], state.smoothed.generator);
  }
  const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return {
    format: WEIGHTS_FORMAT,
    version: WEIGHTS_VERSION,
    settings: { ...state.settings },
    customPoints: state.customPoints ?? null,
    criticSteps: state.criticSteps,
    generatorSteps: state.generatorSteps,
    optimizers: {
      critic: { kind: opt.critic.kind, steps: opt.critic.steps },
      generator: { kind: opt.generator.kind, steps: opt.generator.steps },
    },
    // a missing cached normal is NaN, which JSON writes as null (the checks read null back as NaN)
    rng: state.rng,
    weightSpecs: specs,
    weightData: toBase64(new Uint8Array(all.buffer)),
    history,
  };
}

export type KeepResult = { kept: true } | { kept: false; bytes: number; reason: string };

/**
 * Keeps `state` (and the charts' rows up to it) under `key`, replacing what was kept. A run
 * too large to keep leaves a note instead, so that the reload can say why it starts anew.
 */
export function keepRun(storage: Storage, key: string, state: TrainerState, history: HistoryRow[]): KeepResult {
  const bytes = stateBytes(state);
  const iteration = state.generatorSteps;
  const note = (reason: string): KeepResult => {
    try {
      storage.setItem(RESUME_STORAGE_KEY, JSON.stringify({ version: RECORD_VERSION, key, iteration, tooLarge: bytes }));
    } catch {
      storage.removeItem(RESUME_STORAGE_KEY);
    }
    return { kept: false, bytes, reason };
  };
  if (bytes > MAX_KEPT_BYTES) return note(`its weights take ${megabytes(bytes)}, more than the ${megabytes(MAX_KEPT_BYTES)} this tab keeps`);
  const file = encodeState(state, history.filter((r) => r.iteration <= iteration));
  try {
    storage.setItem(RESUME_STORAGE_KEY, JSON.stringify({ version: RECORD_VERSION, key, iteration, file }));
    return { kept: true };
  } catch {
    // the storage's quota (shared with the page's other keys), or storage blocked
    return note(`its weights (${megabytes(bytes)}) do not fit in this tab's storage`);
  }
}

export type Recalled =
  | { kind: 'none' }
  | { kind: 'resume'; iteration: number; file: WeightsFile }
  | { kind: 'tooLarge'; iteration: number; bytes: number }
  | { kind: 'unreadable'; reason: string };

/**
 * What this tab kept for `key`. A run kept under other settings is a different run: 'none'.
 * Anything malformed is 'unreadable' (never thrown): the page then starts anew and says why.
 */
export function recallRun(storage: Storage, key: string): Recalled {
  const text = storage.getItem(RESUME_STORAGE_KEY);
  if (text === null) return { kind: 'none' };
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', reason: 'it is not valid JSON' };
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return { kind: 'unreadable', reason: 'it is not a kept run' };
  const r = record as Record<string, unknown>;
  if (r.version !== RECORD_VERSION || typeof r.key !== 'string') return { kind: 'unreadable', reason: 'it is not a kept run of this version' };
  if (r.key !== key) return { kind: 'none' };
  const iteration = r.iteration;
  if (typeof iteration !== 'number' || !Number.isSafeInteger(iteration) || iteration < 0) return { kind: 'unreadable', reason: 'its iteration is not a whole number' };
  if (Object.hasOwn(r, 'tooLarge')) {
    return typeof r.tooLarge === 'number' && r.tooLarge > 0 ? { kind: 'tooLarge', iteration, bytes: r.tooLarge } : { kind: 'unreadable', reason: 'its size is not a number' };
  }
  try {
    const checked = checkWeightsFile(r.file);
    // the file itself must be the run the key names (a record edited by hand is not)
    if (runKey(checked.settings, checked.customPoints) !== key) return { kind: 'unreadable', reason: 'its weights are for other settings' };
    if (checked.generatorSteps !== iteration) return { kind: 'unreadable', reason: 'its iteration does not match its weights' };
  } catch (e) {
    return { kind: 'unreadable', reason: e instanceof Error ? e.message : String(e) };
  }
  return { kind: 'resume', iteration, file: r.file as WeightsFile };
}

export function forgetRun(storage: Storage): void {
  storage.removeItem(RESUME_STORAGE_KEY);
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toPrecision(2)} MB`;
}

/** This tab's session storage, or null where there is none or it is blocked. */
export function sessionStore(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage blocked (privacy settings, sandboxed iframe)
  }
}
