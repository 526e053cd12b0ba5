// Navigation to target samples on the plane, to Play enabled, and to the worker's first
// snapshot, on fresh browser profiles: `npx tsx bench/startupProbe.ts [runs] [dist]`.
import { buildSite, launch, serve } from '../tests/e2e/browser';
import { median } from './pageBench';

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  const dist = process.argv[3] ?? (await buildSite());
  const server = await serve(dist);
  const rows: Array<{ plane: number; play: number; snapshot: number }> = [];
  try {
    for (let i = 0; i < runs; i++) {
      const ctx = await launch({ width: 1280, height: 720 });
      try {
        const page = await ctx.newPage();
        await page.addInitScript(`(() => {
          const at = (window.__at = {});
          const Base = window.Worker;
          window.Worker = class extends Base {
            constructor(...a) {
              super(...a);
              this.addEventListener('message', (ev) => { if (ev.data && ev.data.type === 'snapshot' && at.snapshot === undefined) at.snapshot = performance.now(); });
            }
          };
          new MutationObserver(() => {
            if (at.plane === undefined && document.querySelector('[data-testid=chart-plane][data-drawn]')) at.plane = performance.now();
            const b = document.querySelector('[data-testid=play]');
            if (at.play === undefined && b && !b.disabled) at.play = performance.now();
          }).observe(document, { subtree: true, attributes: true, childList: true });
        })()`);
        await page.goto(server.url);
        await page.waitForFunction('window.__at.plane !== undefined && window.__at.play !== undefined && window.__at.snapshot !== undefined', undefined, { timeout: 60_000 });
        rows.push(await page.evaluate('window.__at'));
      } finally {
        await ctx.close();
      }
    }
  } finally {
    await server.close();
  }
  for (const r of rows) console.log(`plane ${r.plane.toFixed(0)} ms, play ${r.play.toFixed(0)} ms, first snapshot ${r.snapshot.toFixed(0)} ms`);
  const col = (k: 'plane' | 'play' | 'snapshot') => rows.map((r) => r[k]);
  for (const k of ['plane', 'play', 'snapshot'] as const) console.log(`${k}: median ${median(col(k)).toFixed(0)} ms, range ${Math.min(...col(k)).toFixed(0)}-${Math.max(...col(k)).toFixed(0)} ms`);
}

void main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
