// Nothing lost, nothing false (issue 14) in Chromium: a load restores the whole run, its
// history included; a bad weights file leaves the run training; a runaway run pauses with a
// hint naming the likely cause.
import { readFileSync, writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toQuery } from '../../src/app/urlState';
import { defaultSettings } from '../../src/engine/settings';
import { artifact, buildSite, iteration, launch, openPage, readMetric, serve, type Served } from './browser';

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

async function ready(page: Page) {
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-testid=play]') as HTMLButtonElement | null;
    return b && !b.disabled;
  }, undefined, { timeout: 60_000 });
}

async function runJson(page: Page): Promise<{ iterations: number; history: Array<{ iteration: number }> }> {
  await page.click('[data-testid=open-export]');
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-json]')]);
  await page.keyboard.press('Escape');
  return JSON.parse(readFileSync(await json.path(), 'utf8'));
}

const small = { ...defaultSettings(), dLayers: 2, dWidth: 32, gLayers: 2, gWidth: 32, batchSize: 64, seed: 3 };

describe('loading a run', () => {
  it('restores the history rows and says so; a bad file leaves the run training', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?${toQuery({ settings: small })}`);
    await ready(page);
    for (let i = 0; i < 4; i++) await page.click('[data-testid=action-stepIteration]');
    await page.waitForFunction(() => document.querySelector('[data-testid=iteration]')?.textContent === '4');
    await page.waitForTimeout(500);
    const before = await runJson(page);
    expect(before.history.length).toBeGreaterThan(2);
    await page.click('[data-testid=open-export]');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-weights]')]);
    const file = artifact('weights-with-history.json');
    await dl.saveAs(file);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.history.map((r: { iteration: number }) => r.iteration)).toEqual(before.history.map((r) => r.iteration));
    await page.keyboard.press('Escape');

    // a new run wipes the charts ...
    await page.click('[data-testid=action-reset]');
    await page.waitForFunction(() => document.querySelector('[data-testid=iteration]')?.textContent === '0');
    await page.waitForTimeout(300);
    expect((await runJson(page)).history.every((r) => r.iteration === 0)).toBe(true);
    // ... and the load brings them back
    await page.click('[data-testid=open-export]');
    await page.setInputFiles('[data-testid=load-file]', file);
    await page.waitForSelector('[data-testid=export-status]:has-text("Restored")');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.notice:has-text("Loaded run (iteration 4)")', { timeout: 10_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=iteration]')?.textContent === '4');
    const after = await runJson(page);
    const iterations = after.history.map((r) => r.iteration);
    for (const r of before.history) expect(iterations).toContain(r.iteration);
    expect(after.history.length).toBeGreaterThanOrEqual(before.history.length);

    // a bad file while playing: refused with the field named, the run trains on
    await page.click('[data-testid=play]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) > 10, undefined, { timeout: 30_000 });
    const bad = artifact('bad-weights.json');
    writeFileSync(bad, JSON.stringify({ ...saved, customPoints: 'abc' }));
    await page.click('[data-testid=open-export]');
    await page.setInputFiles('[data-testid=load-file]', bad);
    await page.waitForSelector('[data-testid=export-status]', { timeout: 10_000 });
    expect(await readMetric(page, 'export-status')).toMatch(/bad-weights\.json: customPoints must be a list of \[x, y\] pairs .*The current run is unchanged\./);
    await page.keyboard.press('Escape');
    const at = await iteration(page);
    await page.waitForFunction((at) => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) > at + 5, at, { timeout: 20_000 });
    expect(await page.getAttribute('[data-testid=play]', 'class')).toMatch(/playing/);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});

describe('runaway runs', () => {
  // The WGAN (SGD at lr 1, clip 10) goes non-finite within a few iterations on the fused
  // kernels; the least-squares run at lr 1 and batch 2 stays finite and runs away instead.
  it.each([
    ['WGAN, SGD at lr 1, clip 10', { loss: 'wgan' as const, optimizer: 'sgd' as const, lrD: 1, lrG: 1, clip: 10 }, /(ran away|non-finite).*Likely cause: the learning rates \(lrD 1, lrG 1\) are high.*clip value c = 10/],
    ['least squares at lr 1, batch 2', { loss: 'lsgan' as const, optimizer: 'adam' as const, lrD: 1, lrG: 1, batchSize: 2 }, /ran away: .*Likely cause: the learning rates \(lrD 1, lrG 1\) are high.*batch size 2/],
  ])('%s: the link pauses within 10 s with a hint naming the likely cause', async (_name, over, hint) => {
    const wild = { ...defaultSettings(), ...over, seed: 1 };
    const { page, errors } = await openPage(ctx, `${server.url}?${toQuery({ settings: wild, autoplay: true })}`);
    await ready(page);
    const started = Date.now();
    await page.waitForSelector('.notice-error:has-text("Likely cause")', { timeout: 10_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    const text = await page.textContent('.notice-error:has-text("Likely cause")');
    expect(text).toMatch(hint);
    await page.waitForFunction(() => !document.querySelector('[data-testid=play]')?.classList.contains('playing'), undefined, { timeout: 5_000 });
    const stopped = await iteration(page);
    await page.waitForTimeout(1000);
    expect(await iteration(page)).toBe(stopped);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('slow settings', () => {
  // each critic step takes a fraction of a second here, an iteration (100 of them) many seconds
  it('an extreme link shows a cost warning, moves by critic steps, and Pause stops it after the critic step in flight', async () => {
    const extreme = { ...defaultSettings(), dWidth: 512, gWidth: 512, dLayers: 4, gLayers: 4, batchSize: 256, nCritic: 100, seed: 1 };
    const { page, errors } = await openPage(ctx, `${server.url}?${toQuery({ settings: extreme })}`);
    await ready(page);
    // said beside the control, and beside a value being typed before it is applied
    await page.waitForSelector('[data-testid=cost-nCritic]');
    expect(await page.textContent('[data-testid=cost-nCritic]')).toMatch(/About .* per iteration at this value/);
    const critic = async () => Number((await page.textContent('[data-testid=iteration] + .readout-note'))!.replace(/[^0-9]/g, ''));
    await page.click('[data-testid=play]');
    // progress inside the first iteration: the critic-step counter moves, the worker is not taken for dead
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=iteration] + .readout-note')?.textContent?.replace(/[^0-9]/g, '')) >= 3, undefined, { timeout: 60_000 });
    expect(await iteration(page)).toBe(0);
    await page.click('[data-testid=play]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=play]')?.classList.contains('playing'), undefined, { timeout: 1000 });
    // the worker stops after the critic step in flight (a fraction of a second here), not after
    // the iteration's 100: the counter has settled 1.5 s after the click and stays there
    await page.waitForTimeout(1500);
    const settled = await critic();
    await page.waitForTimeout(2000);
    expect(await critic()).toBe(settled);
    expect(settled).toBeLessThan(100);
    expect(await iteration(page)).toBe(0);
    expect(await page.$('[data-testid=worker-dead]')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('a step of several seconds', () => {
  // batch 4096 through 512 x 4: one critic step takes seconds here; Pause cannot wait for it
  it('Pause acts within a second (the worker is ended and the run resumes from just before the step), and Play redoes the step', async () => {
    const huge = { ...defaultSettings(), dWidth: 512, gWidth: 512, dLayers: 4, gLayers: 4, batchSize: 4096, nCritic: 100, seed: 2, backend: 'fused' as const };
    const { page, errors } = await openPage(ctx, `${server.url}?${toQuery({ settings: huge })}`);
    await ready(page);
    const critic = async () => Number((await page.textContent('[data-testid=iteration] + .readout-note'))!.replace(/[^0-9]/g, ''));
    const played = Date.now();
    await page.click('[data-testid=play]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=iteration] + .readout-note')?.textContent?.replace(/[^0-9]/g, '')) >= 1, undefined, { timeout: 90_000 });
    const firstStep = Date.now() - played;
    // the next step has begun (it is announced before it starts)
    await page.waitForTimeout(300);
    const before = await critic();
    const clicked = Date.now();
    await page.click('[data-testid=play]');
    await page.waitForSelector('.notice-info:has-text("Paused at once")', { timeout: 1000 });
    expect(Date.now() - clicked).toBeLessThan(1000);
    expect(await page.$eval('[data-testid=play]', (b) => b.classList.contains('playing'))).toBe(false);
    // nothing more is trained: a full step's time later the counter has not moved, and nobody is taken for dead
    await ready(page);
    await page.waitForTimeout(firstStep + 1000);
    expect(await critic()).toBe(before);
    expect(await iteration(page)).toBe(0);
    expect(await page.$('[data-testid=worker-dead]')).toBeNull();
    // Play carries on from there
    await page.click('[data-testid=play]');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=iteration] + .readout-note')?.textContent?.replace(/[^0-9]/g, '')) > n, before, { timeout: 90_000 });
    await page.click('[data-testid=play]');
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);
});

describe('a step that overruns its estimate on a busy machine (issue 27)', () => {
  // 1024 x 8 networks, batch 4096: one critic step takes many seconds, far longer under load
  it('with two busy workers beside it, Pause acts within a second and Play goes on without a dead-worker notice', async () => {
    const huge = { ...defaultSettings(), dWidth: 1024, gWidth: 1024, dLayers: 8, gLayers: 8, batchSize: 4096, nCritic: 100, seed: 4, backend: 'fused' as const };
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(`console: ${m.text()}`)));
    // what the training worker says from inside a step (its heartbeats while working), seen by the test
    await page.addInitScript(() => {
      // beats: heartbeats from inside work, per training worker; inStep: from inside the long step announced last (-1: none in flight)
      const seen = { beats: [] as number[], inStep: -1, clicked: 0, stopped: 0 };
      (window as unknown as { __seen: typeof seen }).__seen = seen;
      const Base = window.Worker;
      window.Worker = class extends Base {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          if (options?.name !== 'gan-training') return;
          const mine = seen.beats.push(0) - 1;
          this.addEventListener('message', (ev) => {
            if (ev.data?.type === 'checkpoint' && ev.data.resume) seen.inStep = 0;
            else if (ev.data?.type === 'status' || ev.data?.type === 'snapshot') seen.inStep = -1;
            else if (ev.data?.type === 'heartbeat' && ev.data.working) {
              seen.beats[mine]++;
              if (seen.inStep >= 0) seen.inStep++;
            }
          });
        }
      };
      // when the page took the click on Play / Pause, and when the button stopped showing Pause:
      // the page's own answer, timed in the page (the test's clicks lag on a loaded machine)
      document.addEventListener('click', (ev) => void ((ev.target as Element).closest?.('[data-testid=play]') && (seen.clicked = performance.now())), true);
      new MutationObserver(() => {
        const b = document.querySelector('[data-testid=play]');
        if (b && !b.classList.contains('playing') && seen.clicked > seen.stopped) seen.stopped = performance.now();
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['class'], childList: true });
    });
    await page.goto(`${server.url}?${toQuery({ settings: huge })}`);
    await ready(page);
    // the link's values were taken as they are
    const field = async (k: string) => Number((await page.inputValue(`[data-testid=setting-${k}] input[inputmode=decimal]`)).replace(/,/g, ''));
    expect([await field('dWidth'), await field('dLayers'), await field('gWidth'), await field('gLayers'), await field('batchSize'), await field('nCritic')]).toEqual([1024, 8, 1024, 8, 4096, 100]);
    expect(await page.inputValue('[data-testid=setting-backend] select')).toBe('fused');
    const beats = () => page.evaluate(() => (window as unknown as { __seen: { beats: number[] } }).__seen.beats.slice());
    const critic = async () => Number((await page.textContent('[data-testid=iteration] + .readout-note'))!.replace(/[^0-9]/g, ''));
    const dead = async () => (await page.$('[data-testid=worker-dead]')) !== null || (await page.$('text=stopped responding')) !== null;
    // the load: two workers in a tight loop, as many as this machine has cores
    await page.evaluate(() => {
      const busy = URL.createObjectURL(new Blob(['for (;;) {}'], { type: 'text/javascript' }));
      (window as unknown as { __busy: Worker[] }).__busy = [new Worker(busy), new Worker(busy)];
    });
    await page.click('[data-testid=play]');
    // a long step is under way: announced, and the worker says so from inside it (after Play's
    // first evaluation and snapshot, each about 15 s under this load)
    await page.waitForFunction(() => (window as unknown as { __seen: { inStep: number } }).__seen.inStep >= 2, undefined, { timeout: 60_000 });
    const before = await critic();
    await page.click('[data-testid=play]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=play]')?.classList.contains('playing'), undefined, { timeout: 5000 });
    const answer = await page.evaluate(() => (({ clicked, stopped }) => stopped - clicked)((window as unknown as { __seen: { clicked: number; stopped: number } }).__seen));
    expect(answer).toBeGreaterThan(0);
    expect(answer).toBeLessThan(1000);
    await page.waitForSelector('.notice-info:has-text("Paused at once")', { timeout: 2000 });
    // the step in flight is stopped: its worker was ended (a new one waits, paused), no more
    // work is heard from it, and nobody is taken for dead
    await ready(page);
    const paused = await beats();
    expect(paused.length).toBe(2);
    await page.waitForTimeout(3000);
    expect((await beats())[0]).toBe(paused[0]);
    expect(await critic()).toBe(before);
    expect(await iteration(page)).toBe(0);
    expect(await dead()).toBe(false);
    // Play: the new worker evaluates, then redoes the step, and is heard working from inside
    // that work all along; in 15 s it is never called dead
    const played = Date.now();
    await page.click('[data-testid=play]');
    while (Date.now() - played < 15_000) {
      expect(await dead()).toBe(false);
      await page.waitForTimeout(500);
    }
    expect(await dead()).toBe(false);
    const after = await beats();
    expect(after.length).toBe(2);
    expect(after[1]).toBeGreaterThan(paused[1]);
    expect(await critic()).toBeGreaterThanOrEqual(before);
    await page.click('[data-testid=play]');
    await page.evaluate(() => (window as unknown as { __busy: Worker[] }).__busy.forEach((w) => w.terminate()));
    expect(errors).toEqual([]);
    await page.close();
  }, 150_000);
});

describe('a dead worker', () => {
  it('is noticed within a few seconds while the run is paused, with a restart that keeps the settings', async () => {
    const { page } = await openPage(ctx, `${server.url}?${toQuery({ settings: small })}`);
    await ready(page);
    await page.click('[data-testid=action-stepIteration]');
    await page.waitForFunction(() => document.querySelector('[data-testid=iteration]')?.textContent === '1');
    const worker = page.workers().find((w) => /trainingWorker/.test(w.url()));
    expect(worker).toBeDefined();
    const died = Date.now();
    // the worker ends itself: no error event, it just goes quiet
    await worker!.evaluate(() => (self as unknown as { close(): void }).close()).catch(() => undefined);
    await page.waitForSelector('[data-testid=worker-dead]', { timeout: 15_000 });
    expect(Date.now() - died).toBeLessThan(10_000);
    await page.click('[data-testid=restart]');
    await ready(page);
    await page.click('[data-testid=action-stepIteration]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=iteration]')?.textContent) >= 1, undefined, { timeout: 30_000 });
    await page.close();
  }, 120_000);

  it('Export and Load answer within a second while it is dead; a file nested 200,000 deep is refused before it reaches the worker (issue 27)', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?${toQuery({ settings: small })}`);
    await ready(page);
    await page.click('[data-testid=action-stepIteration]');
    await page.waitForFunction(() => document.querySelector('[data-testid=iteration]')?.textContent === '1');
    await page.click('[data-testid=open-export]');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-weights]')]);
    const file = artifact('weights-for-dead-worker.json');
    await dl.saveAs(file);
    const nested = artifact('weights-nested-200000.json');
    writeFileSync(nested, readFileSync(file, 'utf8').replace(/^\{/, `{"deep":${'['.repeat(200_000)}${']'.repeat(200_000)},`));
    await page.setInputFiles('[data-testid=load-file]', nested);
    await page.waitForSelector('[data-testid=export-status]:has-text("nests lists or objects more than 8 levels deep")', { timeout: 10_000 });
    expect(errors).toEqual([]); // no stack overflow anywhere
    await page.keyboard.press('Escape');
    // the worker goes quiet
    const worker = page.workers().find((w) => /trainingWorker/.test(w.url()));
    await worker!.evaluate(() => (self as unknown as { close(): void }).close()).catch(() => undefined);
    await page.waitForSelector('[data-testid=worker-dead]', { timeout: 15_000 });
    await page.click('[data-testid=open-export]');
    let asked = Date.now();
    await page.click('[data-testid=export-weights]');
    await page.waitForSelector('[data-testid=export-status]:has-text("press Restart, then try again")', { timeout: 1000 });
    expect(Date.now() - asked).toBeLessThan(1000);
    asked = Date.now();
    await page.setInputFiles('[data-testid=load-file]', file);
    await page.waitForSelector('[data-testid=export-status]:has-text("weights-for-dead-worker.json: the training worker has stopped")', { timeout: 1000 });
    expect(Date.now() - asked).toBeLessThan(1000);
    await page.close();
  }, 120_000);
});

