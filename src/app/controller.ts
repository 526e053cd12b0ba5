// The page's controller: turns user actions into commands for the training loop and the
// loop's events into store updates. Components call these methods; nothing else talks to
// the worker.
import { measurementKey } from '../engine/measurementKey';
import { withGradNorm, type HistoryRow } from '../engine/history';
import { DIGITS_NETWORKS } from '../engine/digits/digitsTarget';
import { LOSS_INFO as LOSSES } from '../engine/lossInfo';
import { SETTINGS, coerceSetting, crossCheck, type LossId, type SettingKey, type Settings } from '../engine/settings';
import type { Preset } from '../engine/presets';
import type { Points, TrainerState } from '../engine/trainer';
import { checkWeightsFile, rebuildWeightsFile } from '../engine/fileChecks';
import type { WeightsFile } from '../engine/weightsFile';
import type { BackendInfo, Event, StepKind } from '../worker/protocol';
import { cacheMeasurements, cachedMeasurements, forgetMeasurements } from './backendCache';
import { sharedMeasurement, type Measuring } from './backendMeasurer';
import { TrainingClient } from './client';
import { mergeRows, thinRows, withLiveRow, type RowThinning } from './rowThinning';
import { forgetRun, keepRun, megabytes, recallRun, runKey } from './resumeStore';
import { Store } from './store';

/**
 * Past this many rows, the older half of the history is thinned (every other row; evaluations
 * stay) to bound memory: at about 5 rows a second that starts after some 6 minutes, and the
 * history then saw-tooths between about 1,600 and 2,000 rows, older ones ever sparser. The
 * curves draw at most 1,500 points anyway (decimate.ts).
 */
const MAX_HISTORY = 2_000;

function appendRows<T>(history: T[], rows: T[], merge: (history: T[], rows: T[]) => T[] = (h, r) => h.concat(r)): T[] {
  let next = merge(history, rows);
  if (next.length > MAX_HISTORY) {
    const half = Math.floor(next.length / 2);
    const keep = (r: T, i: number) => i % 2 === 0 || (r as Partial<HistoryRow>).exactW1 != null;
    next = next.slice(0, half).filter(keep).concat(next.slice(half));
  }
  return next;
}

export interface ControllerOptions {
  /** Train on the main thread even where workers exist (tests, debugging). */
  mainThread?: boolean;
  /**
   * Keep the run's checkpoints in this storage (the tab's session storage for the page's
   * playground) and offer to resume on the next start with the same settings (resumeStore.ts).
   */
  keepForReload?: { storage: Storage | null; now?: () => number };
  /** The clock and timer for long steps (tests pass a virtual one). */
  clock?: { now(): number; after(ms: number, fn: () => void): () => void };
}

/** While playing, the latest checkpoint is kept for a reload at most this often (and on pagehide). */
export const KEEP_EVERY_MS = 10_000;

/** Backend 'auto' measures after this long, so that the first second belongs to the page and the run. */
const MEASURE_DELAY_MS = 1000;
/** Pause ends the worker when a step in flight has more than this left (ms): it acts within a second. */
const INTERRUPT_AFTER_MS = 700;

export class Controller {
  private client: TrainingClient;
  private exportRequests = new Map<number, { resolve(s: TrainerState): void; reject(e: Error): void }>();
  private weightRequests = new Map<number, { resolve(f: WeightsFile): void; reject(e: Error): void }>();
  private loadRequests = new Map<number, (error: string | null) => void>();
  private nextRequest = 1;
  private ackScheduled = false;
  private rowThinning: RowThinning = { lastStoredAt: -Infinity };
  private started = false;
  /** Pause sent, not yet seen by the loop: its events in flight still say playing, which is stale. */
  private pauseInFlight = false;
  /**
   * A step over a second long in flight in the worker (announced by a checkpoint with
   * `resume`), and where the iteration stands: Pause and Reset end the worker instead of
   * waiting for it. Cleared by the next status, snapshot or checkpoint.
   */
  private longStep: { since: number; expectedMs: number; criticStepsInIteration: number } | null = null;
  /** The charts to keep across the next 'reset' event (a worker replaced mid-run). */
  private keepCharts: { history: HistoryRow[]; iteration: number; criticSteps: number } | null = null;
  /** Backend 'auto': the background measurement under way, and for which networks. */
  private measuring: { key: string; job: Measuring | null; timer: ReturnType<typeof setTimeout> | null } | null = null;

