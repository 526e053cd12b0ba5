// The page's end of "Try 5 seeds": starts the seeds workers, keeps what they report, and
// terminates them on stop. Outside React, so that a re-render never makes a second set.
// The seeds are split over one worker per core but one (the playground's own run is paused
// meanwhile), each training its share round-robin: one worker on a 2-core machine, one per
// seed on eight cores. The core left is the page's: two workers on two cores were 1.5x
// faster here (5 x 1,000 digits GAN iterations in 22 s against 32 s) but starved the page,
// which then took over 30 s to draw a frame for a screenshot.
import type { HistoryRow } from '../engine/history';
import type { Extent } from '../engine/targets';
import type { SeedsEvent, SeedsStart } from '../worker/seedsProtocol';

export interface SeedResult {
  seed: number;
  row: HistoryRow | null;
  diverged: string | null;
  generated: Float32Array | null;
  target: Float32Array | null;
  extent: Extent | null;
  /** The iteration of `generated` (it moves between evaluations). */
  drawnAt: number;
}

export interface SeedsRunState {
  phase: 'starting' | 'running' | 'done' | 'stopped' | 'error';
  error: string | null;
  backend: string | null;
  iterations: number[];
  budget: number;
  results: SeedResult[];
  /** When training began (performance.now(), ms; null before): for the time left. */
  startedAt: number | null;
  /** How many workers share the seeds. */
  workers: number;
}

/** What the runner needs of a worker (a Web Worker in the page; tests pass their own). */
export interface SeedsWorkerLike {
  onmessage: ((ev: MessageEvent<SeedsEvent>) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
  postMessage(cmd: SeedsStart): void;
  terminate(): void;
}

/** Workers for n seeds here: one per core but one (the page's own thread), at most one a seed, at least one. */
export function seedWorkerCount(seeds: number, cores: number | undefined): number {
  return Math.max(1, Math.min(seeds, (cores ?? 2) - 1));
}

/** The seeds' indices each worker trains: as even a split as there is, in order. */
export function splitSeeds(seeds: number, workers: number): number[][] {
  const out: number[][] = [];
  let next = 0;
  for (let w = 0; w < workers; w++) {
    const n = Math.floor(seeds / workers) + (w < seeds % workers ? 1 : 0);
    out.push(Array.from({ length: n }, (_, k) => next + k));
    next += n;
  }
  return out.filter((g) => g.length > 0);
}

/** The watchdog's clock and timer (tests pass a virtual one). */
export interface WatchdogClock {
  now(): number;
  /** Calls `fn` every `ms`; returns a function that stops it. */
  every(ms: number, fn: () => void): () => void;
}

const realClock: WatchdogClock = {
  now: () => performance.now(),
  every: (ms, fn) => {
    const id = setInterval(fn, ms);
    return () => clearInterval(id);
  },
};

/**
 * A worker that has not said a word for this long is gone: it posts a heartbeat at least every
 * second while it works (seedsRun.ts HEARTBEAT_MS), between critic steps too. Before its
 * 'started' it may be fetching the digits and starting a backend, hence the longer wait.
 */
export const SEEDS_SILENCE_MS = 15_000;
export const SEEDS_START_MS = 60_000;
/** A silence this many times the longest gap seen between a worker's messages is not a busy worker's. */
const GAP_FACTOR = 3;

const browserWorker = (): SeedsWorkerLike => new Worker(new URL('../worker/seedsWorker.ts', import.meta.url), { type: 'module', name: 'gan-seeds' });

export class SeedsRunner {
  private workers: SeedsWorkerLike[] = [];
  private finished = new Set<number>();
  private listeners = new Set<() => void>();
  private readonly groups: number[][];
  private readonly clock: WatchdogClock;
  /** Per worker: when it last spoke, the longest gap between its messages, whether it started. */
  private heard: Array<{ at: number; longestGap: number; started: boolean }> = [];
  private stopWatchdog: (() => void) | null = null;
  state: SeedsRunState;

