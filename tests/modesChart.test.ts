// @vitest-environment jsdom
// The mode balance beside the plane: the per-mode bars (grey below a quarter of the fair
// share), the KL to uniform on its fixed 0..ln k scale, and the headline that leads with the
// modes holding their share. Values worked out by hand.
import { describe, expect, it } from 'vitest';
import { fewGood, modeBalanceText, modeBarsFigure, modesFigure, modesKlFigure } from '../src/app/charts/ModesChart';
import { Store } from '../src/app/store';
import type { HistoryRow } from '../src/engine/history';

const row = (iteration: number, perMode: number[] | null, extra: Partial<HistoryRow> = {}): HistoryRow => ({
  iteration,
  criticSteps: iteration,
  dLoss: 0.5,
  penalty: 0,
  gLoss: 0.7,
  w1Estimate: null,
  jsEstimate: 0.1,
  exactW1: perMode ? 0.3 : null,
  floor: null,
  modes: perMode ? perMode.filter((c) => c > 0).length : null,
  modesTotal: perMode ? perMode.length : null,
  hq: perMode ? 0.5 : null,
  modesWell: null,
  modesKL: null,
  perMode,
  theta: null,
  ...extra,
});

describe('mode balance', () => {
  it('says when the bars rest on too few good samples to judge (fewer than 100 of 2,500)', () => {
    expect(fewGood(row(100, [30, 20, 10, 5, 0, 0, 0, 0]))).toBe(65);
    expect(fewGood(row(100, [40, 30, 20, 9, 0, 0, 0, 0]))).toBe(99);
    expect(fewGood(row(100, [40, 30, 20, 10, 0, 0, 0, 0]))).toBeNull();
    expect(fewGood(row(100, null))).toBeNull();
    expect(fewGood(null)).toBeNull();
  });

  it('draws each mode’s share with the quarter-share bars grey', () => {
    // 8 modes, 200 high-quality samples: fair share 12.5%, a quarter of it 3.125%
    const fig = modeBarsFigure(row(100, [100, 90, 6, 4, 0, 0, 0, 0]))!;
    const bars = fig.data[0] as { y: number[]; marker: { color: string[] } };
    expect(bars.y).toEqual([50, 45, 3, 2, 0, 0, 0, 0]);
    // 3% and 2% fall under 3.125%: grey, as the empty modes
    expect(bars.marker.color.map((c) => c === '#B0B0B0')).toEqual([false, false, true, true, true, true, true, true]);
    expect((fig.data[1] as { y: number[] }).y).toEqual([12.5, 12.5]);
    expect((fig.data[2] as { y: number[] }).y).toEqual([3.125, 3.125]);
  });

  it('draws the KL over iterations on a fixed scale up to ln k, the most it can be', () => {
    const history = [row(0, null), row(100, [10, 0, 0, 0, 0, 0, 0, 0], { modesKL: Math.log(8) }), row(150, null), row(200, [5, 5, 5, 5, 5, 5, 5, 5], { modesKL: 0 })];
    const fig = modesKlFigure(history)!;
    const kl = fig.data[0] as { x: number[]; y: number[] };
    // only the evaluated rows
    expect(kl.x).toEqual([100, 200]);
    expect(kl.y).toEqual([Math.log(8), 0]);
    const y = fig.layout.yaxis as { range: number[]; tickvals: number[]; ticktext: string[] };
    expect(y.range[0]).toBe(0);
    expect(y.range[1]).toBeGreaterThan(Math.log(8));
    expect(y.ticktext[y.ticktext.length - 1]).toBe('ln 8');
    expect(y.tickvals[y.tickvals.length - 1]).toBeCloseTo(2.0794, 4);
    expect(modesKlFigure([row(0, null)])).toBeNull();
    // an evaluation without a high-quality sample has no KL: a gap, on the same axes
    const empty = modesKlFigure([row(50, [0, 0, 0, 0, 0, 0, 0, 0])])!;
    expect((empty.data[0] as { y: unknown[] }).y).toEqual([null]);
  });

  it('leads with the modes that hold their share, then the KL', () => {
    expect(modeBalanceText(row(300, [700, 600, 5, 5, 4, 3, 2, 1], { modesWell: 2, modesKL: 1.234 }))).toEqual({ holding: '2 of 8', kl: '1.23' });
    expect(modeBalanceText(null)).toBeNull();
  });

  it('puts the modes holding their share first in the coverage chart, captured after', () => {
    const fig = modesFigure([row(100, [10, 10, 0, 0, 0, 0, 0, 1], { modesWell: 2 })], new Store().getState())!;
    const [holding, captured] = fig.data as Array<{ name: string; y: number[] }>;
    expect(holding.name).toMatch(/^modes holding their share/);
    expect(holding.y).toEqual([2]);
    expect(captured.name).toMatch(/^captured/);
    expect(captured.y).toEqual([3]);
  });
});
