// The built page in Debian's headless Chromium: start-up, the worker's training rate while the
// charts update, the main thread's frame intervals, chart refreshes, the JavaScript shipped,
// and memory over a long run. Uses the browser tests' harness (build, serve, launch).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { toQuery } from '../src/app/urlState';
import type { Settings } from '../src/engine/settings';
import { CHARTS, iteration, launch } from '../tests/e2e/browser';

export const median = (xs: number[]) => quantile(xs, 0.5);

export function quantile(xs: number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}

/** Gzipped size (level 6, a static server's usual setting) of every .js and .wasm in the build. */
export function shippedSizes(dist: string): { jsGzip: number; wasmGzip: number; files: Array<{ file: string; gzip: number }> } {
  const files: Array<{ file: string; gzip: number }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(js|wasm)$/.test(name)) files.push({ file: relative(dist, p), gzip: gzipSync(readFileSync(p), { level: 6 }).length });
    }
  };
  walk(dist);
  const sum = (re: RegExp) => files.filter((f) => re.test(f.file)).reduce((n, f) => n + f.gzip, 0);
  return { jsGzip: sum(/\.js$/), wasmGzip: sum(/\.wasm$/), files };
}

export function pageUrl(base: string, settings: Settings): string {
  return `${base}?${toQuery({ settings })}`;
}

const drawCounts = (page: Page) =>
  page.evaluate((ids) => ids.map((id) => Number(document.querySelector(`[data-testid=${id}]`)?.getAttribute('data-drawn') ?? 0)), CHARTS);

async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(
    (ids) => {
      const play = document.querySelector('[data-testid=play]') as HTMLButtonElement | null;
      return !!play && !play.disabled && ids.every((id) => Number(document.querySelector(`[data-testid=${id}]`)?.getAttribute('data-drawn') ?? 0) >= 1);
    },
    CHARTS,
    { timeout: 120_000 },
  );
}

/**
 * Time from navigation to the first chart drawn, to every chart drawn, and to a usable Play
 * (enabled, with the target samples on the plane), each on a fresh browser profile: no cached
 * backend measurements, so 'auto' starts on its provisional backend.
 */
