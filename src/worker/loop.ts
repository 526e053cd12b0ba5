// The training loop behind the page: owns the trainer, trains in chunks between messages,
// and publishes snapshots a few times a second with back-pressure. No DOM: it runs in the
// Web Worker, on the main thread as a fallback, and in Node tests.
import { fastest, measureBackends, measurementKey, type BackendMeasurement } from '../engine/autoBackend';
import { useBackend, type BackendName } from '../engine/backends';
import { estimateIterationMs } from '../engine/cost';
import { effectiveBackend, fusedRefusal, makeTrainer, trainerFromState, type AnyTrainer } from '../engine/createTrainer';
import { recordRow, rowDiverged, type HistoryRow } from '../engine/history';
import { likelyCauses } from '../engine/runaway';
import { SETTINGS, changedKeys, type SettingKey, type Settings } from '../engine/settings';
import { DIVERGED_HINT, type Evaluation, type Points, type SnapshotOptions, type TrainerState } from '../engine/trainerBase';
import { webglContextLost } from '../engine/webglContext';
import { encodeRun, readWeightsFile } from '../engine/weightsFile';
import { kernelVariant } from '../kernels/module';
import { STEP_HEARTBEAT_MS, transferables, type BackendInfo, type Command, type Event, type StepKind } from './protocol';

export interface LoopHost {
  post(e: Event, transfer: Transferable[]): void;
  /** Backends worth trying here, fastest-first guess; 'auto' measures them. */
  candidates: BackendName[];
  /** Training time per chunk before yielding to messages (and, on the main thread, to frames). */
  chunkMs: number;
  /** Lets pending messages (and frames) in. */
  yieldNow(): Promise<void>;
  now(): number;
}

export interface LoopTiming {
  /** Milliseconds between snapshots while playing. */
  snapshotMs: number;
  /** Milliseconds between exact evaluations (W1, modes) while playing. */
  evaluationMs: number;
  /** Milliseconds between history rows while playing. */
  rowMs: number;
  /** Milliseconds between checkpoints posted to the page. */
  checkpointMs: number;
  /** Evaluations are at least this many times their own cost apart while playing (default 2). */
  evaluationSpacing?: number;
  /** Iterations slower than this go critic step by critic step (default SLOW_ITERATION_MS; tests lower it). */
  slowIterationMs?: number;
  /** Steps expected to be slower than this are announced with a copy of the run (default LONG_STEP_MS). */
  longStepMs?: number;
}

// Snapshots every 90 ms, start to start (about 10 a second once each waits for the iteration
// in progress and for the page's ack, which comes with its next frame), feed the charts; each
// carries a new row for the curves (the page keeps about half of them: rowThinning.ts).
export const DEFAULT_TIMING: LoopTiming = { snapshotMs: 90, evaluationMs: 2000, rowMs: 90, checkpointMs: 5000 };

/**
 * Evaluations are at least this many times their own cost apart while playing. The readouts
 * must be fresh (an evaluation every 2 s of wall time, even on a busy CPU where one costs
 * 200-600 ms: issue 13), so this only stops a very slow evaluation from taking over a third
 * of the time; what keeps their share small is their cost (the digits' cost matrix and
 * classifier run on the kernels: 300-360 ms -> 100-200 ms in Node, about 20% -> 8% of the
 * page worker's time).
 */
const EVALUATION_SPACING = 2;
/** After Play, the first new evaluation comes this soon (ms): the readouts move at once. */
const FIRST_EVALUATION_MS = 500;
/** Snapshots are at least this many times their own cost apart. */
const SNAPSHOT_SPACING = 10;
/**
 * An image target's snapshots are at least this far apart (ms), start to start: five a
 * second. Each one generates and scores 256 digits (about a fifth of a million parameters
 * per row, about 8 ms of the worker's time in Node) and the page redraws the generated
 * grid, the score histogram and the curves; ten a second was more than a reader can follow
 * and took CPU from the training on a small machine (see README, the digits' speed).
 */
export const IMAGE_SNAPSHOT_MS = 200;
/**
 * Iterations slower than this (ms) train one critic step at a time, yielding between steps:
 * Pause takes effect between them and the page hears from the loop (each step posts a status)
 * while one iteration takes seconds. The first iteration of a run is taken this way too, as
 * its cost is not known yet.
 */