  constructor(
    private readonly cmd: SeedsStart,
    opts: { workers?: number; createWorker?: () => SeedsWorkerLike; clock?: WatchdogClock } = {},
  ) {
    this.clock = opts.clock ?? realClock;
    const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
    // the browser tests can ask for several workers on a 2-core machine
    const asked = (globalThis as { __ganSeedWorkers?: number }).__ganSeedWorkers;
    // on WebGL the seeds share one GPU: more workers would only contend for it
    const auto = cmd.backend === 'webgl' ? 1 : seedWorkerCount(cmd.seeds.length, cores);
    this.groups = splitSeeds(cmd.seeds.length, opts.workers ?? asked ?? auto);
    this.createWorker = opts.createWorker ?? browserWorker;
    this.state = {
      phase: 'starting',
      error: null,
      backend: null,
      iterations: cmd.seeds.map(() => 0),
      budget: cmd.iterations,
      results: cmd.seeds.map((seed) => ({ seed, row: null, diverged: null, generated: null, target: null, extent: null, drawnAt: 0 })),
      startedAt: null,
      workers: this.groups.length,
    };
  }

  private readonly createWorker: () => SeedsWorkerLike;

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<SeedsRunState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }

  start(): void {
    if (typeof Worker === 'undefined' && this.createWorker === browserWorker) {
      this.set({ phase: 'error', error: 'this browser has no Web Workers, which the seeds run needs' });
      return;
    }
    this.set({ phase: 'starting', error: null });
    this.finished.clear();
    this.workers = this.groups.map((group, w) => {
      const worker = this.createWorker();
      worker.onmessage = (ev: MessageEvent<SeedsEvent>) => this.receive(w, ev.data);
      worker.onerror = (ev) => {
        ev.preventDefault();
        this.stop();
        this.set({ phase: 'error', error: ev.message || 'the seeds worker failed' });
      };
      worker.postMessage({ ...this.cmd, seeds: group.map((i) => this.cmd.seeds[i]) });
      return worker;
    });
    const now = this.clock.now();
    this.heard = this.groups.map(() => ({ at: now, longestGap: 0, started: false }));
    this.stopWatchdog?.();
    this.stopWatchdog = this.clock.every(1000, () => this.watch());
  }

  /** Ends the run when a worker that has not finished stays silent past its limit. */
  private watch(): void {
    const now = this.clock.now();
    for (let w = 0; w < this.heard.length; w++) {
      if (this.finished.has(w)) continue;
      const h = this.heard[w];
      const limit = h.started ? Math.max(SEEDS_SILENCE_MS, GAP_FACTOR * h.longestGap) : SEEDS_START_MS;
      if (now - h.at <= limit) continue;
      const silent = Math.round((now - h.at) / 1000);
      const others = this.groups.length > 1 ? '; the other seeds workers were stopped' : '';
      this.stop();
      this.set({ phase: 'error', error: `the seeds worker stopped responding (no word for ${silent} s)${others}` });
      return;
    }
  }

  /** Worker w's event, its seed indices mapped back to the whole run's. */
  private receive(w: number, e: SeedsEvent): void {
    const group = this.groups[w];
    const h = this.heard[w];
    if (h) {
      const now = this.clock.now();
      // gaps once working (the start, a digits fetch included, has its own limit)
      if (h.started) h.longestGap = Math.max(h.longestGap, now - h.at);
      h.at = now;
      if (e.type === 'started') h.started = true;
    }
    if (e.type === 'started') {
      if (this.state.phase === 'starting') this.set({ phase: 'running', backend: e.backend, startedAt: performance.now() });
    } else if (e.type === 'progress') {
      const iterations = this.state.iterations.slice();
      e.iterations.forEach((n, k) => (iterations[group[k]] = n));
      this.set({ iterations });
    } else if (e.type === 'seed') {
      const index = group[e.index];
      const results = this.state.results.slice();
      results[index] = { seed: results[index].seed, row: e.row, diverged: e.diverged, generated: e.generated, target: e.target, extent: e.extent, drawnAt: e.row.iteration };
      this.set({ results });
    } else if (e.type === 'samples') {
      const index = group[e.index];
      const results = this.state.results.slice();
      results[index] = { ...results[index], generated: e.generated, drawnAt: e.iteration };
      this.set({ results });
    } else if (e.type === 'done') {
      this.finished.add(w);
      if (this.finished.size === this.groups.length) {
        this.stop();
        this.set({ phase: 'done' });
      }
    } else if (e.type === 'error') {
      this.stop();
      this.set({ phase: 'error', error: e.message });
    }
  }

  /** Ends the workers; what they reported stays. */
  stop(): void {
    this.stopWatchdog?.();
    this.stopWatchdog = null;
    for (const w of this.workers) w.terminate();
    this.workers = [];
    if (this.state.phase === 'starting' || this.state.phase === 'running') this.set({ phase: 'stopped' });
  }
}