export async function startup(url: string, runs: number): Promise<{ firstChartMs: number; allChartsMs: number; playUsableMs: number; runs: number[] }> {
  const first: number[] = [];
  const all: number[] = [];
  const play: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ctx = await launch();
    try {
      const page = await ctx.newPage();
      // record the moment each chart first draws, in the page's own clock (ms since navigation)
      await page.addInitScript((ids: string[]) => {
        const w = window as unknown as { __drawnAt: Record<string, number> };
        w.__drawnAt = {};
        new MutationObserver(() => {
          for (const id of ids) {
            if (w.__drawnAt[id] === undefined && document.querySelector(`[data-testid=${id}][data-drawn]`)) w.__drawnAt[id] = performance.now();
          }
          const button = document.querySelector('[data-testid=play]') as HTMLButtonElement | null;
          if (w.__drawnAt.play === undefined && button && !button.disabled && w.__drawnAt['chart-plane'] !== undefined) w.__drawnAt.play = performance.now();
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-drawn', 'disabled'], childList: true });
      }, CHARTS);
      await page.goto(url);
      await waitReady(page);
      const drawnAt = await page.evaluate(() => (window as unknown as { __drawnAt: Record<string, number> }).__drawnAt);
      const at = Object.entries(drawnAt)
        .filter(([k]) => k !== 'play')
        .map(([, v]) => v);
      first.push(Math.min(...at));
      all.push(Math.max(...at));
      play.push(drawnAt.play ?? NaN);
    } finally {
      await ctx.close();
    }
  }
  return { firstChartMs: median(first), allChartsMs: median(all), playUsableMs: median(play), runs: first };
}

export interface TrainingFigures {
  backend: string;
  autoMeasured: string;
  itPerSec: number;
  msPerIteration: number;
  frameP50: number;
  frameP95: number;
  frameMax: number;
  /** Redraws per second of the slowest-refreshing chart, and of the plane. */
  chartsPerSecMin: number;
  planePerSec: number;
  /** Age of the exact W1 on the page (ms since its value last changed), sampled every 100 ms while training: p50 / p95. */
  evaluationAgeP50: number;
  evaluationAgeP95: number;
  chartsPerSec: Record<string, number>;
  /** Main-thread milliseconds per draw, by chart. */
  drawMs: Record<string, { p50: number; p95: number }>;
  seconds: number;
}

/** Plays for warm-up + `seconds` and measures the window after the warm-up. */
export async function training(ctx: BrowserContext, url: string, seconds: number, warmup = 3): Promise<TrainingFigures> {
  const page = await ctx.newPage();
  try {
    await page.goto(url);
    await waitReady(page);
    // 'auto' starts on a provisional backend and measures in the background: train on its choice
    await page.waitForSelector('.backend-status .measurements', { state: 'attached', timeout: 60_000 }).catch(() => undefined);
    const backend = (await page.textContent('[data-testid=backend-active]'))?.trim() ?? '?';
    const autoMeasured = ((await page.locator('.backend-status .measurements').textContent().catch(() => '')) ?? '').replace(/measure again\s*$/, '').trim();
    await page.click('[data-testid=play]');
    await page.waitForTimeout(warmup * 1000);
    // a string, not a function: tsx (esbuild keepNames) would wrap a named inner function in
    // a __name() helper that does not exist in the page
    await page.evaluate(`(() => {
      window.__frames = [];
      window.__recording = true;
      const tick = (t) => {
        if (!window.__recording) return;
        window.__frames.push(t);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      // the exact W1's age: how long since the readout's evaluation (its iteration) last changed
      window.__evalAges = [];
      window.__evalSeen = { text: null, at: performance.now() };
      window.__evalTimer = setInterval(() => {
        const text = document.querySelector('[data-testid=metric-w1-note]')?.textContent ?? '';
        const now = performance.now();
        if (text !== window.__evalSeen.text) window.__evalSeen = { text, at: now };
        window.__evalAges.push(now - window.__evalSeen.at);
      }, 100);
      // every chart draw's main-thread cost, as LiveChart records it
      window.__drawMs = {};
      window.__drawObserver = new MutationObserver((records) => {
        for (const r of records) {
          const id = r.target.getAttribute('data-testid');
          (window.__drawMs[id] ??= []).push(Number(r.target.getAttribute('data-draw-ms')));
        }
      });
      window.__drawObserver.observe(document, { subtree: true, attributes: true, attributeFilter: ['data-draw-ms'] });
    })()`);
    const it0 = await iteration(page);
    const draws0 = await drawCounts(page);
    const t0 = Date.now();
    await page.waitForTimeout(seconds * 1000);
    const it1 = await iteration(page);
    const draws1 = await drawCounts(page);
    const elapsed = (Date.now() - t0) / 1000;
    const { frames, drawMs, evalAges } = await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __recording: boolean; __drawMs: Record<string, number[]>; __drawObserver: MutationObserver; __evalAges: number[]; __evalTimer: number };
      w.__recording = false;
      w.__drawObserver.disconnect();
      clearInterval(w.__evalTimer);
      return { frames: w.__frames, drawMs: w.__drawMs, evalAges: w.__evalAges };
    });
    await page.click('[data-testid=play]');
    const intervals = frames.slice(1).map((t, i) => t - frames[i]);
    const rates = draws1.map((d, i) => (d - draws0[i]) / elapsed);
    // the modes chart only draws for mixtures; every chart here updates on every snapshot
    const itPerSec = (it1 - it0) / elapsed;
    return {
      backend,
      autoMeasured,
      itPerSec,
      msPerIteration: 1000 / itPerSec,
      frameP50: median(intervals),
      frameP95: quantile(intervals, 0.95),
      frameMax: Math.max(...intervals),
      chartsPerSecMin: Math.min(...rates),
      planePerSec: rates[CHARTS.indexOf('chart-plane')],
      evaluationAgeP50: median(evalAges),
      evaluationAgeP95: quantile(evalAges, 0.95),
      chartsPerSec: Object.fromEntries(CHARTS.map((id, i) => [id, rates[i]])),
      drawMs: Object.fromEntries(Object.entries(drawMs).map(([id, ms]) => [id, { p50: median(ms), p95: quantile(ms, 0.95) }])),
      seconds: elapsed,
    };
  } finally {
    await page.close();
  }
}

