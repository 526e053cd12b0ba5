// The largest |loss| over every step since it was last read, so that the runaway rules see
// each step's losses and not only the ones a snapshot or a history row happens to read (a
// spike to 2.5e6 that settles again within a chunk was missed by the page). The tfjs trainers
// keep the running maximum on the device (no read-back per step); the fused kernels' losses
// are numbers already.
import * as tf from '@tensorflow/tfjs-core';

export interface LossPeak {
  /** Largest |loss| over the steps (∞ if one was not finite). */
  maxAbs: number;
  /** Whether a step's loss was NaN or ±∞. */
  nonFinite: boolean;
  /** Steps noted since the last read. */
  steps: number;
}

/** Device losses folded at a time: 64 scalars held at most, a handful of ops per fold instead of per step. */
const FOLD_EVERY = 64;

export class LossPeakTracker {
  private maxAbs = 0;
  private nonFinite = false;
  private steps = 0;
  /** tfjs: max over the steps of |loss|, with ∞ standing for a non-finite loss. */
  private device: tf.Scalar | null = null;

  /** One step's losses, read already. */
  note(values: ReadonlyArray<number | null>): void {
    for (const v of values) {
      if (v === null) continue;
      if (!Number.isFinite(v)) this.nonFinite = true;
      else if (Math.abs(v) > this.maxAbs) this.maxAbs = Math.abs(v);
    }
    this.steps++;
  }

  /** Losses still on the device, not folded yet (clones: they share the data, no kernel runs). */
  private pending: tf.Scalar[] = [];

  /** One step's losses still on the device: kept, and folded into a running maximum there every FOLD_EVERY. */
  noteTensors(values: ReadonlyArray<tf.Scalar | undefined>): void {
    this.steps++;
    for (const t of values) if (t) this.pending.push(t.clone());
    if (this.pending.length >= FOLD_EVERY) this.fold();
  }

  /** A few ops for many losses: the device-side maximum of everything pending (after a chunk, so that the tensor count stays level). */
  fold(): void {
    if (!this.pending.length) return;
    const pending = this.pending;
    this.pending = [];
    const next = tf.tidy(() => {
      const v = tf.abs(tf.stack(pending));
      // NaN compares false everywhere: map it (and ±∞) to ∞ so that the maximum keeps it
      const m = tf.max(tf.where(tf.isFinite(v), v, tf.fill(v.shape, Infinity))) as tf.Scalar;
      return this.device ? (tf.maximum(this.device, m) as tf.Scalar) : m;
    });
    tf.dispose(pending);
    this.device?.dispose();
    this.device = next;
  }

  /** The peak since the last read, and a fresh start. */
  async take(): Promise<LossPeak> {
    this.fold();
    let maxAbs = this.maxAbs;
    let nonFinite = this.nonFinite;
    if (this.device) {
      const d = this.device;
      this.device = null;
      const v = (await d.data())[0];
      d.dispose();
      if (!Number.isFinite(v)) nonFinite = true;
      else maxAbs = Math.max(maxAbs, v);
    }
    const peak = { maxAbs: nonFinite ? Infinity : maxAbs, nonFinite, steps: this.steps };
    this.maxAbs = 0;
    this.nonFinite = false;
    this.steps = 0;
    return peak;
  }

  dispose(): void {
    tf.dispose(this.pending);
    this.pending = [];
    this.device?.dispose();
    this.device = null;
  }
}
