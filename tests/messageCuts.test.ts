// Messages quote at most a short, cut value, and every link value that is ignored is said
// to be (issue 27): a CSV cell of 10,240 digits, ptsn=1e308, NaN, -5 and friends.
import { describe, expect, it } from 'vitest';
import { encodePoints, fromQuery } from '../src/app/urlState';
import { parsePointsCsv } from '../src/engine/customPoints';

const error = (text: string) => {
  const r = parsePointsCsv(text);
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
};

describe('CSV messages', () => {
  it('cut a huge number or word to a few characters', () => {
    expect(error(`0,0\n${'9'.repeat(10_240)},1\n`)).toBe(`line 2: ${'9'.repeat(21)}… is outside [−100, 100]`);
    expect(error(`0,0\n1,${'x'.repeat(10_240)}\n`)).toBe(`line 2: '${'x'.repeat(21)}…' is not a number`);
    // short values stay whole
    expect(error('0,0\n1e6,0')).toBe('line 2: 1e6 is outside [−100, 100]');
  });
});

describe('ptsn in a link', () => {
  const pts = encodePoints([[0, 0], [1, 1], [0.5, -0.5]]);
  const warnings = (q: string) => fromQuery(q).warnings;

  it.each([
    ['1e308', "link: ptsn '1e308' is not a point count (a whole number up to 5,000); ignored, using the link's 3 points"],
    ['NaN', "link: ptsn 'NaN' is not a point count (a whole number up to 5,000); ignored, using the link's 3 points"],
    ['-5', "link: ptsn '-5' is not a point count (a whole number up to 5,000); ignored, using the link's 3 points"],
    ['2.5', "link: ptsn '2.5' is not a point count (a whole number up to 5,000); ignored, using the link's 3 points"],
    ['5001', "link: ptsn '5001' is not a point count (a whole number up to 5,000); ignored, using the link's 3 points"],
    ['2', "link: ptsn '2' is fewer than the 3 points the link carries; ignored, using the link's 3 points"],
  ])('ptsn=%s is reported and ignored', (value, message) => {
    const s = fromQuery(`pts=${pts}&ptsn=${value}`);
    expect(s.warnings).toEqual([message]);
    expect(s.customPoints).toHaveLength(3);
  });

  it('a huge ptsn is quoted cut', () => {
    const [w] = warnings(`pts=${pts}&ptsn=${'9'.repeat(10_240)}`);
    expect(w).toBe(`link: ptsn '${'9'.repeat(19)}…' is not a point count (a whole number up to 5,000); ignored, using the link's 3 points`);
  });

  it('ptsn without points is reported; a count the link can hold is taken', () => {
    expect(warnings('ptsn=3000')).toEqual(["link: ptsn '3000' ignored: it counts the points of a drawing, and the link carries none (no pts)"]);
    expect(warnings(`pts=${pts}&ptsn=3`)).toEqual([]);
    expect(warnings(`pts=${pts}&ptsn=3000`)).toEqual([
      "link: carries the first 3 of the drawing's 3,000 points (a link holds at most 2,000); load the CSV for all of them",
    ]);
    // the whole drawing, where the tab kept it
    const whole = Array.from({ length: 3000 }, (_, i): [number, number] => [i / 3000, 0]);
    expect(fromQuery(`pts=${pts}&ptsn=3000`, undefined, () => whole).customPoints).toHaveLength(3000);
  });
});