  /** Keeping the run for a reload: the newest checkpoint not yet kept, and when one last was. */
  private keeper: { storage: Storage; now: () => number; lastKept: number; pending: TrainerState | null; refusedKey: string | null } | null = null;
  private readonly onPageHide = () => this.keepNow();

  private readonly clock: NonNullable<ControllerOptions['clock']>;
  /** A Pause that the loop has not confirmed yet while a long step is in flight: it interrupts the step when this fires. */
  private pauseCheck: (() => void) | null = null;

  constructor(
    readonly store: Store,
    private readonly options: ControllerOptions = {},
  ) {
    this.clock = options.clock ?? {
      now: () => performance.now(),
      after: (ms, fn) => {
        const id = setTimeout(fn, ms);
        return () => clearTimeout(id);
      },
    };
    this.client = this.makeClient();
    const keep = options.keepForReload;
    if (keep?.storage) {
      this.keeper = { storage: keep.storage, now: keep.now ?? (() => performance.now()), lastKept: -Infinity, pending: null, refusedKey: null };
      if (typeof window !== 'undefined') window.addEventListener('pagehide', this.onPageHide);
    }
  }

  private makeClient(): TrainingClient {
    return new TrainingClient({
      onEvent: (e) => this.onEvent(e),
      onDead: (reason) => {
        this.store.setState((s) => ({ dead: reason, status: { ...s.status, phase: 'dead', playing: false } }));
        this.failRequests(reason);
      },
      onFallback: (reason) => {
        this.store.setState((s) => ({ status: { ...s.status, mode: 'main-thread' } }));
        this.store.notify('warning', reason);
      },
    });
  }

  start(state?: TrainerState, resume?: { criticStepsInIteration: number }): void {
    const { settings, customPoints } = this.store.getState();
    if (!this.started && !state) this.offerResume();
    this.started = true;
    this.longStep = null;
    // this device's earlier measurements for these networks let 'auto' choose at once
    const measured = settings.backend === 'auto' ? cachedMeasurements(measurementKey(settings))?.measurements : undefined;
    this.client.start({ type: 'init', settings, customPoints, state, measured, resume }, this.options.mainThread);
    this.store.setState((s) => ({ status: { ...s.status, mode: this.client.mode } }));
  }

  /** After the worker died: a new one, resuming from the last checkpoint. Settings and charts up to it are kept. */
  restart(): void {
    const checkpoint = this.store.getState().checkpoint ?? undefined;
    this.replaceWorker(checkpoint, this.checkpointResume);
    if (checkpoint) this.store.notify('info', `Restarted from the checkpoint at iteration ${checkpoint.generatorSteps}.`);
  }

  /** Where the last checkpoint stands inside its iteration (critic steps taken; 0 for most). */
  private checkpointResume: { criticStepsInIteration: number } | undefined;

  /** A new worker, from `state` (or a fresh run), paused, the charts kept up to that state. */
  private replaceWorker(state: TrainerState | undefined, resume?: { criticStepsInIteration: number }): void {
    const { history } = this.store.getState();
    this.keepCharts = state
      ? {
          history: history.filter((r) => r.iteration <= state.generatorSteps),
          iteration: state.generatorSteps,
          criticSteps: state.criticSteps,
        }
      : null;
    this.client.dispose();
    // the old worker will never answer what it was asked
    this.failRequests('the training worker was replaced');
    this.client = this.makeClient();
    this.store.setState((s) => ({ dead: null, status: { ...s.status, phase: 'starting', playing: false } }));
    this.start(state ? { ...state, settings: this.store.getState().settings, customPoints: this.store.getState().customPoints } : undefined, state ? resume : undefined);
  }

