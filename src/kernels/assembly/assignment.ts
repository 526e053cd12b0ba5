// The exact W1's minimum-cost assignment on the kernels: the same shortest augmenting paths
// as src/engine/metrics/assignment.ts, step for step (the same scan order, ties and float64
// arithmetic, hence the same assignment), without the JIT's bounds checks and boxed loops.
// A 500 x 500 digits problem every couple of seconds: about 1.5x faster than the JavaScript.

/**
 * Solves the n x n problem whose float64 costs are at `cost` (row-major); the column of each
 * row is written as int32 at `colOfRow`. `ws` is scratch of assignmentScratchBytes(n) bytes,
 * 8-byte aligned. Returns 0, or -1 where no finite assignment exists (non-finite costs).
 */
export function minCostAssignment(cost: usize, n: i32, colOfRow: usize, ws: usize): i32 {
  const N = <usize>n;
  const u = ws; // row duals (f64)
  const v = u + (N << 3); // column duals (f64)
  const pathCost = v + (N << 3); // f64
  const rowOfCol = pathCost + (N << 3); // i32
  const pathRow = rowOfCol + (N << 2); // i32
  const remaining = pathRow + (N << 2); // i32
  const scannedRow = remaining + (N << 2); // u8
  const scannedCol = scannedRow + N; // u8
  for (let j: usize = 0; j < N; j++) {
    store<f64>(u + (j << 3), 0);
    store<i32>(colOfRow + (j << 2), -1);
    store<i32>(rowOfCol + (j << 2), -1);
  }
  // column reduction, then the greedy start on tight edges (see the JavaScript)
  for (let j: usize = 0; j < N; j++) {
    let min = Infinity;
    let p = cost + (j << 3);
    for (let i: usize = 0; i < N; i++) {
      const c = load<f64>(p);
      if (c < min) min = c;
      p += N << 3;
    }
    store<f64>(v + (j << 3), min);
  }
  for (let i: usize = 0; i < N; i++) {
    const row = cost + ((i * N) << 3);
    for (let j: usize = 0; j < N; j++) {
      if (load<i32>(rowOfCol + (j << 2)) == -1 && load<f64>(row + (j << 3)) - load<f64>(v + (j << 3)) == 0) {
        store<i32>(rowOfCol + (j << 2), <i32>i);
        store<i32>(colOfRow + (i << 2), <i32>j);
        break;
      }
    }
  }
  for (let start = 0; start < n; start++) {
    if (load<i32>(colOfRow + ((<usize>start) << 2)) != -1) continue;
    // Dijkstra over reduced costs from the free row `start` to the nearest free column
    for (let j: usize = 0; j < N; j++) store<f64>(pathCost + (j << 3), Infinity);
    memory.fill(scannedRow, 0, N << 1);
    let nRemaining = n;
    for (let k = 0; k < n; k++) store<i32>(remaining + ((<usize>k) << 2), n - 1 - k);
    let i = start;
    let reached: f64 = 0;
    let sink = -1;
    while (sink == -1) {
      store<u8>(scannedRow + <usize>i, 1);
      const row = cost + ((<usize>i * N) << 3);
      const base = reached - load<f64>(u + ((<usize>i) << 3));
      let lowest = Infinity;
      let pick = -1;
      for (let k = 0; k < nRemaining; k++) {
        const j = <usize>load<i32>(remaining + ((<usize>k) << 2));
        const r = base + load<f64>(row + (j << 3)) - load<f64>(v + (j << 3));
        let best = load<f64>(pathCost + (j << 3));
        if (r < best) {
          store<i32>(pathRow + (j << 2), i);
          store<f64>(pathCost + (j << 3), r);
          best = r;
        }
        // among equals, prefer a free column: the path ends sooner
        if (best < lowest || (best == lowest && load<i32>(rowOfCol + (j << 2)) == -1)) {
          lowest = best;
          pick = k;
        }
      }
      if (pick == -1 || lowest == Infinity) return -1;
      reached = lowest;
      const pk = remaining + ((<usize>pick) << 2);
      const j = load<i32>(pk);
      store<u8>(scannedCol + <usize>j, 1);
      nRemaining--;
      store<i32>(pk, load<i32>(remaining + ((<usize>nRemaining) << 2)));
      const owner = load<i32>(rowOfCol + ((<usize>j) << 2));
      if (owner == -1) sink = j;
      else i = owner;
    }
    // keep the duals feasible and the assigned edges tight
    const us = u + ((<usize>start) << 3);
    store<f64>(us, load<f64>(us) + reached);
    for (let r: usize = 0; r < N; r++) {
      if (load<u8>(scannedRow + r) && r != <usize>start) {
        const c = <usize>load<i32>(colOfRow + (r << 2));
        store<f64>(u + (r << 3), load<f64>(u + (r << 3)) + (reached - load<f64>(pathCost + (c << 3))));
      }
    }
    for (let c: usize = 0; c < N; c++) {
      if (load<u8>(scannedCol + c)) store<f64>(v + (c << 3), load<f64>(v + (c << 3)) - (reached - load<f64>(pathCost + (c << 3))));
    }
    // flip the path's edges
    for (let j = sink; ; ) {
      const r = load<i32>(pathRow + ((<usize>j) << 2));
      store<i32>(rowOfCol + ((<usize>j) << 2), r);
      const next = load<i32>(colOfRow + ((<usize>r) << 2));
      store<i32>(colOfRow + ((<usize>r) << 2), j);
      if (r == start) break;
      j = next;
    }
  }
  return 0;
}
