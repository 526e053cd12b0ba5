// The README's and docs' screenshots, made anew: the built page plays the default run
// (WGAN-GP on the ring of 8) for --seconds (25) at each size, pauses, and is saved:
// docs/screenshot.png (1400 x 950), docs/desktop.png (the same), docs/laptop.png (1280 x 720),
// docs/phone.png (390 x 844) and docs/presenter.png (1920 x 1080, presenter mode).
//   npx tsx scripts/screenshot.ts [--seconds 25]
import { copyFileSync } from 'node:fs';
import { buildSite, launch, serve } from '../tests/e2e/browser';

const i = process.argv.indexOf('--seconds');
const seconds = i >= 0 ? Number(process.argv[i + 1]) : 25;
const SHOTS = [
  { out: 'docs/desktop.png', width: 1400, height: 950, query: '' },
  { out: 'docs/laptop.png', width: 1280, height: 720, query: '' },
  { out: 'docs/phone.png', width: 390, height: 844, query: '' },
  { out: 'docs/presenter.png', width: 1920, height: 1080, query: '?present=1' },
];

const server = await serve(await buildSite());
try {
  for (const shot of SHOTS) {
    const ctx = await launch({ width: shot.width, height: shot.height });
    const page = await ctx.newPage();
    await page.goto(`${server.url}${shot.query}`);
    await page.waitForFunction(() => !(document.querySelector('[data-testid=play]') as HTMLButtonElement | null)?.disabled, null, { timeout: 120_000 });
    await page.click('[data-testid=play]');
    await page.waitForTimeout(seconds * 1000);
    await page.click('[data-testid=play]');
    // the evaluation at the pause reaches the readouts and the charts
    await page.waitForTimeout(2500);
    await page.screenshot({ path: shot.out });
    process.stdout.write(`wrote ${shot.out} at iteration ${await page.textContent('[data-testid=iteration]')}\n`);
    await ctx.close();
  }
  copyFileSync('docs/desktop.png', 'docs/screenshot.png');
} finally {
  await server.close();
}
