// The messages between the page and the "Try 5 seeds" worker (src/worker/seedsWorker.ts).
import type { BackendName } from '../engine/backends';
import type { Extent } from '../engine/targets';
import type { HistoryRow } from '../engine/history';
import type { Settings } from '../engine/settings';
import type { Points } from '../engine/trainerBase';

/** On the digits, each seed shows a 4 x 4 grid of its generated digits (in place of a plane). */
export const DIGIT_TILES = 16;

export interface SeedsStart {
  type: 'start';
  settings: Settings;
  customPoints?: Points;
  seeds: number[];
  /** The same number of iterations for every seed. */
  iterations: number;
  /** The backend the main run uses (the runner falls back to wasm, then cpu). */
  backend: BackendName;
}

export type SeedsEvent =
  | { type: 'started'; backend: string }
  /** All seeds' iterations so far (they advance together, round-robin). */
  | { type: 'progress'; iterations: number[] }
  /** One seed's evaluation: its figures and its samples for the plane. */
  | { type: 'seed'; index: number; row: HistoryRow; diverged: string | null; generated: Float32Array; target: Float32Array; extent: Extent }
  /** Between evaluations: the seed's generated samples only, so that its plane moves. */
  | { type: 'samples'; index: number; iteration: number; generated: Float32Array }
  /** A heartbeat: the worker is working (at least every HEARTBEAT_MS; seedsRunner.ts watches for silence). */
  | { type: 'alive' }
  | { type: 'done' }
  | { type: 'error'; message: string };