  /**
   * A step of over a second is in flight with more than INTERRUPT_AFTER_MS still to go: ends
   * the worker and resumes, paused, from the copy taken just before that step (a fresh run
   * with `fresh`). The step's partial work is all that is lost; Play redoes it with the same
   * random draws. Only a worker can be ended; the main-thread fallback waits for the step.
   */
  private interruptLongStep(fresh = false, force = false): boolean {
    const long = this.longStep;
    const checkpoint = this.store.getState().checkpoint;
    if (!long || this.client.mode !== 'worker' || (!fresh && !checkpoint)) return false;
    const left = long.since + long.expectedMs - this.clock.now();
    // about to end by its estimate: let it (pause() checks again after INTERRUPT_AFTER_MS).
    // Past its estimate (a busy machine), how long it still runs is unknown: interrupt.
    if (!force && left >= 0 && left < INTERRUPT_AFTER_MS) return false;
    if (fresh) {
      this.replaceWorker(undefined);
      return true;
    }
    this.replaceWorker(checkpoint!, { criticStepsInIteration: long.criticStepsInIteration });
    const step = `${(long.expectedMs / 1000).toPrecision(2)} s`;
    this.store.notify('info', `Paused at once: the step in flight (about ${step}) was stopped; Play redoes it from the same random draws, so the run is the same as if it had not been paused.`);
    return true;
  }

  dispose(): void {
    this.pauseCheck?.();
    this.pauseCheck = null;
    this.stopMeasuring();
    this.client.dispose();
    if (this.keeper && typeof window !== 'undefined') window.removeEventListener('pagehide', this.onPageHide);
  }

  // ---- keeping the run for a reload ------------------------------------------------

  /** At the first start: a run this tab kept under the same settings is offered back, or the page says why it starts anew. */
  private offerResume(): void {
    if (!this.keeper) return;
    const { storage } = this.keeper;
    const { settings, customPoints } = this.store.getState();
    const kept = recallRun(storage, runKey(settings, customPoints));
    if (kept.kind === 'none') return;
    const n = (i: number) => i.toLocaleString('en-US');
    if (kept.kind === 'tooLarge') {
      forgetRun(storage);
      this.store.notify('info', `The run before the reload (iteration ${n(kept.iteration)}) was too large to keep in this tab (${megabytes(kept.bytes)}); it starts anew.`);
      return;
    }
    if (kept.kind === 'unreadable') {
      forgetRun(storage);
      this.store.notify('warning', `The run kept before the reload could not be read (${kept.reason}); it starts anew.`);
      return;
    }
    if (kept.iteration === 0) return;
    // a question waits for its answer: Notices does not fade notices with actions
    this.store.notify(
      'info',
      `Resume the run from iteration ${n(kept.iteration)}?`,
      {
        label: 'Resume',
        run: () => {
          void this.loadWeights(kept.file).then((error) => {
            if (error) this.store.notify('error', `The run could not be resumed (${error}); it starts anew.`);
          });
        },
      },
      undefined,
      [{ label: 'Start anew', run: () => forgetRun(storage) }],
    );
  }

  /** A checkpoint arrived: kept now if the last was kept KEEP_EVERY_MS ago, otherwise on the next or on pagehide. */
  private keepCheckpoint(state: TrainerState, midIteration: boolean): void {
    const k = this.keeper;
    // a copy from inside an iteration resumes exactly only with its critic-step count: keep whole iterations
    if (!k || midIteration) return;
    k.pending = state;
    if (k.now() - k.lastKept >= KEEP_EVERY_MS) this.keepNow();
  }

  /** Writes the newest checkpoint not yet kept (pagehide, and the cadence). */
  keepNow(): void {
    const k = this.keeper;
    if (!k?.pending) return;
    const state = k.pending;
    k.pending = null;
    k.lastKept = k.now();
    const { settings, customPoints, history } = this.store.getState();
    const key = runKey(settings, customPoints);
    const r = keepRun(k.storage, key, { ...state, settings, customPoints: customPoints }, history);
    if (!r.kept && k.refusedKey !== key) {
      // said once per run
      k.refusedKey = key;
      this.store.notify('info', `This run is not kept for a reload: ${r.reason}. A reload starts it anew.`);
    }
  }

