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

/** Height of the title band above each chart in an exported PNG (px). */
export const PNG_TITLE_BAND = 26;

/** A chart's title, from its card's heading (what the page shows above it). */
export function chartTitle(el: Element): string {
  const card = el.closest('section.card');
  return card?.querySelector('h2')?.textContent?.trim() ?? '';
}

/** The plane's legend is HTML under it: the PNG gets it as a line of coloured symbols and text. */
function planeLegend(el: Element): Array<{ glyph: string; color: string; text: string }> | null {
  const items = el.closest('section.card')?.querySelectorAll('.plane-legend li');
  if (!items?.length) return null;
  const glyphs: Record<string, { glyph: string; color: string }> = {
    real: { glyph: '●', color: '#0072B2' },
    generated: { glyph: '✕', color: '#D55E00' },
    '∇f': { glyph: '↗', color: '#1f2937' },
    optimal: { glyph: '—', color: '#000000' },
  };
  return [...items].map((li) => {
    const text = li.textContent?.trim() ?? '';
    const key = Object.keys(glyphs).find((k) => text.startsWith(k)) ?? 'real';
    return { ...glyphs[key], text };
  });
}

/** Every chart inside `container`, drawn into one PNG (two columns, the plane first), each under its title. */
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
      const legend = planeLegend(el);
      return { img, w, h: h + PNG_TITLE_BAND + (legend ? PNG_TITLE_BAND : 0), plotH: h, layer, title: chartTitle(el), legend };
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
      ctx.fillStyle = '#1f2937';
      ctx.font = '600 16px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      ctx.fillText(i.title, x + 4, y + PNG_TITLE_BAND / 2);
      const top = y + PNG_TITLE_BAND;
      ctx.drawImage(i.img, x, top, i.w, i.plotH);
      if (i.layer) ctx.drawImage(i.layer, x + i.layer.offsetLeft, top + i.layer.offsetTop, i.layer.offsetWidth, i.layer.offsetHeight);
      if (i.legend) {
        let lx = x + 40;
        const ly = top + i.plotH + PNG_TITLE_BAND / 2;
        ctx.font = '13px system-ui, sans-serif';
        for (const item of i.legend) {
          ctx.fillStyle = item.color;
          ctx.fillText(item.glyph, lx, ly);
          lx += 16;
          ctx.fillStyle = '#1f2937';
          ctx.fillText(item.text, lx, ly);
          lx += ctx.measureText(item.text).width + 18;
        }
      }
    });
    y += Math.max(...r.map((i) => i.h)) + pad;
  }
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'));
}
