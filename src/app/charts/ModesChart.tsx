// Chart 4: mode coverage on Gaussian mixtures: modes captured and the fraction of
// high-quality samples (within 3 standard deviations of a mode).
import type { HistoryRow } from '../../engine/history';
import { useMemo } from 'react';
import type { AppState, Store } from '../store';
import { COLORS } from './colors';
import { liveHistorySelector } from '../rowThinning';
import { canvasTraceChart } from './canvasTraces';
import { CURVE_REFRESH_MS, LiveChart, type Figure } from './LiveChart';

export function modesFigure(history: HistoryRow[], _s: AppState): Figure | null {
  const rows = history.filter((r) => r.modes !== null);
  const total = rows.length ? rows[rows.length - 1].modesTotal! : 0;
  return {
    data: [
      {
        type: 'scatter',
        mode: 'lines+markers',
        x: rows.map((r) => r.iteration),
        y: rows.map((r) => r.modes),
        name: `modes captured (of ${total})`,
        line: { color: COLORS.modes, width: 2, shape: 'hv' },
        marker: { symbol: 'square', size: 5 },
        hovertemplate: '%{y} modes at iteration %{x}<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        x: rows.map((r) => r.iteration),
        y: rows.map((r) => (r.hq ?? 0) * 100),
        name: 'high-quality samples (%)',
        yaxis: 'y2',
        line: { color: COLORS.hq, width: 1.6, dash: 'dash' },
        marker: { symbol: 'circle-open', size: 5 },
        hovertemplate: '%{y:.1f}% high quality at iteration %{x}<extra></extra>',
      },
    ],
    layout: {
      xaxis: { title: { text: 'iteration' }, rangemode: 'tozero' },
      yaxis: { title: { text: 'modes' }, range: [0, Math.max(1, total) + 0.5], dtick: total > 10 ? 5 : 1 },
      yaxis2: { title: { text: 'high quality %' }, overlaying: 'y', side: 'right', range: [0, 105], dtick: 20, showgrid: false },
      margin: { l: 48, r: 48, t: 8, b: 36 },
    },
  };
}

export function ModesChart({ store }: { store: Store }) {
  const traces = useMemo(() => canvasTraceChart(modesFigure), []);
  const liveHistory = useMemo(liveHistorySelector, []);
  return (
    <LiveChart
      store={store}
      select={liveHistory}
      {...traces}
      minIntervalMs={CURVE_REFRESH_MS}
      label="Mode coverage over iterations"
      summary={(h) => {
        const r = [...h].reverse().find((x) => x.modes !== null);
        return r ? `${r.modes} of ${r.modesTotal} modes captured, ${((r.hq ?? 0) * 100).toFixed(1)}% high-quality samples.` : 'Mode coverage applies to Gaussian mixture targets.';
      }}
      testId="chart-modes"
    />
  );
}
