// Rows come with every snapshot (about 10 a second) so that the curves move with every
// refresh, but the history the page keeps (and exports) holds at most one row per
// STORED_ROW_MS while playing (about every other snapshot), plus every evaluation, so the
// page's heap grows as slowly as it did with 5 rows a second. The newest row that was not
// kept is still drawn, as the curves' live tip.
import { mergeSameStep, type HistoryRow } from '../engine/history';

export const STORED_ROW_MS = 150;

export interface RowThinning {
  /** When a row was last kept (page clock, ms). */
  lastStoredAt: number;
}

/** Which rows of a batch the history keeps, and the live row to draw after them (or null). */
export function thinRows(rows: HistoryRow[], state: RowThinning, now: number, keepAll: boolean): { stored: HistoryRow[]; live: HistoryRow | null } {
  if (!rows.length) return { stored: [], live: null };
  if (keepAll) {
    state.lastStoredAt = now;
    return { stored: rows, live: null };
  }
  const last = rows[rows.length - 1];
  const stored = rows.filter((r) => r.exactW1 !== null);
  if (stored[stored.length - 1] !== last && now - state.lastStoredAt >= STORED_ROW_MS) {
    stored.push(last);
    state.lastStoredAt = now;
  }
  return { stored, live: stored[stored.length - 1] === last ? null : last };
}

/** The history with the live row after it, for drawing (the same array when there is none). */
export function withLiveRow(history: HistoryRow[], live: HistoryRow | null): HistoryRow[] {
  return live && (!history.length || live.iteration > history[history.length - 1].iteration || live.criticSteps > history[history.length - 1].criticSteps) ? [...history, live] : history;
}

/** A store selector for the curves: the history and the live row, the same array until either changes. */
export function liveHistorySelector(): (s: { history: HistoryRow[]; liveRow: HistoryRow | null }) => HistoryRow[] {
  let history: HistoryRow[] | null = null;
  let live: HistoryRow | null = null;
  let out: HistoryRow[] = [];
  return (s) => {
    if (s.history !== history || s.liveRow !== live) {
      history = s.history;
      live = s.liveRow;
      out = withLiveRow(s.history, s.liveRow);
    }
    return out;
  };
}

const sameStep = (a: HistoryRow, b: HistoryRow) => a.iteration === b.iteration && a.criticSteps === b.criticSteps;

/**
 * `rows` after `history`, one row per training step: a later row for the same step (the
 * worker sends an evaluation's row after the snapshot that carried that step's plain row)
 * replaces the earlier one, keeping what only the earlier knew (mergeSameStep).
 */
export function mergeRows(history: HistoryRow[], rows: HistoryRow[]): HistoryRow[] {
  const out = history.slice();
  for (const r of rows) {
    if (out.length && sameStep(out[out.length - 1], r)) out[out.length - 1] = mergeSameStep(out[out.length - 1], r);
    else out.push(r);
  }
  return out;
}
