// ALAE in Chromium: a run plays, its single steps I, II, III are in the transport bar, its
// latent chart draws F(z) against E(x), and the plane draws reconstructions x -> G(E(x)).
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const iteration = (p: Page) => p.evaluate(() => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')));

/** Markers Plotly drew in the latent chart, per trace. */
const latentPoints = (p: Page) =>
  p.evaluate(() => [...document.querySelectorAll('[data-testid=chart-latent] .scatterlayer .trace')].map((t) => t.querySelectorAll('.point').length));

describe('ALAE in the page', () => {
  it('?t=digits&m=alae is refused with what to choose instead, and the menu does not offer ALAE on the digits', async () => {
    const { page } = await openPage(ctx, `${server.url}?t=digits&m=alae`);
    await ready(page);
    // the link's notice names the refusal and what the page switched to (models/support.ts)
    await page.waitForSelector('.notice:has-text("ALAE trains on the 2D targets only")', { timeout: 30_000 });
    const notices = (await page.$$eval('.notice', (n) => n.map((e) => e.textContent ?? ''))).join(' | ');
    expect(notices).toMatch(/choose a 2D target such as the ring of 8 for ALAE, or the GAN for the digits; using the GAN/);
    expect(await page.$eval('[data-testid=model-select]', (e) => (e as HTMLSelectElement).value)).toBe('gan');
    expect(await page.$eval('[data-testid=target-option-digits]', (e) => (e as HTMLInputElement).checked)).toBe(true);
    // the menu disables ALAE here and says why
    expect(await page.$eval('[data-testid=model-select] option[value=alae]', (e) => (e as HTMLOptionElement).disabled)).toBe(true);
    expect(await page.textContent('[data-testid=model-refusal-alae]')).toMatch(/2D targets only/);
    // and the GAN it switched to trains
    await page.click('[data-testid=action-stepCritic]');
    await page.click('[data-testid=action-stepGenerator]');
    await page.waitForFunction(() => document.querySelector('[data-testid=iteration]')?.textContent?.trim() === '1', undefined, { timeout: 30_000 });
    await page.close();
  }, 120_000);

  it('plays, steps I/II/III, draws its latent chart and the reconstructions', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?v=1&t=ring8&m=alae`);
    await ready(page);
    // the single steps carry ALAE's names, and step III exists only for ALAE
    expect((await page.textContent('[data-testid=action-stepCritic]'))!).toContain('Step I');
    expect((await page.textContent('[data-testid=action-stepGenerator]'))!).toContain('Step II');
    await page.click('[data-testid=action-stepReconstruction]');
    await page.click('[data-testid=action-stepCritic]');
    await page.click('[data-testid=action-stepGenerator]');
    await page.waitForFunction(() => document.querySelector('[data-testid=iteration]')?.textContent?.trim() === '1', undefined, { timeout: 30_000 });
    // the page says where ALAE trains
    expect(await page.textContent('[data-testid=alae-backend-note]')).toMatch(/fused kernels do not cover/);

    await page.click('[data-testid=play]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) > 40, undefined, { timeout: 90_000 });
    await page.click('[data-testid=play]'); // pause
    expect(await iteration(page)).toBeGreaterThan(40);
    await page.waitForFunction(() => /Latent reconstruction error/.test(document.querySelector('[data-testid=latent-caption]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const points = await latentPoints(page);
    expect(points.length).toBe(2); // E(x) and F(z)
    for (const n of points) expect(n).toBeGreaterThan(100);
    expect(await page.textContent('[data-testid=latent-caption]')).toMatch(/w has 4 dimensions; the picture keeps \d+% of their variance/);

    await page.check('[data-testid=toggle-reconstructions]');
    await page.waitForFunction(() => /Reconstructions x → G\(E\(x\)\) of 200 real samples/.test(document.querySelector('[data-testid=plane-reconstructions]')?.textContent ?? ''), undefined, {
      timeout: 30_000,
    });
    await page.screenshot({ path: artifact('alae.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('a GAN run has no step III and no latent chart; choosing ALAE in the Model menu brings them and its settings', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?v=1&t=ring8`);
    await ready(page);
    expect(await page.$('[data-testid=action-stepReconstruction]')).toBeNull();
    expect(await page.$('[data-testid=chart-latent]')).toBeNull();
    await page.selectOption('[data-testid=model-select]', 'alae');
    await page.waitForSelector('[data-testid=action-stepReconstruction]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid=chart-latent]', { timeout: 30_000 });
    await page.waitForFunction(() => /[?&]m=alae/.test(location.search) && /[?&]lrd=0\.002/.test(location.search), undefined, { timeout: 10_000 });
    // ALAE's 2D settings draw from the smoothed model, and the plane says so
    await page.waitForFunction(() => /[?&]ema=/.test(location.search), undefined, { timeout: 10_000 });
    expect(await page.textContent('.plane-card .card-note')).toMatch(/come from ALAE’s smoothed model/);
    await page.screenshot({ path: artifact('alae-smoothed.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
