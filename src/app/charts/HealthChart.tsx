// Chart 5, critic health: the mean gradient norm of the critic at generated samples over
// iterations (log scale: vanishing and exploding gradients show), and per-layer weight
// histograms (weight clipping piles weights up at ±c).
import { useMemo } from 'react';
import { LOSS_INFO as LOSSES } from '../../engine/lossInfo';
import type { HistoryRow } from '../../engine/history';
import type { Snapshot } from '../../engine/trainer';
import { withLiveRow } from '../rowThinning';
import type { AppState, Store } from '../store';
import { COLORS } from './colors';
import { stride } from './decimate';
import { canvasTraceChart } from './canvasTraces';
import { CURVE_REFRESH_MS, LiveChart, chartFontSize, smallLegendFont, type Figure } from './LiveChart';
import { narrowScreen } from './PlaneChart';
import type { Data } from './plotly';

/** The gradient norms are in the history's rows (one per snapshot's step), so a saved run carries them. */
type Input = { snapshot: Snapshot; rows: HistoryRow[] } | null;

/** The rows that carry a gradient norm, as points. */
export function gradNormPoints(rows: HistoryRow[]): Array<{ iteration: number; value: number }> {
  const out: Array<{ iteration: number; value: number }> = [];
  for (const r of rows) if (r.gradNorm != null && r.gradNorm > 0 && Number.isFinite(r.gradNorm)) out.push({ iteration: r.iteration, value: r.gradNorm });
  return out;
}

export function healthFigure(input: Input, s: AppState): Figure | null {
  if (!input) return null;
  const norms = stride(gradNormPoints(input.rows));
  const data: Data[] = [
    {
      type: 'scatter',
      mode: 'lines',
      x: norms.map((p) => p.iteration),
      y: norms.map((p) => p.value),
      name: 'mean ‖∇f‖ at generated samples',
      line: { color: COLORS.gradNorm, width: 1.8 },
      xaxis: 'x',
      yaxis: 'y',
      hovertemplate: '‖∇f‖ %{y:.3g} at iteration %{x}<extra></extra>',
    } as Data,
  ];
  input.snapshot.weights.forEach((w, i) => {
    const bins = w.counts.length;
    const width = (w.hi - w.lo) / bins;
    const x = w.counts.map((_, b) => w.lo + (b + 0.5) * width);
    data.push({
      type: 'scatter',
      mode: 'lines',
      x,
      y: w.counts.map((c) => c / w.count),
      name: `${w.name} weights${w.atClip > 0 ? ` (${(w.atClip * 100).toFixed(0)}% at ±c)` : ''}`,
      line: { shape: 'hvh', color: COLORS.layers[i % COLORS.layers.length], dash: COLORS.dashes[i % COLORS.dashes.length], width: 1.6 },
      xaxis: 'x2',
      yaxis: 'y2',
      hovertemplate: `${w.name}: %{y:.1%} of weights near %{x:.3g}<extra></extra>`,
    } as Data);
  });
  const clip = LOSSES[s.settings.loss].constraint === 'clip' ? s.settings.clip : 0;
  const shapes = clip
    ? [-clip, clip].map((c) => ({ type: 'line' as const, xref: 'x2' as const, yref: 'paper' as const, x0: c, x1: c, y0: 0, y1: 0.4, line: { color: '#7f7f7f', dash: 'dot' as const, width: 1 } }))
    : [];
  // presenter mode's large legend, or a phone's width, leaves no room beside the plots: the legend goes above them
  const legendAbove = chartFontSize() > 12 || narrowScreen();
  const domain: [number, number] = legendAbove ? [0, 1] : [0, 0.7];
  return {
    data,
    layout: {
      xaxis: { title: { text: 'iteration', standoff: 2 }, rangemode: 'tozero', domain, anchor: 'y' },
      yaxis: { title: { text: '‖∇f‖' }, type: 'log', dtick: 1, domain: [0.62, 1] },
      xaxis2: { title: { text: clip ? `critic weight (±c = ±${clip})` : 'critic weight', standoff: 2 }, anchor: 'y2', domain },
      yaxis2: { title: { text: 'share' }, tickformat: '.0%', rangemode: 'tozero', domain: [0, 0.4], anchor: 'x2' },
      shapes,
      margin: { l: 52, r: 8, t: 8, b: 40 },
      legend: legendAbove
        ? { orientation: 'h', x: 0, xanchor: 'left', y: 1.02, yanchor: 'bottom', font: { size: smallLegendFont() } }
        : { orientation: 'v', x: 0.73, y: 1, yanchor: 'top', xanchor: 'left', font: { size: smallLegendFont() } },
    },
  };
}

export function HealthChart({ store }: { store: Store }) {
  const traces = useMemo(() => canvasTraceChart(healthFigure), []);
  const select = useMemo(() => {
    let last: Snapshot | null = null;
    let lastHistory: HistoryRow[] | null = null;
    let lastLive: HistoryRow | null = null;
    let out: Input = null;
    return (s: AppState): Input => {
      if (s.snapshot !== last || s.history !== lastHistory || s.liveRow !== lastLive) {
        last = s.snapshot;
        lastHistory = s.history;
        lastLive = s.liveRow;
        out = s.snapshot ? { snapshot: s.snapshot, rows: withLiveRow(s.history, s.liveRow) } : null;
      }
      return out;
    };
  }, []);
  return (
    <LiveChart
      store={store}
      select={select}
      {...traces}
      minIntervalMs={CURVE_REFRESH_MS}
      label="Critic health: gradient norm and weight histograms"
      summary={(i) =>
        i ? `Mean critic gradient norm ${i.snapshot.gradNorm.toPrecision(3)}; ${i.snapshot.weights.map((w) => `${w.name} weights from ${w.min.toPrecision(2)} to ${w.max.toPrecision(2)}`).join('; ')}.` : ''
      }
      testId="chart-health"
    />
  );
}
