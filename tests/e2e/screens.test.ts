// Collapse at a glance, on every screen (issue 23, items 2 and 5): the per-mode bars and the
// KL to uniform beside the plane and above the fold at 1400x950, 1280x720 and in presenter
// mode (1920x1080); the readouts lead with "N of M hold their share"; generated samples are
// painted over the real ones; on a phone the tab labels fit and no Plotly toolbar covers a
// legend. One browser, one page, resized between screens; the screenshots go to
// test-artifacts/ (look at them).
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact, buildSite, iteration, launch, openPage, serve, type Served } from './browser';

let server: Served;
let ctx: BrowserContext;

beforeAll(async () => {
  server = await serve(await buildSite());
  ctx = await launch({ width: 1400, height: 950 });
}, 240_000);

afterAll(async () => {
  await ctx?.close();
  await server?.close();
});

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Plays until `n` iterations and an evaluation at or after `n` has drawn the bars, then pauses. */
async function trainTo(page: Page, n: number): Promise<void> {
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-testid=play]') as HTMLButtonElement | null;
    return b && !b.disabled;
  }, undefined, { timeout: 60_000 });
  await page.click('[data-testid=play]');
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) >= n, n, { timeout: 60_000 });
  // the bars show an evaluation from this stretch of training, not only iteration 0's
  await page.waitForFunction(
    (n) => {
      const drawn = (document.querySelector('[data-testid=chart-mode-bars]') as HTMLElement | null)?.dataset.drawn;
      const m = /^At iteration (\d+)/.exec(document.querySelector('#chart-mode-bars-desc')?.textContent ?? '');
      return !!drawn && !!m && Number(m[1]) >= n;
    },
    n,
    { timeout: 30_000 },
  );
  await page.click('[data-testid=play]');
  await page.waitForFunction(() => document.querySelector('[data-testid=play]')?.textContent === 'Play', undefined, { timeout: 10_000 });
}

