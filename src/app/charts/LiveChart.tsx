// A thin React shell around one Plotly graph: it renders a div once, subscribes to the
// store, and redraws imperatively (Plotly.react) at most once per animation frame, and no
// more often than `minIntervalMs`, so training never re-renders React.
import { useEffect, useRef } from 'react';
import type { AppState, Store } from '../store';
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
  minIntervalMs?: number;
  testId: string;
  className?: string;
}

const CONFIG: Partial<Config> = {
  displaylogo: false,
  responsive: true,
  modeBarButtonsToRemove: ['select2d', 'lasso2d', 'autoScale2d'],
  toImageButtonOptions: { format: 'png', scale: 2 },
};

let firstDrawMarked = false;

export function LiveChart<T>({ store, select, build, label, summary, minIntervalMs = 0, testId, className }: LiveChartProps<T>) {
  const el = useRef<HTMLDivElement>(null);
  const desc = useRef<HTMLParagraphElement>(null);
  // The latest callbacks without resubscribing.
  const fns = useRef({ select, build, summary });
  fns.current = { select, build, summary };
  // Lets a re-render with new props (not only a store change) trigger a redraw.
  const kick = useRef<() => void>(() => undefined);
  useEffect(() => kick.current());

  useEffect(() => {
    const div = el.current;
    if (!div) return;
    let last: T | undefined;
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastDraw = 0;
    let drawing = false;
    let draws = 0;
    let disposed = false;

    const draw = () => {
      frame = 0;
      if (disposed || drawing) return;
      const s = store.getState();
      const input = fns.current.select(s);
      if (input === last) return;
      const fig = fns.current.build(input, s);
      last = input;
      if (!fig) return;
      drawing = true;
      lastDraw = performance.now();
      const summaryText = fns.current.summary?.(input, s);
      if (desc.current && summaryText !== undefined) desc.current.textContent = summaryText;
      Plotly.react(div, fig.data, { ...baseLayout(), ...fig.layout }, CONFIG)
        .then(() => {
          draws++;
          div.dataset.drawn = String(draws);
          if (!firstDrawMarked && typeof performance.mark === 'function') {
            firstDrawMarked = true;
            performance.mark('gan:first-chart');
          }
        })
        .catch((e: unknown) => {
          div.dataset.error = e instanceof Error ? e.message : String(e);
        })
        .finally(() => {
          drawing = false;
          // a change may have arrived while drawing
          if (fns.current.select(store.getState()) !== last) schedule();
        });
    };

    const schedule = () => {
      if (frame || timer || disposed) return;
      const wait = minIntervalMs - (performance.now() - lastDraw);
      if (wait > 0) {
        timer = setTimeout(() => {
          timer = null;
          schedule();
        }, wait);
        return;
      }
      frame = requestAnimationFrame(draw);
    };

    const check = () => {
      if (fns.current.select(store.getState()) !== last) schedule();
    };
    kick.current = check;
    const unsubscribe = store.subscribe(check);
    schedule();
    const ro = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(() => div.isConnected && draws > 0 && Plotly.Plots.resize(div)) : null;
    ro?.observe(div);
    return () => {
      disposed = true;
      unsubscribe();
      ro?.disconnect();
      if (frame) cancelAnimationFrame(frame);
      if (timer) clearTimeout(timer);
      Plotly.purge(div);
    };
  }, [store, minIntervalMs]);

  const descId = `${testId}-desc`;
  return (
    <figure className={`chart ${className ?? ''}`} aria-label={label}>
      <div ref={el} className="chart-plot" data-testid={testId} role="img" aria-label={label} aria-describedby={descId} />
      <p ref={desc} id={descId} className="sr-only" aria-live="off" />
    </figure>
  );
}

/** Shared look: readable fonts (scaled in presenter mode by CSS variables), light grid. */
export function baseLayout(): Partial<Layout> {
  const css = typeof document !== 'undefined' ? getComputedStyle(document.documentElement) : null;
  const size = Number(css?.getPropertyValue('--chart-font-size').trim() || 12);
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
