// Ready for a classroom, in Debian's Chromium: Play works at once while backend 'auto'
// measures in the background (the run moves without being lost); the plane fills its card at
// a phone's, a laptop's and a projector's size with nothing wider than the screen; the exact
// W1 refreshes while training; a layer-norm run keeps the page responsive; an exported PNG
// carries its chart's title.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact, buildSite, chartsDrawn, iteration, launch, openPage, serve, type Served } from './browser';

let server: Served;

beforeAll(async () => {
  server = await serve(await buildSite());
}, 180_000);

afterAll(async () => {
  await server?.close();
});

const playEnabled = (page: Page) => page.waitForFunction(() => !(document.querySelector('[data-testid=play]') as HTMLButtonElement | null)?.disabled, undefined, { timeout: 60_000, polling: 20 });

describe('start-up', () => {
  let ctx: BrowserContext;
  beforeAll(async () => {
    ctx = await launch({ width: 1280, height: 720 }); // a fresh profile: no cached measurements
  }, 60_000);
  afterAll(async () => ctx?.close());

  it('Play and Space work before auto has measured; the run then moves to the fastest without a reset', async () => {
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const t0 = Date.now();
    await page.goto(server.url);
    await playEnabled(page);
    const playAt = Date.now() - t0;
    // nothing measured yet: the run starts on the provisional backend, which says so
    expect(await page.locator('.backend-status .measurements').count()).toBe(0);
    await page.focus('[data-testid=playground]');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) > 0, undefined, { timeout: 60_000, polling: 20 });
    const trainingAt = Date.now() - t0;
    // then the background measurement lands; the run carries on from where it was
    await page.waitForSelector('.backend-status .measurements', { state: 'attached', timeout: 90_000 });
    const measuredAt = Date.now() - t0;
    const at = await iteration(page);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) > n, at, { timeout: 30_000 });
    const notes = await page.locator('.notice').allTextContents();
    expect(notes.join(' ')).not.toMatch(/New run/);
    const status = (await page.textContent('[data-testid=backend-status]'))!;
    expect(status).toMatch(/auto measured: fused [\d.]+ ms\/it/);
    // timings for the record (test-artifacts), not asserted: Play usable long before measuring ended
    expect(playAt).toBeLessThan(measuredAt);
    console.log(`start-up: Play usable ${playAt} ms, training ${trainingAt} ms, auto measured ${measuredAt} ms after navigation`);
    // a second visit uses this device's measurements at once
    const again = await ctx.newPage();
    await again.goto(server.url);
    await playEnabled(again);
    await again.waitForSelector('.backend-status .measurements', { state: 'attached', timeout: 30_000 });
    expect(await again.textContent('.backend-status .measurements')).toMatch(/on this device, earlier/);
    expect(await again.locator('[data-testid=auto-provisional]').count()).toBe(0);
    expect(errors).toEqual([]);
    await again.close();
    await page.close();
  }, 180_000);
});

