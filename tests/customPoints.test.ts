// CSV of the user's own points: accepted shapes, and a clear message naming the line for
// each kind of bad file.
import { describe, expect, it } from 'vitest';
import { MAX_CUSTOM_POINTS, parsePointsCsv, pointsToCsv } from '../src/engine/customPoints';

const ok = (text: string) => {
  const r = parsePointsCsv(text);
  if (!r.ok) throw new Error(r.error);
  return r;
};
const err = (text: string, max?: number) => {
  const r = parsePointsCsv(text, max);
  if (r.ok) throw new Error('expected an error');
  return r.error;
};

describe('parsing points', () => {
  it('reads x,y rows with or without a header, any common separator, skipping blanks and comments', () => {
    expect(ok('x,y\n0,1\n-2.5,3e-1\n').points).toEqual([
      [0, 1],
      [-2.5, 0.3],
    ]);
    expect(ok('x,y\n0,1').skippedHeader).toBe(true);
    expect(ok('0;1\r\n2;3').points).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(ok('0\t1\n\n# a comment\n2  3').points).toHaveLength(2);
    expect(ok('\uFEFFx,y\n1,2').points).toEqual([[1, 2]]);
  });
  it('round-trips through CSV', () => {
    const pts: Array<[number, number]> = [
      [0.25, -1],
      [1.5, 2],
    ];
    expect(ok(pointsToCsv(pts)).points).toEqual(pts);
  });
});

describe('bad files', () => {
  it('non-numeric cell: names the line and the cell', () => {
    expect(err('x,y\n0,0\n1,oops\n')).toBe("line 3: 'oops' is not a number");
    expect(err('1,2\nNaN,3')).toBe("line 2: 'NaN' is not a number");
    expect(err('1,Infinity')).toBe("line 1: 'Infinity' is not a number");
  });
  it('wrong column count', () => {
    expect(err('x,y\n1,2,3')).toBe('line 2: expected 2 columns (x,y), found 3');
    expect(err('1,2\n5')).toBe('line 2: expected 2 columns (x,y), found 1');
    expect(err('x,y,z\n1,2,3')).toBe('line 1: the header should name 2 columns (x,y), found 3');
  });
  it('too many rows', () => {
    const text = Array.from({ length: 12 }, (_, i) => `${i},0`).join('\n');
    expect(err(text, 10)).toMatch(/^too many rows: more than 10 points \(line 11\); the limit is 10$/);
    expect(MAX_CUSTOM_POINTS).toBe(5000);
  });
  it('empty file, or only a header', () => {
    expect(err('')).toBe('the file has no points: expected lines of x,y');
    expect(err('x,y\n\n')).toBe('the file has no points: expected lines of x,y');
  });
  it('coordinates out of range', () => {
    expect(err('0,0\n1e6,0')).toBe('line 2: 1e6 is outside [−100, 100]');
  });
});
