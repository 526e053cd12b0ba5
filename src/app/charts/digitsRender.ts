// Pure helpers for the digits card: the histogram of the critic's scores at real and
// generated digits (the grids come from engine/digits/grid.ts, shared with the CLI's PNG).

export interface ScoreHistogram {
  /** Bin edges (bins + 1). */
  edges: number[];
  real: number[];
  generated: number[];
}

/** Both score sets binned over their common range (finite values only). */
export function scoreHistogram(real: ArrayLike<number>, generated: ArrayLike<number>, bins = 30): ScoreHistogram | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of [real, generated]) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(hi >= lo)) return null;
  if (hi === lo) (lo -= 0.5), (hi += 0.5);
  const width = (hi - lo) / bins;
  const count = (a: ArrayLike<number>) => {
    const out = new Array<number>(bins).fill(0);
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (Number.isFinite(v)) out[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
    }
    return out;
  };
  return { edges: Array.from({ length: bins + 1 }, (_, i) => lo + i * width), real: count(real), generated: count(generated) };
}
