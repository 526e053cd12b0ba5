// Draws the plane's moving layers (the field, the samples, the gradient arrows) into one 2D
// canvas. Plotly draws only the frame around them (axes, legend, colour bar), and only when
// that frame changes: a Plotly redraw of 2,000 WebGL points and a heatmap cost about 30 ms
// of main thread and re-rasterised the whole chart; this costs a few ms and one layer.
// Everything but drawPlane is pure and unit-tested (tests/planeRender.test.ts).
import type { Snapshot } from '../../engine/trainer';

export interface ColorRange {
  lo: number;
  hi: number;
}

/** Where the plot area is (CSS px, inside the canvas) and which data ranges it shows. */
export interface PlaneMapping {
  width: number;
  height: number;
  xRange: [number, number];
  yRange: [number, number];
}

export interface PlaneStyle {
  field: 'heatmap' | 'contour' | 'none';
  arrows: boolean;
  /** Marker and line scale (presenter mode draws larger). */
  scale: number;
}

/** 256 RGB entries interpolated linearly between the stops of a Plotly-style colour scale. */
export function colorLut(scale: ReadonlyArray<readonly [number, string]>): Uint8Array {
  const stops = scale.map(([t, hex]) => [t, parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)]);
  const lut = new Uint8Array(256 * 3);
  for (let k = 0; k < 256; k++) {
    const t = k / 255;
    let s = 0;
    while (s < stops.length - 2 && t > stops[s + 1][0]) s++;
    const [t0, r0, g0, b0] = stops[s];
    const [t1, r1, g1, b1] = stops[s + 1];
    const u = t1 > t0 ? Math.min(1, Math.max(0, (t - t0) / (t1 - t0))) : 0;
    lut[3 * k] = Math.round(r0 + (r1 - r0) * u);
    lut[3 * k + 1] = Math.round(g0 + (g1 - g0) * u);
    lut[3 * k + 2] = Math.round(b0 + (b1 - b0) * u);
  }
  return lut;
}

/**
 * The field as n×n RGBA pixels, top row first (the grid's rows run upwards in y).
 * Values outside the range take the end colours; non-finite values are transparent.
 */
export function fieldPixels(values: ArrayLike<number>, n: number, range: ColorRange, lut: Uint8Array, out = new Uint8ClampedArray(n * n * 4)): Uint8ClampedArray {
  const span = range.hi - range.lo || 1;
  for (let j = 0; j < n; j++) {
    const row = (n - 1 - j) * n;
    for (let i = 0; i < n; i++) {
      const v = values[j * n + i];
      const o = 4 * (row + i);
      if (!Number.isFinite(v)) {
        out[o + 3] = 0;
        continue;
      }
      const k = 3 * Math.round(255 * Math.min(1, Math.max(0, (v - range.lo) / span)));
      out[o] = lut[k];
      out[o + 1] = lut[k + 1];
      out[o + 2] = lut[k + 2];
      out[o + 3] = 255;
    }
  }
  return out;
}

/** Round half-widths, at most a third apart, so the colours stay nearly saturated. */
const NICE = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** The smallest round number (NICE times a power of ten) at or above x > 0. */
export function niceCeil(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of NICE) if (m * p >= x * (1 - 1e-9)) return m * p;
  return 10 * p;
}

/**
 * The colour scale of a critic's score. The score has an arbitrary offset, which drifts as
 * WGANs train, so colours show f(x) minus the field's median: `bar` is that centred range
 * (what the colour bar shows), `paint` the same range around the median. The half-width is
 * a round number at or above the largest distance from the median, and is kept while it
 * still fits (that distance between SHRINK_BELOW and 1x of it; GROW_HEADROOM when it grows),
 * so the colours stop breathing every frame and Plotly redraws the colour bar (a frame
 * redraw: 5-40 ms of main thread) only when the spread really changes. With 0.6 and 1.25 the
 * plane's frame still redrew 1-2 times a second late in a WGAN-GP run.
 */
const SHRINK_BELOW = 0.4;
const GROW_HEADROOM = 1.5;

