// Chart 3: the critic's estimate of the distance (W1 for the WGANs, JS for the GANs), the
// exact W1 between samples, and the exact W1's two-sample floor.
import type { HistoryRow } from '../../engine/history';
import { useMemo } from 'react';
import type { AppState, Store } from '../store';
import { COLORS } from './colors';
import { stride } from './decimate';
import { liveHistorySelector } from '../rowThinning';
import { canvasTraceChart } from './canvasTraces';
import { CURVE_REFRESH_MS, LiveChart, type Figure } from './LiveChart';
import type { Data } from './plotly';

export function distanceFigure(history: HistoryRow[], _s: AppState): Figure {
  const rows = stride(history);
  const exact = history.filter((r) => r.exactW1 !== null && Number.isFinite(r.exactW1));
  const data: Data[] = [];
  const est = rows.filter((r) => r.w1Estimate !== null || r.jsEstimate !== null);
  if (est.length) {
    const isW1 = est[0].w1Estimate !== null;
    data.push({
      type: 'scatter',
      mode: 'lines',
      x: est.map((r) => r.iteration),
      y: est.map((r) => (isW1 ? r.w1Estimate : r.jsEstimate)),
      name: isW1 ? 'critic’s W1 estimate −(critic loss)' : 'discriminator’s JS estimate log 2 − J_D',
      line: { color: COLORS.estimate, width: 1.4 },
      hovertemplate: '%{y:.4g} at iteration %{x}<extra></extra>',
    } as Data);
  }
  data.push({
    type: 'scatter',
    mode: 'lines+markers',
    x: exact.map((r) => r.iteration),
    y: exact.map((r) => r.exactW1),
    name: 'exact W1 (500 vs 500 samples)',
    line: { color: COLORS.exact, width: 2 },
    marker: { symbol: 'diamond', size: 5 },
    hovertemplate: 'exact W1 %{y:.4f} at iteration %{x}<extra></extra>',
  } as Data);
  const floor = exact.length ? exact[exact.length - 1].floor : null;
  if (floor !== null && exact.length) {
    const last = Math.max(1, history[history.length - 1].iteration);
    data.push({
      type: 'scatter',
      mode: 'lines',
      x: [0, last],
      y: [floor, floor],
      name: `floor: two target samples ${floor.toFixed(3)}`,
      line: { color: COLORS.floor, dash: 'dash', width: 1.5 },
      hoverinfo: 'skip',
    } as Data);
  }
  return {
    data,
    layout: {
      xaxis: { title: { text: 'iteration' }, rangemode: 'tozero' },
      yaxis: { title: { text: 'distance' }, rangemode: 'tozero' },
    },
  };
}

export function DistanceChart({ store }: { store: Store }) {
  const traces = useMemo(() => canvasTraceChart(distanceFigure), []);
  const liveHistory = useMemo(liveHistorySelector, []);
  return (
    <LiveChart
      store={store}
      select={liveHistory}
      {...traces}
      minIntervalMs={CURVE_REFRESH_MS}
      label="Distance between generated and real distributions over iterations"
      summary={(h) => {
        const r = [...h].reverse().find((x) => x.exactW1 !== null);
        return r ? `Exact W1 ${r.exactW1!.toFixed(3)} at iteration ${r.iteration}; two-sample floor ${r.floor!.toFixed(3)}.` : '';
      }}
      testId="chart-distance"
    />
  );
}
