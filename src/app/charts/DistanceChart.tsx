// Chart 3: the critic's estimate of the distance (W1 for the WGANs, JS for the GANs), the
// exact W1 between samples, and the exact W1's two-sample floor.
import { clippedLipschitzBound, formatSignificant } from '../../engine/estimates';
import type { HistoryRow } from '../../engine/history';
import type { Settings } from '../../engine/settings';
import { useMemo } from 'react';
import { useStore, type AppState, type Store } from '../store';
import { COLORS } from './colors';
import { stride } from './decimate';
import { liveHistorySelector } from '../rowThinning';
import { canvasTraceChart } from './canvasTraces';
import { CURVE_REFRESH_MS, LiveChart, type Figure } from './LiveChart';
import type { Data } from './plotly';

/** The floor band's edges: a lighter grey than the floor's own dashed line. */
const FLOOR_BAND = '#b8b8b8';

/** The floor band's text: mean ± spread with significant digits. */
export function floorText(floor: number, spread: number | null | undefined): string {
  return spread != null ? `${floor.toFixed(3)} ± ${spread.toPrecision(2)}` : floor.toFixed(3);
}

/** Weight clipping: the critic's estimate is K·W1 with K far below 1, on an axis of its own. */
const clipped = (s: Settings) => s.model !== 'alae' && s.loss === 'wgan';

export function distanceFigure(history: HistoryRow[], s: AppState): Figure {
  const rows = stride(history);
  const exact = history.filter((r) => r.exactW1 !== null && Number.isFinite(r.exactW1));
  const data: Data[] = [];
  const est = rows.filter((r) => r.w1Estimate !== null || r.jsEstimate !== null);
  const scaled = clipped(s.settings);
  if (est.length) {
    const isW1 = est[0].w1Estimate !== null;
    data.push({
      type: 'scatter',
      mode: 'lines',
      x: est.map((r) => r.iteration),
      y: est.map((r) => (isW1 ? r.w1Estimate : r.jsEstimate)),
      name: scaled && isW1 ? 'critic’s K·W1 estimate, right axis' : isW1 ? 'critic’s W1 estimate −(critic loss)' : 'discriminator’s JS estimate log 2 − J_D',
      line: { color: COLORS.estimate, width: 1.4 },
      hovertemplate: `${scaled && isW1 ? 'K·W1 ' : ''}%{y:.4g} at iteration %{x}<extra></extra>`,
      ...(scaled && isW1 ? { yaxis: 'y2' } : {}),
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
  // the floor as a band: the mean ± spread of several draws of the distance between two real samples
  const lastExact = exact.length ? exact[exact.length - 1] : null;
  const floor = lastExact?.floor ?? null;
  const spread = lastExact?.floorSpread ?? null;
  if (floor !== null && lastExact) {
    const last = Math.max(1, history[history.length - 1].iteration);
    data.push({
      type: 'scatter',
      mode: 'lines',
      x: [0, last],
      y: [floor, floor],
      name: `floor (two real samples) ${floorText(floor, spread)}`,
      line: { color: COLORS.floor, dash: 'dash', width: 1.5 },
      hoverinfo: 'skip',
    } as Data);
    if (spread !== null) {
      for (const edge of [floor - spread, floor + spread]) {
        data.push({ type: 'scatter', mode: 'lines', x: [0, last], y: [edge, edge], showlegend: false, line: { color: FLOOR_BAND, width: 0.75 }, hoverinfo: 'skip' } as Data);
      }
    }
  }
  return {
    data,
    layout: {
      xaxis: { title: { text: 'iteration' }, rangemode: 'tozero' },
      yaxis: { title: { text: 'distance' }, rangemode: 'tozero' },
      // the clipped critic's K·W1 is orders of magnitude below W1: its own axis, named by its scale
      ...(scaled ? { yaxis2: { title: { text: 'K·W1 (critic’s scale)' }, overlaying: 'y', side: 'right', rangemode: 'tozero', showgrid: false }, margin: { l: 48, r: 56, t: 8, b: 36 } } : {}),
    },
  };
}

/**
 * What the chart's numbers measure where that is not plain W1 on the plane: pixel space on the
 * digits, and the clipped critic's scale. Figures measured by tests/pixelW1.test.ts.
 */
export function distanceCaption(s: Settings): string | null {
  const notes: string[] = [];
  if (s.target === 'digits') {
    notes.push(
      'On the digits the exact W1 is measured in pixel space: the mean Euclidean distance between matched 14 × 14 images. ' +
        'Pixel distance favours grey blends over sharp strokes in slightly different places: blends of 8 real digits score about 2.75 against the held-out digits, ' +
        'the same real digits shifted by one pixel about 3.26, two sets of real digits about 2.45 (the floor). ' +
        'So while blurry samples turn into crisp but imperfect digits the exact W1 can rise as they look better; the recognised share under Mode coverage follows quality more closely.',
    );
  }
  if (clipped(s)) {
    notes.push(
      `Weight clipping makes the critic K-Lipschitz with K set by the clip value and the layer sizes, not 1: −(critic loss) estimates K·W1 (K ≤ Π c·√(fan-in·fan-out)${
        clippedLipschitzBound(s) !== null ? ` = ${formatSignificant(clippedLipschitzBound(s)!, 2)} for c = ${s.clip} and these layers` : ''
      }), so it follows W1 up to that factor and is drawn on the right axis.`,
    );
  }
  return notes.length ? notes.join(' ') : null;
}

export function DistanceChart({ store }: { store: Store }) {
  const traces = useMemo(() => canvasTraceChart(distanceFigure), []);
  const liveHistory = useMemo(liveHistorySelector, []);
  const caption = useStore(store, (s) => distanceCaption(s.settings));
  return (
    <>
    <LiveChart
      store={store}
      select={liveHistory}
      {...traces}
      minIntervalMs={CURVE_REFRESH_MS}
      label="Distance between generated and real distributions over iterations"
      summary={(h) => {
        const r = [...h].reverse().find((x) => x.exactW1 !== null);
        return r ? `Exact W1 ${r.exactW1!.toFixed(3)} at iteration ${r.iteration}; typical W1 between two real samples ${floorText(r.floor!, r.floorSpread)}.` : '';
      }}
      testId="chart-distance"
    />
    {caption && (
      <p className="card-note" data-testid="distance-caption">
        {caption}
      </p>
    )}
    </>
  );
}
