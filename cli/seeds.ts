// Seed lists for --seeds: "1-5", "1,3,7" or "1-3,10".
export function parseSeeds(text: string): number[] | null {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    if (!m) return null;
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    if (b < a || b - a >= 1000 || b > 2147483647) return null;
    for (let s = a; s <= b; s++) if (!out.includes(s)) out.push(s);
  }
  return out.length ? out : null;
}

/** run.json -> run-seed3.json (one file per seed). */
export function seedOutPath(out: string, seed: number): string {
  const slash = out.lastIndexOf('/');
  const dot = out.lastIndexOf('.');
  return dot > slash + 1 ? `${out.slice(0, dot)}-seed${seed}${out.slice(dot)}` : `${out}-seed${seed}`;
}