export function criticScale(values: ArrayLike<number>, currentHalf: number | null): { paint: ColorRange; bar: ColorRange; half: number } {
  const finite = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  const mid = finite.length ? finite[Math.floor(finite.length / 2)] : 0;
  const spread = finite.length ? Math.max(mid - finite[0], finite[finite.length - 1] - mid) || Math.abs(mid) * 1e-3 || 1e-3 : 1;
  let half = niceCeil(spread);
  if (currentHalf && spread <= currentHalf && spread >= SHRINK_BELOW * currentHalf) half = currentHalf;
  // a growing spread (a WGAN critic's, early on) gets headroom, so it re-ranges less often
  else if (currentHalf && spread > currentHalf) half = niceCeil(GROW_HEADROOM * spread);
  return { paint: { lo: mid - half, hi: mid + half }, bar: { lo: -half, hi: half }, half };
}

/** Evenly spaced contour levels strictly inside the range (divisions - 1 of them). */
export function contourLevels(range: ColorRange, divisions = 10): number[] {
  return Array.from({ length: divisions - 1 }, (_, k) => range.lo + ((range.hi - range.lo) * (k + 1)) / divisions);
}

/**
 * Marching squares: the segments of the isoline at `level` of an n×n grid (value of grid point
 * (i, j) at values[j*n + i]), as x0,y0,x1,y1 quadruples in grid units. Only line segments are
 * needed to stroke contours, so there is no joining into rings (d3-contour's polygons would
 * also run along the grid's border).
 */
export function isolineSegments(values: ArrayLike<number>, n: number, level: number): number[] {
  const out: number[] = [];
  const at = (i: number, j: number) => values[j * n + i];
  // where the level crosses between two corners, as a fraction from the first
  const t = (a: number, b: number) => (level - a) / (b - a);
  for (let j = 0; j < n - 1; j++) {
    for (let i = 0; i < n - 1; i++) {
      const a = at(i, j); // bottom left
      const b = at(i + 1, j); // bottom right
      const c = at(i + 1, j + 1); // top right
      const d = at(i, j + 1); // top left
      if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Number.isFinite(d))) continue;
      const code = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      // crossing points on the four edges
      const bottom = () => [i + t(a, b), j];
      const right = () => [i + 1, j + t(b, c)];
      const top = () => [i + t(d, c), j + 1];
      const left = () => [i, j + t(a, d)];
      const seg = (p: number[], q: number[]) => out.push(p[0], p[1], q[0], q[1]);
      switch (code) {
        case 1: case 14: seg(left(), bottom()); break;
        case 2: case 13: seg(bottom(), right()); break;
        case 3: case 12: seg(left(), right()); break;
        case 4: case 11: seg(right(), top()); break;
        case 6: case 9: seg(bottom(), top()); break;
        case 7: case 8: seg(left(), top()); break;
        case 5: case 10: {
          // a saddle: the centre's value decides which corners connect
          const centreAbove = (a + b + c + d) / 4 >= level;
          if ((code === 5) === centreAbove) {
            seg(left(), top());
            seg(bottom(), right());
          } else {
            seg(left(), bottom());
            seg(right(), top());
          }
          break;
        }
      }
    }
  }
  return out;
}

/** The field at (x, y), bilinear between grid points; NaN outside the grid. */
export function sampleField(field: { n: number; extent: readonly number[]; values: ArrayLike<number> }, x: number, y: number): number {
  const { n, extent, values } = field;
  const [x0, x1, y0, y1] = extent;
  const gx = ((x - x0) / (x1 - x0)) * (n - 1);
  const gy = ((y - y0) / (y1 - y0)) * (n - 1);
  if (!(gx >= 0 && gx <= n - 1 && gy >= 0 && gy <= n - 1)) return NaN;
  const i = Math.min(n - 2, Math.floor(gx));
  const j = Math.min(n - 2, Math.floor(gy));
  const u = gx - i;
  const v = gy - j;
  const at = (a: number, b: number) => values[b * n + a];
  return (1 - v) * ((1 - u) * at(i, j) + u * at(i + 1, j)) + v * ((1 - u) * at(i, j + 1) + u * at(i + 1, j + 1));
}

/**
 * Which arrows to draw: at most one per `cell` x `cell` pixel square, taken in order. Near
 * convergence the generated samples pile up on the modes, and an arrow at each of them would
 * bury the real samples under ink; one per cell keeps the field of directions readable.
 */
export function thinArrows(startsPx: ArrayLike<number>, cell: number): number[] {
  const taken = new Set<number>();
  const keep: number[] = [];
  for (let i = 0; i + 1 < startsPx.length; i += 2) {
    const key = Math.floor(startsPx[i] / cell) * 65_536 + Math.floor(startsPx[i + 1] / cell);
    if (taken.has(key)) continue;
    taken.add(key);
    keep.push(i / 2);
  }
  return keep;
}