/** CPU seconds (and the worker's seconds waiting for a core) of this process's Chromium, by role. */
interface ChromiumCpu {
  /** The dedicated-worker threads (the training worker). */
  worker: number;
  /** Time the worker threads were runnable but waiting on a run queue for a core (schedstat). */
  workerWaiting: number;
  /** The GPU process (here: SwiftShader drawing the page in software, and compositing). */
  gpu: number;
  /** The renderers' other threads (the page's main thread, its compositor, V8's helpers). */
  rendererRest: number;
}

/**
 * CPU seconds of this process's Chromium by role (Linux /proc, clock ticks of 10 ms), or null
 * where /proc cannot be read. On a shared 2-core machine the page's rate is often the share
 * of a core the worker gets (the GPU process and the main thread take the rest): its CPU time
 * per iteration says what the work itself costs, and its run-queue wait what it lost to them.
 */
function chromiumCpu(): ChromiumCpu | null {
  try {
    // this process's Chromium (playwright starts it as a child) and its descendants only:
    // other jobs on the machine may run browsers of their own
    const parent = new Map<number, number>();
    for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
      try {
        const st = readFileSync(`/proc/${p}/stat`, 'utf8');
        parent.set(Number(p), Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        /* the process ended */
      }
    }
    const ours = (pid: number) => {
      for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
      return false;
    };
    const cpu: ChromiumCpu = { worker: 0, workerWaiting: 0, gpu: 0, rendererRest: 0 };
    let found = false;
    for (const pid of [...parent.keys()].filter(ours)) {
      let cmd = '';
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      const renderer = /--type=renderer/.test(cmd);
      const gpu = /--type=gpu-process/.test(cmd);
      if (!renderer && !gpu) continue;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        try {
          const st = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
          const fields = st.slice(st.lastIndexOf(')') + 2).split(' ');
          const seconds = (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime
          if (gpu) cpu.gpu += seconds;
          else if (st.includes('(DedicatedWorker')) {
            found = true;
            cpu.worker += seconds;
            // schedstat: ns on a core, ns runnable waiting for one, time slices
            cpu.workerWaiting += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
          } else cpu.rendererRest += seconds;
        } catch {
          /* the thread ended */
        }
      }
    }
    return found ? cpu : null;
  } catch {
    return null;
  }
}

/**
 * Iterations per second of a digits run in the page (the grid of 64 digits and the class bars
 * drawing live instead of the plane): Play, a warm-up, then the counter over `seconds`.
 */
export async function digitsPageRate(
  ctx: BrowserContext,
  url: string,
  seconds: number,
  warmup = 3,
): Promise<{
  backend: string;
  itPerSec: number;
  msPerIteration: number;
  workerCpuMsPerIteration: number | null;
  workerCoreShare: number | null;
  /** Shares of the elapsed time: the worker waiting for a core, and the GPU process's and the renderers' other threads' CPU. */
  contention: { workerWaiting: number; gpu: number; rendererRest: number } | null;
}> {
  const page = await ctx.newPage();
  try {
    await page.goto(url);
    // the digits asset loads first; Play is enabled once the run is ready
    await page.waitForFunction(() => {
      const play = document.querySelector('[data-testid=play]') as HTMLButtonElement | null;
      return !!play && !play.disabled;
    }, undefined, { timeout: 120_000 });
    await page.waitForFunction(() => !/…/.test(document.querySelector('[data-testid=backend-active]')?.textContent ?? '…'), undefined, { timeout: 60_000 });
    const backend = (await page.textContent('[data-testid=backend-active]'))?.trim() ?? '?';
    await page.click('[data-testid=play]');
    await page.waitForTimeout(warmup * 1000);
    const cpu0 = chromiumCpu();
    const it0 = await iteration(page);
    const t0 = Date.now();
    await page.waitForTimeout(seconds * 1000);
    const it1 = await iteration(page);
    const elapsed = (Date.now() - t0) / 1000;
    const cpu1 = chromiumCpu();
    await page.click('[data-testid=play]');
    const itPerSec = (it1 - it0) / elapsed;
    const cpu = cpu0 !== null && cpu1 !== null ? cpu1.worker - cpu0.worker : null;
    return {
      backend,
      itPerSec,
      msPerIteration: 1000 / itPerSec,
      workerCpuMsPerIteration: cpu === null ? null : (1000 * cpu) / (it1 - it0),
      workerCoreShare: cpu === null ? null : cpu / elapsed,
      contention:
        cpu0 === null || cpu1 === null
          ? null
          : { workerWaiting: (cpu1.workerWaiting - cpu0.workerWaiting) / elapsed, gpu: (cpu1.gpu - cpu0.gpu) / elapsed, rendererRest: (cpu1.rendererRest - cpu0.rendererRest) / elapsed },
    };
  } finally {
    await page.close();
  }
}

