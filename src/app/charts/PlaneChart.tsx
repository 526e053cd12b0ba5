// Chart 1, the plane: the critic's field (P(real) or the critic's score) as a heatmap or
// contours, target samples, generated samples, and the critic's gradient at generated
// samples as arrows.
import { useMemo } from 'react';
import type { Snapshot } from '../../engine/trainer';
import type { AppState, Store } from '../store';
import { COLORS, PROBABILITY_SCALE, SYMBOLS } from './colors';
import { LiveChart, type Figure } from './LiveChart';
import type { Data } from './plotly';

export interface PlaneView {
  field: 'heatmap' | 'contour' | 'none';
  arrows: boolean;
  /** Presenter mode: larger markers and thicker arrows. */
  presenter?: boolean;
}

function fieldTrace(s: Snapshot, style: PlaneView['field']): Data | null {
  if (style === 'none') return null;
  const { n, extent, values, kind } = s.field;
  const [x0, x1, y0, y1] = extent;
  const xs = Array.from({ length: n }, (_, i) => x0 + ((x1 - x0) * i) / (n - 1));
  const ys = Array.from({ length: n }, (_, j) => y0 + ((y1 - y0) * j) / (n - 1));
  const z = Array.from({ length: n }, (_, j) => values.subarray(j * n, (j + 1) * n));
  let range: { zmin: number; zmax: number; zmid?: number };
  let title: string;
  if (kind === 'probability') {
    range = { zmin: 0, zmax: 1 };
    title = 'D(x) = P(real)';
  } else {
    // A critic's score has an arbitrary offset: centre the scale on the field's median.
    const sorted = Float32Array.from(values).sort();
    const mid = sorted[Math.floor(sorted.length / 2)];
    let spread = 0;
    for (const v of values) spread = Math.max(spread, Math.abs(v - mid));
    spread = spread || 1;
    range = { zmin: mid - spread, zmax: mid + spread };
    title = 'critic f(x)';
  }
  const common = {
    x: xs,
    y: ys,
    z: z as unknown as number[][],
    ...range,
    colorscale: PROBABILITY_SCALE,
    showscale: true,
    colorbar: { title: { text: title, side: 'right' as const }, thickness: 10, len: 0.8 },
    hovertemplate: `x %{x:.2f}, y %{y:.2f}<br>${title} %{z:.3g}<extra></extra>`,
    name: title,
  };
  if (style === 'contour') {
    return { type: 'contour', ...common, contours: { coloring: 'heatmap', showlines: true }, line: { width: 0.5, color: 'rgba(0,0,0,0.25)' }, ncontours: 14 } as Data;
  }
  // 'fast' draws the n×n grid and lets the browser scale it smoothly: 'best' interpolates every
  // screen pixel in JS and PNG-encodes the result, 30+ ms a draw here for the same look.
  return { type: 'heatmap', ...common, zsmooth: 'fast' } as Data;
}

function arrowTraces(s: Snapshot, scaleUp: number): Data[] {
  const { points, gradients } = s.arrows;
  const m = points.length / 2;
  if (!m) return [];
  let maxNorm = 0;
  for (let i = 0; i < m; i++) maxNorm = Math.max(maxNorm, Math.hypot(gradients[2 * i], gradients[2 * i + 1]));
  const [x0, x1] = s.field.extent;
  const scale = maxNorm > 0 ? (0.07 * (x1 - x0)) / maxNorm : 0;
  const x: number[] = [];
  const y: number[] = [];
  const hx: number[] = [];
  const hy: number[] = [];
  for (let i = 0; i < m; i++) {
    const px = points[2 * i];
    const py = points[2 * i + 1];
    const ex = px + scale * gradients[2 * i];
    const ey = py + scale * gradients[2 * i + 1];
    x.push(px, ex, NaN);
    y.push(py, ey, NaN);
    hx.push(ex);
    hy.push(ey);
  }
  const label = `∇f at generated samples (mean ‖∇f‖ ${s.gradNorm.toPrecision(2)})`;
  return [
    { type: 'scattergl', mode: 'lines', x, y, line: { color: COLORS.arrows, width: 1.2 * scaleUp }, name: label, hoverinfo: 'skip', legendgroup: 'arrows' } as Data,
    { type: 'scattergl', mode: 'markers', x: hx, y: hy, marker: { color: COLORS.arrows, size: 3 * scaleUp }, showlegend: false, hoverinfo: 'skip', legendgroup: 'arrows' } as Data,
  ];
}

function pointsTrace(a: Float32Array, name: string, color: string, symbol: string, size: number, opacity: number): Data {
  const n = a.length / 2;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = a[2 * i];
    y[i] = a[2 * i + 1];
  }
  return {
    type: 'scattergl',
    mode: 'markers',
    x,
    y,
    name,
    marker: { color, symbol, size, opacity, line: { width: symbol === 'x' ? 0 : 0 } },
    hovertemplate: `${name} (%{x:.2f}, %{y:.2f})<extra></extra>`,
  } as unknown as Data;
}

export function planeFigure(s: Snapshot, view: PlaneView): Figure {
  const [x0, x1, y0, y1] = s.field.extent;
  const data: Data[] = [];
  const field = fieldTrace(s, view.field);
  if (field) data.push(field);
  const k = view.presenter ? 1.8 : 1;
  data.push(pointsTrace(s.target, 'real samples', COLORS.real, SYMBOLS.real, 4 * k, 0.55));
  data.push(pointsTrace(s.generated, 'generated samples', COLORS.generated, SYMBOLS.generated, 5 * k, 0.85));
  if (view.arrows) data.push(...arrowTraces(s, k));
  return {
    data,
    layout: {
      xaxis: { range: [x0, x1], zeroline: false, constrain: 'domain', title: { text: 'x₁' } },
      yaxis: { range: [y0, y1], zeroline: false, scaleanchor: 'x', scaleratio: 1, constrain: 'domain', title: { text: 'x₂' } },
      margin: { l: 40, r: 8, t: 8, b: 36 },
      legend: { orientation: 'h', x: 0, y: -0.12, yanchor: 'top' },
    },
  };
}

export function PlaneChart({ store, view }: { store: Store; view: PlaneView }) {
  const select = useMemo(() => {
    let last: Snapshot | null = null;
    let out: { snapshot: Snapshot; view: PlaneView } | null = null;
    return (s: AppState) => {
      if (s.snapshot !== last || !out || out.view !== view) {
        last = s.snapshot;
        out = s.snapshot ? { snapshot: s.snapshot, view } : null;
      }
      return out;
    };
  }, [view]);
  return (
    <LiveChart
      store={store}
      select={select}
      build={(input) => (input ? planeFigure(input.snapshot, input.view) : null)}
      label="The plane: real and generated samples over the discriminator's field"
      summary={(input) =>
        input
          ? `Iteration ${input.snapshot.generatorSteps}: ${input.snapshot.generated.length / 2} generated samples (crosses) and ${input.snapshot.target.length / 2} real samples (dots).`
          : ''
      }
      testId="chart-plane"
      priority={0}
      className="chart-plane"
    />
  );
}
