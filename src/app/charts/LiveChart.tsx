// A thin React shell around one Plotly graph: it renders a div once, subscribes to the
// store, and redraws imperatively (Plotly.react) no more often than `minIntervalMs`, so
// training never re-renders React. All charts share one frame scheduler (drawQueue.ts),
// which spends at most a budget of each animation frame on redraws, so frames stay short.
import { createContext, useContext, useEffect, useRef } from 'react';
import type { AppState, Store } from '../store';
import { cancelDraw, requestDraw } from './drawQueue';
import { chartsPng, download } from '../download';
import { Plotly, type Config, type Data, type Layout } from './plotly';

export interface Figure {
  data: Data[];
  layout: Partial<Layout>;
}

export interface LiveChartProps<T> {
  store: Store;
  /** The inputs of the figure; the chart redraws when this value changes (by reference). */
  select(s: AppState): T;
  build(input: T, s: AppState): Figure | null;
  /** What the chart shows, for screen readers. */
  label: string;
  /** A one-line text summary of the current values, for screen readers. */
  summary?(input: T, s: AppState): string;
  /**
   * For charts that paint their moving parts themselves (the plane): Plotly redraws the
   * figure only when this key changes, and `paint` runs after every draw, and after Plotly
   * redraws on its own (zoom, resize).
   */
  frameKey?(input: T, s: AppState): string;
  paint?(div: HTMLDivElement, input: T, s: AppState): void;
  minIntervalMs?: number;
  /** Lower draws first when several charts wait for a frame (the plane is 0). */
  priority?: number;
  testId: string;
  className?: string;
}

const CONFIG = {
  displaylogo: false,
  responsive: true,
  // Plotly's own camera button exports its SVG alone, without the painted canvas: ours
  // composites both (download.ts)
  modeBarButtonsToRemove: ['select2d', 'lasso2d', 'autoScale2d', 'toImage'],
  modeBarButtonsToAdd: [
    {
      name: 'download-png',
      title: 'Download this chart as PNG',
      icon: Plotly.Icons.camera,
      click: (gd: HTMLElement) => {
        const figure = gd.closest('figure') ?? gd.parentElement ?? gd;
        const name = gd.dataset.testid?.replace(/^chart-/, '') ?? 'chart';
        void chartsPng(figure).then((png) => download(`gan-${name}.png`, png));
      },
    },
  ],
  // Plotly renders WebGL traces at 2x by default: on a 1x screen that is 4x the pixels to
  // fill and composite each redraw for no visible gain. Match the screen instead.
  plotGlPixelRatio: typeof devicePixelRatio === 'number' ? Math.min(2, Math.max(1, devicePixelRatio)) : 2,
} as unknown as Partial<Config>;

let firstDrawMarked = false;

/**
 * A prefix for the element ids of the charts below it: the side-by-side view renders the same
 * charts twice, and each column's aria-describedby must point at its own summary.
 */
export const ChartIdScope = createContext('');

/**
 * The least time between two redraws of a curve chart. New rows arrive with every snapshot
 * (about 90 ms apart, with jitter) and a repaint of painted curves costs about a millisecond
 * (canvasTraces.ts): at 90 ms here a snapshot arriving a little early waited for a timer, and
 * the next one often overtook it, so the curves refreshed 9 times a second against the
 * plane's 10. This only guards against bursts (single steps held down).
 */
export const CURVE_REFRESH_MS = 45;

/** The event API Plotly adds to a plotted div. */
interface PlotlyDiv {
  on?(event: string, handler: () => void): void;
}

