// What every file the page or the CLI reads (weights files, run files) must pass before any
// of its fields is used: its shape (how deep it nests, how many values it holds, JSON types
// only), own keys only, a metric history that goes forward, and values quoted short in the
// messages. Free of tfjs and the DOM, so that the page checks a file on the main thread
// before it travels to the training worker (postMessage clones recursively: 200,000 nested
// lists overflow its stack), and the worker and the CLI check it again with the same code.
import { validatePoints } from './customPoints';
import { HISTORY_COLUMNS, type HistoryRow } from './history';
import { parseSettings, type Settings } from './settings';
import type { Points } from './trainerBase';

export const WEIGHTS_FORMAT = 'gan-playground-weights';
export const WEIGHTS_VERSION = 1;

/**
 * Nesting a file may have: the deepest field any of ours holds is 4 levels down (history,
 * a row, its per-mode counts, a count); twice that leaves room for fields we do not read.
 */
export const MAX_FILE_DEPTH = 8;
/** Values (numbers, strings, lists, objects) a file may hold: a full history of 20,000 rows with per-mode counts is under 1,000,000. */
export const MAX_FILE_VALUES = 2_000_000;
/** Tensors in a weights file: more than any network the settings allow has. */
export const MAX_TENSORS = 200;
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

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field of `v` only if `v` holds it itself ('constructor' of a plain object is not a field). */
export function own(v: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(v, key) ? v[key] : undefined;
}

/** The first few messages of a list, and how many more there were (a file with 10,000 unknown keys gives one line). */
export function issuesText(messages: string[], max = 3): string {
  const more = messages.length - max;
  return messages.slice(0, max).join('; ') + (more > 0 ? `; and ${more.toLocaleString('en-US')} more` : '');
}

/**
 * Throws unless `raw` is plain JSON data (objects, lists, strings, numbers, booleans, null;
 * undefined counts as absent) nested at most `maxDepth` levels and holding at most
 * `maxValues` values. Walks with its own stack: a recursive walk would overflow on exactly
 * the files it is meant to refuse.
 */
export function checkFileShape(raw: unknown, what: string, maxDepth = MAX_FILE_DEPTH, maxValues = MAX_FILE_VALUES): void {
  const stack: unknown[] = [raw];
  const depths: number[] = [0];
  let values = 0;
  while (stack.length) {
    const v = stack.pop();
    const depth = depths.pop()!;
    if (v === undefined) continue;
    if (++values > maxValues) throw new Error(`${what} holds more than ${maxValues.toLocaleString('en-US')} values; a GAN Playground file holds far fewer`);
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') continue;
    if (typeof v !== 'object') throw new Error(`${what} holds a ${typeof v}, which a JSON file cannot`);
    if (depth >= maxDepth) throw new Error(`${what} nests lists or objects more than ${maxDepth} levels deep; a GAN Playground file nests at most 4`);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        stack.push(v[i]);
        depths.push(depth + 1);
      }
      continue;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new Error(`${what} holds an object that is not JSON data`);
    for (const k of Object.keys(v)) {
      stack.push((v as Record<string, unknown>)[k]);
      depths.push(depth + 1);
    }
  }
}

/** Settings from a file: own keys of the table only, every value checked, the problems listed short. */
export function readFileSettings(raw: unknown, what: string, mode: 'strict' | 'clamp'): { settings: Settings; warnings: string[] } {
  if (!isRecord(raw)) throw new Error(`the ${what} has no settings`);
  const parsed = parseSettings(raw, mode);
  if (parsed.errors.length) throw new Error(`the ${what} has bad settings: ${issuesText(parsed.errors.map((e) => e.message))}`);
  return { settings: parsed.settings, warnings: parsed.warnings.map((w) => w.message) };
}

/** A file's own points (null when it has none); a custom target needs them. */
export function readFilePoints(raw: unknown, settings: Settings, what: string): Points | null {
  if (raw !== null && raw !== undefined) {
    const r = validatePoints(raw, 'customPoints');
    if (!r.ok) throw new Error(r.error);
    return r.points;
  }
  if (settings.target === 'custom') throw new Error(`the ${what} trains on its own points (target custom) but has no customPoints`);
  return null;
}

const wholeCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Checks metric history rows from a file: numbers or empty cells, a bounded count, and
 * iterations that are whole numbers ≥ 0 going forward (a row never before the one above it),
 * so that no chart draws a run that went backwards.
 */
