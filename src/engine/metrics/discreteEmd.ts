// Earth mover's distance between histograms on adjacent unit-spaced bins:
// δ_0 = 0, δ_{i+1} = δ_i + P_i − Q_i, W = Σ |δ_i|. P = [3,2,1,4], Q = [1,2,4,3] gives 5.

export interface DiscreteEmd {
  /** δ_0 .. δ_n: the mass carried from bin i−1 to bin i (negative: carried leftwards). */
  deltas: number[];
  distance: number;
  /** Moves between adjacent bins: `amount` from bin `from` to bin `to`. */
  moves: Array<{ from: number; to: number; amount: number }>;
}

export function discreteEmd(p: readonly number[], q: readonly number[]): DiscreteEmd {
  if (p.length !== q.length) throw new Error('P and Q need the same number of bins');
  if (p.some((v) => !(v >= 0)) || q.some((v) => !(v >= 0))) throw new Error('bin masses must be non-negative numbers');
  const sp = p.reduce((a, b) => a + b, 0);
  const sq = q.reduce((a, b) => a + b, 0);
  if (Math.abs(sp - sq) > 1e-9 * Math.max(1, sp)) throw new Error(`P and Q must have the same total mass (${sp} vs ${sq})`);
  const deltas = [0];
  for (let i = 0; i < p.length; i++) deltas.push(deltas[i] + p[i] - q[i]);
  let distance = 0;
  const moves: DiscreteEmd['moves'] = [];
  for (let i = 1; i < p.length; i++) {
    const d = deltas[i];
    distance += Math.abs(d);
    if (d > 1e-12) moves.push({ from: i - 1, to: i, amount: d });
    else if (d < -1e-12) moves.push({ from: i, to: i - 1, amount: -d });
  }
  return { deltas, distance, moves };
}