  // ---- backend 'auto' ----------------------------------------------------------------

  /**
   * The loop started 'auto' on a provisional backend: measure the backends in a second worker
   * (or take this device's cached figures) and hand the result to the loop, which moves the
   * run to the fastest without losing it.
   */
  private measureIfProvisional(b: BackendInfo): void {
    if (b.requested !== 'auto' || !b.provisional || this.client.mode !== 'worker') return;
    const { settings, customPoints } = this.store.getState();
    const key = measurementKey(settings);
    if (this.measuring?.key === key) return;
    this.stopMeasuring();
    const cached = cachedMeasurements(key);
    if (cached) {
      this.client.send({ type: 'adoptMeasurements', key, measurements: cached.measurements });
      return;
    }
    const entry: NonNullable<Controller['measuring']> = { key, job: null, timer: null };
    this.measuring = entry;
    entry.timer = setTimeout(() => {
      entry.timer = null;
      entry.job = sharedMeasurement(key, settings, customPoints);
      entry.job.result.then(
        (measurements) => {
          if (this.measuring !== entry) return;
          this.measuring = null;
          cacheMeasurements(key, measurements);
          this.client.send({ type: 'adoptMeasurements', key, measurements });
          // the networks changed while measuring: measure those too
          const now = this.store.getState().status.backend;
          if (now && measurementKey(this.store.getState().settings) !== key) this.measureIfProvisional(now);
        },
        (e: unknown) => {
          if (this.measuring !== entry) return;
          this.measuring = null;
          const active = this.store.getState().status.backend?.active ?? 'the provisional backend';
          this.store.notify('warning', `Backend auto could not measure the backends (${e instanceof Error ? e.message : String(e)}); training stays on ${active}.`);
        },
      );
    }, MEASURE_DELAY_MS);
  }

  private stopMeasuring(): void {
    if (!this.measuring) return;
    if (this.measuring.timer) clearTimeout(this.measuring.timer);
    this.measuring.job?.cancel();
    this.measuring = null;
  }

  /** Forgets this device's measurements for the current networks and measures again. */
  measureBackendsAgain(): void {
    const key = measurementKey(this.store.getState().settings);
    forgetMeasurements(key);
    const b = this.store.getState().status.backend;
    if (b && b.requested === 'auto') this.measureIfProvisional({ ...b, provisional: true });
  }

  // ---- transport -------------------------------------------------------------------

  play(): void {
    if (this.store.getState().diverged) {
      this.store.notify('error', this.store.getState().diverged!, { label: 'Reset', run: () => this.reset() });
      return;
    }
    this.pauseInFlight = false;
    this.store.setState((s) => ({ status: { ...s.status, playing: true } }));
    this.client.send({ type: 'play' });
  }

  pause(): void {
    this.pauseInFlight = true;
    this.store.setState((s) => ({ status: { ...s.status, playing: false } }));
    if (this.interruptLongStep()) return;
    this.client.send({ type: 'pause' });
    // a long step said to end within INTERRUPT_AFTER_MS may overrun: unless the loop has
    // answered by then (a status clears longStep), it is interrupted, so Pause acts within a second
    const long = this.longStep;
    if (long) {
      this.pauseCheck?.();
      this.pauseCheck = this.clock.after(INTERRUPT_AFTER_MS, () => {
        this.pauseCheck = null;
        if (this.longStep === long && this.pauseInFlight) this.interruptLongStep(false, true);
      });
    }
  }

  togglePlay(): void {
    if (this.store.getState().status.playing) this.pause();
    else this.play();
  }

  step(kind: StepKind, count = 1): void {
    if (this.store.getState().status.playing) this.pause();
    this.client.send({ type: 'step', kind, count });
  }

  reset(): void {
    this.store.setState({ diverged: null });
    // the run kept for a reload is the one reset away
    if (this.keeper) {
      this.keeper.pending = null;
      forgetRun(this.keeper.storage);
    }
    // a fresh run need not wait for a long step of the old one (a step near its end is
    // interrupted too: a Reset, unlike a Pause, has nothing to keep)
    if (this.interruptLongStep(true, true)) return;
    this.client.send({ type: 'reset' });
  }

