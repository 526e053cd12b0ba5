// End to end in Debian's Chromium: the built page, served from a sub-path, trains in its
// worker under every loss, draws every chart, and improves the exact W1 on the ring.
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
    expect(await readMetric(page, 'metric-modes')).toMatch(/^\d\/8$/);
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
