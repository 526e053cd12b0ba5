// Lessons that hold on every seed, in Chromium: loading a preset mid-run starts a new run
// (even the same preset again), and the per-mode bars appear for mixtures and are hidden
// for other targets; side by side opens the collapse-against-WGAN-GP pair.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toQuery } from '../../src/app/urlState';
import { defaultSettings } from '../../src/engine/settings';
import { artifact, buildSite, iteration, launch, openPage, serve, type Served } from './browser';

let server: Served;
let ctx: BrowserContext;

beforeAll(async () => {
  server = await serve(await buildSite());
  ctx = await launch();
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

const atLeast = (page: Page, n: number) =>
  page.waitForFunction((n) => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) >= n, n, { timeout: 90_000 });

async function pickPreset(page: Page, id: string) {
  await page.click('[data-testid=open-presets]');
  await page.click(`[data-testid=preset-${id}]`);
}

describe('presets and mode bars in the page', () => {
  it('loading the same preset mid-run starts again from iteration 0; the bars show each mode', async () => {
    const { page, errors } = await openPage(ctx, server.url);
    await ready(page);
    await pickPreset(page, 'mode-collapse');
    await page.click('[data-testid=play]');
    await atLeast(page, 300);
    // the per-mode bars: one bar per mode of the ring, beside the coverage curve
    await page.waitForSelector('[data-testid=chart-mode-bars][data-drawn]', { timeout: 30_000 });
    const bars = await page.evaluate(() => {
      const gd = document.querySelector('[data-testid=chart-mode-bars]') as unknown as { data: Array<{ type: string; name: string; x: number[]; y: number[] }> };
      return { bar: gd.data.find((d) => d.type === 'bar')!.x.length, fair: gd.data.find((d) => d.name.startsWith('fair share'))!.y[0] };
    });
    expect(bars).toEqual({ bar: 8, fair: 12.5 });
    expect(await page.textContent('[data-testid=metric-modes]')).toMatch(/^\d of 8$/);
    expect(await page.textContent('[data-testid=metric-modes-note]')).toMatch(/^hold their share · \d\/8 captured$/);
    await page.screenshot({ path: artifact('lessons-mode-bars.png'), fullPage: true });
    await page.click('[data-testid=play]'); // pause, so that the new run waits at 0
    const before = await iteration(page);
    expect(before).toBeGreaterThanOrEqual(300);
    await pickPreset(page, 'mode-collapse'); // nothing changed: still a new run
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) === 0, undefined, { timeout: 30_000 });

    // a target without modes: the bars go away
    await page.goto(`${server.url}?${toQuery({ settings: { ...defaultSettings(), target: 'swissroll' }, view: 'playground' })}`);
    await ready(page);
    await page.click('[data-testid=play]');
    await atLeast(page, 50);
    // an exact evaluation has arrived (it carries the mode metrics where the target has modes)
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=metric-w1]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    expect(await page.textContent('[data-testid=metric-modes]')).toBe('—');
    expect(await page.$('[data-testid=chart-mode-bars]')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('side by side opens the collapsing GAN against WGAN-GP and offers the preset pairs', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?view=compare`);
    await page.waitForSelector('[data-testid=compare-pair]', { timeout: 60_000 });
    expect(await page.inputValue('[data-testid=compare-pair]')).toBe('collapse');
    expect(await page.inputValue('[data-testid=compare-left] [data-testid=loss-select]')).toBe('nonsaturating');
    expect(await page.inputValue('[data-testid=compare-right] [data-testid=loss-select]')).toBe('wgan-gp');
    await page.selectOption('[data-testid=compare-pair]', 'saturating');
    await page.waitForFunction(() => (document.querySelector('[data-testid=compare-left] [data-testid=loss-select]') as HTMLSelectElement).value === 'minimax');
    expect(await page.inputValue('[data-testid=compare-right] [data-testid=loss-select]')).toBe('nonsaturating');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
