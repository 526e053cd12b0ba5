// @vitest-environment jsdom
// Painted curves: the axis ranges that follow the data with hysteresis, and the split of a
// Plotly figure into the frame Plotly draws and the traces the canvas paints.
import { describe, expect, it } from 'vitest';
import { dashPattern, followRange, splitFigure, type Range } from '../src/app/charts/canvasTraces';
import { lossFigure } from '../src/app/charts/LossChart';
import { healthFigure } from '../src/app/charts/HealthChart';
import { Store } from '../src/app/store';
import type { HistoryRow } from '../src/engine/history';

describe('followRange', () => {
  it('fits new data with 10% padding, rounded outwards to a 1-2-5 step', () => {
    // span 10, step niceStep(2) = 2: [0 - 1, 10 + 1] -> [-2, 12]
    expect(followRange([0, 4, 10], null)).toEqual([-2, 12]);
  });

  it('keeps the range while the data fit and fill half of it', () => {
    const current: Range = [-2, 12];
    expect(followRange([1, 9], current)).toBe(current);
    // outside: refit
    expect(followRange([0, 13], current)).not.toBe(current);
    // fills less than half: refit, narrower
    const narrow = followRange([4, 5], current)!;
    expect(narrow[1] - narrow[0]).toBeLessThan(7);
  });

  it('gives a growing iteration axis 50% headroom from zero', () => {
    // span 100, step 20: [0, ceil(150 / 20) * 20]
    expect(followRange([0, 50, 100], null, { toZero: true, headroom: 0.5 })).toEqual([0, 160]);
    // it stays until the run passes 160
    expect(followRange([0, 150], [0, 160], { toZero: true, headroom: 0.5 })).toEqual([0, 160]);
  });

  it('works in log10 units on log axes and skips non-positive and missing values', () => {
    const r = followRange([0.01, 1, 0, -3, null, NaN, 10], null, { log: true })!;
    expect(r[0]).toBeLessThanOrEqual(-2);
    expect(r[1]).toBeGreaterThanOrEqual(1);
    expect(r[1]).toBeLessThan(2);
  });

  it('returns the current range when there is nothing to fit', () => {
    expect(followRange([null, NaN], null)).toBeNull();
    expect(followRange([], [0, 1])).toEqual([0, 1]);
  });

  it("matches Plotly's dash patterns, scaled by the line width (at least 3)", () => {
    expect(dashPattern('solid', 2)).toEqual([]);
    expect(dashPattern('dot', 2)).toEqual([3, 3]);
    expect(dashPattern('dash', 4)).toEqual([12, 12]);
    expect(dashPattern('dashdot', 1)).toEqual([9, 3, 3, 3]);
  });
});

const row = (iteration: number, dLoss: number, gLoss: number, penalty: number): HistoryRow =>
  ({ iteration, criticSteps: 5 * iteration, dLoss, gLoss, penalty, w1Estimate: -dLoss, jsEstimate: null, exactW1: null, floor: null, modes: null, modesTotal: null, hq: null }) as unknown as HistoryRow;

describe('splitFigure', () => {
  const store = new Store();
  const history = [row(0, -0.1, 0.1, 0.5), row(10, -1, 0.5, 0.3), row(20, -2, 1, 0.2)];

  it('paints every trace with its points and style, and leaves Plotly a frame without points', () => {
    const fig = lossFigure(history, store.getState());
    const ranges = new Map<string, Range>();
    const { frame, traces } = splitFigure(fig, ranges);
    expect(traces.map((t) => t.name)).toEqual(fig.data.map((d) => (d as { name: string }).name));
    expect(Array.from(traces[0].x)).toEqual([0, 10, 20]);
    expect(Array.from(traces[0].y)).toEqual([-0.1, -1, -2]);
    expect(traces[1].dash).toBe('dash');
    for (const d of frame.data as Array<{ x: unknown[]; y: unknown[] }>) {
      expect(d.x).toEqual([null]);
      expect(d.y).toEqual([null]);
    }
    // explicit ranges that cover the data, remembered for the next call
    const x = (frame.layout.xaxis as { range: Range }).range;
    const y = (frame.layout.yaxis as { range: Range }).range;
    expect(x[0]).toBe(0);
    expect(x[1]).toBeGreaterThanOrEqual(20);
    expect(y[0]).toBeLessThanOrEqual(-2);
    expect(y[1]).toBeGreaterThanOrEqual(1);
    expect(ranges.get('xaxis')).toEqual(x);
    expect(frame.layout.hovermode).toBe(false);
  });

  it('keeps the frame identical while new rows fit the ranges, so Plotly is not called', () => {
    const ranges = new Map<string, Range>();
    const a = splitFigure(lossFigure(history, store.getState()), ranges);
    const b = splitFigure(lossFigure([...history, row(22, -1.5, 0.8, 0.25)], store.getState()), ranges);
    expect(JSON.stringify(b.frame)).toBe(JSON.stringify(a.frame));
    expect(b.traces[0].x.length).toBe(4);
  });

  it('leaves ranges the chart fixed, and handles log axes and second subplots', () => {
    const snapshot = {
      gradNorm: 1,
      weights: [{ name: 'layer 1', counts: [1, 3, 1], lo: -1, hi: 1, count: 5, atClip: 0, min: -1, max: 1 }],
    } as never;
    const rows = [{ iteration: 0, gradNorm: 0.01 }, { iteration: 5 }, { iteration: 10, gradNorm: 2 }] as never;
    const fig = healthFigure({ snapshot, rows }, store.getState())!;
    const { frame, traces } = splitFigure(fig, new Map());
    const y = (frame.layout.yaxis as { range: Range; type: string }).range;
    // log axis: the range is in log10 units and covers 0.01 .. 2
    expect(y[0]).toBeLessThanOrEqual(-2);
    expect(y[1]).toBeGreaterThanOrEqual(Math.log10(2));
    expect(traces[1].xaxis).toBe('x2');
    expect(traces[1].shape).toBe('hvh');
    expect((frame.layout.xaxis2 as { range: Range }).range).toBeDefined();
  });
});