/** Scale applied to gradient vectors so that the longest arrow is 7% of the plane's width. */
export function arrowScale(gradients: ArrayLike<number>, extentWidth: number): number {
  let maxNorm = 0;
  for (let i = 0; i + 1 < gradients.length; i += 2) maxNorm = Math.max(maxNorm, Math.hypot(gradients[i], gradients[i + 1]));
  return maxNorm > 0 && Number.isFinite(maxNorm) ? (0.07 * extentWidth) / maxNorm : 0;
}

type Canvas2D = CanvasRenderingContext2D;

/** How a set of samples is marked: filled dots, hollow rings or crosses. */
export type MarkerSymbol = 'circle' | 'ring' | 'x';

/**
 * Markers, each filled or stroked on its own so that overlapping translucent markers darken
 * as Plotly's do. On a CPU canvas this is about 1 ms per 4,000 markers; stamping a pre-drawn
 * sprite with drawImage was 10x slower. `lineWidth` is the stroke of rings (crosses scale
 * theirs with the size).
 */
function markers(ctx: Canvas2D, pts: ArrayLike<number>, symbol: MarkerSymbol, size: number, color: string, opacity: number, px: (x: number) => number, py: (y: number) => number, lineWidth = 1): void {
  ctx.globalAlpha = opacity;
  const r = size / 2;
  if (symbol === 'circle') {
    ctx.fillStyle = color;
    for (let i = 0; i + 1 < pts.length; i += 2) {
      ctx.beginPath();
      ctx.arc(px(pts[i]), py(pts[i + 1]), r, 0, 2 * Math.PI);
      ctx.fill();
    }
  } else if (symbol === 'ring') {
    ctx.strokeStyle = color;
    ctx.lineWidth = lineWidth;
    for (let i = 0; i + 1 < pts.length; i += 2) {
      ctx.beginPath();
      ctx.arc(px(pts[i]), py(pts[i + 1]), r, 0, 2 * Math.PI);
      ctx.stroke();
    }
  } else {
    ctx.strokeStyle = color;
    ctx.lineWidth = Math.max(1.2, size / 3.5);
    const a = r - ctx.lineWidth / 2 + 0.5;
    for (let i = 0; i + 1 < pts.length; i += 2) {
      const x = px(pts[i]);
      const y = py(pts[i + 1]);
      ctx.beginPath();
      ctx.moveTo(x - a, y - a);
      ctx.lineTo(x + a, y + a);
      ctx.moveTo(x + a, y - a);
      ctx.lineTo(x - a, y + a);
      ctx.stroke();
    }
  }
  ctx.globalAlpha = 1;
}

/** One pass of markers over a set of samples. */
export interface MarkerLayer {
  samples: 'target' | 'generated';
  symbol: MarkerSymbol;
  /** Diameter in CSS px. */
  size: number;
  color: string;
  opacity: number;
  lineWidth: number;
}

/**
 * The sample layers in painting order, last on top. Generated samples go on top: a mode the
 * generator has left then shows as bare blue rings and a covered one as crosses over rings,
 * so a collapse onto a few modes is visible mode by mode (real dots drawn over the crosses
 * made every mode look the same). Real samples are hollow rings with a white rim, which
 * stay visible on any field and around the crosses.
 */
export function sampleLayers(scale: number, colors: Pick<PlaneColors, 'real' | 'generated'>): MarkerLayer[] {
  const k = scale;
  return [
    { samples: 'target', symbol: 'ring', size: 6 * k, color: 'white', opacity: 0.9, lineWidth: 2.6 * k },
    { samples: 'target', symbol: 'ring', size: 6 * k, color: colors.real, opacity: 0.95, lineWidth: 1.2 * k },
    { samples: 'generated', symbol: 'x', size: 5 * k, color: colors.generated, opacity: 0.85, lineWidth: 1 },
  ];
}

export interface PlaneColors {
  real: string;
  generated: string;
  arrows: string;
  lut: Uint8Array;
}

let fieldCanvas: HTMLCanvasElement | null = null;
let fieldData: ImageData | null = null;

