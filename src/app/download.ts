// Files the page hands to the user.
import { historyToCsv } from '../engine/history';
import type { AppState } from './store';
import { Plotly } from './charts/plotly';

export function download(name: string, data: Blob | string, type = 'application/json'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Settings, metric history and the latest generated samples, in the CLI's run format. */
export function runJson(s: AppState): string {
  const gen = s.snapshot?.generated;
  return JSON.stringify(
    {
      format: 'gan-playground-run',
      version: 1,
      settings: s.settings,
      customPoints: s.settings.target === 'custom' ? s.customPoints : null,
      iterations: s.status.iteration,
      criticSteps: s.status.criticSteps,
      history: s.history,
      samples: gen ? Array.from({ length: gen.length / 2 }, (_, i) => [gen[2 * i], gen[2 * i + 1]]) : [],
    },
    null,
    1,
  );
}

export function runCsv(s: AppState): string {
  return historyToCsv(s.history);
}

/** Every chart inside `container`, drawn into one PNG (two columns, the plane first). */
export async function chartsPng(container: ParentNode): Promise<Blob> {
  const els = [...container.querySelectorAll<HTMLElement>('.chart-plot[data-drawn]')];
  if (!els.length) throw new Error('no chart has been drawn yet');
  const images = await Promise.all(
    els.map(async (el) => {
      const w = Math.max(300, el.clientWidth);
      const h = Math.max(200, el.clientHeight);
      const src = await Plotly.toImage(el, { format: 'png', width: w, height: h, scale: 1 });
      const img = new Image();
      img.src = src;
      await img.decode();
      // the points, fields and curves are painted on canvases of their own, outside Plotly's image
      const layer = el.querySelector<HTMLCanvasElement>('canvas.plane-layer, canvas.trace-layer');
      return { img, w, h, layer };
    }),
  );
  const pad = 12;
  const colWidth = Math.max(...images.map((i) => i.w));
  const columns = images.length > 1 ? 2 : 1;
  const rows: Array<typeof images> = [];
  for (let i = 0; i < images.length; i += columns) rows.push(images.slice(i, i + columns));
  const width = columns * colWidth + (columns + 1) * pad;
  const height = rows.reduce((sum, r) => sum + Math.max(...r.map((i) => i.h)) + pad, pad);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  let y = pad;
  for (const r of rows) {
    r.forEach((i, c) => {
      const x = pad + c * (colWidth + pad);
      ctx.drawImage(i.img, x, y, i.w, i.h);
      if (i.layer) ctx.drawImage(i.layer, x + i.layer.offsetLeft, y + i.layer.offsetTop, i.layer.offsetWidth, i.layer.offsetHeight);
    });
    y += Math.max(...r.map((i) => i.h)) + pad;
  }
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'));
}
