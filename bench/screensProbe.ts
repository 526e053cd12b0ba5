// Screenshots of the page at several sizes after a few seconds of training, with every
// chart's legend box checked against its plot area and the other legends:
// `npx tsx bench/screensProbe.ts OUTDIR [dist]`.
import { buildSite, launch, serve } from '../tests/e2e/browser';

const SIZES = [
  { name: 'presenter', width: 1920, height: 1080, query: '?present=1' },
  { name: 'desktop', width: 1400, height: 950, query: '' },
  { name: 'laptop', width: 1280, height: 720, query: '' },
  { name: 'phone', width: 390, height: 844, query: '' },
];

async function main(): Promise<void> {
  const out = process.argv[2];
  const dist = process.argv[3] ?? (await buildSite());
  const server = await serve(dist);
  try {
    for (const size of SIZES.filter((x) => !process.argv[4] || process.argv[4].split(',').includes(x.name))) {
      const ctx = await launch({ width: size.width, height: size.height });
      try {
        const page = await ctx.newPage();
        await page.goto(server.url + size.query);
        await page.waitForFunction(() => !(document.querySelector('[data-testid=play]') as HTMLButtonElement).disabled, undefined, { timeout: 60_000 });
        await page.click('[data-testid=play]');
        await page.waitForTimeout(5000);
        await page.click('[data-testid=play]');
        await page.waitForTimeout(800);
        await page.screenshot({ path: `${out}/${size.name}.png` });
        await page.screenshot({ path: `${out}/${size.name}-full.png`, fullPage: true });
        for (const id of ['chart-losses', 'chart-distance', 'chart-modes', 'chart-health']) {
          await page.locator(`figure:has([data-testid=${id}])`).first().screenshot({ path: `${out}/${size.name}-${id}.png` }).catch(() => undefined);
        }
        const legends = await page.evaluate(() =>
          [...document.querySelectorAll('.chart-plot')].map((div) => {
            const id = (div as HTMLElement).dataset.testid;
            const legend = div.querySelector('.legend')?.getBoundingClientRect();
            const plot = div.querySelector('.nsewdrag')?.getBoundingClientRect();
            const font = div.querySelector('.legend text')?.getAttribute('style')?.match(/font-size: ([\d.]+)px/)?.[1];
            return { id, font, legend: legend && [legend.left, legend.top, legend.right, legend.bottom].map(Math.round), plot: plot && [plot.left, plot.top, plot.right, plot.bottom].map(Math.round) };
          }),
        );
        console.log(size.name, JSON.stringify(legends));
      } finally {
        await ctx.close();
      }
    }
  } finally {
    await server.close();
  }
}

void main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
