// The optimal transport pictures in Chromium: the plane's transport toggle draws the plan
// behind the exact W1 (playground and side by side), and the two-cloud lesson's critic
// estimate climbs towards the exact W1.
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

async function ready(p: Page) {
  await p.waitForFunction(() => {
    const b = document.querySelector('[data-testid=play]') as HTMLButtonElement | null;
    return b && !b.disabled;
  }, undefined, { timeout: 60_000 });
}

/** The plane's painted pixels (its canvas layer), as a checksum of the non-white ink. */
async function planeInk(p: Page, nth = 0): Promise<number[]> {
  return p.evaluate((nth) => {
    const div = document.querySelectorAll('[data-testid=chart-plane]')[nth];
    const canvas = div.querySelector('canvas.plane-layer, canvas') as HTMLCanvasElement;
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let dark = 0;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) {
      const v = d[i] + d[i + 1] + d[i + 2];
      sum += v;
      if (v < 200) dark++;
    }
    return [dark, sum];
  }, nth);
}

const captionW1 = (text: string) => Number(/mean line length = exact W1 = ([0-9]+\.[0-9]+)/.exec(text)?.[1] ?? NaN);

describe('the transport plan on the plane', () => {
  it('the toggle draws a line per generated sample, captioned with the exact W1', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?v=1&t=ring8`);
    await ready(page);
    await page.click('[data-testid=play]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) > 300, undefined, { timeout: 60_000 });
    await page.click('[data-testid=play]'); // pause: the plane holds still
    await page.waitForTimeout(500);
    const before = await planeInk(page);
    await page.check('[data-testid=toggle-transport]');
    await page.waitForFunction(() => /mean line length = exact W1 = [0-9.]+/.test(document.querySelector('[data-testid=plane-transport]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const after = await planeInk(page);
    // 500 dark lines over the field: many more dark pixels than the samples and arrows alone
    expect(after[0]).toBeGreaterThan(before[0] + 500);
    // the caption's mean line length is the exact W1 the readout shows for that evaluation
    const shown = async () => ({ caption: (await page.textContent('[data-testid=plane-transport]'))!, readout: (await page.textContent('[data-testid=metric-w1]'))!.trim() });
    let now = await shown();
    for (let tries = 0; tries < 40 && captionW1(now.caption).toFixed(3) !== now.readout; tries++) {
      await page.waitForTimeout(500);
      now = await shown();
    }
    expect(captionW1(now.caption)).toBeGreaterThan(0);
    expect(captionW1(now.caption).toFixed(3), JSON.stringify(now)).toBe(now.readout);
    await page.screenshot({ path: artifact('transport-plan.png'), fullPage: true });
    await page.uncheck('[data-testid=toggle-transport]');
    // the caption is written with the plane's next paint (a frame later), not synchronously
    await page.waitForFunction(() => document.querySelector('[data-testid=plane-transport]')?.textContent === '', undefined, { timeout: 10_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('side by side: each run draws its own plan', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?v=1&view=compare`);
    await ready(page);
    const toggles = page.locator('[data-testid=toggle-transport]');
    expect(await toggles.count()).toBe(2);
    await toggles.nth(0).check();
    await toggles.nth(1).check();
    await page.click('[data-testid=play]');
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid=plane-transport]')].filter((e) => /mean line length = exact W1 = [0-9.]+/.test(e.textContent ?? '')).length === 2,
      undefined,
      { timeout: 60_000 },
    );
    await page.click('[data-testid=play]');
    await page.screenshot({ path: artifact('transport-compare.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('the two-cloud lesson', () => {
  it('equal spreads: W1 = the centres’ distance; the critic’s estimate climbs towards W1 from below; the sliders answer the keyboard', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?v=1&view=transport`);
    await page.waitForSelector('[data-testid=lesson-transport]');
    const w1 = Number(await page.textContent('[data-testid=transport-w1]'));
    expect(w1).toBeCloseTo(Number(await page.textContent('[data-testid=transport-distance]')), 2);
    expect(await page.textContent('[data-testid=transport-equal-spreads]')).toContain('Equal spreads');
    // the critic trains on the main thread; its slope-normalised estimate approaches W1
    await page.waitForFunction(
      (w1) => Number(document.querySelector('[data-testid=critic-bound]')?.textContent) > 0.9 * w1,
      w1,
      { timeout: 150_000, polling: 500 },
    );
    const bound = Number(await page.textContent('[data-testid=critic-bound]'));
    expect(bound).toBeLessThanOrEqual(w1);
    await page.screenshot({ path: artifact('transport-lesson.png'), fullPage: true });
    const steps = Number((await page.textContent('[data-testid=transport-critic-status]'))!.match(/Step ([0-9,]+)/)![1].replace(/,/g, ''));
    expect(steps).toBeGreaterThan(0);
    // keyboard: widen Q; the spreads differ, and W1 exceeds the distance between the centres
    await page.focus('[data-testid=cloud-q-spread]');
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('[data-testid=transport-equal-spreads]')?.textContent?.startsWith('Unequal spreads'));
    const w1After = Number(await page.textContent('[data-testid=transport-w1]'));
    const distance = Number(await page.textContent('[data-testid=transport-distance]'));
    expect(w1After).toBeGreaterThan(distance + 0.01);
    // and back: equal spreads again, W1 = the distance
    await page.click('[data-testid=transport-equalise]');
    await page.waitForFunction(() => document.querySelector('[data-testid=transport-equal-spreads]')?.textContent?.startsWith('Equal spreads'));
    expect(Number(await page.textContent('[data-testid=transport-w1]'))).toBeCloseTo(Number(await page.textContent('[data-testid=transport-distance]')), 2);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);
});
