// Per-layer statistics of a network's weights, read from its flat parameter vector:
// shows weight clipping piling weights up at ±c, or weights growing without bound.
import type { ParamEntry } from './params';

export interface LayerWeightStats {
  /** 'layer 1', ..., 'output'. */
  name: string;
  count: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  /** Fraction of weights at the clip bound ±c (0 when there is no clipping). */
  atClip: number;
  /** Histogram over [lo, hi] in `counts.length` equal bins. */
  lo: number;
  hi: number;
  counts: number[];
}

/**
 * Groups the layout's tensors by layer (kernel, bias and norm parameters of dense k)
 * and summarises each group. `clip` > 0 fixes the histogram range to [−c, c].
 */
export function layerWeightStats(values: Float32Array, layout: ParamEntry[], clip = 0, bins = 30): LayerWeightStats[] {
  const groups = new Map<string, ParamEntry[]>();
  for (const e of layout) {
    const m = /(dense|norm)(\d+)/.exec(e.name);
    const key = m ? m[2] : e.name;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(e);
  }
  const keys = [...groups.keys()];
  return keys.map((key, gi) => {
    const name = keys.length > 1 && gi === keys.length - 1 ? 'output' : `layer ${gi + 1}`;
    return { name, ...summarise(values, groups.get(key)!, clip, bins) };
  });
}

/**
 * One layer's summary. It runs over the critic's every weight at each snapshot (116,000 on
 * digits, five times a second), so it is a function of its own with plain loops: inside the
 * map's callback, called a few times a second, V8 ran it at 6-10 ms a call in the training
 * loop against about 1 ms when hot; ternaries, a hoisted clip edge and typed bins do the
 * rest. The values are the same.
 */
function summarise(values: Float32Array, entries: ParamEntry[], clip: number, bins: number): Omit<LayerWeightStats, 'name'> {
  let count = 0;
  let sum = 0;
  let sumSq = 0;
  let min = Infinity;
  let max = -Infinity;
  let atClip = 0;
  const edge = clip * (1 - 1e-6);
  for (const e of entries) {
    count += e.size;
    for (let i = e.offset, end = e.offset + e.size; i < end; i++) {
      const v = values[i];
      sum += v;
      sumSq += v * v;
      min = v < min ? v : min;
      max = v > max ? v : max;
      if (clip > 0 && (v >= edge || -v >= edge)) atClip++;
    }
  }
  const mean = sum / count;
  const std = Math.sqrt(Math.max(0, sumSq / count - mean * mean));
  const bound = clip > 0 ? clip : Math.max(Math.abs(min), Math.abs(max), 1e-12);
  const lo = -bound;
  const hi = bound;
  const span = hi - lo;
  const binCounts = new Int32Array(bins);
  for (const e of entries) {
    for (let i = e.offset, end = e.offset + e.size; i < end; i++) {
      const b = Math.floor(((values[i] - lo) / span) * bins);
      binCounts[b < 0 ? 0 : b >= bins ? bins - 1 : b]++;
    }
  }
  const counts = Array.from(binCounts);
  return { count, min, max, mean, std, atClip: count ? atClip / count : 0, lo, hi, counts };
}
