// Issue 23, items 6 and 7, in Chromium: a Load brings back every chart's traces and their
// screen-reader summaries; the side-by-side view's two columns have ids of their own; the
// line preset's own instruction (press Run) leaves it unmodified; Try 5 seeds leaves the page
// at least 10 frames a second. One browser for all.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toQuery } from '../../src/app/urlState';
import { defaultSettings } from '../../src/engine/settings';
import { artifact, buildSite, launch, openPage, serve, type Served } from './browser';

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

async function ready(page: Page) {
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-testid=play]') as HTMLButtonElement | null;
    return b && !b.disabled;
  }, undefined, { timeout: 60_000 });
}

const iterationIs = (page: Page, n: number) => page.waitForFunction((n) => document.querySelector('[data-testid=iteration]')?.textContent === String(n), n, { timeout: 60_000 });

/** Every painted trace of the curve charts (canvasTraces.ts keeps them on the chart's div), and each chart's summary. */
function charts(page: Page) {
  return page.evaluate(() =>
    ['chart-losses', 'chart-distance', 'chart-health'].map((id) => {
      const div = document.querySelector(`[data-testid=${id}]`) as (HTMLElement & { painted?: Array<{ name: string; x: ArrayLike<number>; y: ArrayLike<number> }> }) | null;
      const desc = div ? document.getElementById(div.getAttribute('aria-describedby') ?? '') : null;
      return {
        id,
        traces: (div?.painted ?? []).map((t) => ({ name: t.name, x: Array.from(t.x), y: Array.from(t.y).map((v) => (v === null ? null : Number(v.toPrecision(6)))) })),
        summary: desc?.textContent ?? '',
      };
    }),
  );
}