describe('a lost WebGL context', () => {
  it('in the worker: the run moves to another backend from its last checkpoint and says so', async () => {
    const onWebgl = { ...small, backend: 'webgl' as const };
    const { page } = await openPage(ctx, `${server.url}?${toQuery({ settings: onWebgl })}`);
    await ready(page);
    await page.waitForSelector('[data-testid=backend-status]:has-text("webgl")', { timeout: 30_000 }).catch(() => undefined);
    await page.click('[data-testid=play]');
    // past the first checkpoint (every 5 s of play)
    await page.waitForTimeout(6500);
    const before = await iteration(page);
    expect(before).toBeGreaterThan(0);
    const worker = page.workers().find((w) => /trainingWorker/.test(w.url()));
    expect(await worker!.evaluate(() => (self as unknown as { __ganLoseWebglContext(): boolean }).__ganLoseWebglContext())).toBe(true);
    const notice = await page.waitForSelector('.notice:has-text("WebGL failed")', { timeout: 15_000 });
    expect(await notice.textContent()).toMatch(/WebGL failed \(the WebGL context was lost\); switched to wasm and resumed from iteration \d+/);
    // training goes on, on the other backend
    const after = await iteration(page);
    await page.waitForFunction((at) => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) > at + 10, after, { timeout: 20_000 });
    expect(await page.$('[data-testid=worker-dead]')).toBeNull();
    await page.close();
  }, 120_000);
});