describe('target before the worker', () => {
  let ctx: BrowserContext;
  beforeAll(async () => {
    ctx = await launch({ width: 1280, height: 720 });
  }, 60_000);
  afterAll(async () => ctx?.close());

  it("draws the target's samples while the worker's code is still loading, then hands the plane to the run", async () => {
    // hold the worker's script: no snapshot can arrive until it is released
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await ctx.route(/trainingWorker[^/]*\.js/, async (route) => {
      await held;
      await route.continue();
    });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(`(() => {
      window.__snapshots = 0;
      const Base = window.Worker;
      window.Worker = class extends Base {
        constructor(...a) {
          super(...a);
          this.addEventListener('message', (ev) => { if (ev.data && ev.data.type === 'snapshot') window.__snapshots++; });
        }
      };
    })()`);
    const t0 = Date.now();
    await page.goto(server.url + '?t=ring8');
    await page.waitForSelector('[data-testid=chart-plane][data-drawn]', { timeout: 30_000 });
    const drawnAt = Date.now() - t0;
    await page.waitForTimeout(300); // the paint after Plotly's first draw
    const bluePixels = () =>
      page.evaluate(() => {
        const c = document.querySelector('[data-testid=chart-plane] canvas.plane-layer') as HTMLCanvasElement | null;
        if (!c) return 0;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        // the real samples' blue (#0072B2), drawn translucent
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 40 && d[i + 2] > 100 && d[i + 2] > d[i] + 60) n++;
        return n;
      });
    const before = await bluePixels();
    expect(await page.evaluate('window.__snapshots')).toBe(0);
    expect(before).toBeGreaterThan(200);
    expect(await page.textContent('#chart-plane-desc')).toMatch(/The target: 1000 real samples/);
    console.log(`target drawn ${drawnAt} ms after navigation with the worker's script held (${before} blue pixels)`);
    release();
    await page.waitForFunction('window.__snapshots > 0', undefined, { timeout: 60_000 });
    await page.waitForFunction(() => /^Iteration 0: 1000 generated/.test(document.querySelector('#chart-plane-desc')?.textContent ?? ''), undefined, { timeout: 30_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

const SCREENS = [
  { name: 'phone', width: 390, height: 844, query: '' },
  { name: 'laptop', width: 1280, height: 720, query: '' },
  { name: 'desktop', width: 1920, height: 1080, query: '' },
  { name: 'presenter', width: 1920, height: 1080, query: '?present=1' },
];

describe('every screen', () => {
  for (const screen of SCREENS) {
    it(`${screen.name} (${screen.width}x${screen.height}): the plane fills its card, nothing is wider than the screen`, async () => {
      const ctx = await launch({ width: screen.width, height: screen.height });
      try {
        const { page, errors } = await openPage(ctx, server.url + screen.query);
        await chartsDrawn(page);
        await page.click('[data-testid=play]');
        await page.waitForTimeout(3000);
        await page.click('[data-testid=play]');
        const box = await page.evaluate(() => {
          const rect = (sel: string) => {
            const r = document.querySelector(sel)!.getBoundingClientRect();
            return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
          };
          const card = document.querySelector('.plane-card')!;
          const cs = getComputedStyle(card);
          return {
            scrollWidth: document.documentElement.scrollWidth,
            card: rect('.plane-card'),
            cardContent: card.getBoundingClientRect().width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight),
            plot: rect('.chart-plane .chart-plot'),
            layer: rect('.chart-plane canvas.plane-layer'),
            sidebar: rect('.sidebar'),
            w1: rect('[data-testid=metric-w1]'),
            modes: rect('[data-testid=metric-modes]'),
          };
        });
        // every Plotly legend clear of its chart's plot areas and of the other legends; large in presenter mode
        const legends = await page.evaluate(() =>
          [...document.querySelectorAll('.chart-plot')].flatMap((div) => {
            const legend = div.querySelector('.legend');
            if (!legend) return [];
            const box = (r: DOMRect) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
            const sizes = [...legend.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize));
            return [{ id: (div as HTMLElement).dataset.testid ?? '?', legend: box(legend.getBoundingClientRect()), plots: [...div.querySelectorAll('.nsewdrag')].map((p) => box(p.getBoundingClientRect())), font: Math.min(...sizes) }];
          }),
        );
        type Box = { left: number; top: number; right: number; bottom: number };
        const overlap = (a: Box, b: Box) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
        expect(legends.length).toBeGreaterThanOrEqual(4);
        for (const l of legends) {
          for (const p of l.plots) expect(overlap(l.legend, p), `${l.id}: legend over its plot`).toBe(false);
          for (const o of legends) if (o !== l) expect(overlap(l.legend, o.legend), `${l.id}: legend over ${o.id}'s`).toBe(false);
          if (screen.name === 'presenter') expect(l.font, `${l.id}: legend font in presenter mode`).toBeGreaterThanOrEqual(14);
        }
        if (screen.name === 'presenter') {
          // the plane's own legend and caption (HTML under the plot) are large too
          const fonts = await page.evaluate(() => ['.plane-legend li', '[data-testid=plane-gradnorm]'].map((sel) => parseFloat(getComputedStyle(document.querySelector(sel)!).fontSize)));
          for (const f of fonts) expect(f).toBeGreaterThanOrEqual(14);
        }
        await page.screenshot({ path: artifact(`screen-${screen.name}.png`) });
        expect(box.scrollWidth).toBeLessThanOrEqual(screen.width);
        // the plane's chart spans at least 90% of its card, and its painted plot is a real square
        expect(box.plot.width / box.cardContent).toBeGreaterThanOrEqual(0.9);
        expect(box.layer.width).toBeGreaterThan(Math.min(220, 0.55 * screen.width));
        expect(box.card.right).toBeLessThanOrEqual(screen.width);
        if (screen.name === 'phone') {
          // the plane comes before the settings, full width
          expect(box.card.top).toBeLessThan(box.sidebar.top);
          expect(box.card.width).toBeGreaterThan(0.9 * screen.width);
        } else {
          // the plane's plot and the key readouts above the fold
          expect(box.layer.bottom).toBeLessThanOrEqual(screen.height);
          expect(box.w1.bottom).toBeLessThanOrEqual(screen.height);
          expect(box.modes.bottom).toBeLessThanOrEqual(screen.height);
        }
        if (screen.name === 'presenter') expect(box.layer.width).toBeGreaterThan(600);
        expect(errors).toEqual([]);
        await page.close();
      } finally {
        await ctx.close();
      }
    }, 120_000);
  }
});

describe('while training', () => {
  let ctx: BrowserContext;
  beforeAll(async () => {
    ctx = await launch();
  }, 60_000);
  afterAll(async () => ctx?.close());

  it('the exact W1 is re-evaluated while training and says at which iteration', async () => {
    const { page, errors } = await openPage(ctx, server.url);
    await chartsDrawn(page);
    const note = () => page.textContent('[data-testid=metric-w1-note]');
    expect(await note()).toMatch(/it\. 0$/);
    await page.click('[data-testid=play]');
    // new evaluations keep coming: three different iterations within 15 s
    const seen = new Set<string>();
    for (let i = 0; i < 60 && seen.size < 3; i++) {
      const m = /it\. ([\d,]+)/.exec((await note()) ?? '');
      if (m && m[1] !== '0') seen.add(m[1]);
      await page.waitForTimeout(250);
    }
    await page.click('[data-testid=play]');
    expect(seen.size).toBeGreaterThanOrEqual(3);
    expect(await note()).toMatch(/floor [\d.]+ ± [\d.]+/);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a run with layer norm in the critic trains on the fused kernels and keeps the page responsive', async () => {
    const { page, errors } = await openPage(ctx, server.url);
    await chartsDrawn(page);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await page.check('[data-testid=setting-dLayerNorm] input[type=checkbox]');
    expect(await page.textContent('[data-testid=norm-note-dLayerNorm]')).toMatch(/Trained by the fused kernels/);
    // the new run starts at once on the fused kernels (they cover layer norm); auto measures in its own worker
    await page.waitForFunction(() => document.querySelector('[data-testid=backend-active]')?.textContent === 'fused', undefined, { timeout: 30_000 });
    await playEnabled(page);
    await page.click('[data-testid=play]');
    // the main thread answers within a frame or two throughout, and Pause takes effect
    const gaps = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let last = performance.now();
          let worst = 0;
          const end = last + 4000;
          const tick = () => {
            const now = performance.now();
            worst = Math.max(worst, now - last);
            last = now;
            if (now < end) setTimeout(tick, 16);
            else resolve(worst);
          };
          setTimeout(tick, 16);
        }),
    );
    await page.click('[data-testid=play]');
    await page.waitForFunction(() => document.querySelector('[data-testid=play]')?.textContent === 'Play', undefined, { timeout: 15_000 });
    expect(await iteration(page)).toBeGreaterThan(0);
    // the main thread never stalls for long while the run trains
    expect(gaps).toBeLessThan(1500);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('a chart’s PNG carries its title above the chart', async () => {
    const { page, errors } = await openPage(ctx, server.url);
    await chartsDrawn(page);
    await page.hover('[data-testid=chart-distance]');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=chart-distance] .modebar-btn[data-title="Download this chart as PNG"]')]);
    const png = readFileSync(await dl.path());
    const plotHeight = await page.evaluate(() => document.querySelector('[data-testid=chart-distance]')!.clientHeight);
    const band = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      // dark text pixels in the band above the chart (x 12-300, the title's line)
      const d = g.getImageData(12, 14, 300, 24).data;
      let ink = 0;
      for (let o = 0; o < d.length; o += 4) if (d[o] + d[o + 1] + d[o + 2] < 250) ink++;
      return { ink, height: img.height };
    }, png.toString('base64'));
    expect(band.height).toBeGreaterThanOrEqual(plotHeight + 26);
    expect(band.ink).toBeGreaterThan(40);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
