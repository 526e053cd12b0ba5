// Parsing a user's own target points from CSV text (x,y per line). Every rejection names
// the line, so that a student can fix the file.
import type { Points } from './trainer';

export const MAX_CUSTOM_POINTS = 5000;
export const MAX_COORDINATE = 100;

export type PointsResult = { ok: true; points: Points; skippedHeader: boolean } | { ok: false; error: string };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function splitRow(line: string): string[] {
  const sep = line.includes(',') ? ',' : line.includes(';') ? ';' : line.includes('\t') ? '\t' : /\s+/;
  return line.split(sep).map((c) => c.trim());
}

/** Parses "x,y" rows (comma, semicolon, tab or spaces); an optional first header row is skipped. */
export function parsePointsCsv(text: string, maxPoints = MAX_CUSTOM_POINTS): PointsResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const points: Array<[number, number]> = [];
  let skippedHeader = false;
  let seenData = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const cells = splitRow(raw);
    const lineNo = i + 1;
    if (!seenData && !skippedHeader && cells.every((c) => c !== '' && !NUMBER.test(c))) {
      if (cells.length !== 2) return { ok: false, error: `line ${lineNo}: the header should name 2 columns (x,y), found ${cells.length}` };
      skippedHeader = true;
      continue;
    }
    if (cells.length !== 2) {
      return { ok: false, error: `line ${lineNo}: expected 2 columns (x,y), found ${cells.length}` };
    }
    const values: number[] = [];
    for (const c of cells) {
      if (!NUMBER.test(c)) return { ok: false, error: `line ${lineNo}: '${c.slice(0, 20)}' is not a number` };
      const v = Number(c);
      if (Math.abs(v) > MAX_COORDINATE) return { ok: false, error: `line ${lineNo}: ${c} is outside [−${MAX_COORDINATE}, ${MAX_COORDINATE}]` };
      values.push(v);
    }
    seenData = true;
    points.push([values[0], values[1]]);
    if (points.length > maxPoints) {
      return { ok: false, error: `too many rows: more than ${maxPoints.toLocaleString('en-US')} points (line ${lineNo}); the limit is ${maxPoints.toLocaleString('en-US')}` };
    }
  }
  if (points.length === 0) return { ok: false, error: 'the file has no points: expected lines of x,y' };
  return { ok: true, points, skippedHeader };
}

export function pointsToCsv(points: Points): string {
  return ['x,y', ...points.map(([x, y]) => `${x},${y}`)].join('\n') + '\n';
}
