// What the plane and the curves share: the canvas they paint on, placed inside Plotly's layer
// stack (its WebGL slot: above the grid, below the legend, colour bar and zoom box), and the
// pointer readout that replaces Plotly's hover (Plotly has no points to hover there).

/** The canvas's resolution per CSS px: the screen's, capped at 2. */
export function pixelRatio(): number {
  return Math.min(2, Math.max(1, typeof devicePixelRatio === 'number' ? devicePixelRatio : 1));
}

/**
 * The chart's painted layer (created on first use), covering `box` (CSS px inside the chart),
 * cleared, with a 2D context in the box's own CSS px. A CPU canvas (willReadFrequently): in
 * software GL, an accelerated canvas's strokes and stamps cost far more at swap time.
 */
export function placeLayer(div: HTMLDivElement, className: string, box: { left: number; top: number; width: number; height: number }): CanvasRenderingContext2D | null {
  let canvas = div.querySelector<HTMLCanvasElement>(`canvas.${className}`);
  if (!canvas) {
    canvas = document.createElement('canvas');
    canvas.className = className;
    canvas.setAttribute('aria-hidden', 'true');
    Object.assign(canvas.style, { position: 'absolute', pointerEvents: 'none' });
    (div.querySelector('.gl-container') ?? div).appendChild(canvas);
  }
  const dpr = pixelRatio();
  const w = Math.round(box.width * dpr);
  const h = Math.round(box.height * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const key = `${box.left},${box.top},${box.width},${box.height}`;
  if (canvas.dataset.box !== key) {
    canvas.dataset.box = key;
    Object.assign(canvas.style, { left: `${box.left}px`, top: `${box.top}px`, width: `${box.width}px`, height: `${box.height}px` });
  }
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, box.width, box.height);
  return ctx;
}

/**
 * A readout that follows the pointer over the chart (attached once per chart): `describe`
 * gets the pointer in CSS px inside the chart and returns the text, or null to hide it.
 */
export function attachReadout(div: HTMLDivElement, describe: (x: number, y: number) => string | null): void {
  const host = div.querySelector<HTMLElement>('.svg-container');
  if (!host || host.querySelector('.chart-tip')) return;
  const tip = document.createElement('div');
  tip.className = 'chart-tip';
  tip.hidden = true;
  host.appendChild(tip);
  host.addEventListener('pointermove', (e) => {
    const box = host.getBoundingClientRect();
    const x = e.clientX - box.left;
    const y = e.clientY - box.top;
    const text = describe(x, y);
    if (text === null) {
      tip.hidden = true;
      return;
    }
    tip.textContent = text;
    tip.style.left = `${Math.min(x + 12, Math.max(0, box.width - 240))}px`;
    tip.style.top = `${y + 12}px`;
    tip.hidden = false;
  });
  host.addEventListener('pointerleave', () => (tip.hidden = true));
}