export interface SoakSample {
  seconds: number;
  iteration: number;
  tensors: number;
  /** Tensor and kernel memory outside the JS heap (wasm memory), MB. */
  offHeapMb: number;
  /** Main thread's JS heap after a full garbage collection (bytes): the least of HEAP_READS reads. */
  pageHeap: number;
  /** The first of those reads alone (what a single read gives, for comparison). */
  pageHeapFirstRead: number;
  /** The worker's JS heap after a full garbage collection (bytes), where it can be read: the least of HEAP_READS reads. */
  workerHeap: number | null;
}

/**
 * Heap reads per sample, each right after a full GC. The page keeps training and drawing
 * between a GC and its read (two DevTools round trips), and what it allocates meanwhile (up
 * to a megabyte: a snapshot's arrays, a redraw's) showed as +-0.7 MB of noise on a 10 MB
 * heap; the least of three reads is the retained heap. A leak raises all three.
 */
const HEAP_READS = 3;

/**
 * The worker's JS heap through the page's DevTools session: auto-attach to the worker target
 * and talk to it with Target.sendMessageToTarget (playwright's CDP sessions have no per-target
 * routing). Returns null where the worker cannot be reached.
 */
async function workerHeapReader(cdp: CDPSession): Promise<() => Promise<number | null>> {
  let workerSession: string | null = null;
  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string } }) => {
    if (e.targetInfo.type === 'worker') workerSession = e.sessionId;
  });
  cdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
    const m = JSON.parse(e.message) as { id?: number; result?: unknown };
    if (m.id !== undefined) pending.get(m.id)?.(m.result);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const call = (method: string) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      cdp.send('Target.sendMessageToTarget', { sessionId: workerSession!, message: JSON.stringify({ id, method }) }).catch(() => resolve(null));
      setTimeout(() => resolve(null), 10_000);
    });
  return async () => {
    if (!workerSession) return null;
    let least: number | null = null;
    for (let k = 0; k < HEAP_READS; k++) {
      await call('HeapProfiler.collectGarbage');
      const r = (await call('Runtime.getHeapUsage')) as { usedSize: number } | null;
      if (r && (least === null || r.usedSize < least)) least = r.usedSize;
    }
    return least;
  };
}

/** Plays for `seconds`, sampling memory every `every` seconds. */
export async function soak(ctx: BrowserContext, url: string, seconds: number, every: number, log: (s: SoakSample) => void): Promise<SoakSample[]> {
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const workerHeap = await workerHeapReader(cdp);
  try {
    await page.goto(url);
    await waitReady(page);
    await page.click('[data-testid=play]');
    const start = Date.now();
    const samples: SoakSample[] = [];
    const sample = async () => {
      const reads: number[] = [];
      for (let k = 0; k < HEAP_READS; k++) {
        await cdp.send('HeapProfiler.collectGarbage');
        reads.push(((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize);
      }
      const s: SoakSample = {
        seconds: (Date.now() - start) / 1000,
        iteration: await iteration(page),
        tensors: Number((await page.textContent('[data-testid=tensor-count]').catch(() => 'NaN')) ?? NaN),
        offHeapMb: Number((await page.textContent('[data-testid=offheap-mb]').catch(() => 'NaN')) ?? NaN),
        pageHeap: Math.min(...reads),
        pageHeapFirstRead: reads[0],
        workerHeap: await workerHeap(),
      };
      samples.push(s);
      log(s);
    };
    while ((Date.now() - start) / 1000 < seconds) {
      await page.waitForTimeout(Math.min(every * 1000, seconds * 1000 - (Date.now() - start)));
      await sample();
    }
    await page.click('[data-testid=play]');
    return samples;
  } finally {
    await page.close();
  }
}
