// Chart 4: mode coverage on Gaussian mixtures: modes captured and the fraction of
// high-quality samples (within 3 standard deviations of a mode) over iterations, and the
// latest high-quality samples per mode as bars with the fair share marked: "captured"
// counts a mode with one sample in 2,500, the bars show a partial collapse.
import type { HistoryRow } from '../../engine/history';
import { DIGIT_CLASSES } from '../../engine/digits/asset';
import { FAIR_SHARE_FRACTION } from '../../engine/metrics/modes';
import { useMemo } from 'react';
import { useStore, type AppState, type Store } from '../store';
import { COLORS } from './colors';
import { liveHistorySelector } from '../rowThinning';
import { canvasTraceChart } from './canvasTraces';
import { CURVE_REFRESH_MS, LiveChart, smallLegendFont, type Figure } from './LiveChart';

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
        mode: 'lines',
        x: rows.map((r) => r.iteration),
        y: rows.map((r) => r.modesWell),
        name: 'modes with ≥ ¼ of their fair share',
        line: { color: COLORS.modes, width: 1.6, dash: 'dot', shape: 'hv' },
        hovertemplate: '%{y} modes hold ≥ ¼ of their fair share at iteration %{x}<extra></extra>',
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

/** The newest row with a per-mode histogram (the same object until the next evaluation). */
export function latestModesRow(s: Pick<AppState, 'history'>): HistoryRow | null {
  for (let i = s.history.length - 1; i >= 0; i--) if (s.history[i].perMode) return s.history[i];
  return null;
}

/** Bars: each mode's share of the high-quality samples (%), in the target's mode order, with the fair share 100/k % marked. */
export function modeBarsFigure(row: HistoryRow | null): Figure | null {
  if (!row?.perMode) return null;
  const counts = row.perMode;
  const k = counts.length;
  const hq = counts.reduce((a, b) => a + b, 0);
  const share = counts.map((c) => (hq ? (100 * c) / hq : 0));
  const fair = 100 / k;
  // ten modes only on the digits target: its modes are the digits 0-9
  const digits = k === DIGIT_CLASSES;
  const first = digits ? 0 : 1;
  const noun = digits ? 'digit' : 'mode';
  const top = Math.max(2.2 * fair, ...share) * 1.08;
  const line = (y: number, dash: 'dash' | 'dot', name: string) => ({
    type: 'scatter' as const,
    mode: 'lines' as const,
    x: [first - 0.5, first + k - 0.5],
    y: [y, y],
    name,
    line: { color: COLORS.modes, width: 1.5, dash },
    hoverinfo: 'skip' as const,
  });
  return {
    data: [
      {
        type: 'bar',
        x: counts.map((_, i) => i + first),
        y: share,
        customdata: counts,
        name: 'share of high-quality samples',
        marker: { color: share.map((v) => (v >= FAIR_SHARE_FRACTION * fair && v > 0 ? COLORS.hq : '#B0B0B0')) },
        hovertemplate: `${noun} %{x}: %{customdata} samples, %{y:.1f}% of the high-quality ones<extra></extra>`,
      },
      line(fair, 'dash', `fair share (${Number(fair.toFixed(1))}%)`),
      line(FAIR_SHARE_FRACTION * fair, 'dot', '¼ of it'),
    ],
    layout: {
      xaxis: { title: { text: digits ? 'digit (named by the classifier, ≥ 90% sure)' : k === 8 ? 'mode (around the ring)' : 'mode (column by column)' }, dtick: k > 10 ? 2 : 1, range: [first - 0.5, first + k - 0.5] },
      yaxis: { title: { text: '% of HQ' }, range: [0, top], rangemode: 'tozero' },
      showlegend: true,
      legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1.02, yanchor: 'bottom', font: { size: smallLegendFont() } },
      margin: { l: 48, r: 12, t: 18, b: 36 },
      bargap: 0.15,
    },
  };
}

function modeBarsSummary(row: HistoryRow | null): string {
  if (!row?.perMode) return 'Per-mode bars apply to Gaussian mixture targets.';
  return `High-quality samples per mode: ${row.perMode.join(', ')}. ${row.modesWell} of ${row.modesTotal} modes hold at least a quarter of their fair share; KL to uniform ${row.modesKL === null ? '—' : row.modesKL.toFixed(2)}.`;
}

export function ModesChart({ store }: { store: Store }) {
  const traces = useMemo(() => canvasTraceChart(modesFigure), []);
  const liveHistory = useMemo(liveHistorySelector, []);
  const mixture = useStore(store, (s) => latestModesRow(s) !== null);
  return (
    <>
    <LiveChart
      store={store}
      select={liveHistory}
      {...traces}
      minIntervalMs={CURVE_REFRESH_MS}
      label="Mode coverage over iterations"
      summary={(h) => {
        const r = [...h].reverse().find((x) => x.modes !== null);
        return r ? `${r.modes} of ${r.modesTotal} modes captured (${r.modesWell} with at least a quarter of their fair share), ${((r.hq ?? 0) * 100).toFixed(1)}% high-quality samples.` : 'Mode coverage applies to Gaussian mixture targets.';
      }}
      testId="chart-modes"
    />
    {mixture && (
      <div className="mode-bars">
        <LiveChart store={store} select={latestModesRow} build={modeBarsFigure} summary={modeBarsSummary} label="High-quality samples per mode" testId="chart-mode-bars" />
      </div>
    )}
    </>
  );
}