export const SLOW_ITERATION_MS = 300;

/**
 * A step expected to take longer than this (ms) is announced before it starts, with a copy
 * of the run as it stands (a 'checkpoint' with `resume`): a step cannot be interrupted from
 * inside the worker, so the page answers Pause by ending the worker and resuming from that
 * copy in a new one, and its watchdog waits for the step instead of taking it for dead.
 */
export const LONG_STEP_MS = 1000;

export const SNAPSHOT_OPTIONS: SnapshotOptions = { samples: 1000, grid: 60, arrows: 150, targetSamples: 1000 };

function cloneState(s: TrainerState): TrainerState {
  const c = (a: Float32Array | null) => (a ? a.slice() : null);
  return {
    ...s,
    critic: s.critic.slice(),
    generator: s.generator.slice(),
    optimizers: {
      critic: { ...s.optimizers.critic, m: c(s.optimizers.critic.m), v: c(s.optimizers.critic.v) },
      generator: { ...s.optimizers.generator, m: c(s.optimizers.generator.m), v: c(s.optimizers.generator.v) },
    },
  };
}

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class TrainingLoop {
  private trainer: AnyTrainer | null = null;
  private settings: Settings | null = null;
  private customPoints: Points | undefined;
  private backend: BackendInfo | null = null;
  private playing = false;
  private loopRunning = false;
  private diverged: string | null = null;
  private awaitingAck = false;
  private lastSnapshot = -Infinity;
  /** What the last snapshot cost (ms): it spaces the next one. */
  private snapshotCost = 0;
  private lastEvaluation = -Infinity;
  /** What the last exact evaluation cost (ms): it spaces the next one. */
  private evaluationCost = 0;
  private lastRow = -Infinity;
  private lastCheckpoint = -Infinity;
  private rows: HistoryRow[] = [];
  /** Critic steps taken of the iteration in progress (slow iterations go step by step). */
  private criticStepsInIteration = 0;
  /** What the last critic step and the last generator step took in step-by-step mode (ms; 0: not measured yet). */
  private stepMs = { critic: 0, generator: 0 };
  private chunk = 1;
  /** Time per iteration in the last chunk (ms), to end chunks when a snapshot is due. */
  private msPerIteration = 0;
  private rate = { t: 0, iteration: 0, perSec: 0 };
  private lock: Promise<unknown> = Promise.resolve();
  /** The last checkpoint: what a WebGL failure falls back to (a lost context cannot be read). */
  private lastState: TrainerState | null = null;
  /** Backend 'auto': measurements for networks of this key (from the page's cache or its background measuring). */
  private autoMeasured: { key: string; measurements: BackendMeasurement[]; source: 'measured' | 'cache' } | null = null;

  constructor(
    private readonly host: LoopHost,
    private readonly timing: LoopTiming = DEFAULT_TIMING,
  ) {}

  /** Runs `fn` after every earlier operation: chunks and commands never interleave. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private post(e: Event): void {
    this.host.post(e, transferables(e));
  }

  handle(cmd: Command): Promise<void> {
    if (cmd.type === 'ack') {
      this.awaitingAck = false;
      return Promise.resolve();
    }
    if (cmd.type === 'pause') this.playing = false; // at once, not after the queue
    return this.exclusive(() => this.run(cmd)).catch((e) => this.answerFailure(cmd, e));
  }

  /** Every command gets an answer: a request's own reply (so no dialog waits forever), else an error notice. */
  private answerFailure(cmd: Command, e: unknown): void {
    // a command that met a lost WebGL context: move the run to another backend, as a chunk would
    if (this.active === 'webgl' && webglContextLost()) void this.exclusive(() => this.recover(e));
    if (cmd.type === 'loadWeights') this.post({ type: 'loaded', requestId: cmd.requestId, error: describe(e) });
    else if (cmd.type === 'exportState' || cmd.type === 'exportWeights') this.post({ type: 'requestFailed', requestId: cmd.requestId, error: describe(e) });
    else this.post({ type: 'error', message: describe(e), fatal: false });
  }

  private async run(cmd: Command): Promise<void> {
    switch (cmd.type) {
      case 'init':
        this.customPoints = cmd.customPoints;
        if (cmd.measured?.length) this.autoMeasured = { key: measurementKey(cmd.settings), measurements: cmd.measured, source: 'cache' };
        await this.start(cmd.settings, cmd.state ?? null, null, cmd.resume);
        return;
      case 'measure': {
        const measurements = await measureBackends(cmd.settings, this.host.candidates, { customPoints: cmd.customPoints });
        if (this.trainer) await useBackend(this.active); // measuring switched tfjs's global backend
        this.post({ type: 'measured', measurements });
        return;
      }
      case 'adoptMeasurements':
        await this.adoptMeasurements(cmd.key, cmd.measurements);
        return;
      case 'configure':
        await this.configure(cmd.settings, cmd.customPoints);
        return;
      case 'play':
        if (!this.trainer) return;
        if (this.diverged) {
          this.post({ type: 'diverged', message: this.diverged });
          return;
        }
        this.playing = true;
        this.rate = { t: this.host.now(), iteration: this.trainer.iteration, perSec: this.rate.perSec };
        this.lastEvaluation = Math.min(this.lastEvaluation, this.host.now() - this.timing.evaluationMs + FIRST_EVALUATION_MS);
        this.postStatus();
        if (!this.loopRunning) void this.playLoop();
        return;
      case 'pause':
        this.postStatus();
        if (this.trainer) await this.publish(true, true);
        return;
      case 'step':
        await this.step(cmd.kind, cmd.count ?? 1);
        return;
      case 'reset':
        if (this.settings) await this.newRun(this.settings, 'reset');
        return;
      case 'exportState':
        if (!this.trainer) throw new Error('no run to save yet');
        this.post({ type: 'state', requestId: cmd.requestId, state: await this.trainer.exportState() });
        return;
      case 'loadState':
        await this.adoptRun(cmd.state, []);
        return;
      case 'exportWeights':
        if (!this.trainer) throw new Error('no run to save yet');
        this.post({ type: 'weights', requestId: cmd.requestId, file: await encodeRun(this.trainer) });
        return;
      case 'loadWeights': {
        // a bad file throws here, before anything changes; handle() answers with the reason
        const { state, history } = readWeightsFile(cmd.file);
        await this.adoptRun(state, history);
        this.post({ type: 'loaded', requestId: cmd.requestId, error: null });
        return;
      }
    }
  }

  /** The backend that trains now (fused, webgl, wasm or cpu). */
  private get active(): BackendName {
    return (this.backend?.active ?? 'cpu') as BackendName;
  }

  private make(settings: Settings, state?: TrainerState): AnyTrainer {
    return state ? trainerFromState({ ...state, settings }, this.active) : makeTrainer(settings, this.active, { customPoints: this.customPoints });
  }

  private async chooseBackend(settings: Settings): Promise<BackendInfo> {
    const requested = settings.backend;
    let measurements: BackendMeasurement[] = [];
    if (requested !== 'auto') {
      const eff = effectiveBackend(requested, settings);
      if (eff !== requested) {
        await useBackend(eff);
        return { active: eff, requested, measurements, fallback: `${fusedRefusal(settings) ?? 'the fused kernels do not cover these settings'}; using tfjs ${eff}` };
      }
    }
    if (requested === 'auto') {
      const known = this.autoMeasured?.key === measurementKey(settings) ? this.autoMeasured : null;
      if (!known) return this.provisionalBackend(settings);
      measurements = known.measurements;
      // measured on these networks; a backend that does not cover them (fused under layer norm) is out
      const best = fastest(measurements.filter((m) => effectiveBackend(m.backend, settings) === m.backend && this.host.candidates.includes(m.backend)));
      if (!best) {
        // nothing measured fine: the CPU backend always exists
        await useBackend('cpu');
        return { active: 'cpu', requested, measurements, fallback: `no faster backend worked (${measurements.map((m) => `${m.backend}: ${m.error}`).join('; ')})` };
      }
      await useBackend(best.backend);
      return { active: best.backend, requested, measurements, fallback: null, provisional: false, source: known.source };
    }
    try {
      await useBackend(requested);
      return { active: requested, requested, measurements, fallback: null };
    } catch (e) {
      for (const alt of this.host.candidates.filter((b) => b !== requested).concat('cpu')) {
        try {
          await useBackend(alt);
          return { active: alt, requested, measurements, fallback: `${requested} is unavailable (${describe(e)}); using ${alt}` };
        } catch {
          /* try the next */
        }
      }
      throw e;
    }
  }

  /**
   * Replaces the run with a saved one, transactionally: the new trainer is built (on the
   * backend in use, or the one its networks need) while the old one still exists, and only
   * then swapped in. If building fails the old run is untouched and this throws.
   */
  private async adoptRun(saved: TrainerState, history: HistoryRow[]): Promise<void> {
    const settings: Settings = { ...saved.settings, backend: this.settings?.backend ?? saved.settings.backend };
    let backend = this.backend;
    const needed = backend ? effectiveBackend(this.active, settings) : null;
    if (!backend || needed !== this.active) {
      // the saved networks need another backend (e.g. layer norm, which the fused kernels lack)
      backend = await this.chooseBackend(needed ? { ...settings, backend: needed } : settings);
      backend.variant = backend.active === 'fused' ? kernelVariant() : null;
    }
    let fresh: AnyTrainer;
    try {
      fresh = trainerFromState({ ...saved, settings }, backend.active as BackendName);
    } catch (e) {
      if (backend !== this.backend && this.backend) await useBackend(this.active); // the old run's backend again
      throw e;
    }
    const wasPlaying = this.playing;
    this.playing = false;
    this.disposeTrainer();
    this.trainer = fresh;
    this.settings = settings;
    this.customPoints = saved.customPoints;
    this.backend = backend;
    this.resetRunState();
    this.post({ type: 'ready', backend: this.backend, settings, gradients: fresh.engineName, loaded: true });
    this.post({
      type: 'reset',
      settings,
      reason: `loaded run (iteration ${fresh.iteration})`,
      loaded: { iteration: fresh.iteration, customPoints: saved.customPoints ?? null, history },
    });
    await this.publish(true, true);
    if (wasPlaying) {
      this.playing = true;
      this.postStatus();
      if (!this.loopRunning) void this.playLoop();
    }
  }

  /**
   * Backend 'auto' before any measurement: the first candidate that covers these networks
   * (the fused kernels, the fastest on a CPU), so that training can start at once.
   */
  private async provisionalBackend(settings: Settings): Promise<BackendInfo> {
    for (const b of this.host.candidates.concat('cpu')) {
      const backend = effectiveBackend(b, settings);
      try {
        await useBackend(backend);
        return { active: backend, requested: 'auto', measurements: [], fallback: null, provisional: true, source: null };
      } catch {
        /* try the next */
      }
    }
    throw new Error('no backend could be started');
  }

  /** Measurements from the page's background worker: under 'auto', the run moves to the fastest. */
  private async adoptMeasurements(key: string, measurements: BackendMeasurement[]): Promise<void> {
    // measured on other networks than the ones training now: the page measures again
    if (!this.settings || !this.trainer || key !== measurementKey(this.settings)) return;
    this.autoMeasured = { key, measurements, source: 'measured' };
    if (this.settings.backend !== 'auto') return;
    const from = this.active;
    const best = fastest(measurements.filter((m) => effectiveBackend(m.backend, this.settings!) === m.backend && this.host.candidates.includes(m.backend)));
    if (!best || best.backend === from) {
      this.backend = { ...this.backend!, measurements, provisional: false, source: 'measured', switchedFrom: null };
      this.post({ type: 'backend', backend: this.backend });
      return;
    }
    // the same run (weights, moments, random streams) carries on on the faster backend
    const state = await this.trainer.exportState();
    this.disposeTrainer();
    this.backend = { ...(await this.chooseBackend(this.settings)), switchedFrom: from };
    this.trainer = this.make(this.settings, state);
    this.chunk = 1;
    this.post({ type: 'backend', backend: this.backend });
  }

  /** (Re)builds everything: backend, trainer (fresh or from a state), history. */
  private async start(settings: Settings, state: TrainerState | null, reason: string | null, resume?: { criticStepsInIteration: number }): Promise<void> {
    this.playing = false;
    this.disposeTrainer();
    this.settings = { ...settings };
    this.backend = await this.chooseBackend(this.settings);
    this.backend.variant = this.active === 'fused' ? kernelVariant() : null;
    this.trainer = this.make(this.settings, state ?? undefined);
    this.resetRunState();
    // a run resumed from a long step's copy continues that iteration where it was
    if (state && resume) this.criticStepsInIteration = Math.max(0, Math.min(this.trainer.criticStepsPerIteration, Math.floor(resume.criticStepsInIteration)));
    this.post({ type: 'ready', backend: this.backend, settings: this.settings, gradients: this.trainer.engineName, loaded: reason !== null });
    this.post({ type: 'reset', settings: this.settings, reason });
    await this.publish(true, true);
  }

  private async newRun(settings: Settings, reason: string | null): Promise<void> {
    const wasPlaying = this.playing;
    this.playing = false;
    this.disposeTrainer();
    this.settings = { ...settings };
    // a new network may not suit the active backend (e.g. layer norm under the fused kernels),
    // and under 'auto' other networks may have another fastest backend
    const autoStale = this.settings.backend === 'auto' && !this.backend?.provisional && measurementKey(this.settings) !== this.autoMeasured?.key;
    if (effectiveBackend(this.active, this.settings) !== this.active || autoStale) {
      this.backend = await this.chooseBackend(this.settings);
      this.post({ type: 'backend', backend: this.backend });
    }
    this.trainer = this.make(this.settings);
    this.resetRunState();
    this.post({ type: 'reset', settings: this.settings, reason });
    await this.publish(true, true);
    if (wasPlaying) {
      this.playing = true;
      this.postStatus();
      if (!this.loopRunning) void this.playLoop();
    }
  }

  private resetRunState(): void {
    this.diverged = null;
    this.criticStepsInIteration = 0;
    this.stepMs = { critic: 0, generator: 0 };
    this.lastState = null;
    this.rows = [];
    this.awaitingAck = false;
    this.chunk = 1;
    this.msPerIteration = 0;
    this.lastEvaluation = this.lastRow = this.lastSnapshot = -Infinity;
    this.lastCheckpoint = this.host.now();
    this.rate = { t: this.host.now(), iteration: 0, perSec: 0 };
  }

  private async configure(settings: Settings, customPoints: Points | undefined): Promise<void> {
    if (!this.trainer || !this.settings) {
      this.customPoints = customPoints;
      await this.start(settings, null, null);
      return;
    }
    const changed = changedKeys(this.settings, settings);
    const pointsChanged = settings.target === 'custom' && customPoints !== undefined && JSON.stringify(customPoints) !== JSON.stringify(this.customPoints);
    if (customPoints !== undefined) this.customPoints = customPoints;
    const resetKeys = changed.filter((k) => !SETTINGS[k].live);
    if (resetKeys.length || pointsChanged) {
      await this.newRun(settings, `changed ${resetKeys.length ? resetKeys.join(', ') : 'the target points'}`);
      return;
    }
    if (changed.includes('backend')) await this.switchBackend(settings.backend);
    const live: Partial<Record<SettingKey, unknown>> = {};
    for (const k of changed) if (k !== 'backend') live[k] = settings[k];
    this.trainer.update(live as Partial<Settings>);
    this.settings = { ...settings };
    if (this.diverged && changed.length) this.diverged = null; // new hyperparameters: let the user try again
    if (!this.playing) await this.publish(true, false);
  }

  /** Moves the run to another backend, keeping weights, moments and random streams. */
  private async switchBackend(requested: Settings['backend'], fallbackState?: TrainerState, reason?: string): Promise<void> {
    const state = fallbackState ?? (await this.trainer!.exportState());
    this.disposeTrainer();
    const settings = { ...state.settings, backend: requested };
    this.backend = await this.chooseBackend(settings);
    if (reason) this.backend.fallback = reason;
    this.trainer = this.make(settings, state);
    this.settings = { ...(this.settings ?? settings), backend: requested };
    this.chunk = 1;
    this.post({ type: 'backend', backend: this.backend });
  }

  private async step(kind: StepKind, count: number): Promise<void> {
    const t = this.trainer;
    if (!t) return;
    if (this.diverged) {
      this.post({ type: 'diverged', message: this.diverged });
      return;
    }
    this.criticStepsInIteration = 0; // single steps start a fresh iteration
    for (let i = 0; i < count; i++) {
      if (kind === 'critic') t.criticStep();
      else if (kind === 'generator') t.generatorStep();
      else if (kind === 'reconstruction') t.reconstructionStep();
      // a slow iteration still posts its progress between critic steps
      else if (this.msPerIteration === 0 || this.msPerIteration > this.slowIterationMs) await this.stepwiseIteration(t, false);
      else t.iterate(1);
    }
    await this.publish(true, true);
  }

  private postStatus(): void {
    const t = this.trainer;
    if (!t) return;
    this.post({ type: 'status', playing: this.playing, iteration: t.iteration, criticSteps: t.criticSteps, itPerSec: this.rate.perSec });
  }

  private async playLoop(): Promise<void> {
    this.loopRunning = true;
    try {
      while (this.playing) {
        await this.exclusive(() => this.chunkOnce());
        await this.host.yieldNow();
      }
    } finally {
      this.loopRunning = false;
    }
  }

  /**
   * One iteration, critic step by critic step, yielding between them and posting a status
   * after each (a heartbeat with progress). With `stopWhenPaused`, returns false as soon as
   * the run is paused; the steps taken count and the iteration resumes from there.
   */
  private stepwiseIteration(t: AnyTrainer, stopWhenPaused: boolean): Promise<boolean> {
    return this.beating(t, () => this.stepwiseSteps(t, stopWhenPaused));
  }

  /**
   * Runs `fn` with the trainer's progress inside its work (the fused trainer's, between layers)
   * posted as heartbeats, at most one per STEP_HEARTBEAT_MS: a step, snapshot or evaluation
   * of seconds (wide networks, a busy machine) is heard from while it runs, and the page's
   * watchdog sees a worker working, however long that takes.
   */
  private async beating<T>(t: AnyTrainer, fn: () => Promise<T>): Promise<T> {
    if (t.onProgress) return fn(); // already heard from
    let lastBeat = this.host.now();
    t.onProgress = () => {
      const now = this.host.now();
      if (now - lastBeat < STEP_HEARTBEAT_MS) return;
      lastBeat = now;
      this.post({ type: 'heartbeat', working: true });
    };
    try {
      return await fn();
    } finally {
      t.onProgress = null;
    }
  }

  private async stepwiseSteps(t: AnyTrainer, stopWhenPaused: boolean): Promise<boolean> {
    while (this.criticStepsInIteration < t.criticStepsPerIteration) {
      await this.announceLongStep(t, 'critic');
      const began = this.host.now();
      t.criticStep();
      await this.unlessContextLost(t.losses());
      this.stepMs.critic = this.host.now() - began;
      this.criticStepsInIteration++;
      this.postStatus();
      await this.host.yieldNow();
      if (stopWhenPaused && !this.playing) return false;
      if (this.trainer !== t) return false; // replaced meanwhile
    }
    await this.announceLongStep(t, 'generator');
    const began = this.host.now();
    t.finishIteration();
    await this.unlessContextLost(t.losses());
    this.stepMs.generator = this.host.now() - began;
    this.criticStepsInIteration = 0;
    return true;
  }

  /**
   * Before a step expected to take over LONG_STEP_MS while playing: a copy of the run as it
   * stands and where the iteration is, so the page can stop the worker at once (Pause) and
   * resume exactly from here, the same random draws included. Unmeasured steps are estimated
   * from the settings (cost.ts).
   */
  private async announceLongStep(t: AnyTrainer, kind: 'critic' | 'generator'): Promise<void> {
    if (!this.playing || !this.settings) return;
    const estimate = estimateIterationMs(this.settings) / (t.criticStepsPerIteration + 1);
    const expectedMs = this.stepMs[kind] || estimate;
    if (expectedMs <= (this.timing.longStepMs ?? LONG_STEP_MS)) return;
    this.lastState = await t.exportState();
    this.lastCheckpoint = this.host.now();
    this.post({ type: 'checkpoint', state: cloneState(this.lastState), resume: { criticStepsInIteration: this.criticStepsInIteration, expectedMs } });
  }

  private async chunkOnce(): Promise<void> {
    const t = this.trainer;
    if (!this.playing || !t) return;
    const start = this.host.now();
    // End the chunk at the iteration nearest to when the next snapshot is due, not up to a
    // chunk later: snapshots then come at their spacing, give or take half an iteration.
    let n = this.chunk;
    if (this.msPerIteration > 0 && !this.awaitingAck) {
      const dueIn = this.lastSnapshot + this.snapshotSpacing() - start;
      if (dueIn < n * this.msPerIteration) n = Math.max(1, Math.round(dueIn / this.msPerIteration));
    }
    const slow = this.msPerIteration === 0 || this.msPerIteration > this.slowIterationMs || this.criticStepsInIteration > 0;
    try {
      if (this.active === 'webgl' && webglContextLost()) throw new Error('the WebGL context was lost');
      if (slow) {
        n = 1;
        // paused between critic steps: the iteration resumes where it stopped
        if (!(await this.stepwiseIteration(t, true))) return;
      } else t.iterate(n);
      await this.unlessContextLost(t.losses()); // a sync point: asynchronous backends must not queue unbounded work
    } catch (e) {
      await this.recover(e);
      return;
    }
    const took = Math.max(0.1, this.host.now() - start);
    this.msPerIteration = took / n;
    // Adapt the chunk so that it lasts about chunkMs (judged on full chunks only).
    if (n === this.chunk) {
      const target = Math.max(1, Math.min(2000, Math.round((this.chunk * this.host.chunkMs) / took)));
      this.chunk = Math.max(1, Math.round(0.5 * this.chunk + 0.5 * target));
    }
    const now = this.host.now();
    const dt = now - this.rate.t;
    if (dt >= 500) {
      const perSec = ((t.iteration - this.rate.iteration) * 1000) / dt;
      this.rate = { t: now, iteration: t.iteration, perSec: this.rate.perSec ? 0.5 * this.rate.perSec + 0.5 * perSec : perSec };
    }
    try {
      await this.publish(false, false);
    } catch (e) {
      await this.recover(e); // e.g. the WebGL context lost during a snapshot's read-back
    }
  }

  /** Waits for `p`, unless the WebGL context is lost meanwhile (a read on a lost context never finishes). */
  private async unlessContextLost<T>(p: Promise<T>): Promise<T> {
    if (this.active !== 'webgl') return p;
    let timer: ReturnType<typeof setInterval> | undefined;
    const lost = new Promise<never>((_, reject) => {
      timer = setInterval(() => webglContextLost() && reject(new Error('the WebGL context was lost')), 100);
    });
    try {
      return await Promise.race([p, lost]);
    } finally {
      clearInterval(timer);
    }
  }

  private get slowIterationMs(): number {
    return this.timing.slowIterationMs ?? SLOW_ITERATION_MS;
  }

  private snapshotSpacing(): number {
    const least = this.settings?.target === 'digits' ? Math.max(this.timing.snapshotMs, IMAGE_SNAPSHOT_MS) : this.timing.snapshotMs;
    return Math.max(least, SNAPSHOT_SPACING * this.snapshotCost);
  }

  /**
   * Records rows, evaluates, snapshots and checkpoints when due (or now, if forced). While
   * playing, an evaluation that falls due runs after the snapshot: it costs several snapshot
   * intervals' worth (the exact W1 solves a 500 x 500 assignment), and the charts should not
   * wait for it. Its row, at the same step as the one just sent, goes with the next snapshot
   * and supersedes that one in the page's history.
   */
  private publish(forceSnapshot: boolean, forceEvaluation: boolean): Promise<void> {
    // its read-backs never finish on a lost WebGL context: fail instead, so the loop can recover
    return this.unlessContextLost(this.publishNow(forceSnapshot, forceEvaluation));
  }

  private async publishNow(forceSnapshot: boolean, forceEvaluation: boolean): Promise<void> {
    const t = this.trainer;
    if (!t) return;
    const now = this.host.now();
    const evaluationDue = forceEvaluation || now - this.lastEvaluation >= Math.max(this.timing.evaluationMs, (this.timing.evaluationSpacing ?? EVALUATION_SPACING) * this.evaluationCost);
    // A snapshot evaluates the critic on the whole grid: cheap at 64 wide (about 5 ms), not at
    // 512 (over 100 ms). Space them so that they take at most about 10% of the training time;
    // half an iteration early counts as on time (chunks end at the nearest iteration).
    const snapshotDue = forceSnapshot || (!this.awaitingAck && now - this.lastSnapshot >= this.snapshotSpacing() - this.msPerIteration / 2);
    if (evaluationDue && forceSnapshot) await this.evaluate();
    // every snapshot carries the step it shows, so the curves move with each one
    else if (snapshotDue || now - this.lastRow >= this.timing.rowMs) await this.recordRow(null);
    if (snapshotDue) {
      const began = this.host.now();
      const snapshot = await this.beating(t, () => this.unlessContextLost(t.snapshot(SNAPSHOT_OPTIONS)));
      this.snapshotCost = this.host.now() - began;
      // non-finite losses (the loop's own message), or a runaway (the snapshot says what ran away)
      if (snapshot.diverged && !this.diverged) this.markDiverged(t.iteration, snapshot.diverged === DIVERGED_HINT ? undefined : snapshot.diverged);
      const rows = this.rows;
      this.rows = [];
      this.awaitingAck = true;
      // spaced start to start, so the rate is the spacing's, whatever a snapshot costs
      this.lastSnapshot = began;
      this.post({ type: 'snapshot', snapshot, rows, itPerSec: this.rate.perSec, playing: this.playing });
    }
    if (evaluationDue && !forceSnapshot) await this.evaluate();
    if (this.playing && now - this.lastCheckpoint >= this.timing.checkpointMs) {
      this.lastCheckpoint = now;
      this.lastState = await t.exportState();
      this.post({ type: 'checkpoint', state: cloneState(this.lastState) });
    }
  }

  /**
   * The exact W1 (an optimal assignment of 500 x 500, 30-250 ms) and mode coverage, every
   * 2 s while playing (see EVALUATION_SPACING); their row is recorded.
   */
  private async evaluate(): Promise<void> {
    const t = this.trainer!;
    const began = this.host.now();
    const evaluated: Evaluation = await this.beating(t, () => t.evaluate());
    // spaced start to start, so that a slow evaluation does not stretch the interval
    this.lastEvaluation = began;
    this.evaluationCost = this.host.now() - began;
    await this.recordRow(evaluated);
    // the optimal plan behind the exact W1, for the plane's transport lines
    if (evaluated.transport) this.post({ type: 'transport', iteration: evaluated.generatorSteps, w1: evaluated.exactW1, ...evaluated.transport });
  }

  /** Adds the trainer's current row (unless it repeats the last one without news). */
  private async recordRow(evaluated: Evaluation | null): Promise<void> {
    const t = this.trainer!;
    const row = await recordRow(t, evaluated);
    const last = this.rows[this.rows.length - 1];
    if (!last || last.iteration !== row.iteration || last.criticSteps !== row.criticSteps || evaluated) this.rows.push(row);
    this.lastRow = this.host.now();
    if (rowDiverged(row)) this.markDiverged(row.iteration);
  }

  private markDiverged(iteration: number, message?: string): void {
    this.playing = false;
    this.diverged =
      message ?? `At iteration ${iteration} the losses became non-finite (NaN or ∞): the run diverged. Likely cause: ${likelyCauses(this.settings ?? this.trainer!.settings)}; or lower λ or the clip value, or reset.`;
    this.post({ type: 'diverged', message: this.diverged });
    this.postStatus();
  }

  /** A step threw: on WebGL (e.g. a lost context) fall back to another backend and carry on. */
  private async recover(error: unknown): Promise<void> {
    if (this.active === 'webgl' && this.trainer) {
      // its tensors lived in the lost context: let them go without touching it
      try {
        this.trainer.dispose();
      } catch {
        /* nothing to free */
      }
      this.trainer = null;
      this.criticStepsInIteration = 0;
      const to = this.host.candidates.includes('wasm') ? 'wasm' : 'cpu';
      // A lost context cannot be read back: resume from the last checkpoint (or the start).
      const state = this.lastState ?? null;
      const reason = `WebGL failed (${describe(error)}); switched to ${to}${state ? ` and resumed from iteration ${state.generatorSteps}` : ' and restarted the run'}`;
      if (state) await this.switchBackend(to, state, reason);
      else {
        this.disposeTrainer();
        this.backend = await this.chooseBackend({ ...this.settings!, backend: to });
        this.backend.fallback = reason;
        this.trainer = this.make(this.settings!);
        this.resetRunState();
        this.post({ type: 'backend', backend: this.backend });
        this.post({ type: 'reset', settings: this.settings!, reason });
      }
      return;
    }
    this.playing = false;
    this.postStatus();
    this.post({ type: 'error', message: `training stopped: ${describe(error)}`, fatal: false });
  }

  private disposeTrainer(): void {
    this.trainer?.dispose();
    this.trainer = null;
  }

  /** For tests and the main-thread fallback's teardown. */
  dispose(): void {
    this.playing = false;
    this.disposeTrainer();
  }

  get isPlaying(): boolean {
    return this.playing;
  }
}
