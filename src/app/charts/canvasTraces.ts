// Line charts whose curves are painted on a canvas, as the plane's points are: Plotly draws
// the frame (axes, grid, legend, shapes) with axis ranges we choose, and redraws it only
// when a range or a legend entry changes; every other refresh repaints the curves alone
// (about 1 ms instead of 15-40 ms of Plotly, and no SVG to re-rasterise). A chart keeps its
// Plotly figure builder: splitFigure turns that figure into the frame and the painted traces.
import type { Figure } from './LiveChart';
import { attachReadout, placeLayer } from './chartLayer';
import type { Data, Layout } from './plotly';

export type Range = [number, number];

/** A trace as painted: its points, where they go, and how they look. */
export interface PaintTrace {
  name: string;
  x: ArrayLike<number | null>;
  y: ArrayLike<number | null>;
  xaxis: string;
  yaxis: string;
  lines: boolean;
  markers: boolean;
  color: string;
  width: number;
  dash: string;
  shape: 'linear' | 'hv' | 'hvh';
  symbol: string;
  size: number;
  /** How the pointer readout prints a value, e.g. 'exact W1 0.123 at iteration 400'. */
  label: string;
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd'];

/** The smallest 1, 2 or 5 times a power of ten at or above x > 0. */
function niceStep(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x * (1 - 1e-9)) return m * p;
  return 10 * p;
}

/**
 * An axis range that follows the data but moves rarely: kept while the data fit inside it and
 * fill at least half of it; otherwise refitted with `headroom` (a fraction of the data's span)
 * above, 10% below, and rounded outwards. An iteration axis gets 30% headroom, so a growing run
 * re-ranges about every time it has grown by a third. `toZero` keeps 0 in the range; log axes
 * work on log10 of the values (as Plotly's ranges do).
 */
export function followRange(values: ArrayLike<number | null>, current: Range | null, opts: { log?: boolean; toZero?: boolean; headroom?: number } = {}): Range | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const raw = values[i];
    if (raw === null || !Number.isFinite(raw) || (opts.log && raw <= 0)) continue;
    const v = opts.log ? Math.log10(raw) : raw;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo <= hi)) return current;
  const toZero = opts.toZero && !opts.log;
  if (toZero) {
    lo = Math.min(0, lo);
    hi = Math.max(0, hi);
  }
  if (current && lo >= current[0] && hi <= current[1] && hi - lo >= 0.5 * (current[1] - current[0])) return current;
  const span = hi - lo || Math.abs(hi) * 0.2 || 1;
  // whole decades of padding would squash a log axis: pad it without rounding
  if (opts.log) return [lo - 0.1 * span, hi + 0.1 * span];
  const step = niceStep(span / 5);
  const below = toZero && lo === 0 ? 0 : Math.floor((lo - 0.1 * span) / step) * step;
  const above = toZero && hi === 0 ? 0 : Math.ceil((hi + (opts.headroom ?? 0.1) * span) / step) * step;
  return [below, above];
}

const axisKey = (ref: string, letter: 'x' | 'y') => `${letter}axis${ref.slice(1)}`;

/**
 * The frame Plotly draws (the same traces with no points, and explicit ranges for every axis
 * the figure leaves on auto) and the traces to paint. `ranges` holds the ranges in use per
 * axis between calls, for followRange's hysteresis.
 */
