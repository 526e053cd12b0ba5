// A network's parameters live in one flat tf.Variable with a layout naming each tensor in
// it. One vector per network keeps the optimizer, weight clipping, weight statistics,
// export and import to a handful of large ops instead of one per tensor.
import * as tf from '@tensorflow/tfjs-core';

export interface ParamEntry {
  /** e.g. 'dense0/kernel'; stable, used in exported weights. */
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

export class ParamVector {
  readonly layout: ParamEntry[];
  readonly size: number;
  readonly flat: tf.Variable;
  private cachedViews: tf.Tensor[] | null = null;

  constructor(layout: ParamEntry[], init: Float32Array) {
    this.layout = layout;
    this.size = init.length;
    const t = tf.tensor1d(init);
    this.flat = tf.variable(t, true);
    t.dispose(); // tf.variable copies: dispose the initial value or every reset leaks it
  }

  /** Per-tensor views (slices of the flat vector), cached until the next assign. */
  views(): tf.Tensor[] {
    if (!this.cachedViews) {
      const flat = this.flat;
      this.cachedViews = tf.tidy(() => this.layout.map((e) => tf.reshape(tf.slice(flat, e.offset, e.size), e.shape)));
      for (const v of this.cachedViews) tf.keep(v);
    }
    return this.cachedViews;
  }

  /** Views computed inside the caller's tidy/tape: used by the autodiff path, which must see the slices. */
  tapedViews(): tf.Tensor[] {
    return this.layout.map((e) => tf.reshape(tf.slice(this.flat, e.offset, e.size), e.shape));
  }

  assign(value: tf.Tensor): void {
    this.flat.assign(value);
    this.dropViews();
  }

  private dropViews(): void {
    if (this.cachedViews) for (const v of this.cachedViews) v.dispose();
    this.cachedViews = null;
  }

  /** A copy of the parameters (the cpu backend would hand out its own storage). */
  async read(): Promise<Float32Array> {
    return ((await this.flat.data()) as Float32Array).slice();
  }

  readSync(): Float32Array {
    return (this.flat.dataSync() as Float32Array).slice();
  }

  write(values: Float32Array): void {
    if (values.length !== this.size) throw new Error(`expected ${this.size} parameters, got ${values.length}`);
    const t = tf.tensor1d(values);
    this.assign(t);
    t.dispose();
  }

  dispose(): void {
    this.dropViews();
    this.flat.dispose();
  }
}
