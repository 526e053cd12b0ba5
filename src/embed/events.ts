// The element's events, read from the run's store: `ready`, `iteration` (at most one per
// ITERATION_EVERY_MS, the last one always sent), `evaluation` (each new exact evaluation),
// `play` and `pause` (at once, with why), `diverged` and `error`. Payloads are plain objects,
// built by the functions below; the iframe embed posts the same ones (src/app/embedMessages.ts).
import type { HistoryRow } from '../engine/history';
import type { Settings } from '../engine/settings';
import type { AppState, Store } from '../app/store';

export const ITERATION_EVERY_MS = 250;

export interface ReadyDetail {
  settings: Settings;
  backend: string | null;
}
export interface IterationDetail {
  iteration: number;
  criticSteps: number;
  playing: boolean;
  itPerSec: number;
}
export interface EvaluationDetail {
  iteration: number;
  /** Exact W1 between 500 generated and 500 target samples. */
  w1: number;
  /** The typical W1 between two sets of 500 target samples (the figure's floor). */
  floor: number | null;
  /** Modes captured and the mixture's modes (null for targets without modes). */
  modes: number | null;
  modesTotal: number | null;
  /** Share of high-quality samples (within 3σ of a mode; digits: named with ≥ 90% confidence). */
  highQuality: number | null;
}
/**
 * Why training started or stopped: `api` (play() / pause(), or a host's message), `control`
 * (the element's own button or keys), `autoplay`, `hidden` / `shown` (scrolled out of view or
 * back, tab hidden or shown), `exclusive` (another playground of the page started), `stopped`
 * (diverged or failed).
 */
export type PlayReason = 'api' | 'control' | 'autoplay' | 'hidden' | 'shown' | 'exclusive' | 'stopped';
export const PLAY_REASONS: readonly PlayReason[] = ['api', 'control', 'autoplay', 'hidden', 'shown', 'exclusive', 'stopped'];
export interface PlayStateDetail {
  iteration: number;
  reason: PlayReason;
}
export interface MessageDetail {
  message: string;
  /** The run stopped (a dead worker): it needs a reset or a restart. */
  fatal?: boolean;
}

export interface GanPlaygroundEventMap {
  ready: CustomEvent<ReadyDetail>;
  iteration: CustomEvent<IterationDetail>;
  evaluation: CustomEvent<EvaluationDetail>;
  play: CustomEvent<PlayStateDetail>;
  pause: CustomEvent<PlayStateDetail>;
  diverged: CustomEvent<MessageDetail>;
  error: CustomEvent<MessageDetail>;
}

export function readyDetail(s: AppState): ReadyDetail {
  return { settings: { ...s.settings }, backend: s.status.backend?.active ?? null };
}

export function iterationDetail(s: AppState): IterationDetail {
  const st = s.status;
  return { iteration: st.iteration, criticSteps: st.criticSteps, playing: st.playing, itPerSec: st.playing ? st.itPerSec : 0 };
}

/** The newest evaluated row (exact W1), or null. */
export function latestEvaluation(s: AppState): HistoryRow | null {
  if (s.liveRow && s.liveRow.exactW1 !== null) return s.liveRow;
  for (let i = s.history.length - 1; i >= 0; i--) if (s.history[i].exactW1 !== null) return s.history[i];
  return null;
}

export function evaluationDetail(r: HistoryRow): EvaluationDetail {
  return { iteration: r.iteration, w1: r.exactW1!, floor: r.floor ?? null, modes: r.modes, modesTotal: r.modesTotal, highQuality: r.hq };
}

type Emit = <K extends keyof GanPlaygroundEventMap>(type: K, detail: GanPlaygroundEventMap[K]['detail']) => void;

/** Every event's name, as the element dispatches them and the iframe posts them. */
export const EVENT_TYPES = ['ready', 'iteration', 'evaluation', 'play', 'pause', 'diverged', 'error'] as const satisfies ReadonlyArray<keyof GanPlaygroundEventMap>;