export function splitFigure(fig: Figure, ranges: Map<string, Range>): { frame: Figure; traces: PaintTrace[] } {
  const layout = { ...fig.layout } as Record<string, unknown>;
  const traces: PaintTrace[] = [];
  const byAxis = new Map<string, Array<ArrayLike<number | null>>>();
  const frameData = fig.data.map((d, i) => {
    const t = d as Record<string, unknown> & { x?: ArrayLike<number | null>; y?: ArrayLike<number | null> };
    const line = (t.line ?? {}) as { color?: string; width?: number; dash?: string; shape?: string };
    const marker = (t.marker ?? {}) as { color?: string; symbol?: string; size?: number };
    const mode = String(t.mode ?? 'lines');
    const xaxis = String(t.xaxis ?? 'x');
    const yaxis = String(t.yaxis ?? 'y');
    const x = t.x ?? [];
    const y = t.y ?? [];
    const name = String(t.name ?? `trace ${i}`);
    traces.push({
      name,
      x,
      y,
      xaxis,
      yaxis,
      lines: mode.includes('lines'),
      markers: mode.includes('markers'),
      color: line.color ?? marker.color ?? PALETTE[i % PALETTE.length],
      width: line.width ?? 2,
      dash: line.dash ?? 'solid',
      shape: line.shape === 'hv' || line.shape === 'hvh' ? line.shape : 'linear',
      symbol: marker.symbol ?? 'circle',
      size: marker.size ?? 6,
      label: name,
    });
    for (const [ref, values] of [[axisKey(xaxis, 'x'), x], [axisKey(yaxis, 'y'), y]] as const) {
      if (!byAxis.has(ref)) byAxis.set(ref, []);
      byAxis.get(ref)!.push(values);
    }
    // the frame keeps the trace for its legend entry and hover-free styling, without points
    return { ...t, x: [null], y: [null], hoverinfo: 'skip', hovertemplate: undefined } as Data;
  });
  for (const [key, arrays] of byAxis) {
    const axis = { ...((layout[key] as Record<string, unknown>) ?? {}) };
    if (Array.isArray(axis.range)) continue; // the chart fixed it
    const all: Array<number | null> = [];
    for (const a of arrays) for (let i = 0; i < a.length; i++) all.push(a[i]);
    const toZero = axis.rangemode === 'tozero';
    // x axes that start at zero count iterations: they grow, so give them headroom
    const headroom = toZero && key.startsWith('x') ? 0.3 : 0.1;
    const range = followRange(all, ranges.get(key) ?? null, { log: axis.type === 'log', toZero, headroom });
    if (!range) continue;
    ranges.set(key, range);
    axis.range = range;
    axis.autorange = false;
    layout[key] = axis;
  }
  layout.hovermode = false;
  return { frame: { data: frameData, layout: layout as Partial<Layout> }, traces };
}

interface PlotlyAxis {
  _offset: number;
  _length: number;
  range: Range;
  type?: string;
  title?: { text?: string };
}

interface PlottedDiv extends HTMLDivElement {
  _fullLayout?: Record<string, PlotlyAxis | undefined>;
  _fullData?: Array<{ visible?: boolean | 'legendonly' }>;
  /** The traces painted last (the pointer readout and tests read them). */
  painted?: PaintTrace[];
}

/** Plotly's dash patterns (drawing.dashStyle), in px for a line of width w. */
export function dashPattern(dash: string, w: number): number[] {
  const d = Math.max(w, 3);
  switch (dash) {
    case 'dot': return [d, d];
    case 'dash': return [3 * d, 3 * d];
    case 'longdash': return [5 * d, 5 * d];
    case 'dashdot': return [3 * d, d, d, d];
    case 'longdashdot': return [5 * d, 2 * d, d, 2 * d];
    default: return [];
  }
}

function marker(ctx: CanvasRenderingContext2D, x: number, y: number, symbol: string, size: number, color: string): void {
  const r = size / 2;
  ctx.beginPath();
  if (symbol.startsWith('square')) ctx.rect(x - r, y - r, size, size);
  else if (symbol.startsWith('diamond')) {
    ctx.moveTo(x, y - r * 1.3);
    ctx.lineTo(x + r * 1.3, y);
    ctx.lineTo(x, y + r * 1.3);
    ctx.lineTo(x - r * 1.3, y);
    ctx.closePath();
  } else ctx.arc(x, y, r, 0, 2 * Math.PI);
  if (symbol.endsWith('-open')) {
    ctx.fillStyle = 'white';
    ctx.fill();
    ctx.strokeStyle = color;
    ctx.lineWidth = 1;
    ctx.stroke();
  } else {
    ctx.fillStyle = color;
    ctx.fill();
  }
}

function axisMap(ax: PlotlyAxis, vertical: boolean): (v: number | null) => number {
  const [r0, r1] = ax.range;
  const log = ax.type === 'log';
  return (v) => {
    if (v === null || !Number.isFinite(v) || (log && v <= 0)) return NaN;
    const u = ((log ? Math.log10(v) : v) - r0) / (r1 - r0);
    return ax._offset + (vertical ? 1 - u : u) * ax._length;
  };
}

