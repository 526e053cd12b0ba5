// Chart 1, the plane: the critic's field (P(real) or the critic's score) as a heatmap or
// contours, target samples (rings), generated samples drawn over them, and the critic's gradient at generated
// samples as arrows. Plotly draws the frame (axes, colour bar, legend) and redraws it only
// when it changes; the moving layers are painted into one canvas inside Plotly's layer stack
// (planeRender.ts), above the grid and below the legend, zoom box and colour bar.
import { useMemo, useRef } from 'react';
import type { AlaeView, Snapshot } from '../../engine/trainer';
import type { AppState, Store, TransportShown } from '../store';
import { COLORS, PROBABILITY_SCALE, SYMBOLS } from './colors';
import { LiveChart, type Figure } from './LiveChart';
import type { Data } from './plotly';
import { attachReadout, placeLayer } from './chartLayer';
import { colorLut, criticScale, drawPlane, sampleField, type ColorRange, type PlaneColors } from './planeRender';
import { PlaneLegend } from './PlaneLegend';
import { isPreview, planePreview } from './planePreview';
import { drawTransport, meanLineLength } from './transportRender';

/** The transport lines' colour: black, as the exact W1's curve in the distance chart. */
const TRANSPORT_COLOR = COLORS.exact;

export interface PlaneView {
  field: 'heatmap' | 'contour' | 'none';
  arrows: boolean;
  /** The optimal transport plan behind the exact W1: a line per evaluated generated sample. */
  transport?: boolean;
  /** Presenter mode: larger markers and thicker arrows. */
  presenter?: boolean;
  /** ALAE: a line from each of the first real samples x to its reconstruction G(E(x)). */
  reconstructions?: boolean;
}

/** What the plane's div exposes of the snapshot it shows (tests and the PNG export read it). */
export interface PlaneDiv extends HTMLDivElement {
  plane?: { snapshot: Snapshot; range: ColorRange };
}

const PLANE_COLORS: PlaneColors = { real: COLORS.real, generated: COLORS.generated, arrows: COLORS.arrows, lut: colorLut(PROBABILITY_SCALE) };

/** The colour bar's title: a critic's score is shown relative to its median (criticScale). */
const barTitle = (s: Snapshot) => (s.field.kind === 'probability' ? 'D(x) = P(real)' : 'f(x) − median f');

export interface PlaneScale {
  /** The values the colours span, and the range the colour bar shows. */
  paint: ColorRange;
  bar: ColorRange;
  /** A critic scale's half-width, kept between snapshots while it fits. */
  half: number | null;
}

/** The colour scale: fixed for a probability, a round range around the median for a critic's score. */
export function planeScale(s: Snapshot, currentHalf: number | null): PlaneScale {
  if (s.field.kind === 'probability') return { paint: { lo: 0, hi: 1 }, bar: { lo: 0, hi: 1 }, half: null };
  return criticScale(s.field.values, currentHalf);
}

/** A phone-sized window: the plane's colour bar goes under the plot (screens.css gives it the height). */
export const narrowScreen = () => typeof window !== 'undefined' && window.innerWidth <= 600;

