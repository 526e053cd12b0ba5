// Line charts plot at most ~1,500 points per curve: older history is strided, the last
// point is always kept.
export function stride<T>(rows: readonly T[], max = 1500): T[] {
  if (rows.length <= max) return rows.slice();
  const step = rows.length / max;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(rows[Math.floor(i * step)]);
  if (out[out.length - 1] !== rows[rows.length - 1]) out.push(rows[rows.length - 1]);
  return out;
}
