// The minimum-cost perfect assignment of an n x n cost matrix: shortest augmenting paths with
// dual variables (Jonker-Volgenant as laid out by Crouse, "On implementing 2D rectangular
// assignment algorithms", 2016, the method behind SciPy's linear_sum_assignment). Written here
// over one flat Float64Array because the exact W1 solves a 500 x 500 problem every couple of
// seconds inside the training loop: the linear-sum-assignment package (nested arrays, a splice
// per scanned column) needs about three times as long (npm run bench prints both).

/**
 * For each row, the column it is assigned to, minimising the summed cost. `cost` is row-major
 * n x n; every entry must be finite.
 */
export function minCostAssignment(cost: Float64Array, n: number): Int32Array {
  if (cost.length !== n * n) throw new Error(`minCostAssignment: expected ${n * n} costs, got ${cost.length}`);
  const u = new Float64Array(n); // row duals
  const v = new Float64Array(n); // column duals
  const colOfRow = new Int32Array(n).fill(-1);
  const rowOfCol = new Int32Array(n).fill(-1);
  const pathCost = new Float64Array(n);
  const pathRow = new Int32Array(n);
  const remaining = new Int32Array(n);
  const scannedRow = new Uint8Array(n);
  const scannedCol = new Uint8Array(n);

  // Column reduction, then a greedy start: every row whose cheapest column (in reduced cost)
  // is still free takes it. The duals stay feasible (u = 0, v = column minima) and the taken
  // edges tight, so the shortest-path phase below only has to place the rows left over.
  // (Jonker and Volgenant's augmenting row reduction placed more rows but cost more than it
  // saved on point clouds: it thrashes between near-equal columns.)
  for (let j = 0; j < n; j++) {
    let min = Infinity;
    for (let i = 0; i < n; i++) if (cost[i * n + j] < min) min = cost[i * n + j];
    v[j] = min;
  }
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      if (rowOfCol[j] === -1 && cost[row + j] - v[j] === 0) {
        rowOfCol[j] = i;
        colOfRow[i] = j;
        break;
      }
    }
  }

  for (let start = 0; start < n; start++) {
    if (colOfRow[start] !== -1) continue;
    // Dijkstra over reduced costs from the free row `start` to the nearest free column.
    pathCost.fill(Infinity);
    scannedRow.fill(0);
    scannedCol.fill(0);
    let nRemaining = n;
    for (let k = 0; k < n; k++) remaining[k] = n - 1 - k;
    let i = start;
    let reached = 0;
    let sink = -1;
    while (sink === -1) {
      scannedRow[i] = 1;
      const row = i * n;
      const base = reached - u[i];
      let lowest = Infinity;
      let pick = -1;
      for (let k = 0; k < nRemaining; k++) {
        const j = remaining[k];
        const r = base + cost[row + j] - v[j];
        let best = pathCost[j];
        if (r < best) {
          pathRow[j] = i;
          pathCost[j] = best = r;
        }
        // among equals, prefer a free column: the path ends sooner
        if (best < lowest || (best === lowest && rowOfCol[j] === -1)) {
          lowest = best;
          pick = k;
        }
      }
      if (pick === -1 || lowest === Infinity) throw new Error('minCostAssignment: no feasible assignment (non-finite costs)');
      reached = lowest;
      const j = remaining[pick];
      scannedCol[j] = 1;
      remaining[pick] = remaining[--nRemaining];
      if (rowOfCol[j] === -1) sink = j;
      else i = rowOfCol[j];
    }
    // Keep the duals feasible and the assigned edges tight.
    u[start] += reached;
    for (let r = 0; r < n; r++) if (scannedRow[r] && r !== start) u[r] += reached - pathCost[colOfRow[r]];
    for (let c = 0; c < n; c++) if (scannedCol[c]) v[c] -= reached - pathCost[c];
    // Flip the path's edges.
    for (let j = sink; ; ) {
      const r = pathRow[j];
      rowOfCol[j] = r;
      const next = colOfRow[r];
      colOfRow[r] = j;
      if (r === start) break;
      j = next;
    }
  }
  return colOfRow;
}