  // ---- settings --------------------------------------------------------------------

  /**
   * Validates and applies one setting. Returns an error message for a bad value (which is
   * not applied), or null.
   */
  setSetting(key: SettingKey, raw: unknown): string | null {
    const r = coerceSetting(key, raw, 'strict');
    if (!r.ok) return r.error;
    const next = { ...this.store.getState().settings, [key]: r.value } as Settings;
    if (key === 'target' && next.target !== 'line' && next.generator === 'theta') next.generator = 'mlp';
    // digits need bigger networks than the plane's: choosing them loads the digits configuration
    if (key === 'target' && next.target === 'digits' && this.store.getState().settings.target !== 'digits') Object.assign(next, DIGITS_NETWORKS);
    // and leaving them for a 2D target gives the generator its linear output back (a sigmoid keeps points in (0, 1)²)
    if (key === 'target' && next.target !== 'digits' && this.store.getState().settings.target === 'digits') next.gOutput = 'linear';
    const problems = crossCheck(next);
    if (problems.length) return problems[0].message;
    this.applySettings(next);
    return null;
  }

  /** Chooses a loss and loads its settings measured on the 2D targets (lossInfo.ts). */
  chooseLoss(loss: LossId): void {
    const s = this.store.getState().settings;
    this.applySettings({ ...s, ...LOSSES[loss].settings2d.settings, loss });
  }

  /** Loads the current loss's paper settings (tuned for images). */
  loadPaperDefaults(): void {
    const s = this.store.getState().settings;
    this.applySettings({ ...s, ...LOSSES[s.loss].defaults });
  }

  /** Loads the settings of the loss authors' 2D toy code (where the loss has them). */
  loadToyDefaults(): void {
    const s = this.store.getState().settings;
    const toy = LOSSES[s.loss].toyDefaults;
    if (toy) this.applySettings({ ...s, ...toy.settings });
  }

  applySettings(next: Settings, customPoints?: Points): void {
    const prev = this.store.getState().settings;
    const resets = (Object.keys(SETTINGS) as SettingKey[]).filter((k) => prev[k] !== next[k] && !SETTINGS[k].live);
    this.store.setState({ settings: next, ...(customPoints ? { customPoints } : {}) });
    if (resets.length) this.store.setState({ diverged: null });
    if (this.started) this.client.send({ type: 'configure', settings: next, customPoints: customPoints ?? this.store.getState().customPoints });
  }

  /** Loads a preset and always starts a new run from its settings and seed, even when nothing changed. */
  loadPreset(preset: Preset): void {
    const prev = this.store.getState().settings;
    const next = { ...preset.settings };
    this.store.setState({ preset: { id: preset.id, title: preset.title, explanation: preset.explanation, settings: { ...preset.settings } } });
    this.applySettings(next);
    // applySettings starts a new run only when a setting that needs one changed; a preset is
    // a run to watch from its start, so ask for one otherwise (a second would be wasted work).
    const resets = (Object.keys(SETTINGS) as SettingKey[]).some((k) => prev[k] !== next[k] && !SETTINGS[k].live);
    if (this.started && !resets) this.reset();
  }

  setCustomPoints(points: Points): void {
    const s = this.store.getState().settings;
    this.applySettings({ ...s, target: 'custom', generator: 'mlp' }, points);
  }

  // ---- saving and loading ----------------------------------------------------------

  /** Why a request to the worker cannot be answered now (a dead worker), else null. */
  private unanswerable(): string | null {
    const dead = this.store.getState().dead;
    return dead === null ? null : `the training worker has stopped (${dead}); press Restart, then try again`;
  }

  /** Answers every request in flight with `reason`: a worker that died or was replaced never will. */
  private failRequests(reason: string): void {
    const why = `no answer: ${reason}; press Restart if needed, then try again`;
    for (const r of this.exportRequests.values()) r.reject(new Error(why));
    for (const r of this.weightRequests.values()) r.reject(new Error(why));
    for (const resolve of this.loadRequests.values()) resolve(why);
    this.exportRequests.clear();
    this.weightRequests.clear();
    this.loadRequests.clear();
  }

