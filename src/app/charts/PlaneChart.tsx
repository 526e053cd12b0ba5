// Chart 1, the plane: the critic's field (P(real) or the critic's score) as a heatmap or
// contours, target samples, generated samples, and the critic's gradient at generated
// samples as arrows. Plotly draws the frame (axes, colour bar, legend) and redraws it only
// when it changes; the moving layers are painted into one canvas inside Plotly's layer stack
// (planeRender.ts), above the grid and below the legend, zoom box and colour bar.
import { useMemo, useRef } from 'react';
import type { Snapshot } from '../../engine/trainer';
import type { AppState, Store } from '../store';
import { COLORS, PROBABILITY_SCALE, SYMBOLS } from './colors';
import { LiveChart, type Figure } from './LiveChart';
import type { Data } from './plotly';
import { colorLut, criticScale, drawPlane, sampleField, type ColorRange, type PlaneColors } from './planeRender';

export interface PlaneView {
  field: 'heatmap' | 'contour' | 'none';
  arrows: boolean;
  /** Presenter mode: larger markers and thicker arrows. */
  presenter?: boolean;
}

/** What the plane's div exposes of the snapshot it shows (tests and the PNG export read it). */
export interface PlaneDiv extends HTMLDivElement {
  plane?: { snapshot: Snapshot; range: ColorRange };
}

const PLANE_COLORS: PlaneColors = { real: COLORS.real, generated: COLORS.generated, arrows: COLORS.arrows, lut: colorLut(PROBABILITY_SCALE) };