/** Paints the traces over a drawn Plotly frame, each clipped to its subplot. */
export function paintTraces(div: HTMLDivElement, traces: PaintTrace[]): void {
  const d = div as PlottedDiv;
  const fl = d._fullLayout;
  const size = (fl as { _size?: { l: number; t: number; w: number; h: number } } | undefined)?._size;
  if (!fl || !size) return;
  // the layer covers the plotting area only (inside the margins): fewer pixels to upload
  const { l, t: top, w: width, h: height } = size;
  const ctx = placeLayer(div, 'trace-layer', { left: l, top, width, height });
  if (!ctx) return;
  ctx.translate(-l, -top); // draw in the chart's coordinates, as Plotly's axes give them
  d.painted = traces;
  traces.forEach((t, i) => {
    if (d._fullData && d._fullData[i] && d._fullData[i].visible !== true) return; // hidden from the legend
    const xa = fl[axisKey(t.xaxis, 'x')];
    const ya = fl[axisKey(t.yaxis, 'y')];
    if (!xa?._length || !ya?._length) return;
    const px = axisMap(xa, false);
    const py = axisMap(ya, true);
    ctx.save();
    ctx.beginPath();
    ctx.rect(xa._offset, ya._offset, xa._length, ya._length);
    ctx.clip();
    if (t.lines) {
      ctx.beginPath();
      let open = false;
      let lastX = 0;
      let lastY = 0;
      for (let k = 0; k < t.x.length; k++) {
        const x = px(t.x[k]);
        const y = py(t.y[k]);
        if (Number.isNaN(x) || Number.isNaN(y)) {
          open = false;
          continue;
        }
        if (!open) ctx.moveTo(x, y);
        else if (t.shape === 'hv') {
          ctx.lineTo(x, lastY);
          ctx.lineTo(x, y);
        } else if (t.shape === 'hvh') {
          const mid = (lastX + x) / 2;
          ctx.lineTo(mid, lastY);
          ctx.lineTo(mid, y);
          ctx.lineTo(x, y);
        } else ctx.lineTo(x, y);
        open = true;
        lastX = x;
        lastY = y;
      }
      ctx.strokeStyle = t.color;
      ctx.lineWidth = t.width;
      ctx.lineJoin = 'round';
      ctx.setLineDash(dashPattern(t.dash, t.width));
      ctx.stroke();
      ctx.setLineDash([]);
    }
    if (t.markers) {
      for (let k = 0; k < t.x.length; k++) {
        const x = px(t.x[k]);
        const y = py(t.y[k]);
        if (!Number.isNaN(x) && !Number.isNaN(y)) marker(ctx, x, y, t.symbol, t.size, t.color);
      }
    }
    ctx.restore();
  });
}

/** The painted point nearest the pointer (within `radius` px), for the pointer readout. */
export function nearestPoint(div: HTMLDivElement, cx: number, cy: number, radius = 24): { trace: PaintTrace; x: number; y: number } | null {
  const d = div as PlottedDiv;
  const fl = d._fullLayout;
  if (!fl || !d.painted) return null;
  let best: { trace: PaintTrace; x: number; y: number } | null = null;
  let bestD = radius * radius;
  d.painted.forEach((t, i) => {
    if (d._fullData && d._fullData[i] && d._fullData[i].visible !== true) return;
    const xa = fl[axisKey(t.xaxis, 'x')];
    const ya = fl[axisKey(t.yaxis, 'y')];
    if (!xa?._length || !ya?._length) return;
    const px = axisMap(xa, false);
    const py = axisMap(ya, true);
    for (let k = 0; k < t.x.length; k++) {
      const dx = px(t.x[k]) - cx;
      const dy = py(t.y[k]) - cy;
      const dd = dx * dx + dy * dy;
      if (dd < bestD) {
        bestD = dd;
        best = { trace: t, x: t.x[k] as number, y: t.y[k] as number };
      }
    }
  });
  return best;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toPrecision(4));

/** The readout's text: the painted point nearest the pointer, with its axes' titles. */
function describeNearest(div: HTMLDivElement, x: number, y: number): string | null {
  const hit = nearestPoint(div, x, y);
  if (!hit) return null;
  const fl = (div as PlottedDiv)._fullLayout!;
  const title = fl[axisKey(hit.trace.xaxis, 'x')]?.title?.text ?? 'x';
  return `${hit.trace.name}: ${fmt(hit.y)} at ${title} ${fmt(hit.x)}`;
}

/**
 * LiveChart hooks (frameKey, build, paint) for a chart whose curves are painted: the chart's
 * own figure builder runs on every draw, Plotly only when the frame changed.
 */
export function canvasTraceChart<T, S>(build: (input: T, s: S) => Figure | null) {
  const ranges = new Map<string, Range>();
  let split: { frame: Figure; traces: PaintTrace[] } | null = null;
  return {
    frameKey(input: T, s: S): string {
      const fig = build(input, s);
      split = fig ? splitFigure(fig, ranges) : null;
      return split ? JSON.stringify(split.frame) : 'none';
    },
    build(): Figure | null {
      return split?.frame ?? null;
    },
    paint(div: HTMLDivElement): void {
      if (!split) return;
      paintTraces(div, split.traces);
      attachReadout(div, (x, y) => describeNearest(div, x, y));
    },
  };
}