/** Resizes and waits until the plane's painted layer has followed the new layout. */
async function resize(page: Page, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  // one iteration: a fresh snapshot redraws every chart in the new size (a frame keyed on the width included)
  await page.click('[data-testid=action-stepIteration]');
  await page.waitForFunction(
    () => {
      const layer = document.querySelector('.chart-plane canvas.plane-layer')?.getBoundingClientRect();
      const plot = document.querySelector('.chart-plane .nsewdrag')?.getBoundingClientRect();
      return !!layer && !!plot && Math.abs(layer.width - plot.width) < 2 && Math.abs(layer.left - plot.left) < 2;
    },
    undefined,
    { timeout: 10_000 },
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The boxes that must be in view, in viewport coordinates. */
async function boxes(page: Page): Promise<Record<string, Box>> {
  return page.evaluate(() => {
    const rect = (sel: string) => {
      const r = document.querySelector(sel)!.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    return {
      plane: rect('.chart-plane canvas.plane-layer'),
      bars: rect('[data-testid=chart-mode-bars]'),
      kl: rect('[data-testid=chart-mode-kl]'),
      headline: rect('[data-testid=mode-balance-headline]'),
      modesReadout: rect('[data-testid=readout-modes]'),
    };
  });
}

/**
 * The modes readout, the headline beside the plane and the bars' own data, as the page shows
 * them, once all three show the same evaluation (an evaluation can land just after a pause, and
 * the bars redraw a frame after the text).
 */
async function modeFigures(page: Page) {
  const read = () => {
    const gd = document.querySelector('[data-testid=chart-mode-bars]') as unknown as { data: Array<{ type: string; y: number[]; customdata?: number[] }> };
    const bars = gd.data.find((d) => d.type === 'bar')!;
    const fair = gd.data[1].y[0];
    const counts = bars.customdata!;
    const total = counts.reduce((a, b) => a + b, 0);
    // KL(histogram ‖ uniform), as PacGAN's column defines it
    const kl = counts.reduce((s, c) => (c > 0 ? s + (c / total) * Math.log((c / total) * counts.length) : s), 0);
    const holding = bars.y.filter((v) => v > 0 && v >= fair / 4).length;
    const headline = [...document.querySelectorAll('[data-testid=mode-balance-headline] > span')].map((s) => s.textContent);
    const value = document.querySelector('[data-testid=metric-modes]')!.textContent;
    return {
      value,
      note: document.querySelector('[data-testid=metric-modes-note]')!.textContent,
      headline,
      expected: [`${holding} of ${counts.length} modes hold their share`, `KL to uniform ${kl.toFixed(2)}`],
      holding,
      agree: value === `${holding} of ${counts.length}` && headline.join('|') === `${holding} of ${counts.length} modes hold their share|KL to uniform ${kl.toFixed(2)}`,
    };
  };
  await page.waitForFunction(`(${read.toString()})().agree`, undefined, { timeout: 10_000 }).catch(() => undefined);
  return page.evaluate(read);
}

const inside = (b: Box, width: number, height: number) => b.left >= 0 && b.top >= 0 && b.right <= width + 0.5 && b.bottom <= height + 0.5;

const DESKTOP = [
  { name: 'desktop', width: 1400, height: 950 },
  { name: 'laptop', width: 1280, height: 720 },
];

describe('collapse visible at a glance, on every screen', () => {
  it('bars and KL beside the plane above the fold, "N of M hold their share", generated over real, a phone without cut tabs or toolbars over legends', async () => {
    const { page, errors } = await openPage(ctx, server.url);
    await trainTo(page, 350);
    expect(await iteration(page)).toBeGreaterThanOrEqual(350);

    // the readout leads with the modes holding their share, and agrees with the bars
    const f = await modeFigures(page);
    expect(f.value).toMatch(/^\d of 8$/);
    expect(f.note).toMatch(/^hold their share · \d\/8 captured$/);
    expect(`${f.value} ${f.note}`).toMatch(/^(\d) of 8 hold their share/);
    // the readout counts the bars that reach a quarter of the fair share; the headline beside
    // the plane says the same and gives the KL of the bars' histogram to the uniform one
    expect(f.value).toBe(`${f.holding} of 8`);
    expect(f.headline, JSON.stringify(f)).toEqual(f.expected);

    // generated crosses are painted over real samples: where a generated sample sits on a real
    // one, the plane's pixel there is the crosses' orange, not the rings' blue
    const onTop = await page.evaluate(() => {
      const div = document.querySelector('[data-testid=chart-plane]') as unknown as { plane: { snapshot: { target: Float32Array; generated: Float32Array } }; _fullLayout: { xaxis: { range: number[] }; yaxis: { range: number[] } } };
      const canvas = document.querySelector('.chart-plane canvas.plane-layer') as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const [xa, xb] = div._fullLayout.xaxis.range;
      const [ya, yb] = div._fullLayout.yaxis.range;
      const px = (x: number) => Math.round(((x - xa) / (xb - xa)) * canvas.width);
      const py = (y: number) => Math.round(((yb - y) / (yb - ya)) * canvas.height);
      const { target, generated } = div.plane.snapshot;
      const realAt = new Set<number>();
      // within 2 px of a real sample's centre: inside its ring (the old filled dot and its white rim covered it)
      for (let i = 0; i < target.length; i += 2) for (let dx = -2; dx <= 2; dx++) for (let dy = -2; dy <= 2; dy++) realAt.add((px(target[i]) + dx) * 100_000 + py(target[i + 1]) + dy);
      let orange = 0;
      let blue = 0;

      for (let i = 0; i < generated.length; i += 2) {
        const x = px(generated[i]);
        const y = py(generated[i + 1]);
        if (!realAt.has(x * 100_000 + y) || x < 0 || y < 0 || x >= canvas.width || y >= canvas.height) continue;
        const o = 4 * (y * canvas.width + x);
        const [r, , b] = [data[o], data[o + 1], data[o + 2]];
        // the crosses' #D55E00 against the rings' #0072B2 (white rims are neither)
        if (r > b + 60) orange++;
        else if (b > r + 60) blue++;
      }
      return { orange, blue };
    });
    expect(onTop.orange + onTop.blue, 'generated samples lying on real ones').toBeGreaterThanOrEqual(10);
    expect(onTop.orange).toBeGreaterThan(4 * onTop.blue);

    for (const screen of DESKTOP) {
      await resize(page, screen.width, screen.height);
      await page.screenshot({ path: artifact(`screens-${screen.name}-${screen.width}x${screen.height}.png`) });
      const b = await boxes(page);
      for (const [name, box] of Object.entries(b)) expect(inside(box, screen.width, screen.height), `${screen.name}: ${name} ${JSON.stringify(box)} inside ${screen.width}x${screen.height}`).toBe(true);
      // beside the plane, not under it
      expect(b.bars.left).toBeGreaterThanOrEqual(b.plane.right);
      expect(b.bars.top).toBeLessThan(b.plane.bottom);
    }

    // a phone: the tabs' labels whole and on screen, no Plotly toolbar over a legend
    await resize(page, 390, 844);
    await page.screenshot({ path: artifact('screens-phone-390x844.png') });
    const phone = await page.evaluate(() => {
      const box = (e: Element) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width };
      };
      const tabs = [...document.querySelectorAll('.tabs button')].map((b) => ({ ...box(b), cut: b.scrollWidth > b.clientWidth + 1, text: (b as HTMLElement).innerText }));
      const charts = [...document.querySelectorAll('.chart-plot')].map((div) => ({
        id: (div as HTMLElement).dataset.testid,
        legend: div.querySelector('.legend') ? box(div.querySelector('.legend')!) : null,
        modebar: [...div.querySelectorAll('.modebar')].map(box).filter((r) => r.width > 0),
      }));
      return { tabs, charts, scrollWidth: document.documentElement.scrollWidth };
    });
    expect(phone.tabs).toHaveLength(5);
    for (const t of phone.tabs) {
      expect(t.cut, `tab "${t.text}" cut`).toBe(false);
      expect(t.left).toBeGreaterThanOrEqual(0);
      expect(t.right, `tab "${t.text}"`).toBeLessThanOrEqual(390);
    }
    expect(phone.scrollWidth).toBeLessThanOrEqual(390);
    const overlap = (a: Box, b: Box) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
    expect(phone.charts.filter((c) => c.legend).length).toBeGreaterThanOrEqual(3);
    for (const c of phone.charts) for (const m of c.modebar) if (c.legend) expect(overlap(m, c.legend), `${c.id}: toolbar over its legend`).toBe(false);

    // presenter mode, as a link opens it
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${server.url}?present=1`);
    await trainTo(page, 50);
    expect(await page.evaluate(() => document.documentElement.classList.contains('presenter'))).toBe(true);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: artifact('screens-presenter-1920x1080.png') });
    const p = await boxes(page);
    for (const [name, box] of Object.entries(p)) expect(inside(box, 1920, 1080), `presenter: ${name} ${JSON.stringify(box)}`).toBe(true);
    expect(p.bars.left).toBeGreaterThanOrEqual(p.plane.right);
    expect((await modeFigures(page)).value).toMatch(/^\d of 8$/);
    expect(errors).toEqual([]);
    await page.close();
  }, 150_000);
});