  exportState(): Promise<TrainerState> {
    const requestId = this.nextRequest++;
    const refused = this.unanswerable();
    if (refused) return Promise.reject(new Error(refused));
    return new Promise((resolve, reject) => {
      this.exportRequests.set(requestId, { resolve, reject });
      this.client.send({ type: 'exportState', requestId });
    });
  }

  /** The run's networks as a tf.io weights file (with what it takes to resume, and the metric history). */
  exportWeights(): Promise<WeightsFile> {
    const requestId = this.nextRequest++;
    const refused = this.unanswerable();
    if (refused) return Promise.reject(new Error(refused));
    return new Promise<WeightsFile>((resolve, reject) => {
      this.weightRequests.set(requestId, { resolve, reject });
      this.client.send({ type: 'exportWeights', requestId });
      // every chart's series is in the rows (gradient norms included); the newest row too, drawn but not yet kept
    }).then((file) => ({ ...file, history: withLiveRow(this.store.getState().history, this.store.getState().liveRow) }));
  }

  /** Restores a run from a weights file; resolves with an error message if the file is refused. */
  loadWeights(file: unknown): Promise<string | null> {
    const requestId = this.nextRequest++;
    // the file's shape and fields are checked here, before any of it is cloned to the worker
    // (a deeply nested file overflows postMessage); only the checked fields travel
    let checked: Record<string, unknown>;
    try {
      checked = rebuildWeightsFile(checkWeightsFile(file));
    } catch (e) {
      return Promise.resolve(e instanceof Error ? e.message : String(e));
    }
    const refused = this.unanswerable();
    if (refused) return Promise.resolve(refused);
    return new Promise((resolve) => {
      this.loadRequests.set(requestId, resolve);
      this.client.send({ type: 'loadWeights', requestId, file: checked });
    });
  }

  loadState(state: TrainerState): void {
    this.store.setState({ settings: { ...state.settings }, customPoints: state.customPoints ?? this.store.getState().customPoints, diverged: null });
    this.client.send({ type: 'loadState', state });
  }

  // ---- events from the loop --------------------------------------------------------

