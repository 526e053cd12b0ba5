// Chart 4: mode coverage on Gaussian mixtures (and digits). Over iterations: the modes that
// hold their share (at least a quarter of a fair share of the high-quality samples, within 3
// standard deviations of a mode), the lenient "captured" (one sample in 2,500 counts), and the
// fraction of high-quality samples. Beside the plane (ModeBalance): the latest high-quality
// samples per mode as bars with the fair share marked, and the KL divergence of that histogram
// to the uniform one as a number and over iterations, so a partial collapse shows at a glance.
import type { HistoryRow } from '../../engine/history';
import { DIGIT_CLASSES } from '../../engine/digits/asset';
import { FAIR_SHARE_FRACTION, MIN_JUDGED_SAMPLES } from '../../engine/metrics/modes';
import { useMemo } from 'react';
import { useStore, type AppState, type Store } from '../store';
import { COLORS } from './colors';
import { liveHistorySelector } from '../rowThinning';
import { canvasTraceChart } from './canvasTraces';
import { CURVE_REFRESH_MS, LiveChart, type Figure } from './LiveChart';

export function modesFigure(history: HistoryRow[], _s: AppState): Figure | null {
  const rows = history.filter((r) => r.modes !== null);
  const total = rows.length ? rows[rows.length - 1].modesTotal! : 0;
  const x = rows.map((r) => r.iteration);
  return {
    data: [
      {
        type: 'scatter',
        mode: 'lines+markers',
        x,
        y: rows.map((r) => r.modesWell),
        name: `modes holding their share (of ${total})`,
        line: { color: COLORS.modes, width: 2.2, shape: 'hv' },
        marker: { symbol: 'square', size: 5 },
        hovertemplate: '%{y} modes hold ≥ ¼ of their fair share at iteration %{x}<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'lines',
        x,
        y: rows.map((r) => r.modes),
        name: 'captured (≥ 1 sample)',
        line: { color: COLORS.modes, width: 1.3, dash: 'dot', shape: 'hv' },
        hovertemplate: '%{y} modes captured at iteration %{x}<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        x,
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

/** A label in the right margin naming the reference line at height y: above it, or below it (`under`) so that two close lines' labels never overlap. */
const marginLabel = (y: number, text: string, under = false) => ({ xref: 'paper' as const, x: 1, xanchor: 'left' as const, yref: 'y' as const, y, yanchor: under ? ('top' as const) : ('bottom' as const), text, showarrow: false, font: { color: COLORS.modes } });

/**
 * Bars: each mode's share of the high-quality samples (%), in the target's mode order, with
 * the fair share 100/k % and a quarter of it drawn as lines and named in the right margin (a
 * legend did not fit beside the plane). Bars below the quarter are grey: those modes do not
 * hold their share.
 */
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
    showlegend: false,
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
        showlegend: false,
        marker: { color: share.map((v) => (v >= FAIR_SHARE_FRACTION * fair && v > 0 ? COLORS.hq : '#B0B0B0')) },
        hovertemplate: `${noun} %{x}: %{customdata} samples, %{y:.1f}% of the high-quality ones<extra></extra>`,
      },
      line(fair, 'dash', `fair share (${Number(fair.toFixed(1))}%)`),
      line(FAIR_SHARE_FRACTION * fair, 'dot', '¼ of it'),
    ],
    layout: {
      xaxis: { title: { text: digits ? 'digit' : k === 8 ? 'mode (around the ring)' : 'mode (column by column)' }, dtick: k > 10 ? 2 : 1, range: [first - 0.5, first + k - 0.5], fixedrange: true },
      yaxis: { title: { text: '% of HQ' }, range: [0, top], rangemode: 'tozero', fixedrange: true },
      showlegend: false,
      annotations: [marginLabel(fair, 'fair'), marginLabel(FAIR_SHARE_FRACTION * fair, '¼', true)],
      margin: { l: 44, r: 30, t: 6, b: 34 },
      bargap: 0.15,
    },
  };
}

function modeBarsSummary(row: HistoryRow | null): string {
  if (!row?.perMode) return 'Per-mode bars apply to Gaussian mixture targets.';
  return `At iteration ${row.iteration}, high-quality samples per mode: ${row.perMode.join(', ')}. ${row.modesWell} of ${row.modesTotal} modes hold at least a quarter of their fair share; KL to uniform ${row.modesKL === null ? '—' : row.modesKL.toFixed(2)}.`;
}

/**
 * The KL divergence between the per-mode histogram and the uniform one over iterations, on a
 * fixed scale from 0 (every mode its fair share) to ln k (every sample on one mode), the
 * most it can be: a collapse climbs towards the dotted line.
 */