/**
 * Makes a controller's play and pause say why: `because(reason, fn)` runs fn with that
 * reason, and a play or pause from anywhere else (the play button, keys) is `control`.
 * `current()` is null outside them: a change of `playing` then is the loop's own.
 */
export function playReasons(controller: { play(): void; pause(): void }): { because(reason: PlayReason, fn: () => void): void; current(): PlayReason | null } {
  let current: PlayReason | null = null;
  const because = (reason: PlayReason, fn: () => void) => {
    const outer = current;
    current = outer ?? reason;
    try {
      fn();
    } finally {
      current = outer;
    }
  };
  const play = controller.play.bind(controller);
  const pause = controller.pause.bind(controller);
  controller.play = () => because('control', play);
  controller.pause = () => because('control', pause);
  return { because, current: () => current };
}

/**
 * Follows a store and emits the element's events; returns the unsubscribe. `reason` says why
 * playing changes now (playReasons), or null: then it is the training loop's own, which
 * pauses a moment to move a run to another backend and plays on. Those make no event; the
 * loop stopping for good (diverged, failed) makes a `pause` with reason `stopped`.
 */
export function bridgeEvents(store: Store, emit: Emit, reason: () => PlayReason | null = () => 'control'): () => void {
  let prev = store.getState();
  let lastIterationAt = -Infinity;
  let trailing: ReturnType<typeof setTimeout> | null = null;
  let lastEvaluation: HistoryRow | null = latestEvaluation(prev);
  const seenErrors = new Set(prev.notices.filter((n) => n.kind === 'error').map((n) => n.id));
  /** Playing, as the play / pause events last said. */
  let announced = prev.status.playing;

  const sendIteration = () => {
    trailing = null;
    lastIterationAt = performance.now();
    emit('iteration', iterationDetail(store.getState()));
  };

  const onChange = () => {
    const s = store.getState();
    const was = prev;
    prev = s;
    if (s.status.phase === 'ready' && was.status.phase !== 'ready') emit('ready', readyDetail(s));
    const playing = s.status.playing;
    // a command's reason counts even without a change here (it may meet a pause of the loop's own)
    const why = reason();
    let stopped = !playing && announced && !!((s.diverged && !was.diverged) || (s.dead && !was.dead));
    if (s.status.iteration !== was.status.iteration || s.status.playing !== was.status.playing) {
      // one waiting already sends the newest figures when it fires (late, on a busy page: then no second one before it)
      const wait = ITERATION_EVERY_MS - (performance.now() - lastIterationAt);
      if (!trailing) {
        if (wait <= 0) sendIteration();
        else trailing = setTimeout(sendIteration, wait);
      }
    }
    const ev = latestEvaluation(s);
    // rows are merged and thinned in place: a new evaluation is a new iteration (a reset empties the history first)
    if (ev && (!lastEvaluation || ev.iteration !== lastEvaluation.iteration)) emit('evaluation', evaluationDetail(ev));
    lastEvaluation = ev;
    if (s.diverged && s.diverged !== was.diverged) emit('diverged', { message: s.diverged });
    if (s.dead && s.dead !== was.dead) emit('error', { message: s.dead, fatal: true });
    for (const n of s.notices) {
      if (n.kind !== 'error' || seenErrors.has(n.id)) continue;
      seenErrors.add(n.id);
      // a divergence is its own event
      if (n.text !== s.diverged) emit('error', { message: n.text });
      // the loop says it stopped, then why
      if (!playing && announced) stopped = true;
    }
    if (why && playing !== announced) {
      announced = playing;
      emit(playing ? 'play' : 'pause', { iteration: s.status.iteration, reason: why });
    } else if (stopped) {
      announced = false;
      emit('pause', { iteration: s.status.iteration, reason: 'stopped' });
    }
  };
  const unsubscribe = store.subscribe(onChange);
  return () => {
    unsubscribe();
    if (trailing) clearTimeout(trailing);
  };
}
