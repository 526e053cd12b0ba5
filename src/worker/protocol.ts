// The typed messages between the page and the training loop (in a Web Worker, or on the
// main thread as a fallback). Large arrays travel as transferable Float32Arrays.
import type { BackendMeasurement } from '../engine/autoBackend';
import type { HistoryRow } from '../engine/history';
import type { Settings } from '../engine/settings';
import type { Points, Snapshot, TrainerState } from '../engine/trainer';
import type { WeightsFile } from '../engine/weightsFile';

/** 'reconstruction': ALAE's step III (its steps I and II are the critic and generator steps). */
export type StepKind = 'critic' | 'generator' | 'iteration' | 'reconstruction';

/** How often an idle worker says it is alive (ms). */
export const HEARTBEAT_MS = 1000;
/** How often a worker inside a long step says it is working (ms of that step's work, at most). */
export const STEP_HEARTBEAT_MS = 250;

export type Command =
  /**
   * Start (or restart) with these settings; `state` resumes a saved run. For backend 'auto',
   * `measured` (this device's earlier measurements, cached by the page) picks the backend at
   * once; without it the loop starts on a provisional backend and the page measures.
   */
  | {
      type: 'init';
      settings: Settings;
      customPoints?: Points;
      state?: TrainerState;
      measured?: BackendMeasurement[];
      /** `state` was taken inside an iteration (before a long step): resume it after this many critic steps. */
      resume?: { criticStepsInIteration: number };
    }
  /** Measure the candidate backends on these settings (a separate, short-lived worker does this). */
  | { type: 'measure'; settings: Settings; customPoints?: Points }
  /** Background measurements are in: under 'auto', move the run to the fastest (keeping it). */
  | { type: 'adoptMeasurements'; key: string; measurements: BackendMeasurement[] }
  /** New settings: live ones apply at once, the others reset the run. */
  | { type: 'configure'; settings: Settings; customPoints?: Points }
  | { type: 'play' }
  | { type: 'pause' }
  /** `count` steps of one kind (default 1), e.g. a critic head start. */
  | { type: 'step'; kind: StepKind; count?: number }
  | { type: 'reset' }
  /** The page has drawn the last snapshot: the loop may send the next (back-pressure). */
  | { type: 'ack' }
  | { type: 'exportState'; requestId: number }
  | { type: 'loadState'; state: TrainerState }
  /** The run as a tf.io weights file (see engine/weightsFile.ts). */
  | { type: 'exportWeights'; requestId: number }
  | { type: 'loadWeights'; requestId: number; file: unknown };

export interface BackendInfo {
  /** The backend in use. */
  active: string;
  /** What the user asked for (auto picks by measuring). */
  requested: Settings['backend'];
  measurements: BackendMeasurement[];
  /** Why the requested backend is not the active one (e.g. WebGL missing or its context lost). */
  fallback: string | null;
  /** For the fused kernels: the build in use ('relaxed-simd' has fused multiply-add). */
  variant?: string | null;
  /** Under 'auto': chosen without measuring yet (the page measures in the background). */
  provisional?: boolean;
  /** Under 'auto': where the choice came from ('measured now' or this device's cache). */
  source?: 'measured' | 'cache' | null;
  /** Under 'auto': the backend the run moved from after measuring (null when it stayed). */
  switchedFrom?: string | null;
}

export type Event =
  /** The loop is ready; `loaded` when it now runs a saved run (whose settings the page adopts). */
  | { type: 'ready'; backend: BackendInfo; settings: Settings; gradients: string; loaded: boolean }
  | { type: 'backend'; backend: BackendInfo }
  /** The answer to 'measure'. */
  | { type: 'measured'; measurements: BackendMeasurement[] }
  /**
   * The run was (re)started: the page clears its history. `loaded`: it now runs a saved run,
   * whose own points and metric history the page adopts.
   */
  | { type: 'reset'; settings: Settings; reason: string | null; loaded?: { iteration: number; customPoints: Points | null; history: HistoryRow[] } }
  | { type: 'status'; playing: boolean; iteration: number; criticSteps: number; itPerSec: number }
  | { type: 'snapshot'; snapshot: Snapshot; rows: HistoryRow[]; itPerSec: number; playing: boolean }
  /** The optimal plan of an evaluation: a line from[i] → to[i] per generated sample; mean length = w1. */
  | { type: 'transport'; iteration: number; w1: number; from: Float32Array; to: Float32Array }
  | { type: 'diverged'; message: string }
  | { type: 'state'; requestId: number; state: TrainerState }
  | { type: 'weights'; requestId: number; file: WeightsFile }
  /** The answer to loadWeights: null when the run was restored, else why not. */
  | { type: 'loaded'; requestId: number; error: string | null }
  /** A request (exportState, exportWeights) could not be answered: why. */
  | { type: 'requestFailed'; requestId: number; error: string }
  /** A periodic copy of the run, so that a crashed worker or a lost WebGL context loses little. */
  /**
   * With `resume`: taken just before a step expected to last `expectedMs` (over a second),
   * `criticStepsInIteration` critic steps into the iteration; the page may end the worker
   * during that step (Pause) and resume from here, losing nothing but the step's partial work.
   */
  | { type: 'checkpoint'; state: TrainerState; resume?: { criticStepsInIteration: number; expectedMs: number } }
  /** Loading an asset a run needs (the digits, fetched when that target is first chosen). */
  | { type: 'assetProgress'; asset: 'digits'; loaded: number; total: number; done: boolean; error: string | null }
  | { type: 'error'; message: string; fatal: boolean }
  /**
   * The worker is alive (about once a second whenever it is not inside a step), so a paused
   * page notices a dead one. `working`: posted from inside a step, snapshot or evaluation (the
   * fused trainer's, every STEP_HEARTBEAT_MS or so of its work, between layers), so the page
   * sees progress in one of seconds.
   */
  | { type: 'heartbeat'; working?: boolean };

/** Arrays inside an event that can be transferred instead of copied. */
export function transferables(e: Event): Transferable[] {
  const out: ArrayBuffer[] = [];
  const add = (a: Float32Array | null | undefined) => {
    if (a && a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && !out.includes(a.buffer)) out.push(a.buffer);
  };
  if (e.type === 'snapshot') {
    const s = e.snapshot;
    [s.generated, s.target, s.field.values, s.arrows.points, s.arrows.gradients].forEach(add);
  }
  if (e.type === 'transport') [e.from, e.to].forEach(add);
  if (e.type === 'state' || e.type === 'checkpoint') {
    const st = e.state;
    [st.critic, st.generator, st.optimizers.critic.m, st.optimizers.critic.v, st.optimizers.generator.m, st.optimizers.generator.v].forEach(add);
  }
  return out;
}
