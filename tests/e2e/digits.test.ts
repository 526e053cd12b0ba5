// The digits target in Chromium: the asset is fetched only once digits are chosen (with a
// progress indicator), the run plays, the grids of generated and real digits, the critic's
// score histogram and the per-digit bars draw.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { artifact, buildSite, launch, openPage, serve, type Served } from './browser';

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

/** Ink of a canvas: the sum of its grey levels, and a checksum that changes with any pixel. */
async function canvasInk(p: Page, testId: string): Promise<{ sum: number; hash: number }> {
  return p.evaluate((id) => {
    const c = document.querySelector(`[data-testid=${id}]`) as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    let hash = 0;
    for (let i = 0; i < d.length; i += 4) {
      sum += d[i];
      hash = (hash * 31 + d[i]) | 0;
    }
    return { sum, hash };
  }, testId);
}

const iterationOf = (p: Page) => p.evaluate(() => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')));

describe('the digits target', () => {
  it('loads the digits only when chosen, plays, and draws the digit grids, the score histogram and the per-digit bars', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?v=1&t=ring8`);
    const fetched: string[] = [];
    page.on('request', (r) => {
      if (/digits.*\.bin/.test(r.url())) fetched.push(r.url());
    });
    await page.waitForFunction(() => !(document.querySelector('[data-testid=play]') as HTMLButtonElement | null)?.disabled, undefined, { timeout: 60_000 });
    await page.waitForTimeout(500);
    expect(fetched).toEqual([]); // not loaded for the 2D targets
    // a slow network, so that the progress indicator stays long enough to be seen
    await page.route(/digits.*\.bin/, async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    // the progress indicator, seen whenever the page shows it
    const progressSeen = page.waitForSelector('[data-testid=digits-progress]', { timeout: 30_000 }).then(
      () => true,
      () => false,
    );
    // the radio sits inside its card: click the card, as a user does
    await page.click('label.target-card:has([data-testid=target-option-digits])');
    await page.waitForSelector('[data-testid=digits-generated][data-drawn=yes]', { timeout: 60_000 });
    // the training worker fetches them; backend auto's measuring worker may too (the same URL, from the cache)
    expect(fetched.length).toBeGreaterThanOrEqual(1);
    expect(new Set(fetched).size).toBe(1);
    expect(await progressSeen).toBe(true);
    await page.waitForSelector('[data-testid=digits-progress]', { state: 'detached', timeout: 30_000 });
    // no plane for images
    expect(await page.$('[data-testid=chart-plane]')).toBeNull();
    const real = await canvasInk(page, 'digits-real');
    const before = await canvasInk(page, 'digits-generated');
    expect(real.sum).toBeGreaterThan(0);

    await page.click('[data-testid=play]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) > 60, undefined, { timeout: 90_000 });
    // the per-digit bars appear with the first evaluation that carries them
    await page.waitForSelector('[data-testid=chart-mode-bars]', { timeout: 60_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=chart-mode-bars]')?.getAttribute('data-drawn') ?? 0) >= 1, undefined, { timeout: 60_000 });
    const after = await canvasInk(page, 'digits-generated');
    expect(after.hash).not.toBe(before.hash); // the generator's digits move as it trains
    const histogram = await canvasInk(page, 'score-histogram');
    expect(histogram.hash).not.toBe(0);
    const bars = await page.textContent('[data-testid=chart-mode-bars]');
    expect(bars).toMatch(/digit/);
    expect(await iterationOf(page)).toBeGreaterThan(60);
    await page.screenshot({ path: artifact('digits-playground.png'), fullPage: true });
    await page.click('[data-testid=play]');
    expect(errors).toEqual([]);
  });

  it('a link with t=digits starts on the digits', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?v=1&t=digits`);
    await page.waitForSelector('[data-testid=digits-real][data-drawn=yes]', { timeout: 60_000 });
    expect((await canvasInk(page, 'digits-real')).sum).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