  private onEvent(e: Event): void {
    const store = this.store;
    switch (e.type) {
      case 'ready':
        if (e.loaded) store.setState({ settings: { ...e.settings, backend: store.getState().settings.backend } });
        store.setState((s) => ({ status: { ...s.status, phase: 'ready', backend: e.backend, gradients: e.gradients, mode: this.client.mode } }));
        if (e.backend.fallback) store.notify('warning', `Backend: ${e.backend.fallback}.`);
        this.measureIfProvisional(e.backend);
        return;
      case 'backend':
        store.setState((s) => ({ status: { ...s.status, backend: e.backend } }));
        if (e.backend.fallback) store.notify('warning', `Backend: ${e.backend.fallback}.`);
        if (e.backend.switchedFrom) {
          store.notify('info', `Backend auto measured the backends: the run moved from ${e.backend.switchedFrom} to ${e.backend.active}, the faster here, at iteration ${store.getState().status.iteration} (nothing lost).`);
        }
        this.measureIfProvisional(e.backend);
        return;
      case 'reset':
        if (this.keepCharts && !e.loaded) {
          // the same run in a new worker: its charts go on
          const kept = this.keepCharts;
          this.keepCharts = null;
          store.setState((s) => ({ history: kept.history, liveRow: null, diverged: null, status: { ...s.status, iteration: kept.iteration, criticSteps: kept.criticSteps } }));
          return;
        }
        this.keepCharts = null;
        store.setState((s) => ({ history: [], liveRow: null, transport: null, diverged: null, checkpoint: null, status: { ...s.status, iteration: 0, criticSteps: 0 } }));
        if (e.loaded) {
          // a saved run: its own points and its charts come back with it
          const { iteration, customPoints, history } = e.loaded;
          store.setState((s) => ({ history, ...(customPoints ? { customPoints } : {}), status: { ...s.status, iteration } }));
          store.notify('info', `Loaded run (iteration ${iteration}).`);
        } else if (e.reason && e.reason !== 'reset') store.notify('info', `New run: ${e.reason}.`);
        return;
      case 'status':
        this.longStep = null;
        store.setState((s) => ({ status: { ...s.status, playing: this.loopPlaying(e.playing), iteration: e.iteration, criticSteps: e.criticSteps, itPerSec: e.itPerSec } }));
        return;
      case 'snapshot': {
        this.longStep = null;
        // while playing, the history keeps about 5 rows a second; the newest is drawn anyway.
        // The snapshot's gradient norm goes into its step's row, so that a saved run carries it.
        const { stored, live } = thinRows(withGradNorm(e.rows, e.snapshot), this.rowThinning, performance.now(), !e.playing);
        store.setState((s) => ({
          snapshot: e.snapshot,
          snapshotVersion: s.snapshotVersion + 1,
          history: stored.length ? appendRows(s.history, stored, mergeRows) : s.history,
          liveRow: live ?? (stored.length ? null : s.liveRow),
          status: { ...s.status, playing: this.loopPlaying(e.playing), iteration: e.snapshot.generatorSteps, criticSteps: e.snapshot.criticSteps, itPerSec: e.itPerSec },
        }));
        this.scheduleAck();
        return;
      }
      case 'transport':
        store.setState({ transport: { iteration: e.iteration, w1: e.w1, from: e.from, to: e.to } });
        return;
      case 'diverged':
        store.setState((s) => ({ diverged: e.message, status: { ...s.status, playing: false } }));
        store.notify('error', e.message, { label: 'Reset', run: () => this.reset() });
        return;
      case 'checkpoint':
        store.setState({ checkpoint: e.state });
        this.checkpointResume = e.resume ? { criticStepsInIteration: e.resume.criticStepsInIteration } : undefined;
        this.longStep = e.resume ? { since: this.clock.now(), expectedMs: e.resume.expectedMs, criticStepsInIteration: e.resume.criticStepsInIteration } : null;
        this.keepCheckpoint(e.state, (e.resume?.criticStepsInIteration ?? 0) > 0);
        return;
      case 'state': {
        const request = this.exportRequests.get(e.requestId);
        this.exportRequests.delete(e.requestId);
        request?.resolve(e.state);
        return;
      }
      case 'weights': {
        const request = this.weightRequests.get(e.requestId);
        this.weightRequests.delete(e.requestId);
        request?.resolve(e.file);
        return;
      }
      case 'requestFailed': {
        const request = this.exportRequests.get(e.requestId) ?? this.weightRequests.get(e.requestId);
        this.exportRequests.delete(e.requestId);
        this.weightRequests.delete(e.requestId);
        request?.reject(new Error(e.error));
        return;
      }
      case 'loaded': {
        const resolve = this.loadRequests.get(e.requestId);
        this.loadRequests.delete(e.requestId);
        resolve?.(e.error);
        return;
      }
      case 'assetProgress':
        store.setState({ assetLoad: { loaded: e.loaded, total: e.total, done: e.done, error: e.error } });
        return;
      case 'error':
        store.notify('error', e.message);
        if (e.fatal) {
          store.setState((s) => ({ dead: e.message, status: { ...s.status, phase: 'dead', playing: false } }));
          this.failRequests(e.message);
        }
        return;
    }
  }

  /** The loop's playing flag, unless a pause is on its way to it (then an event in flight would undo the pause). */
  private loopPlaying(playing: boolean): boolean {
    if (!playing) this.pauseInFlight = false;
    return playing && !this.pauseInFlight;
  }

  /** Acknowledge a snapshot once the frame that draws it has run: back-pressure on drawing. */
  private scheduleAck(): void {
    if (this.ackScheduled) return;
    this.ackScheduled = true;
    const ack = () => {
      this.ackScheduled = false;
      this.client.send({ type: 'ack' });
    };
    if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible') {
      requestAnimationFrame(() => setTimeout(ack, 0));
    } else {
      setTimeout(ack, 50);
    }
  }
}