export function LiveChart<T>({ store, select, build, label, summary, frameKey, paint, minIntervalMs = 0, priority = 1, testId, className }: LiveChartProps<T>) {
  const el = useRef<HTMLDivElement>(null);
  const desc = useRef<HTMLParagraphElement>(null);
  // The latest callbacks without resubscribing.
  const fns = useRef({ select, build, summary, frameKey, paint });
  fns.current = { select, build, summary, frameKey, paint };
  // Lets a re-render with new props (not only a store change) trigger a redraw.
  const kick = useRef<() => void>(() => undefined);
  useEffect(() => kick.current());

  useEffect(() => {
    const div = el.current;
    if (!div) return;
    let last: T | undefined;
    let queued = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastDraw = 0;
    let drawing = false;
    let draws = 0;
    let frames = 0;
    let disposed = false;

    let lastKey: string | undefined;
    let listening = false;
    /** After a resize: a frame that changed is drawn on a purged chart. */
    let afresh = false;
    // Plotly redraws on its own after a zoom or a resize: paint over the new frame
    const repaint = () => {
      const { paint: p } = fns.current;
      if (p && !drawing && last !== undefined && lastKey !== undefined) p(div, last, store.getState());
    };

    const draw = () => {
      queued = false;
      if (disposed || drawing) return;
      const s = store.getState();
      const input = fns.current.select(s);
      if (input === last) return;
      const key = fns.current.frameKey?.(input, s);
      const sameFrame = key !== undefined && key === lastKey;
      if (afresh && !sameFrame && draws > 0) {
        Plotly.purge(div);
        listening = false;
      }
      afresh = false;
      const fig = sameFrame ? null : fns.current.build(input, s);
      last = input;
      if (!sameFrame && !fig) return;
      drawing = true;
      lastDraw = performance.now();
      const summaryText = fns.current.summary?.(input, s);
      if (desc.current && summaryText !== undefined) desc.current.textContent = summaryText;
      const started = performance.now();
      const finish = () => {
        lastKey = key;
        if (fns.current.paint && !listening) {
          listening = true;
          (div as unknown as PlotlyDiv).on?.('plotly_afterplot', repaint);
        }
        fns.current.paint?.(div, input, s);
        draws++;
        div.dataset.drawn = String(draws);
        // the main thread's cost of this draw (the bench reads it)
        div.dataset.drawMs = (performance.now() - started).toFixed(1);
        if (!firstDrawMarked && typeof performance.mark === 'function') {
          firstDrawMarked = true;
          performance.mark('gan:first-chart');
        }
      };
      const done = () => {
        drawing = false;
        // a change may have arrived while drawing
        if (fns.current.select(store.getState()) !== last) schedule();
      };
      const failed = (e: unknown) => {
        lastKey = undefined;
        div.dataset.error = e instanceof Error ? e.message : String(e);
      };
      if (sameFrame) {
        // only the painted layers change: synchronous, so the frame budget sees its cost
        try {
          finish();
        } catch (e) {
          failed(e);
        }
        done();
        return;
      }
      // how often Plotly redraws the frame (5-40 ms of main thread each): visible in DevTools
      div.dataset.frames = String(++frames);
      Plotly.react(div, fig!.data, withScaledMargins({ ...baseLayout(), ...fig!.layout }), CONFIG)
        .then(finish)
        .catch(failed)
        .finally(done);
    };

    const job = { priority, run: draw };
    const schedule = () => {
      if (queued || timer || disposed) return;
      const wait = minIntervalMs - (performance.now() - lastDraw);
      if (wait > 0) {
        timer = setTimeout(() => {
          timer = null;
          schedule();
        }, wait);
        return;
      }
      queued = true;
      requestDraw(job);
    };

    const check = () => {
      if (fns.current.select(store.getState()) !== last) schedule();
    };
    kick.current = check;
    const unsubscribe = store.subscribe(check);
    schedule();
    const ro =
      typeof ResizeObserver !== 'undefined'
        ? new ResizeObserver(() => {
            if (!div.isConnected || draws === 0) return;
            void Plotly.Plots.resize(div);
            // a frame may depend on the window (the plane's colour bar lies under it on a phone): look
            // again, and draw a changed one afresh (Plotly.react keeps the old colour bar's margins)
            afresh = true;
            last = undefined;
            schedule();
          })
        : null;
    ro?.observe(div);
    return () => {
      disposed = true;
      unsubscribe();
      ro?.disconnect();
      cancelDraw(job);
      if (timer) clearTimeout(timer);
      Plotly.purge(div);
    };
  }, [store, minIntervalMs, priority]);

  const scope = useContext(ChartIdScope);
  const descId = `${scope ? `${scope}-` : ''}${testId}-desc`;
  return (
    <figure className={`chart ${className ?? ''}`} aria-label={label}>
      <div ref={el} className="chart-plot" data-testid={testId} role="img" aria-label={label} aria-describedby={descId} />
      <p ref={desc} id={descId} className="sr-only" aria-live="off" />
    </figure>
  );
}

/** The charts' font size in px: 12, larger in presenter mode (the --chart-font-size CSS variable). */
export function chartFontSize(): number {
  const css = typeof document !== 'undefined' ? getComputedStyle(document.documentElement) : null;
  return Number(css?.getPropertyValue('--chart-font-size').trim() || 12);
}

/** A secondary legend's font (beside a crowded plot): two px under the charts' own, so presenter mode enlarges it too. */
export const smallLegendFont = (): number => chartFontSize() - 2;

/**
 * The margins that hold the axes' tick labels and titles grow with the font (presenter
 * mode): at 17 px the figures' 12 px margins put each axis title on its tick labels.
 */
export function withScaledMargins(layout: Partial<Layout>): Partial<Layout> {
  const k = chartFontSize() / 12;
  const m = layout.margin;
  if (k <= 1 || !m) return layout;
  const grow = (v: number | undefined) => (v === undefined ? v : Math.round(v * k));
  return { ...layout, margin: { ...m, l: grow(m.l), b: grow(m.b), r: (m.r ?? 0) > 20 ? grow(m.r) : m.r } };
}

/** Shared look: readable fonts (scaled in presenter mode by CSS variables), light grid. */
export function baseLayout(): Partial<Layout> {
  const size = chartFontSize();
  return {
    autosize: true,
    margin: { l: 48, r: 12, t: 8, b: 36 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', size, color: '#1f2937' },
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', bgcolor: 'rgba(255,255,255,0.6)' },
    hovermode: 'closest',
    uirevision: 'keep', // keep the user's zoom across redraws
  };
}
