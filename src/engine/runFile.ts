// Reading a run file (the CLI's --out JSON, or the page's "Settings and metrics" export):
// its settings, its own points and its metric history, every field checked before use.
import { checkFileShape, isRecord, own, readFileSettings, readFilePoints, readHistoryRows, shown } from './fileChecks';
import type { HistoryRow } from './history';
import type { Settings } from './settings';
import type { Points } from './trainerBase';

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

/** Throws one message naming the field when the file cannot be used (its shape first: fileChecks.ts). */
export function readRunFile(raw: unknown): RunFile {
  if (!isRecord(raw)) throw new Error('this is not a GAN Playground run file');
  checkFileShape(raw, 'the run file');
  if (own(raw, 'format') !== RUN_FORMAT) throw new Error('this is not a GAN Playground run file');
  if (own(raw, 'version') !== RUN_VERSION) throw new Error(`run file version ${shown(own(raw, 'version'))} is not supported (this page reads version ${RUN_VERSION})`);
  const { settings, warnings } = readFileSettings(own(raw, 'settings'), 'run file', 'clamp');
  const customPoints = readFilePoints(own(raw, 'customPoints'), settings, 'run file');
  return { settings, customPoints, history: readHistoryRows(own(raw, 'history')), warnings };
}