export function readHistoryRows(raw: unknown): HistoryRow[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new Error(`history must be a list of rows (got ${shown(raw)})`);
  if (raw.length > MAX_HISTORY_ROWS) throw new Error(`history has ${raw.length.toLocaleString('en-US')} rows; the limit is ${MAX_HISTORY_ROWS.toLocaleString('en-US')}`);
  let previous: number | null = null;
  return raw.map((r, i) => {
    if (!isRecord(r)) throw new Error(`history[${i}] must be a row object`);
    const row = {} as Record<string, number | number[] | null>;
    for (const c of HISTORY_COLUMNS) {
      const v = own(r, c);
      if (v === undefined || v === null) row[c] = null;
      else if (typeof v === 'number' && !Number.isNaN(v)) row[c] = v;
      // per-mode counts: a short list of numbers
      else if (Array.isArray(v) && v.length <= 1000 && v.every((x) => typeof x === 'number' && Number.isFinite(x))) row[c] = v.slice();
      else throw new Error(`history[${i}].${c} must be a number or empty (got ${shown(v)})`);
    }
    if (row.iteration === null || row.criticSteps === null) throw new Error(`history[${i}] has no iteration`);
    for (const c of ['iteration', 'criticSteps'] as const) {
      if (!wholeCount(row[c])) throw new Error(`history[${i}].${c} must be a whole number ≥ 0 (got ${shown(row[c])})`);
    }
    const iteration = row.iteration as number;
    if (previous !== null && iteration < previous) throw new Error(`history[${i}] goes back to iteration ${iteration} after ${previous}: rows must go forward`);
    previous = iteration;
    return row as unknown as HistoryRow;
  });
}

function count(v: unknown, field: string): number {
  if (!wholeCount(v)) throw new Error(`${field} must be a whole number ≥ 0 (got ${shown(v)})`);
  return v;
}

function rngState(v: unknown, field: string): number[] {
  // four 32-bit words and a cached normal (NaN, stored as null, when there is none)
  if (!Array.isArray(v) || v.length !== 5) throw new Error(`${field} must be a list of 5 numbers (got ${shown(v)})`);
  return v.map((x, i) => {
    if (i === 4 && (x === null || Number.isNaN(x))) return NaN;
    if (typeof x !== 'number' || !Number.isFinite(x) || (i < 4 && !Number.isInteger(x))) throw new Error(`${field}[${i}] is not a valid random state (got ${shown(x)})`);
    return x;
  });
}

export interface TensorSpec {
  name: string;
  shape: number[];
  size: number;
}

function tensorSpecs(raw: unknown): TensorSpec[] {
  if (!Array.isArray(raw)) throw new Error(`weightSpecs must be a list (got ${shown(raw)})`);
  if (raw.length > MAX_TENSORS) throw new Error(`weightSpecs lists ${raw.length} tensors; a run has at most ${MAX_TENSORS}`);
  const seen = new Set<string>();
  return raw.map((s, i) => {
    const name = isRecord(s) ? own(s, 'name') : undefined;
    if (!isRecord(s) || typeof name !== 'string') throw new Error(`weightSpecs[${i}] must have a name`);
    if (seen.has(name)) throw new Error(`weightSpecs names ${shown(name)} twice`);
    seen.add(name);
    if (own(s, 'dtype') !== 'float32') throw new Error(`${shown(name)} has dtype ${shown(own(s, 'dtype'))}; only float32 is read`);
    if (own(s, 'quantization') != null) throw new Error(`${shown(name)} is quantized; only plain float32 is read`);
    const shape = own(s, 'shape');
    if (!Array.isArray(shape) || shape.length > 4 || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
      throw new Error(`${shown(name)} has shape ${shown(shape)}; expected a list of whole numbers`);
    }
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    if (size > 1e8) throw new Error(`${shown(name)} is too large (${size} values)`);
    return { name, shape: (shape as number[]).slice(), size };
  });
}

