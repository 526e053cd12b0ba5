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
      if (!NUMBER.test(c)) return { ok: false, error: `line ${lineNo}: '${cutText(c)}' is not a number` };
      const v = Number(c);
      if (Math.abs(v) > MAX_COORDINATE) return { ok: false, error: `line ${lineNo}: ${cutText(c)} is outside [−${MAX_COORDINATE}, ${MAX_COORDINATE}]` };
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

/**
 * Checks points that arrive as data (a weights or run file, a restored session) with the
 * same rules as a CSV: pairs of finite numbers within the coordinate bound, at most
 * `maxPoints`, at least one. `what` names the field in the message.
 */
export function validatePoints(raw: unknown, what = 'customPoints', maxPoints = MAX_CUSTOM_POINTS): PointsResult {
  if (!Array.isArray(raw)) return { ok: false, error: `${what} must be a list of [x, y] pairs (got ${raw === null ? 'null' : typeof raw})` };
  if (raw.length === 0) return { ok: false, error: `${what} is empty: expected at least one [x, y] pair` };
  if (raw.length > maxPoints) {
    return { ok: false, error: `${what} has ${raw.length.toLocaleString('en-US')} points; the limit is ${maxPoints.toLocaleString('en-US')}` };
  }
  const points: Array<[number, number]> = [];
  for (let i = 0; i < raw.length; i++) {
    const p = raw[i] as unknown;
    if (!Array.isArray(p) || p.length !== 2) return { ok: false, error: `${what}[${i}] must be an [x, y] pair` };
    for (const v of p) {
      if (typeof v !== 'number' || !Number.isFinite(v)) return { ok: false, error: `${what}[${i}]: ${shortText(v)} is not a finite number` };
      if (Math.abs(v) > MAX_COORDINATE) return { ok: false, error: `${what}[${i}]: ${v} is outside [−${MAX_COORDINATE}, ${MAX_COORDINATE}]` };
    }
    points.push([p[0] as number, p[1] as number]);
  }
  return { ok: true, points, skippedHeader: false };
}

/** A value as a short piece of text for a message (long values cut). */
function shortText(v: unknown): string {
  const s = typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v);
  return cutText(s);
}

/** A cell of the file cut for a message: a 10,000-digit number must not become a 10,000-character message. */
function cutText(s: string, max = 24): string {
  return s.length > max ? s.slice(0, max - 3) + '…' : s;
}

export function pointsToCsv(points: Points): string {
  return ['x,y', ...points.map(([x, y]) => `${x},${y}`)].join('\n') + '\n';
}