describe('a lost WebGL context on the main thread', () => {
  it('(the fallback without a worker) moves the run to another backend from its last checkpoint and says so', async () => {
    const onWebgl = { ...small, backend: 'webgl' as const };
    const { page, errors } = await openPage(ctx, `${server.url}?${toQuery({ settings: onWebgl })}&mainthread`);
    await ready(page);
    expect(page.workers().some((w) => /trainingWorker/.test(w.url()))).toBe(false);
    await page.click('[data-testid=play]');
    // past the first checkpoint (every 5 s of play; WebGL on SwiftShader beside the charts is slow, about 1 iteration a second)
    await page.waitForTimeout(6500);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) >= 1, undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => (globalThis as unknown as { __ganLoseWebglContext(): boolean }).__ganLoseWebglContext())).toBe(true);
    const notice = await page.waitForSelector('.notice:has-text("WebGL failed")', { timeout: 15_000 });
    expect(await notice.textContent()).toMatch(/WebGL failed \(the WebGL context was lost\); switched to wasm and resumed from iteration \d+/);
    const after = await iteration(page);
    await page.waitForFunction((at) => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) > at + 10, after, { timeout: 20_000 });
    // still playing, and Pause still pauses (the button follows the loop's own state: on the
    // main thread that waits for the chunk or evaluation under way, which on a loaded test
    // machine once took over 2 s)
    await page.click('[data-testid=play]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=play]')?.classList.contains('playing'), undefined, { timeout: 10_000 });
    expect(errors.filter((e) => !/WebGL|context/i.test(e))).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('nothing lost', () => {
  it('a link with many bad values keeps every warning in one expandable notice', async () => {
    const keys = ['lrd', 'lrg', 'bs', 'nc', 'dw', 'gw', 'dl', 'gl'];
    const q = ['v=9', 'zzz=1', ...keys.map((k) => `${k}=oops`), 'lrd=0.5', `lam=${'9'.repeat(10_000)}`].join('&');
    const { page } = await openPage(ctx, `${server.url}?${q}`);
    await ready(page);
    const notice = await page.waitForSelector('.notice:has-text("The link had")');
    const count = Number((await notice.textContent())!.match(/The link had (\d+) problems/)![1]);
    // the version, the unknown key, 8 bad values, the repeated key, the long value
    expect(count).toBe(12);
    await page.click('[data-testid=notice-details] summary');
    const items = await page.$$eval('[data-testid=notice-details] li', (li) => li.map((l) => l.textContent ?? ''));
    expect(items).toHaveLength(12);
    expect(items.join(' | ')).toMatch(/format version 9.*unknown parameter 'zzz'.*lrd is given 2 times/s);
    expect(Math.max(...items.map((i) => i.length))).toBeLessThan(200);
    // one line each: the notice stays short however long the values were
    expect((await notice.boundingBox())!.height).toBeLessThan(400);
    await page.close();
  }, 60_000);

  it('5,000 own points come back whole after a reload', async () => {
    const { page } = await openPage(ctx, server.url);
    await ready(page);
    await page.click('[data-testid=edit-points]');
    const file = artifact('points-5000.csv');
    writeFileSync(file, 'x,y\n' + Array.from({ length: 5000 }, (_, i) => `${(Math.cos(i) * 2).toFixed(3)},${(Math.sin(i * 1.7) * 2).toFixed(3)}`).join('\n'));
    await page.setInputFiles('[data-testid=points-file]', file);
    await page.waitForFunction(() => /^5,000 points/.test(document.querySelector('[data-testid=points-count]')?.textContent ?? ''));
    await page.click('[data-testid=points-apply]');
    await page.waitForFunction(() => (document.querySelector('[data-testid=target-option-custom]') as HTMLInputElement)?.checked);
    await page.reload(); // at once: the edit must not wait for the URL's debounce
    await ready(page);
    const run = await runJson(page);
    expect((run as unknown as { customPoints: unknown[] }).customPoints).toHaveLength(5000);
    expect(await page.$('.notice:has-text("carries the first")')).toBeNull();
    await page.close();
  }, 60_000);
});


