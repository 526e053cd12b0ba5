// What a student sees after a minute in the page: for each seed, the built page opens with the
// given settings, plays for `--seconds` (60) of wall time, pauses, and the iteration reached,
// the modes captured and well covered, and the high-quality share are read off the readouts.
// The issue-12 figure ("8/8 and 80% within 60 s") is a claim about this, not about Node.
//   npx tsx bench/sixtySeconds.ts --seeds 1-5 [--seconds 60] [--set '{"nCritic":1}']
import { defaultSettings, type Settings } from '../src/engine/settings';
import { buildSite, iteration, launch, readMetric, serve } from '../tests/e2e/browser';
import { pageUrl } from './pageBench';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const [first, last] = arg('seeds', '1-5').split('-').map(Number);
const seconds = Number(arg('seconds', '60'));
const extra = JSON.parse(arg('set', '{}')) as Partial<Settings>;

const dist = process.argv.includes('--no-build') ? `${process.cwd()}/dist` : await buildSite();
const server = await serve(dist);
const ctx = await launch();
try {
  for (let seed = first; seed <= (last ?? first); seed++) {
    const page = await ctx.newPage();
    await page.goto(pageUrl(server.url, { ...defaultSettings(), ...extra, seed }));
    await page.waitForFunction(() => !(document.querySelector('[data-testid=play]') as HTMLButtonElement | null)?.disabled, null, { timeout: 120_000 });
    await page.click('[data-testid=play]');
    await page.waitForTimeout(seconds * 1000);
    await page.click('[data-testid=play]');
    const at = await iteration(page);
    // the readouts show the latest evaluation: wait for the one at the pause
    await page.waitForTimeout(3000);
    const note = await readMetric(page, 'metric-w1-note');
    console.log(
      `seed ${seed}: iteration ${at}, modes ${await readMetric(page, 'metric-modes')} (${await readMetric(page, 'metric-modes-note')}), ` +
        `high quality ${await readMetric(page, 'metric-hq')}, W1 ${await readMetric(page, 'metric-w1')} (${note}), backend ${(await page.textContent('[data-testid=backend-active]'))?.trim()}`,
    );
    await page.close();
  }
} finally {
  await ctx.browser()?.close();
  await server.close();
}
