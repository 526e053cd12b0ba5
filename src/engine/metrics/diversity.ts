// How varied a set of samples is: the mean Euclidean distance between two of them. A collapsed
// generator repeats a few samples, so its mean distance falls far below the real data's, whether
// or not a classifier recognises what it repeats.

/** Mean distance over all pairs of the first `n` rows (each `dim` wide) of `samples`; 0 for fewer than 2. */
export function meanPairwiseDistance(samples: Float32Array, dim: number, n = samples.length / dim): number {
  if (!Number.isInteger(n) || n * dim > samples.length) throw new Error(`meanPairwiseDistance: ${n} rows of ${dim} need ${n * dim} values, have ${samples.length}`);
  if (n < 2) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let sq = 0;
      for (let p = 0; p < dim; p++) {
        const d = samples[i * dim + p] - samples[j * dim + p];
        sq += d * d;
      }
      sum += Math.sqrt(sq);
    }
  }
  return sum / ((n * (n - 1)) / 2);
}