describe('a reload mid-run', () => {
  it('offers to resume from the kept checkpoint, and Resume restores its iteration', async () => {
    const { page } = await openPage(ctx, `${server.url}?${toQuery({ settings: small })}`);
    await ready(page);
    await page.click('[data-testid=play]');
    // the first checkpoint of a playing run (about 5 s in) is kept at once
    const kept = await page.waitForFunction(() => {
      const text = sessionStorage.getItem('gan-playground-resume');
      return text ? (JSON.parse(text) as { iteration: number }).iteration : 0;
    }, undefined, { timeout: 30_000 });
    expect(await kept.jsonValue()).toBeGreaterThan(0);
    await page.reload();
    await ready(page);
    // pagehide kept the newest checkpoint, if one came after
    const n = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('gan-playground-resume')!) as { iteration: number }).iteration);
    expect(n).toBeGreaterThanOrEqual((await kept.jsonValue()) as number);
    const offer = page.locator('.notice', { hasText: `Resume the run from iteration ${n.toLocaleString('en-US')}?` });
    await offer.waitFor({ timeout: 10_000 });
    expect(await iteration(page)).toBe(0);
    await offer.locator('button', { hasText: 'Resume' }).click();
    await page.waitForFunction((want) => document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '') === String(want), n, { timeout: 30_000 });
    expect(await page.locator('.notice', { hasText: 'Resume the run' }).count()).toBe(0);
    await page.close();
  }, 90_000);
});
