// Reading a run file (the CLI's --out JSON, or the page's "Settings and metrics" export):
// its settings, its own points and its metric history, every field checked before use.
import { validatePoints } from './customPoints';
import type { HistoryRow } from './history';
import { parseSettings, type Settings } from './settings';
import type { Points } from './trainerBase';
import { readHistoryRows, shown } from './weightsFile';

export const RUN_FORMAT = 'gan-playground-run';
export const RUN_VERSION = 1;

export interface RunFile {
  settings: Settings;
  /** The run's own points (target custom), else null. */
  customPoints: Points | null;
  history: HistoryRow[];
  /** Settings the file held that were out of range and clamped. */
  warnings: string[];
}

/** Throws one message naming the field when the file cannot be used. */
export function readRunFile(raw: unknown): RunFile {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('this is not a GAN Playground run file');
  const file = raw as Record<string, unknown>;
  if (file.format !== RUN_FORMAT) throw new Error('this is not a GAN Playground run file');
  if (file.version !== RUN_VERSION) throw new Error(`run file version ${shown(file.version)} is not supported (this page reads version ${RUN_VERSION})`);
  if (typeof file.settings !== 'object' || file.settings === null || Array.isArray(file.settings)) throw new Error('the run file has no settings');
  const parsed = parseSettings(file.settings as Record<string, unknown>, 'clamp');
  if (parsed.errors.length) throw new Error(`the run file has bad settings: ${parsed.errors.map((e) => e.message).join('; ')}`);
  let customPoints: Points | null = null;
  if (file.customPoints !== null && file.customPoints !== undefined) {
    const r = validatePoints(file.customPoints, 'customPoints');
    if (!r.ok) throw new Error(r.error);
    customPoints = r.points;
  } else if (parsed.settings.target === 'custom') {
    throw new Error('the run file trains on its own points (target custom) but has no customPoints');
  }
  return { settings: parsed.settings, customPoints, history: readHistoryRows(file.history), warnings: parsed.warnings.map((w) => w.message) };
}
