// The page's history keeps about 5 rows a second while playing (and every evaluation); the
// newest row is drawn even when it is not kept.
import { describe, expect, it } from 'vitest';
import { STORED_ROW_MS, liveHistorySelector, mergeRows, thinRows, withLiveRow } from '../src/app/rowThinning';
import type { HistoryRow } from '../src/engine/history';

const row = (iteration: number, exactW1: number | null = null) => ({ iteration, criticSteps: 5 * iteration, exactW1 }) as unknown as HistoryRow;

describe('thinRows', () => {
  it('keeps every row when not playing (steps, pauses)', () => {
    const state = { lastStoredAt: 0 };
    const rows = [row(1), row(2)];
    expect(thinRows(rows, state, 10, true)).toEqual({ stored: rows, live: null });
  });

  it('while playing keeps at most one row per STORED_ROW_MS, and draws the rest as the live row', () => {
    const state = { lastStoredAt: -Infinity };
    const a = thinRows([row(1)], state, 1000, false);
    expect(a.stored.map((r) => r.iteration)).toEqual([1]);
    expect(a.live).toBeNull();
    // 90 ms later: not kept, but live
    const b = thinRows([row(2)], state, 1090, false);
    expect(b.stored).toEqual([]);
    expect(b.live?.iteration).toBe(2);
    // a full gap later: kept again
    const c = thinRows([row(3)], state, 1000 + STORED_ROW_MS, false);
    expect(c.stored.map((r) => r.iteration)).toEqual([3]);
    expect(c.live).toBeNull();
  });

  it('always keeps evaluations, in order', () => {
    const state = { lastStoredAt: 1000 };
    const out = thinRows([row(4, 0.5), row(5)], state, 1010, false);
    expect(out.stored.map((r) => r.iteration)).toEqual([4]);
    expect(out.live?.iteration).toBe(5);
    expect(thinRows([row(6), row(7, 0.4)], state, 1020, false)).toEqual({ stored: [row(7, 0.4)], live: null });
  });

  it('over a minute at 11 batches a second keeps about 5 rows a second', () => {
    const state = { lastStoredAt: -Infinity };
    let kept = 0;
    for (let k = 0; k < 660; k++) kept += thinRows([row(k)], state, k * 91, false).stored.length;
    expect(kept).toBeGreaterThan(280);
    expect(kept).toBeLessThan(360);
  });
});

describe('withLiveRow', () => {
  it('appends the live row only when it is newer than the history', () => {
    const h = [row(1), row(2)];
    expect(withLiveRow(h, null)).toBe(h);
    expect(withLiveRow(h, row(2))).toBe(h);
    expect(withLiveRow(h, row(3)).map((r) => r.iteration)).toEqual([1, 2, 3]);
    expect(withLiveRow([], row(0)).length).toBe(1);
  });

  it('the selector returns the same array until the history or the live row changes', () => {
    const select = liveHistorySelector();
    const s = { history: [row(1)], liveRow: row(2) };
    const first = select(s);
    expect(select({ ...s })).toBe(first);
    expect(select({ ...s, liveRow: row(3) })).not.toBe(first);
  });
});

describe('mergeRows', () => {
  it('appends new steps and lets a later row for the same step (an evaluation) replace the earlier', () => {
    const history = [row(1), row(2)];
    const merged = mergeRows(history, [row(2, 0.5), row(3)]);
    expect(merged.map((r) => [r.iteration, r.exactW1])).toEqual([
      [1, null],
      [2, 0.5],
      [3, null],
    ]);
    // within one batch too, and the history it was given is left alone
    expect(mergeRows([], [row(4), row(4, 0.2)]).map((r) => r.exactW1)).toEqual([0.2]);
    expect(history.map((r) => r.exactW1)).toEqual([null, null]);
  });
});