/** The figure Plotly draws: axes, the colour bar and the legend, with no points of its own. */
export function planeFrame(s: Snapshot, view: PlaneView, range: ColorRange): Figure {
  const title = barTitle(s);
  const [x0, x1, y0, y1] = s.field.extent;
  const k = view.presenter ? 1.8 : 1;
  // one null point: a trace Plotly lists in the legend but draws nothing for
  const none = [null] as unknown as number[];
  const data: Data[] = [];
  if (view.field !== 'none') {
    data.push({
      type: 'scatter',
      mode: 'markers',
      x: none,
      y: none,
      name: title,
      showlegend: false,
      hoverinfo: 'skip',
      marker: {
        color: [range.lo, range.hi],
        cmin: range.lo,
        cmax: range.hi,
        colorscale: PROBABILITY_SCALE,
        showscale: true,
        // on a narrow screen the colour bar lies under the plot, which then gets the full width
        colorbar: narrowScreen()
          ? { title: { text: title, side: 'top' }, orientation: 'h', thickness: 8, len: 0.9, x: 0.5, xanchor: 'center', y: -0.16, yanchor: 'top' }
          : { title: { text: title, side: 'right' }, thickness: 10, len: 0.8 },
      },
    } as Data);
  }
  data.push({ type: 'scatter', mode: 'markers', x: none, y: none, name: 'real samples', marker: { color: COLORS.real, symbol: 'circle-open', size: 4 * k, opacity: 0.55 } } as Data);
  data.push({ type: 'scatter', mode: 'markers', x: none, y: none, name: 'generated samples', marker: { color: COLORS.generated, symbol: SYMBOLS.generated, size: 5 * k, opacity: 0.85 } } as Data);
  if (view.arrows) data.push({ type: 'scatter', mode: 'lines', x: none, y: none, name: '∇f at generated samples', line: { color: COLORS.arrows, width: 1.2 * k } } as Data);
  if (view.transport) data.push({ type: 'scatter', mode: 'lines', x: none, y: none, name: 'optimal plan (exact W1)', line: { color: TRANSPORT_COLOR, width: 1 * k } } as Data);
  return {
    data,
    layout: {
      xaxis: { range: [x0, x1], zeroline: false, constrain: 'domain', title: { text: 'x₁' } },
      yaxis: { range: [y0, y1], zeroline: false, scaleanchor: 'x', scaleratio: 1, constrain: 'domain', title: { text: 'x₂' } },
      margin: { l: 40, r: 8, t: 8, b: narrowScreen() && view.field !== 'none' ? 96 : 36 },
      // the legend is HTML under the chart (PlaneLegend): Plotly's overlapped the axis title
      showlegend: false,
      // the canvas has no Plotly points to hover: the plane shows its own readout
      hovermode: false,
    },
  };
}

interface PlotlyAxis {
  _offset: number;
  _length: number;
  range: [number, number];
}

/** The plot area of a drawn Plotly div, or null before the first draw. */
function plotArea(div: HTMLDivElement): { x: PlotlyAxis; y: PlotlyAxis } | null {
  const fl = (div as unknown as { _fullLayout?: { xaxis?: PlotlyAxis; yaxis?: PlotlyAxis } })._fullLayout;
  return fl?.xaxis?._length && fl.yaxis?._length ? { x: fl.xaxis, y: fl.yaxis } : null;
}

function paintPlane(div: PlaneDiv, snapshot: Snapshot, view: PlaneView, range: ColorRange, transport: TransportShown | null): void {
  const area = plotArea(div);
  if (!area) return;
  const width = area.x._length;
  const height = area.y._length;
  const ctx = placeLayer(div, 'plane-layer', { left: area.x._offset, top: area.y._offset, width, height });
  if (!ctx) return;
  drawPlane(
    ctx,
    snapshot,
    // a preview (planePreview.ts) has target samples only: no field, no arrows yet
    { field: snapshot.field.n > 1 ? view.field : 'none', arrows: view.arrows && snapshot.arrows.points.length > 0, scale: view.presenter ? 1.8 : 1 },
    { width, height, xRange: area.x.range, yRange: area.y.range },
    range,
    PLANE_COLORS,
  );
  if (view.transport && transport) {
    const [xa, xb] = area.x.range;
    const [ya, yb] = area.y.range;
    const px = (x: number) => ((x - xa) * width) / (xb - xa);
    const py = (y: number) => ((yb - y) * height) / (yb - ya);
    drawTransport(ctx, transport, px, py, TRANSPORT_COLOR, view.presenter ? 1.6 : 0.9);
  }
  if (view.reconstructions && snapshot.alae) drawReconstructions(ctx, snapshot.alae, area, width, height, view.presenter ? 1.8 : 1);
  div.plane = { snapshot, range };
}