const fieldTitle = (s: Snapshot) => (s.field.kind === 'probability' ? 'D(x) = P(real)' : 'critic f(x)');
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
        colorbar: { title: { text: title, side: 'right' }, thickness: 10, len: 0.8 },
      },
    } as Data);
  }
  data.push({ type: 'scatter', mode: 'markers', x: none, y: none, name: 'real samples', marker: { color: COLORS.real, symbol: SYMBOLS.real, size: 4 * k, opacity: 0.55 } } as Data);
  data.push({ type: 'scatter', mode: 'markers', x: none, y: none, name: 'generated samples', marker: { color: COLORS.generated, symbol: SYMBOLS.generated, size: 5 * k, opacity: 0.85 } } as Data);
  if (view.arrows) data.push({ type: 'scatter', mode: 'lines', x: none, y: none, name: '∇f at generated samples', line: { color: COLORS.arrows, width: 1.2 * k } } as Data);
  return {
    data,
    layout: {
      xaxis: { range: [x0, x1], zeroline: false, constrain: 'domain', title: { text: 'x₁' } },
      yaxis: { range: [y0, y1], zeroline: false, scaleanchor: 'x', scaleratio: 1, constrain: 'domain', title: { text: 'x₂' } },
      margin: { l: 40, r: 8, t: 8, b: 36 },
      legend: { orientation: 'h', x: 0, y: -0.12, yanchor: 'top' },
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

/** The canvas inside Plotly's layer stack (its WebGL slot, between the plot and the legend). */
function layerCanvas(div: HTMLDivElement): HTMLCanvasElement {
  let canvas = div.querySelector<HTMLCanvasElement>('canvas.plane-layer');
  if (!canvas) {
    canvas = document.createElement('canvas');
    canvas.className = 'plane-layer';
    canvas.setAttribute('aria-hidden', 'true');
    canvas.style.position = 'absolute';
    canvas.style.pointerEvents = 'none';
    (div.querySelector('.gl-container') ?? div).appendChild(canvas);
  }
  return canvas;
}

function paintPlane(div: PlaneDiv, snapshot: Snapshot, view: PlaneView, range: ColorRange): void {
  const area = plotArea(div);
  if (!area) return;
  const canvas = layerCanvas(div);
  const dpr = Math.min(2, Math.max(1, typeof devicePixelRatio === 'number' ? devicePixelRatio : 1));
  const width = area.x._length;
  const height = area.y._length;
  const w = Math.round(width * dpr);
  const h = Math.round(height * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const style = `left:${area.x._offset}px;top:${area.y._offset}px;width:${width}px;height:${height}px`;
  if (canvas.dataset.box !== style) {
    canvas.dataset.box = style;
    Object.assign(canvas.style, { left: `${area.x._offset}px`, top: `${area.y._offset}px`, width: `${width}px`, height: `${height}px` });
  }
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  drawPlane(
    ctx,
    snapshot,
    { field: view.field, arrows: view.arrows, scale: view.presenter ? 1.8 : 1 },
    { width, height, xRange: area.x.range, yRange: area.y.range },
    range,
    PLANE_COLORS,
  );
  div.plane = { snapshot, range };
}

const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toPrecision(3));

/** A readout of the position and the field under the pointer (Plotly's hover has no points here). */
function attachHover(div: PlaneDiv, tip: HTMLElement): () => void {
  const move = (e: PointerEvent) => {
    const area = plotArea(div);
    const shown = div.plane;
    if (!area || !shown) return;
    const box = div.getBoundingClientRect();
    const u = (e.clientX - box.left - area.x._offset) / area.x._length;
    const v = (e.clientY - box.top - area.y._offset) / area.y._length;
    if (u < 0 || u > 1 || v < 0 || v > 1) {
      tip.hidden = true;
      return;
    }
    const host = (tip.parentElement ?? div).getBoundingClientRect();
    const x = area.x.range[0] + u * (area.x.range[1] - area.x.range[0]);
    const y = area.y.range[1] - v * (area.y.range[1] - area.y.range[0]);
    const f = sampleField(shown.snapshot.field, x, y);
    tip.textContent = `x ${x.toFixed(2)}, y ${y.toFixed(2)}${Number.isFinite(f) ? ` · ${fieldTitle(shown.snapshot)} ${fmt(f)}` : ''}`;
    tip.style.left = `${e.clientX - host.left + 12}px`;
    tip.style.top = `${e.clientY - host.top + 12}px`;
    tip.hidden = false;
  };
  const leave = () => (tip.hidden = true);
  div.addEventListener('pointermove', move);
  div.addEventListener('pointerleave', leave);
  return () => {
    div.removeEventListener('pointermove', move);
    div.removeEventListener('pointerleave', leave);
  };
}

export function PlaneChart({ store, view }: { store: Store; view: PlaneView }) {
  // the colour scale in use (its width kept between snapshots while it fits), the gradient caption
  const scale = useRef<PlaneScale | null>(null);
  const caption = useRef<HTMLParagraphElement>(null);
  const hover = useRef<{ div: HTMLDivElement; detach(): void } | null>(null);
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
  const tip = useRef<HTMLDivElement>(null);
  return (
    <div className="plane-wrap">
      <LiveChart
        store={store}
        select={select}
        frameKey={(input) => {
          if (!input) return 'empty';
          const { snapshot: s, view: v } = input;
          scale.current = planeScale(s, scale.current?.half ?? null);
          const { bar } = scale.current;
          return JSON.stringify([s.field.extent, s.field.kind, bar.lo, bar.hi, v.field, v.arrows, !!v.presenter]);
        }}
        build={(input) => (input && scale.current ? planeFrame(input.snapshot, input.view, scale.current.bar) : null)}
        paint={(div, input) => {
          if (!input || !scale.current) return;
          paintPlane(div, input.snapshot, input.view, scale.current.paint);
          if (caption.current) caption.current.textContent = input.view.arrows ? `mean ‖∇f‖ at generated samples: ${fmt(input.snapshot.gradNorm)}` : '';
          if (tip.current && hover.current?.div !== div) {
            hover.current?.detach();
            hover.current = { div, detach: attachHover(div, tip.current) };
          }
        }}
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
      <div ref={tip} className="plane-tip" hidden data-testid="plane-tip" />
      <p ref={caption} className="plane-caption" data-testid="plane-gradnorm" />
    </div>
  );
}