/** A weights file whose every field passed its checks; the tensors' bytes are still base64 (decoded by readWeightsFile). */
export interface CheckedWeightsFile {
  settings: Settings;
  customPoints: Points | null;
  criticSteps: number;
  generatorSteps: number;
  /** Optimizer steps of each network (0 when the file has none). */
  optimizerSteps: { critic: number; generator: number };
  rng: { data: number[]; latent: number[]; eps: number[] };
  manifest: TensorSpec[];
  weightData: string;
  /** Bytes the manifest describes (weightData's length was checked against it). */
  bytes: number;
  history: HistoryRow[];
}

/**
 * Checks a weights file's structure without decoding its tensors: shape, format and version,
 * settings (own keys only), own points, counters, random streams, the manifest against the
 * length of weightData, and the history. Throws one message naming the field.
 */
export function checkWeightsFile(raw: unknown): CheckedWeightsFile {
  if (!isRecord(raw)) throw new Error('this is not a GAN Playground weights file');
  checkFileShape(raw, 'the weights file');
  if (own(raw, 'format') !== WEIGHTS_FORMAT) throw new Error('this is not a GAN Playground weights file');
  if (own(raw, 'version') !== WEIGHTS_VERSION) throw new Error(`weights file version ${shown(own(raw, 'version'))} is not supported (this page reads version ${WEIGHTS_VERSION})`);
  if (!isRecord(own(raw, 'settings'))) throw new Error('the weights file has no settings');
  const weightData = own(raw, 'weightData');
  if (typeof weightData !== 'string') throw new Error('the weights file has no weightData');
  const { settings } = readFileSettings(own(raw, 'settings'), 'weights file', 'strict');
  const customPoints = readFilePoints(own(raw, 'customPoints'), settings, 'weights file');
  const criticSteps = count(own(raw, 'criticSteps'), 'criticSteps');
  const generatorSteps = count(own(raw, 'generatorSteps'), 'generatorSteps');
  const optimizers = own(raw, 'optimizers');
  const optimizerSteps = (net: 'critic' | 'generator') => {
    const o = isRecord(optimizers) ? own(optimizers, net) : undefined;
    if (o === undefined) return 0;
    if (!isRecord(o)) throw new Error(`optimizers.${net} must be an object`);
    return count(own(o, 'steps'), `optimizers.${net}.steps`);
  };
  const rng = own(raw, 'rng');
  if (!isRecord(rng)) throw new Error('the weights file has no random-stream state (rng)');
  const streams = { data: rngState(own(rng, 'data'), 'rng.data'), latent: rngState(own(rng, 'latent'), 'rng.latent'), eps: rngState(own(rng, 'eps'), 'rng.eps') };
  const manifest = tensorSpecs(own(raw, 'weightSpecs'));
  const bytes = manifest.reduce((n, s) => n + 4 * s.size, 0);
  // base64 of `bytes` bytes has a known length: refuse a mismatch before decoding
  if (Math.floor((weightData.replace(/=+$/, '').length * 3) / 4) !== bytes) {
    throw new Error(`weightData holds about ${Math.floor((weightData.length * 3) / 4)} bytes, the manifest describes ${bytes}`);
  }
  return {
    settings,
    customPoints,
    criticSteps,
    generatorSteps,
    optimizerSteps: { critic: optimizerSteps('critic'), generator: optimizerSteps('generator') },
    rng: streams,
    manifest,
    weightData,
    bytes,
    history: readHistoryRows(own(raw, 'history')),
  };
}

/**
 * The checked file rebuilt from its checked fields alone, as plain data: what the page posts
 * to the training worker (nothing it did not check travels, and the worker checks it again).
 */
export function rebuildWeightsFile(c: CheckedWeightsFile): Record<string, unknown> {
  const stream = (s: number[]) => s.map((x) => (Number.isNaN(x) ? null : x));
  return {
    format: WEIGHTS_FORMAT,
    version: WEIGHTS_VERSION,
    settings: { ...c.settings },
    customPoints: c.customPoints,
    criticSteps: c.criticSteps,
    generatorSteps: c.generatorSteps,
    optimizers: { critic: { kind: c.settings.optimizer, steps: c.optimizerSteps.critic }, generator: { kind: c.settings.optimizer, steps: c.optimizerSteps.generator } },
    rng: { data: stream(c.rng.data), latent: stream(c.rng.latent), eps: stream(c.rng.eps) },
    weightSpecs: c.manifest.map((s) => ({ name: s.name, shape: s.shape, dtype: 'float32' })),
    weightData: c.weightData,
    history: c.history,
  };
}