/** ALAE's reconstructions: a short line from each real sample x to G(E(x)), and a dot at G(E(x)). */
function drawReconstructions(ctx: CanvasRenderingContext2D, alae: AlaeView, area: { x: PlotlyAxis; y: PlotlyAxis }, width: number, height: number, k: number): void {
  const [xa, xb] = area.x.range;
  const [ya, yb] = area.y.range;
  const px = (x: number) => ((x - xa) * width) / (xb - xa);
  const py = (y: number) => ((yb - y) * height) / (yb - ya);
  const { reconFrom: from, reconTo: to } = alae;
  ctx.save();
  ctx.strokeStyle = COLORS.reconstruction;
  ctx.fillStyle = COLORS.reconstruction;
  ctx.lineWidth = 1.1 * k;
  ctx.globalAlpha = 0.8;
  ctx.beginPath();
  for (let i = 0; i + 1 < from.length; i += 2) {
    ctx.moveTo(px(from[i]), py(from[i + 1]));
    ctx.lineTo(px(to[i]), py(to[i + 1]));
  }
  ctx.stroke();
  ctx.beginPath();
  for (let i = 0; i + 1 < to.length; i += 2) {
    ctx.moveTo(px(to[i]) + 1.6 * k, py(to[i + 1]));
    ctx.arc(px(to[i]), py(to[i + 1]), 1.6 * k, 0, 2 * Math.PI);
  }
  ctx.fill();
  ctx.restore();
}

/** Mean distance ‖x − G(E(x))‖ over the reconstruction lines shown. */
export function meanReconstructionDistance(alae: AlaeView): number {
  const { reconFrom: a, reconTo: b } = alae;
  let sum = 0;
  for (let i = 0; i + 1 < a.length; i += 2) sum += Math.hypot(a[i] - b[i], a[i + 1] - b[i + 1]);
  return a.length ? sum / (a.length / 2) : 0;
}

const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toPrecision(3));

/** The readout's text: the position under the pointer and the field there. */
function describePoint(div: PlaneDiv, px: number, py: number): string | null {
  const area = plotArea(div);
  const shown = div.plane;
  if (!area || !shown) return null;
  const u = (px - area.x._offset) / area.x._length;
  const v = (py - area.y._offset) / area.y._length;
  if (u < 0 || u > 1 || v < 0 || v > 1) return null;
  const x = area.x.range[0] + u * (area.x.range[1] - area.x.range[0]);
  const y = area.y.range[1] - v * (area.y.range[1] - area.y.range[0]);
  const f = sampleField(shown.snapshot.field, x, y);
  // in the colour bar's units: a critic's score relative to the median the colours are centred on
  const relative = shown.snapshot.field.kind !== 'probability';
  const value = relative ? f - (shown.range.lo + shown.range.hi) / 2 : f;
  return `x ${x.toFixed(2)}, y ${y.toFixed(2)}${Number.isFinite(f) ? ` · ${barTitle(shown.snapshot)} ${fmt(value)}` : ''}`;
}

/** The transport caption: the lines' own mean length, which is the exact W1 of that evaluation. */
function transportText(t: TransportShown | null): string {
  if (!t) return 'Optimal plan: waiting for the next exact evaluation (every 2 s while training).';
  const n = t.from.length / 2;
  return `Optimal plan at iteration ${t.iteration}: ${n} generated → ${n} real samples; mean line length = exact W1 = ${meanLineLength(t.from, t.to).toFixed(3)}. Dark, long lines: mass that still has far to go.`;
}

