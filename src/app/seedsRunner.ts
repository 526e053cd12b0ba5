// The page's end of "Try 5 seeds": starts the seeds worker, keeps what it reports, and
// terminates it on stop. Outside React, so that a re-render never makes a second worker.
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
}

export class SeedsRunner {
  private worker: Worker | null = null;
  private listeners = new Set<() => void>();
  state: SeedsRunState;

  constructor(private readonly cmd: SeedsStart) {
    this.state = {
      phase: 'starting',
      error: null,
      backend: null,
      iterations: cmd.seeds.map(() => 0),
      budget: cmd.iterations,
      results: cmd.seeds.map((seed) => ({ seed, row: null, diverged: null, generated: null, target: null, extent: null, drawnAt: 0 })),
      startedAt: null,
    };
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<SeedsRunState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }

  start(): void {
    if (typeof Worker === 'undefined') {
      this.set({ phase: 'error', error: 'this browser has no Web Workers, which the seeds run needs' });
      return;
    }
    this.set({ phase: 'starting', error: null });
    this.worker = new Worker(new URL('../worker/seedsWorker.ts', import.meta.url), { type: 'module', name: 'gan-seeds' });
    this.worker.onmessage = (ev: MessageEvent<SeedsEvent>) => this.receive(ev.data);
    this.worker.onerror = (ev) => {
      ev.preventDefault();
      this.stop();
      this.set({ phase: 'error', error: ev.message || 'the seeds worker failed' });
    };
    this.worker.postMessage(this.cmd);
  }

  private receive(e: SeedsEvent): void {
    if (e.type === 'started') this.set({ phase: 'running', backend: e.backend, startedAt: performance.now() });
    else if (e.type === 'progress') this.set({ iterations: e.iterations });
    else if (e.type === 'seed') {
      const results = this.state.results.slice();
      results[e.index] = { seed: results[e.index].seed, row: e.row, diverged: e.diverged, generated: e.generated, target: e.target, extent: e.extent, drawnAt: e.row.iteration };
      this.set({ results });
    } else if (e.type === 'samples') {
      const results = this.state.results.slice();
      results[e.index] = { ...results[e.index], generated: e.generated, drawnAt: e.iteration };
      this.set({ results });
    } else if (e.type === 'done') {
      this.stop();
      this.set({ phase: 'done' });
    } else if (e.type === 'error') {
      this.stop();
      this.set({ phase: 'error', error: e.message });
    }
  }

  /** Ends the worker; what it reported stays. */
  stop(): void {
    this.worker?.terminate();
    this.worker = null;
    if (this.state.phase === 'starting' || this.state.phase === 'running') this.set({ phase: 'stopped' });
  }
}
