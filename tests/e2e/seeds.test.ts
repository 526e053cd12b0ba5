// "Try 5 seeds" in Chromium: the button (and its shortcut) opens five small planes that the
// seeds worker trains together; each seed's figures and the spread appear; closing returns
// to the playground's own run where it was.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toQuery } from '../../src/app/urlState';
import { defaultSettings } from '../../src/engine/settings';
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

async function ready(page: Page) {
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-testid=play]') as HTMLButtonElement | null;
    return b && !b.disabled;
  }, undefined, { timeout: 60_000 });
}

/** Every seed's plane drawn at `n` iterations (or more). */
const planesAt = (page: Page, n: number, timeout = 180_000) =>
  page.waitForFunction(
    (n) => [0, 1, 2, 3, 4].every((i) => Number(document.querySelector(`[data-testid=seed-plane-${i}] canvas`)?.getAttribute('data-drawn') ?? -1) >= n),
    n,
    { timeout },
  );

describe('Try 5 seeds', () => {
  it('draws five planes with each seed’s figures and the spread, then gives the playground back', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?${toQuery({ settings: { ...defaultSettings(), seed: 3 }, view: 'playground' })}`);
    await ready(page);
    // the playground's own run, playing, to come back to
    await page.click('[data-testid=play]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) >= 20, undefined, { timeout: 60_000 });

    await page.click('[data-testid=action-trySeeds]');
    await page.waitForSelector('[data-testid=seeds-panel]');
    // the main run waits meanwhile
    await page.waitForFunction(() => document.querySelector('[data-testid=play]')?.textContent?.includes('Play'), undefined, { timeout: 10_000 });
    const paused = await iteration(page);
    expect(await page.textContent('[data-testid=seeds-panel]')).toContain('seeds 3–7');
    await page.selectOption('[data-testid=seeds-budget]', '250');
    await planesAt(page, 250);
    await page.waitForFunction(() => document.querySelector('[data-testid=seeds-status]')?.textContent?.startsWith('Done'), undefined, { timeout: 30_000 });
    for (let i = 0; i < 5; i++) {
      const text = await page.textContent(`[data-testid=seed-figures-${i}]`);
      expect(text).toContain(`seed ${3 + i}`);
      expect(text).toMatch(/modes \d\/8 · \d hold ≥ ¼ share/);
      expect(text).toMatch(/high quality \d+%/);
      expect(text).toMatch(/exact W1 \d\.\d{3}/);
      expect(text).toContain('at iteration 250');
    }
    // the planes are drawn: real (blue) and generated (orange) pixels on each canvas
    const colours = await page.evaluate(() =>
      [0, 1, 2, 3, 4].map((i) => {
        const c = document.querySelector(`[data-testid=seed-plane-${i}] canvas`) as HTMLCanvasElement;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let blue = 0;
        let orange = 0;
        for (let k = 0; k < d.length; k += 4) {
          if (d[k + 2] > 150 && d[k] < 100) blue++;
          if (d[k] > 200 && d[k + 1] > 80 && d[k + 1] < 180 && d[k + 2] < 80) orange++;
        }
        return { blue: blue > 50, orange: orange > 50 };
      }),
    );
    expect(colours).toEqual(Array(5).fill({ blue: true, orange: true }));
    expect(await page.textContent('[data-testid=seeds-summary]')).toMatch(/^After 250 iterations: 8\/8 modes on \d of 5 seeds .* · high quality \d+(–\d+)?% · exact W1 /);
    await page.screenshot({ path: artifact('seeds-1400.png') });

    // a phone
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: artifact('seeds-390.png') });
    await page.setViewportSize({ width: 1400, height: 950 });

    // closing gives the playground its run back, where it was, playing again
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=seeds-panel]', { state: 'detached' });
    expect(await iteration(page)).toBeGreaterThanOrEqual(paused);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) > n, paused, { timeout: 30_000 });

    // the shortcut opens it too, and the help panel lists it
    await page.click('[data-testid=play]');
    await page.locator('[data-testid=playground]').focus();
    await page.keyboard.press('5');
    await page.waitForSelector('[data-testid=seeds-panel]');
    await page.click('[data-testid=seeds-stop]');
    await page.waitForFunction(() => document.querySelector('[data-testid=seeds-status]')?.textContent?.startsWith('Stopped'));
    await page.click('[data-testid=seeds-panel] .dismiss');
    await page.keyboard.press('?');
    expect(await page.textContent('[data-testid=help-panel]')).toContain('Run the current settings on 5 seeds');
    expect(errors).toEqual([]);
    await page.close();
  }, 400_000);

  it('under a preset, the seeds train for the budget its claim names, and the claim is shown', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?${toQuery({ settings: { ...defaultSettings(), seed: 3 }, view: 'playground' })}`);
    await ready(page);
    await page.click('[data-testid=open-presets]');
    await page.click('[data-testid=preset-wgan-gp-covers]');
    await ready(page);
    await page.click('[data-testid=action-trySeeds]');
    await page.waitForSelector('[data-testid=seeds-panel]');
    expect(await page.inputValue('[data-testid=seeds-budget]')).toBe('4000');
    const claim = await page.textContent('[data-testid=seeds-claim]');
    expect(claim).toContain('claims this at 4,000 iterations, the budget set above');
    expect(claim).toContain('all 8 modes are captured');
    // 20,000 iterations in all: the progress line estimates the time left
    await page.waitForFunction(() => /, about \d+(\.\d)? (s|min|h) left$/.test(document.querySelector('[data-testid=seeds-status]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    await page.screenshot({ path: artifact('seeds-preset-1400.png') });
    // another budget is the student's choice, and the claim says so
    await page.selectOption('[data-testid=seeds-budget]', '250');
    expect(await page.textContent('[data-testid=seeds-claim]')).toContain('(the budget above is 250)');
    await page.click('[data-testid=seeds-panel] .dismiss');
    await page.waitForSelector('[data-testid=seeds-panel]', { state: 'detached' });
    // a changed setting is no longer the preset: the standard budget, no claim
    await page.selectOption('[data-testid=loss-select]', 'hinge');
    await ready(page);
    await page.click('[data-testid=action-trySeeds]');
    await page.waitForSelector('[data-testid=seeds-panel]');
    expect(await page.inputValue('[data-testid=seeds-budget]')).toBe('2000');
    expect(await page.locator('[data-testid=seeds-claim]').count()).toBe(0);
    await page.click('[data-testid=seeds-panel] .dismiss');
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('on the digits, each seed shows a grid of its generated digits and the digit figures', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?t=digits&s=2`);
    await ready(page);
    // two workers share the five seeds (a 2-core machine would get one): each report must
    // still land under its own seed
    await page.evaluate(() => ((window as unknown as { __ganSeedWorkers: number }).__ganSeedWorkers = 2));
    await page.click('[data-testid=action-trySeeds]');
    await page.waitForSelector('[data-testid=seeds-panel]');
    expect(await page.textContent('[data-testid=seeds-panel]')).toContain('on digits');
    await page.selectOption('[data-testid=seeds-budget]', '250');
    await page.waitForFunction(() => document.querySelector('[data-testid=seeds-status]')?.textContent?.includes('(fused, 2 workers)'), undefined, { timeout: 60_000 });
    await planesAt(page, 250);
    await page.waitForFunction(() => document.querySelector('[data-testid=seeds-status]')?.textContent?.startsWith('Done'), undefined, { timeout: 30_000 });
    for (let i = 0; i < 5; i++) {
      const text = await page.textContent(`[data-testid=seed-figures-${i}]`);
      expect(text).toContain(`seed ${2 + i}`);
      expect(text).toMatch(/digits \d+\/10 · \d+ hold ≥ ¼ share/);
      expect(text).toMatch(/recognised \d+%/);
      expect(text).toContain('at iteration 250');
    }
    // each canvas holds a 4 x 4 grid of digits: grey gaps around dark images with bright strokes
    const grids = await page.evaluate(() =>
      [0, 1, 2, 3, 4].map((i) => {
        const c = document.querySelector(`[data-testid=seed-plane-${i}] canvas`) as HTMLCanvasElement;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let grey = 0;
        let bright = 0;
        for (let k = 0; k < d.length; k += 4) {
          if (d[k] === 96 && d[k + 1] === 96) grey++;
          if (d[k] > 128) bright++;
        }
        return { width: c.width, grey: grey > 100, bright: bright > 20 };
      }),
    );
    expect(grids).toEqual(Array(5).fill({ width: 4 * 14 + 5, grey: true, bright: true }));
    expect(await page.textContent('[data-testid=seeds-summary]')).toMatch(/^After 250 iterations: 10\/10 digits on \d of 5 seeds.* · recognised \d+(–\d+)?% · exact W1 /);
    await page.screenshot({ path: artifact('seeds-digits-1400.png') });
    await page.click('[data-testid=seeds-panel] .dismiss');
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