/** Paints one snapshot on a cleared canvas; `ctx` works in CSS px (its canvas is mapping.width x height). */
export function drawPlane(ctx: Canvas2D, s: Snapshot, style: PlaneStyle, m: PlaneMapping, range: ColorRange, colors: PlaneColors): void {
  const [xa, xb] = m.xRange;
  const [ya, yb] = m.yRange;
  const sx = m.width / (xb - xa);
  const sy = m.height / (yb - ya);
  const px = (x: number) => (x - xa) * sx;
  const py = (y: number) => (yb - y) * sy;

  if (style.field !== 'none') {
    const { n, extent, values } = s.field;
    const [x0, x1, y0, y1] = extent;
    if (!fieldCanvas || fieldCanvas.width !== n) {
      fieldCanvas = document.createElement('canvas');
      fieldCanvas.width = fieldCanvas.height = n;
      fieldData = fieldCanvas.getContext('2d', { willReadFrequently: true })!.createImageData(n, n);
    }
    fieldPixels(values, n, range, colors.lut, fieldData!.data);
    fieldCanvas.getContext('2d', { willReadFrequently: true })!.putImageData(fieldData!, 0, 0);
    // grid points are cell centres, as in a heatmap: the image reaches half a cell past them
    const hx = (x1 - x0) / (n - 1) / 2;
    const hy = (y1 - y0) / (n - 1) / 2;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(fieldCanvas, px(x0 - hx), py(y1 + hy), (x1 - x0 + 2 * hx) * sx, (y1 - y0 + 2 * hy) * sy);
    if (style.field === 'contour') {
      const gx = (x1 - x0) / (n - 1);
      const gy = (y1 - y0) / (n - 1);
      ctx.beginPath();
      for (const level of contourLevels(range)) {
        const seg = isolineSegments(values, n, level);
        for (let k = 0; k < seg.length; k += 4) {
          ctx.moveTo(px(x0 + seg[k] * gx), py(y0 + seg[k + 1] * gy));
          ctx.lineTo(px(x0 + seg[k + 2] * gx), py(y0 + seg[k + 3] * gy));
        }
      }
      ctx.strokeStyle = 'rgba(0, 0, 0, 0.3)';
      ctx.lineWidth = 0.8;
      ctx.stroke();
    }
  }

  const k = style.scale;
  // arrows first, thin and thinned, so that they never cover the samples (GAN Lab's plane)
  if (style.arrows) drawArrows(ctx, s.arrows, arrowScale(s.arrows.gradients, s.field.extent[1] - s.field.extent[0]), k, colors.arrows, px, py);
  for (const layer of sampleLayers(k, colors)) markers(ctx, layer.samples === 'target' ? s.target : s.generated, layer.symbol, layer.size, layer.color, layer.opacity, px, py, layer.lineWidth);
}

/** Gradient arrows: a thin shaft and an open head, one per 18 px cell at most. */
function drawArrows(ctx: Canvas2D, arrows: Snapshot['arrows'], scale: number, k: number, color: string, px: (x: number) => number, py: (y: number) => number): void {
  const { points, gradients } = arrows;
  const starts = new Float32Array(points.length);
  for (let i = 0; i + 1 < points.length; i += 2) {
    starts[i] = px(points[i]);
    starts[i + 1] = py(points[i + 1]);
  }
  const head = 4.5 * k;
  ctx.beginPath();
  for (const a of thinArrows(starts, 18 * k)) {
    const x0 = starts[2 * a];
    const y0 = starts[2 * a + 1];
    const x1 = px(points[2 * a] + scale * gradients[2 * a]);
    const y1 = py(points[2 * a + 1] + scale * gradients[2 * a + 1]);
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (!(len >= 2)) continue; // no direction worth drawing
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    // the head: two strokes back from the tip at ±28°, at most 40% of the shaft
    const h = Math.min(head, 0.4 * len);
    const ux = (x1 - x0) / len;
    const uy = (y1 - y0) / len;
    const c = Math.cos(0.49);
    const sn = Math.sin(0.49);
    ctx.moveTo(x1 - h * (c * ux - sn * uy), y1 - h * (sn * ux + c * uy));
    ctx.lineTo(x1, y1);
    ctx.lineTo(x1 - h * (c * ux + sn * uy), y1 - h * (-sn * ux + c * uy));
  }
  ctx.globalAlpha = 0.75;
  ctx.strokeStyle = color;
  ctx.lineWidth = 0.9 * k;
  ctx.lineJoin = 'round';
  ctx.stroke();
  ctx.globalAlpha = 1;
}
