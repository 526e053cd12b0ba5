// This device's backend measurements, kept in localStorage under the networks' key
// (engine/autoBackend.ts measurementKey), so that 'auto' picks at once on the next visit
// instead of measuring again. Storage may be missing or refused (private windows, sandboxed
// iframes): then nothing is cached and 'auto' measures in the background each time.
import type { BackendMeasurement } from '../engine/autoBackend';

const STORAGE_KEY = 'gan-playground.backend-measurements.v1';
/** Networks remembered at most (the oldest go first). */
const MAX_ENTRIES = 24;

interface Entry {
  measurements: BackendMeasurement[];
  /** When measured (ms since the epoch). */
  at: number;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function readAll(): Record<string, Entry> {
  try {
    const raw = storage()?.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, Entry>) : {};
  } catch {
    return {};
  }
}

function writeAll(all: Record<string, Entry>): void {
  try {
    storage()?.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    /* full or refused: nothing cached */
  }
}

// JSON turns NaN (a failed backend) into null: read it back as NaN
const revive = (m: BackendMeasurement): BackendMeasurement => ({ ...m, msPerIteration: typeof m.msPerIteration === 'number' ? m.msPerIteration : NaN });

export function cachedMeasurements(key: string): { measurements: BackendMeasurement[]; at: number } | null {
  const e = readAll()[key];
  if (!e || !Array.isArray(e.measurements) || !e.measurements.length) return null;
  return { measurements: e.measurements.map(revive), at: e.at };
}

export function cacheMeasurements(key: string, measurements: BackendMeasurement[]): void {
  const all = readAll();
  all[key] = { measurements, at: Date.now() };
  const keys = Object.keys(all).sort((a, b) => all[a].at - all[b].at);
  for (const k of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) delete all[k];
  writeAll(all);
}

export function forgetMeasurements(key: string): void {
  const all = readAll();
  delete all[key];
  writeAll(all);
}
