// The page's end of the training loop: a Web Worker when the browser allows one, the same
// loop on the main thread otherwise. Reports a dead worker instead of hanging.
import type { Command, Event } from '../worker/protocol';

export type ClientMode = 'worker' | 'main-thread';

export interface ClientCallbacks {
  onEvent(e: Event): void;
  /** The worker died (or could not start and no fallback worked). */
  onDead(reason: string): void;
  /** Running on the main thread, and why. */
  onFallback(reason: string): void;
}

const START_TIMEOUT_MS = 30_000;
const SILENCE_TIMEOUT_MS = 20_000;
/**
 * Silence that means a dead worker while paused: it posts a heartbeat every second whenever
 * it is not inside a step, and a status between critic steps.
 */
const IDLE_SILENCE_MS = 5_000;
/**
 * A step that cannot post from inside itself (tfjs) leaves the worker silent for as long as
 * the step really takes, which under load was nearly three times its estimate (issue 27).
 * During a step announced as long, silence is death only past this many times the longer of
 * the estimate and the slowest step measured in this run: a busy worker is not declared dead,
 * and Pause or Reset interrupt a long step at once anyway (controller.ts). A step that does
 * post from inside itself (the fused trainer's heartbeats, `working`) is judged by its
 * progress instead: once one arrived, silence past this many times the longest wait for one
 * (at least SILENCE_TIMEOUT_MS) is death, however long the step runs in all.
 */
export const LONG_STEP_FACTOR = 10;

export interface ClientClock {
  now(): number;
  every(ms: number, fn: () => void): () => void;
}

const realClock: ClientClock = {
  now: () => performance.now(),
  every: (ms, fn) => {
    const id = setInterval(fn, ms);
    return () => clearInterval(id);
  },
};

export class TrainingClient {
  mode: ClientMode = 'worker';
  private worker: Worker | null = null;
  private local: { handle(c: Command): Promise<void>; dispose(): void } | null = null;
  private started = false;
  private playing = false;
  private lastMessage = 0;
  /** When the page last sent a command (other than an ack): the worker may be busy with it. */
  private lastCommand = -Infinity;
  /** The longest silence seen between two progress reports of a playing run (ms): how long one step can take here. */
  private longestGap = 0;
  private lastStatus = 0;
  /** A step announced as long (ms expected) is in flight: silence that long is not death. */
  private longStepMs = 0;
  /** The longest wait for a heartbeat from inside the long step in flight (ms; 0: none came yet). */
  private stepBeatGap = 0;
  private watchdog: (() => void) | null = null;
  private pending: Command[] = [];
  private disposed = false;

  constructor(
    private readonly cb: ClientCallbacks,
    private readonly clock: ClientClock = realClock,
  ) {}

  /** The longest silence a working worker may keep now: a step announced as long, or the slowest step seen. */
  private stepAllowance(): number {
    if (this.longStepMs <= 0) return 0;
    if (this.stepBeatGap > 0) return Math.max(SILENCE_TIMEOUT_MS, LONG_STEP_FACTOR * this.stepBeatGap);
    return LONG_STEP_FACTOR * Math.max(this.longStepMs, this.longestGap);
  }

  /** Starts a worker (or the fallback) and sends `init`. */
  start(init: Extract<Command, { type: 'init' }>, preferMainThread = false): void {
    this.started = false;
    this.pending = [];
    if (!preferMainThread && typeof Worker !== 'undefined') {
      try {
        this.worker = new Worker(new URL('../worker/trainingWorker.ts', import.meta.url), { type: 'module', name: 'gan-training' });
        this.worker.onmessage = (ev: MessageEvent<Event>) => this.receive(ev.data);
        this.worker.onerror = (ev) => {
          ev.preventDefault();
          this.fail(ev.message || 'the training worker failed', init);
        };
        this.worker.onmessageerror = () => this.fail('a message from the training worker could not be read', init);
        this.mode = 'worker';
        // posted in a task of its own: copying a large run into the worker takes a while on a
        // busy machine, and the page shows what it was asked (a Pause: Play) before that
        const worker = this.worker;
        setTimeout(() => {
          if (this.worker === worker) this.post(init, true);
        }, 0);
        this.startWatchdog(init);
        return;
      } catch (e) {
        this.cb.onFallback(`Web Workers are unavailable here (${e instanceof Error ? e.message : e}); training on the main thread`);
      }
    } else if (!preferMainThread) {
      this.cb.onFallback('this browser has no Web Workers; training on the main thread');
    }
    void this.startLocal(init);
  }