describe('honest numbers, in the page', () => {
  it('a Load brings back every chart’s traces and summaries', async () => {
    const settings = { ...defaultSettings(), seed: 3, dLayers: 2, dWidth: 32, gLayers: 2, gWidth: 32 };
    const url = `${server.url}?${toQuery({ settings, view: 'playground' })}`;
    const { page, errors } = await openPage(ctx, url);
    await ready(page);
    for (let i = 0; i < 4; i++) await page.click('[data-testid=action-stepIteration]');
    await iterationIs(page, 4);
    await page.waitForTimeout(1500);
    const before = await charts(page);
    // the floor band from the start: its mean ± spread in the distance chart's legend
    const floorName = (c: Awaited<ReturnType<typeof charts>>) => c[1].traces.find((t) => t.name.startsWith('floor'))?.name ?? '';
    expect(floorName(before)).toMatch(/floor \(two real samples\) \d\.\d{3} ± \d/);
    await page.click('[data-testid=open-export]');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-weights]')]);
    const file = artifact('honest-weights.json');
    await dl.saveAs(file);
    await page.close();

    // a fresh page loads it
    const fresh = await openPage(ctx, url);
    await ready(fresh.page);
    await fresh.page.click('[data-testid=open-export]');
    await fresh.page.setInputFiles('[data-testid=load-file]', file);
    await fresh.page.waitForSelector('[data-testid=export-status]:has-text("Restored")');
    await fresh.page.keyboard.press('Escape');
    await iterationIs(fresh.page, 4);
    await fresh.page.waitForTimeout(1500);
    const after = await charts(fresh.page);
    for (const [i, c] of before.entries()) {
      expect(after[i].traces.map((t) => t.name), c.id).toEqual(c.traces.map((t) => t.name));
      // every trace, point for point
      expect(after[i].traces, c.id).toEqual(c.traces);
      expect(after[i].summary, c.id).toBe(c.summary);
      expect(after[i].summary, c.id).not.toMatch(/undefined|NaN/);
    }
    // the health chart's gradient norms: one per step shown (0 to 4)
    expect(after[2].traces[0].x).toEqual([0, 1, 2, 3, 4]);
    expect(floorName(after)).toBe(floorName(before));
    await fresh.page.screenshot({ path: artifact('honest-after-load.png'), fullPage: true });
    expect([...errors, ...fresh.errors]).toEqual([]);
    await fresh.page.close();
  }, 240_000);

  it('side by side: each column’s charts have their own ids and summaries', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?view=compare`);
    await page.waitForSelector('[data-testid=compare-right] [data-testid=chart-distance][data-drawn]', { timeout: 60_000 });
    await page.click('[data-testid=action-stepIteration]');
    // both columns' loss summaries written (each chart finds its summary by its own id)
    await page.waitForFunction(
      () =>
        ['left', 'right'].every((side) => {
          const div = document.querySelector(`[data-testid=compare-${side}] [data-testid=chart-losses]`);
          return /^At iteration 1:/.test(document.getElementById(div?.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
        }),
      undefined,
      { timeout: 60_000 },
    );
    const check = await page.evaluate(() => {
      const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
      const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
      // every description a column's element points at lies in that column
      const strays: string[] = [];
      for (const side of ['left', 'right']) {
        const column = document.querySelector(`[data-testid=compare-${side}]`)!;
        for (const el of column.querySelectorAll('[aria-describedby]')) {
          for (const id of el.getAttribute('aria-describedby')!.split(/\s+/)) {
            const target = document.getElementById(id);
            if (!target || !column.contains(target)) strays.push(`${side}: ${id}`);
          }
        }
      }
      const summary = (side: string, chart: string) => {
        const div = document.querySelector(`[data-testid=compare-${side}] [data-testid=${chart}]`)!;
        return document.getElementById(div.getAttribute('aria-describedby')!)!.textContent;
      };
      return { dupes, strays, left: summary('left', 'chart-losses'), right: summary('right', 'chart-losses') };
    });
    expect(check.dupes).toEqual([]);
    expect(check.strays).toEqual([]);
    // the two runs differ (a GAN against WGAN-GP): so do their summaries
    expect(check.left).toMatch(/discriminator loss/);
    expect(check.right).toMatch(/critic loss/);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('the line preset’s own instruction, Run, leaves it unmodified', async () => {
    const { page, errors } = await openPage(ctx, server.url);
    await ready(page);
    await page.click('[data-testid=open-presets]');
    await page.click('[data-testid=preset-line-gan]');
    await page.waitForSelector('[data-testid=lesson-line]');
    await page.click('[data-testid=line-run-minimax]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) > 0, undefined, { timeout: 60_000 });
    const banner = await page.textContent('[data-testid=preset-banner]');
    expect(banner).toContain('Vertical line: the minimax GAN stalls');
    expect(banner).not.toContain('(modified)');
    // another loss is a change to the preset, and says so
    await page.click('[data-testid=line-run-wgan-gp]');
    await page.waitForFunction(() => document.querySelector('[data-testid=preset-banner]')?.textContent?.includes('(modified)'), undefined, { timeout: 10_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('the two-cloud lesson says which W1 is estimated, with the samples’ own bounds around it', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?view=transport`);
    await page.waitForSelector('[data-testid=cloud-q-spread]');
    // the case: Q's spread 0.5 against P's 0.4 (steps of 0.01)
    await page.focus('[data-testid=cloud-q-spread]');
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('[data-testid=cloud-q-spread-value]')?.textContent === '0.50');
    await page.waitForFunction(() => /^\d/.test(document.querySelector('[data-testid=transport-sample-upper]')?.textContent ?? ''));
    const w1 = Number(await page.textContent('[data-testid=transport-w1]'));
    const lower = Number(await page.textContent('[data-testid=transport-sample-lower]'));
    const upper = Number(await page.textContent('[data-testid=transport-sample-upper]'));
    expect(await page.textContent('[data-testid=transport-equal-spreads]')).toContain('between ‖μ_P − μ_Q‖ = 3.162 and W2 = √(‖Δμ‖² + 2(σ_P − σ_Q)²) = 3.165');
    expect(w1).toBe(3.17); // above the Gaussians' W2: an estimate from the samples, and the page says so
    expect(await page.textContent('[data-testid=transport-sample-bounds]')).toMatch(/computed from the 300 \+ 300 samples, which only estimate the clouds/);
    expect(lower).toBeLessThanOrEqual(w1);
    expect(w1).toBeLessThanOrEqual(upper);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('Try 5 seeds leaves the page at least 10 frames a second', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?${toQuery({ settings: { ...defaultSettings(), seed: 3 }, view: 'playground' })}`);
    await ready(page);
    // every animation frame's time, from before the panel opens
    await page.evaluate(() => {
      const w = window as unknown as { frames_: number[] };
      w.frames_ = [];
      const tick = (t: number) => {
        w.frames_.push(t);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.click('[data-testid=action-trySeeds]');
    await page.waitForSelector('[data-testid=seeds-panel]');
    await page.selectOption('[data-testid=seeds-budget]', '500');
    const began = await page.evaluate(() => performance.now());
    await page.waitForFunction(() => document.querySelector('[data-testid=seeds-status]')?.textContent?.startsWith('Done'), undefined, { timeout: 240_000 });
    const frames = await page.evaluate((from) => (window as unknown as { frames_: number[] }).frames_.filter((t) => t >= from), began);
    const gaps = frames.slice(1).map((t, i) => t - frames[i]);
    const seconds = (frames[frames.length - 1] - frames[0]) / 1000;
    // frames in each whole second of the run
    const perSecond: number[] = [];
    for (const t of frames) {
      const k = Math.floor((t - frames[0]) / 1000);
      if (k < Math.floor(seconds)) perSecond[k] = (perSecond[k] ?? 0) + 1;
    }
    const counts = Array.from({ length: Math.floor(seconds) }, (_, k) => perSecond[k] ?? 0);
    const sorted = [...gaps].sort((a, b) => a - b);
    const report = {
      seconds: +seconds.toFixed(1),
      framesPerSecond: +(frames.length / seconds).toFixed(1),
      secondsUnder10: counts.filter((c) => c < 10).length,
      longestMs: Math.round(sorted[sorted.length - 1]),
      p99Ms: Math.round(sorted[Math.floor(sorted.length * 0.99)]),
    };
    console.log('Try 5 seeds, frames:', JSON.stringify(report));
    expect(seconds).toBeGreaterThan(2);
    // At least 10 frames a second over the run, and in nine seconds of ten; no frame near the
    // seconds it took before (a frame of 21 s, 4 frames a second). Other work on this shared
    // machine stalls even an idle page now and then (0.5-1.2 s measured), hence the margins.
    expect(report.framesPerSecond).toBeGreaterThanOrEqual(10);
    expect(report.secondsUnder10).toBeLessThanOrEqual(Math.floor(counts.length / 10));
    expect(report.longestMs).toBeLessThan(2500);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