export function modesKlFigure(history: HistoryRow[]): Figure | null {
  // every evaluated row; the KL is a gap where no sample was high quality (it has no histogram)
  const rows = history.filter((r) => r.modesTotal);
  if (!rows.length) return null;
  const k = rows[rows.length - 1].modesTotal!;
  const oneMode = Math.log(k);
  const ticks = [0, 1, 2, 3].filter((t) => t < oneMode - 0.4);
  const x = rows.map((r) => r.iteration);
  return {
    data: [
      {
        type: 'scatter',
        mode: 'lines+markers',
        x,
        y: rows.map((r) => r.modesKL),
        name: 'KL to uniform',
        line: { color: COLORS.modes, width: 2 },
        marker: { symbol: 'circle', size: 4 },
      },
      {
        type: 'scatter',
        mode: 'lines',
        x: [0, Math.max(1, x[x.length - 1])],
        y: [oneMode, oneMode],
        name: `all on one mode (ln ${k})`,
        line: { color: COLORS.floor, width: 1, dash: 'dot' },
      },
    ],
    layout: {
      xaxis: { rangemode: 'tozero', title: { text: 'iteration' } },
      // the top tick names the ceiling: ln k, every high-quality sample on one mode
      yaxis: { title: { text: 'KL' }, range: [0, oneMode * 1.08], tickvals: [...ticks, oneMode], ticktext: [...ticks.map(String), `ln ${k}`], fixedrange: true },
      showlegend: false,
      margin: { l: 44, r: 30, t: 4, b: 34 },
    },
  };
}

/** The good samples behind the bars when there are too few to judge shares by (else null). */
export function fewGood(row: HistoryRow | null): number | null {
  if (!row?.perMode) return null;
  const good = row.perMode.reduce((a, b) => a + b, 0);
  return good < MIN_JUDGED_SAMPLES ? good : null;
}

/** The headline beside the plane: the modes that hold their share, then the KL to uniform. */
export function modeBalanceText(row: HistoryRow | null): { holding: string; kl: string } | null {
  if (!row?.perMode || row.modesWell === null || row.modesTotal === null) return null;
  return { holding: `${row.modesWell} of ${row.modesTotal}`, kl: row.modesKL === null ? '—' : row.modesKL.toFixed(2) };
}

/** Per-mode bars, the KL to uniform as a number and over iterations: beside the plane in the playground. */
export function ModeBalance({ store }: { store: Store }) {
  const row = useStore(store, latestModesRow);
  const digits = useStore(store, (s) => s.settings.target === 'digits');
  const kl = useMemo(() => canvasTraceChart(modesKlFigure), []);
  const liveHistory = useMemo(liveHistorySelector, []);
  const text = modeBalanceText(row);
  const noun = digits ? 'digits' : 'modes';
  return (
    <div className="mode-balance" data-testid="mode-balance">
      <p className="mode-balance-headline" data-testid="mode-balance-headline">
        {text ? (
          <>
            <span>
              <strong>{text.holding}</strong> {noun} hold their share
            </span>
            <span>
              KL to uniform <strong>{text.kl}</strong>
            </span>
          </>
        ) : (
          'Per-mode shares appear at the first evaluation.'
        )}
      </p>
      {fewGood(row) !== null && (
        <p className="mode-balance-few" data-testid="mode-balance-few">
          From only {fewGood(row)} good samples of 2,500: too few to judge the shares (the presets judge from {MIN_JUDGED_SAMPLES}).
        </p>
      )}
      <div className="mode-bars">
        <LiveChart store={store} select={latestModesRow} build={modeBarsFigure} summary={modeBarsSummary} label="High-quality samples per mode" testId="chart-mode-bars" />
      </div>
      <div className="mode-kl">
        <LiveChart
          store={store}
          select={liveHistory}
          {...kl}
          minIntervalMs={CURVE_REFRESH_MS}
          label="KL divergence of the per-mode histogram to the uniform one, over iterations"
          summary={(h) => {
            const r = [...h].reverse().find((x) => x.modesKL !== null);
            return r ? `KL to uniform ${r.modesKL!.toFixed(2)} nats at iteration ${r.iteration} (0: every mode its fair share; ln ${r.modesTotal}: all on one mode).` : 'No per-mode histogram yet.';
          }}
          testId="chart-mode-kl"
        />
      </div>
    </div>
  );
}

/**
 * Mode coverage over iterations; with `balance` (the side-by-side view), the bars and the KL
 * under it. The playground shows those beside the plane instead (PlaygroundView).
 */
export function ModesChart({ store, balance = true }: { store: Store; balance?: boolean }) {
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
          return r ? `${r.modesWell} of ${r.modesTotal} modes hold their share (at least a quarter of a fair share); ${r.modes} captured; ${((r.hq ?? 0) * 100).toFixed(1)}% high-quality samples.` : 'Mode coverage applies to Gaussian mixture targets.';
        }}
        testId="chart-modes"
      />
      {balance && mixture && <ModeBalance store={store} />}
    </>
  );
}