export function PlaneChart({ store, view }: { store: Store; view: PlaneView }) {
  // the colour scale in use (its width kept between snapshots while it fits) and the gradient caption
  const scale = useRef<PlaneScale | null>(null);
  const caption = useRef<HTMLParagraphElement>(null);
  const transportCaption = useRef<HTMLParagraphElement>(null);
  const reconCaption = useRef<HTMLParagraphElement>(null);
  // whether scale.current was set by a preview: its range must not carry into the run's first snapshot
  const scaleFromPreview = useRef(false);
  const select = useMemo(() => {
    let last: Snapshot | null = null;
    let lastTransport: TransportShown | null = null;
    let out: { snapshot: Snapshot; view: PlaneView; transport: TransportShown | null } | null = null;
    // before the worker's first snapshot: the target's samples, drawn here (planePreview.ts)
    let preview: { key: unknown[]; snapshot: Snapshot | null } | null = null;
    const previewOf = (s: AppState): Snapshot | null => {
      const key = [s.settings.target, s.settings.seed, s.settings.loss, s.customPoints];
      if (!preview || key.some((k, i) => k !== preview!.key[i])) preview = { key, snapshot: planePreview(s.settings, s.customPoints) };
      return preview.snapshot;
    };
    return (s: AppState) => {
      const transport = view.transport ? s.transport : null;
      const shown = s.snapshot ?? previewOf(s);
      if (shown !== last || transport !== lastTransport || !out || out.view !== view) {
        last = shown;
        lastTransport = transport;
        out = shown ? { snapshot: shown, view, transport } : null;
      }
      return out;
    };
  }, [view]);
  return (
    <>
      <LiveChart
        store={store}
        select={select}
        frameKey={(input) => {
          if (!input) return 'empty';
          const { snapshot: s, view: v } = input;
          scale.current = planeScale(s, scaleFromPreview.current ? null : (scale.current?.half ?? null));
          scaleFromPreview.current = isPreview(s);
          const { bar } = scale.current;
          return JSON.stringify([s.field.extent, s.field.kind, bar.lo, bar.hi, v.field, v.arrows, !!v.transport, !!v.presenter, !!v.reconstructions, narrowScreen()]);
        }}
        build={(input) => (input && scale.current ? planeFrame(input.snapshot, input.view, scale.current.bar) : null)}
        paint={(div, input) => {
          if (!input || !scale.current) return;
          paintPlane(div, input.snapshot, input.view, scale.current.paint, input.transport);
          if (caption.current) caption.current.textContent = input.view.arrows && !isPreview(input.snapshot) ? `mean ‖∇f‖ at generated samples: ${fmt(input.snapshot.gradNorm)}` : '';
          if (transportCaption.current) transportCaption.current.textContent = input.view.transport ? transportText(input.transport) : '';
          if (reconCaption.current) {
            const a = input.view.reconstructions ? input.snapshot.alae : undefined;
            reconCaption.current.textContent = a ? `Reconstructions x → G(E(x)) of ${a.reconFrom.length / 2} real samples: mean distance ${fmt(meanReconstructionDistance(a))}.` : '';
          }
          attachReadout(div, (x, y) => describePoint(div, x, y));
        }}
        label="The plane: real and generated samples over the discriminator's field"
        summary={(input) =>
          input && isPreview(input.snapshot)
            ? `The target: ${input.snapshot.target.length / 2} real samples (rings); the networks are still loading.`
            : input
            ? `Iteration ${input.snapshot.generatorSteps}: ${input.snapshot.generated.length / 2} generated samples (crosses, drawn over) and ${input.snapshot.target.length / 2} real samples (rings).`
            : ''
        }
        testId="chart-plane"
        priority={0}
        className="chart-plane"
      />
      <PlaneLegend arrows={view.arrows} transport={!!view.transport} reconstructions={!!view.reconstructions} />
      <p ref={caption} className="plane-caption" data-testid="plane-gradnorm" />
      <p ref={transportCaption} className="plane-caption" data-testid="plane-transport" aria-live="polite" />
      <p ref={reconCaption} className="plane-caption" data-testid="plane-reconstructions" />
    </>
  );
}
