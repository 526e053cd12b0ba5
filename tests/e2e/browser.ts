// Shared set-up for the browser tests: build the page once into a temporary folder, serve
// it with `vite preview` under a sub-path (as a course website would), and drive Debian's
// Chromium through playwright-core.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The sub-path the built site is served from: base './' must make it work anywhere. */
export const SUB_PATH = '/course/gan/';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

let built: string | null = null;

/** Builds the site once per test process (set BUILT_DIST to reuse a build). */
export async function buildSite(): Promise<string> {
  if (process.env.BUILT_DIST) return process.env.BUILT_DIST;
  if (built) return built;
  const outDir = mkdtempSync(join(tmpdir(), 'gan-dist-'));
  // Vitest sets NODE_ENV=test, which would make a development build: build as `npm run build` does.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: ROOT, mode: 'production', logLevel: 'error', build: { outDir, emptyOutDir: true } });
    // the <gan-playground> element, as `npm run build` makes it (vite.embed.config.ts)
    await build({ root: ROOT, configFile: join(ROOT, 'vite.embed.config.ts'), mode: 'production', logLevel: 'error', build: { outDir: join(outDir, 'embed'), emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = env;
  }
  built = outDir;
  return outDir;
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves the built site under SUB_PATH (a static server, like a course website's). */
export async function serve(dist: string): Promise<Served> {
  const server: PreviewServer = await preview({
    root: ROOT,
    base: SUB_PATH,
    logLevel: 'error',
    build: { outDir: dist },
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  return {
    url: `http://127.0.0.1:${address.port}${SUB_PATH}`,
    close: () => new Promise<void>((r) => server.httpServer.close(() => r())),
  };
}

export async function launch(viewport = { width: 1600, height: 1000 }, extraArgs: string[] = []): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'gan-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/** A page that records console errors and uncaught exceptions. */
export async function openPage(ctx: BrowserContext, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return { page, errors };
}

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

export const CHARTS = ['chart-plane', 'chart-losses', 'chart-distance', 'chart-modes', 'chart-health'];

/** Waits until every chart has drawn at least `n` times. */
export async function chartsDrawn(page: Page, n = 1, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    ({ ids, n }) => ids.every((id) => Number(document.querySelector(`[data-testid=${id}]`)?.getAttribute('data-drawn') ?? 0) >= n),
    { ids: CHARTS, n },
    { timeout },
  );
}

export async function iteration(page: Page): Promise<number> {
  return Number((await page.textContent('[data-testid=iteration]'))!.replace(/,/g, ''));
}

export async function readMetric(page: Page, id: string): Promise<string> {
  return (await page.textContent(`[data-testid=${id}]`))!.trim();
}