  private async startLocal(init: Extract<Command, { type: 'init' }>): Promise<void> {
    this.mode = 'main-thread';
    try {
      const { createMainThreadLoop } = await import('./mainThreadLoop');
      if (this.disposed) return;
      this.local = createMainThreadLoop((e) => this.receive(e));
      await this.local.handle(init);
    } catch (e) {
      this.cb.onDead(`training could not start: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private startWatchdog(init: Extract<Command, { type: 'init' }>): void {
    this.lastMessage = this.clock.now();
    this.watchdog = this.clock.every(1000, () => {
      const now = this.clock.now();
      const quiet = now - this.lastMessage;
      if (!this.started && quiet > START_TIMEOUT_MS) this.fail('the training worker did not start', init);
      else if (this.started && this.playing && quiet > Math.max(SILENCE_TIMEOUT_MS, this.stepAllowance())) this.fail('the training worker stopped responding', init);
      // paused: an idle worker heartbeats every second, a busy one reports between critic steps;
      // silence since its last word or our last command, past a few seconds (longer where
      // steps were seen to take longer), means it is gone
      else if (this.started && !this.playing && now - Math.max(this.lastMessage, this.lastCommand) > Math.max(IDLE_SILENCE_MS, 2 * this.longestGap, this.stepAllowance())) {
        this.fail('the training worker stopped responding while paused', init);
      }
    });
  }

  private fail(reason: string, init: Extract<Command, { type: 'init' }>): void {
    const wasStarted = this.started;
    this.stopWorker();
    if (!wasStarted) {
      // Never came up: the main-thread fallback uses the same loop.
      this.cb.onFallback(`${reason}; training on the main thread instead`);
      void this.startLocal(init);
      return;
    }
    this.cb.onDead(reason);
  }

  private receive(e: Event): void {
    const now = this.clock.now();
    // progress between critic steps while playing: how long one step takes here
    if (e.type === 'status' && this.playing && this.lastStatus > 0) this.longestGap = Math.max(this.longestGap, now - this.lastStatus);
    if (e.type === 'status') this.lastStatus = now;
    // the loop announces a step of over a second before it starts it (loop.ts LONG_STEP_MS)
    if (e.type === 'checkpoint') this.longStepMs = e.resume?.expectedMs ?? 0;
    else if (e.type === 'status' || e.type === 'snapshot') this.longStepMs = 0;
    // progress from inside that step: silence is measured against these waits, not the estimate
    if (e.type === 'checkpoint' || e.type === 'status' || e.type === 'snapshot') this.stepBeatGap = 0;
    else if (e.type === 'heartbeat' && e.working && this.longStepMs > 0) this.stepBeatGap = Math.max(this.stepBeatGap, now - this.lastMessage, 1);
    this.lastMessage = now;
    if (e.type === 'ready') {
      this.started = true;
      const queued = this.pending;
      this.pending = [];
      for (const c of queued) this.post(c);
    }
    if (e.type === 'status' || e.type === 'snapshot') this.playing = e.playing;
    this.cb.onEvent(e);
  }

  send(cmd: Command): void {
    if (cmd.type !== 'ack') this.lastCommand = this.clock.now();
    if (cmd.type === 'play') this.playing = true;
    if (cmd.type === 'pause') this.playing = false;
    // Until the loop is ready, keep commands (except acks) in order.
    if (!this.started && cmd.type !== 'init') {
      if (cmd.type !== 'ack') this.pending.push(cmd);
      return;
    }
    this.post(cmd);
  }

  private post(cmd: Command, force = false): void {
    if (this.worker) {
      if (this.started || force) this.worker.postMessage(cmd);
    } else if (this.local) {
      void this.local.handle(cmd);
    }
  }

  private stopWorker(): void {
    this.watchdog?.();
    this.watchdog = null;
    this.worker?.terminate();
    this.worker = null;
    this.started = false;
    this.playing = false;
  }

  dispose(): void {
    this.disposed = true;
    this.stopWorker();
    this.local?.dispose();
    this.local = null;
  }
}
