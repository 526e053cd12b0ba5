// End to end in Debian's Chromium: the built page, served from a sub-path, trains in its
// worker under every loss, draws every chart, and improves the exact W1 on the ring.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOSS_IDS } from '../../src/engine/settings';
import { artifact, buildSite, chartsDrawn, CHARTS, iteration, launch, openPage, readMetric, serve, type Served } from './browser';

let server: Served;
let ctx: BrowserContext;

beforeAll(async () => {
  server = await serve(await buildSite());
  ctx = await launch();
}, 180_000);

afterAll(async () => {
  await ctx?.close();
  await server?.close();
});

async function play(page: Page, ms: number) {
  await page.click('[data-testid=play]');
  await page.waitForTimeout(ms);
  await page.click('[data-testid=play]'); // pause
  await page.waitForFunction(() => document.querySelector('[data-testid=play]')?.textContent === 'Play');
}

describe('the playground page', () => {
  it('loads from a sub-path with every chart drawn and the worker ready', async () => {
    const { page, errors } = await openPage(ctx, server.url);
    await chartsDrawn(page);
    await page.waitForFunction(() => document.querySelector('[data-testid=play]') && !(document.querySelector('[data-testid=play]') as HTMLButtonElement).disabled);
    expect(await page.textContent('[data-testid=backend-status]')).toMatch(/in a Web Worker/);
    expect(await iteration(page)).toBe(0);
    expect(await readMetric(page, 'metric-w1')).toMatch(/^\d+\.\d{3}$/);
    expect(await readMetric(page, 'metric-modes')).toMatch(/^\d of 8$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  for (const loss of LOSS_IDS) {
    it(`trains with ${loss}: the counter advances and every chart redraws`, async () => {
      const { page, errors } = await openPage(ctx, server.url);
      await chartsDrawn(page);
      await page.selectOption('[data-testid=loss-select]', loss);
      await page.waitForTimeout(500);
      const drawnBefore = await page.evaluate((ids) => ids.map((id) => Number(document.querySelector(`[data-testid=${id}]`)!.getAttribute('data-drawn'))), CHARTS);
      await play(page, 3500);
      expect(await iteration(page)).toBeGreaterThan(5);
      await chartsDrawn(page, Math.max(...drawnBefore) + 1, 20_000);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('paints the samples, the field and the curves where the axes put them', async () => {
    const { page, errors } = await openPage(ctx, server.url);
    await chartsDrawn(page);
    await play(page, 2500);
    await page.selectOption('[data-testid=field-style]', 'none');
    await page.uncheck('[data-testid=toggle-arrows]');
    await page.waitForTimeout(500);
    // each sample's pixel on the plane's canvas: real ones blue, generated ones orange
    const samples = await page.evaluate(() => {
      const div = document.querySelector('[data-testid=chart-plane]') as unknown as HTMLElement & {
        plane: { snapshot: { target: Float32Array; generated: Float32Array } };
        _fullLayout: { xaxis: { range: number[] }; yaxis: { range: number[] } };
      };
      const canvas = div.querySelector('canvas.plane-layer') as HTMLCanvasElement;
      const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const [x0, x1] = div._fullLayout.xaxis.range;
      const [y0, y1] = div._fullLayout.yaxis.range;
      const at = (x: number, y: number) => {
        const i = Math.round(((x - x0) / (x1 - x0)) * canvas.width - 0.5);
        const j = Math.round(((y1 - y) / (y1 - y0)) * canvas.height - 0.5);
        if (i < 0 || j < 0 || i >= canvas.width || j >= canvas.height) return null;
        const o = 4 * (j * canvas.width + i);
        return [px[o], px[o + 1], px[o + 2], px[o + 3]];
      };
      const share = (pts: Float32Array, ok: (p: number[]) => boolean) => {
        let n = 0;
        let good = 0;
        for (let k = 0; k < pts.length; k += 2) {
          const p = at(pts[k], pts[k + 1]);
          if (!p) continue;
          n++;
          if (ok(p)) good++;
        }
        return good / Math.max(1, n);
      };
      const { target, generated } = div.plane.snapshot;
      let empty = 0;
      for (let k = 3; k < px.length; k += 4) if (px[k] === 0) empty++;
      return {
        real: share(target, (p) => p[3] > 0 && p[2] > p[0]),
        generated: share(generated, (p) => p[3] > 0 && p[0] > p[2]),
        emptyShare: empty / (px.length / 4),
      };
    });
    expect(samples.real).toBeGreaterThan(0.6);
    expect(samples.generated).toBeGreaterThan(0.8);
    // with the field hidden, most of the plane is left transparent
    expect(samples.emptyShare).toBeGreaterThan(0.3);
    // the field, when shown, covers the plot area
    await page.selectOption('[data-testid=field-style]', 'heatmap');
    await page.waitForTimeout(500);
    const opaque = await page.evaluate(() => {
      const c = document.querySelector('[data-testid=chart-plane] canvas.plane-layer') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let k = 3; k < d.length; k += 4) if (d[k] === 255) n++;
      return n / (d.length / 4);
    });
    expect(opaque).toBeGreaterThan(0.99);
    // the losses: the critic loss's last point is painted in its colour where the axes put it.
    // Polled: a row that arrives after the pause moves the axes, and the canvas follows on the
    // next frame, so one look can fall between the two (seen once in a full run)
    const look = await page.waitForFunction(() => {
      const div = document.querySelector('[data-testid=chart-losses]') as unknown as HTMLElement & {
        painted: Array<{ name: string; x: number[]; y: number[]; color: string }>;
        _fullLayout: { xaxis: { range: number[]; _offset: number; _length: number }; yaxis: { range: number[]; _offset: number; _length: number } };
      };
      const t = div.painted[0];
      const c = div.querySelector('canvas.trace-layer') as HTMLCanvasElement;
      const dpr = c.width / c.clientWidth;
      const { xaxis: xa, yaxis: ya } = div._fullLayout;
      const k = t.x.length - 1;
      // the canvas covers the plotting area: its own offset inside the chart
      const cx = (xa._offset - c.offsetLeft + ((t.x[k] - xa.range[0]) / (xa.range[1] - xa.range[0])) * xa._length) * dpr;
      const cy = (ya._offset - c.offsetTop + (1 - (t.y[k] - ya.range[0]) / (ya.range[1] - ya.range[0])) * ya._length) * dpr;
      const d = c.getContext('2d')!.getImageData(Math.round(cx) - 3, Math.round(cy) - 3, 7, 7).data;
      const want = [parseInt(t.color.slice(1, 3), 16), parseInt(t.color.slice(3, 5), 16), parseInt(t.color.slice(5, 7), 16)];
      let hit = false;
      for (let o = 0; o < d.length; o += 4) if (d[o + 3] > 200 && Math.abs(d[o] - want[0]) + Math.abs(d[o + 1] - want[1]) + Math.abs(d[o + 2] - want[2]) < 60) hit = true;
      return hit ? { name: t.name, hit, points: t.x.length } : false;
    }, undefined, { timeout: 10_000 });
    const curve = (await look.jsonValue()) as { name: string; hit: boolean; points: number };
    expect(curve.points).toBeGreaterThan(3);
    expect(curve.hit).toBe(true);
    // the chart's camera button exports the painted curves too, not Plotly's SVG alone
    await page.hover('[data-testid=chart-losses]');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=chart-losses] .modebar-btn[data-title="Download this chart as PNG"]')]);
    const png = readFileSync(await dl.path());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const inked = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let n = 0; // pixels of the critic loss's colour, #0072B2
      for (let o = 0; o < d.length; o += 4) if (Math.abs(d[o] - 0x00) + Math.abs(d[o + 1] - 0x72) + Math.abs(d[o + 2] - 0xb2) < 40) n++;
      return n;
    }, png.toString('base64'));
    // more than the legend's short sample line: the curve itself
    expect(inked).toBeGreaterThan(150);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('WGAN-GP on the ring of 8 improves the exact W1, and looks it', async () => {
    const { page, errors } = await openPage(ctx, server.url);
    await chartsDrawn(page);
    const before = Number(await readMetric(page, 'metric-w1'));
    await page.click('[data-testid=play]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) >= 400, undefined, { timeout: 120_000 });
    await page.click('[data-testid=play]');
    // the pause forces a fresh evaluation
    await page.waitForTimeout(1500);
    const after = Number(await readMetric(page, 'metric-w1'));
    expect(after).toBeLessThan(0.8 * before);
    await page.screenshot({ path: artifact('playground-wgan-gp-ring8.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
