// The README's first command is `npm run dev`: the page it serves must train exactly like
// the built site. The dev server bundles dependencies differently (pre-bundled chunks, the
// worker's imports found late), so it gets its own test, from an empty dependency cache as
// on a fresh clone.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartsDrawn, iteration, launch, openPage, ROOT } from './browser';

let server: ViteDevServer;
let ctx: BrowserContext;
let url: string;

beforeAll(async () => {
  server = await createServer({
    root: ROOT,
    logLevel: 'error',
    cacheDir: mkdtempSync(join(tmpdir(), 'gan-vite-cache-')),
    server: { port: 0, host: '127.0.0.1', strictPort: false, hmr: false },
  });
  await server.listen();
  const address = server.httpServer!.address();
  if (!address || typeof address === 'string') throw new Error('dev server has no port');
  url = `http://127.0.0.1:${address.port}/`;
  ctx = await launch();
}, 180_000);

afterAll(async () => {
  await ctx?.close();
  await server?.close();
});

describe('the dev server (npm run dev)', () => {
  it('trains in the Web Worker, like the built site', async () => {
    const { page, errors } = await openPage(ctx, url);
    await page.waitForFunction(
      () => {
        const play = document.querySelector('[data-testid=play]') as HTMLButtonElement | null;
        return !!play && !play.disabled;
      },
      undefined,
      { timeout: 90_000 },
    );
    await chartsDrawn(page, 1, 90_000);
    expect(await page.textContent('[data-testid=backend-status]')).toMatch(/in a Web Worker/);
    await page.click('[data-testid=play]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '') ?? 0) > 20, undefined, {
      timeout: 60_000,
    });
    await page.click('[data-testid=play]');
    expect(await iteration(page)).toBeGreaterThan(20);
    expect(await page.textContent('body')).not.toMatch(/Training stopped|main thread instead/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
