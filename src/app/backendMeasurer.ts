// Backend 'auto' measures the backends in a second, short-lived worker, so that the run starts
// at once on a provisional backend (the fused kernels) and nothing waits for the measuring.
import type { BackendMeasurement } from '../engine/autoBackend';
import type { Settings } from '../engine/settings';
import type { Points } from '../engine/trainerBase';
import type { Command, Event } from '../worker/protocol';

/** WebGL's first shader compilation alone can take seconds on a software renderer. */
const MEASURE_TIMEOUT_MS = 60_000;

export interface Measuring {
  result: Promise<BackendMeasurement[]>;
  cancel(): void;
}

export function measureInWorker(settings: Settings, customPoints?: Points): Measuring {
  let worker: Worker | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let settle: ((m: BackendMeasurement[] | Error) => void) | null = null;
  const stop = () => {
    if (timer) clearTimeout(timer);
    worker?.terminate();
    worker = null;
  };
  const result = new Promise<BackendMeasurement[]>((resolve, reject) => {
    settle = (m) => {
      settle = null;
      stop();
      if (m instanceof Error) reject(m);
      else resolve(m);
    };
    try {
      worker = new Worker(new URL('../worker/trainingWorker.ts', import.meta.url), { type: 'module', name: 'gan-backend-measure' });
    } catch (e) {
      settle(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    timer = setTimeout(() => settle?.(new Error('measuring took over a minute')), MEASURE_TIMEOUT_MS);
    worker.onmessage = (ev: MessageEvent<Event>) => {
      if (ev.data.type === 'measured') settle?.(ev.data.measurements);
      else if (ev.data.type === 'error') settle?.(new Error(ev.data.message));
    };
    worker.onerror = (ev) => {
      ev.preventDefault();
      settle?.(new Error(ev.message || 'the measuring worker failed'));
    };
    const cmd: Command = { type: 'measure', settings, customPoints };
    worker.postMessage(cmd);
  });
  return { result, cancel: () => settle?.(new Error('cancelled')) };
}

const shared = new Map<string, { job: Measuring; users: number }>();

/**
 * One measurement per networks' key at a time, whoever asks (the side-by-side view's two runs
 * start together): later askers share the running one; it stops when every asker cancelled.
 */
export function sharedMeasurement(key: string, settings: Settings, customPoints?: Points): Measuring {
  let entry = shared.get(key);
  if (!entry) {
    const job = measureInWorker(settings, customPoints);
    const fresh = { job, users: 0 };
    entry = fresh;
    shared.set(key, fresh);
    const forget = () => {
      if (shared.get(key) === fresh) shared.delete(key);
    };
    job.result.then(forget, forget);
  }
  const mine = entry;
  mine.users++;
  let cancelled = false;
  return {
    result: mine.job.result,
    cancel: () => {
      if (cancelled) return;
      cancelled = true;
      if (--mine.users === 0) mine.job.cancel();
    },
  };
}
