// What a link tells the page: every problem kept (grouped in one notice), repeated keys
// reported, long values cut; own points past what a link carries come back on a reload and
// a link that cannot carry them all says so.
import { describe, expect, it } from 'vitest';
import { MAX_URL_POINTS, decodePoints, encodePoints, fromQuery, toQuery } from '../src/app/urlState';
import { defaultSettings } from '../src/engine/settings';

describe('link messages', () => {
  it('reports a repeated key and uses its first value', () => {
    const r = fromQuery('lrd=0.5&lrd=0.001');
    expect(r.settings.lrD).toBe(0.5);
    expect(r.warnings).toContain("link: lrd is given 2 times; using the first, '0.5'");
  });

  it('cuts long values and keys so a message stays one line', () => {
    const r = fromQuery(`lrd=${'9'.repeat(10_000)}&${'k'.repeat(5000)}=1&view=${'v'.repeat(3000)}&v=${'2'.repeat(500)}`);
    expect(r.warnings.length).toBe(4);
    for (const w of r.warnings) expect(w.length).toBeLessThan(160);
    expect(r.warnings.join(' | ')).toMatch(/unknown parameter 'k+…' ignored/);
  });

  it('keeps every warning of a link with many bad values', () => {
    const keys = ['lrd', 'lrg', 'bs', 'nc', 'dw', 'gw', 'dl', 'gl', 'c', 'lam', 'b1', 'b2', 's'];
    const q = ['v=7', 'zzz=1', 'yyy=2', ...keys.map((k) => `${k}=oops`), ...keys.slice(0, 10).map((k) => `${k}=again`)].join('&');
    const r = fromQuery(q);
    // the version, 2 unknown keys, 13 bad values, 10 repeated keys
    expect(r.warnings).toHaveLength(26);
    expect(r.warnings[0]).toMatch(/format version 7;/);
    expect(r.warnings.filter((w) => /unknown parameter/.test(w))).toHaveLength(2);
  });
});

describe('own points in a link', () => {
  const drawing = Array.from({ length: 5000 }, (_, i) => [Math.cos(i) * 2, Math.sin(i * 1.3)] as [number, number]);
  const settings = { ...defaultSettings(), target: 'custom' as const };

  it('a link carries the first MAX_URL_POINTS and says how many there were', () => {
    const q = toQuery({ settings, customPoints: drawing });
    const r = fromQuery(q);
    expect(r.customPoints).toHaveLength(MAX_URL_POINTS);
    expect(r.warnings.join(' ')).toMatch(/carries the first 2,000 of the drawing's 5,000 points/);
  });

  it('a reload brings the whole drawing back from what the tab kept', () => {
    const q = toQuery({ settings, customPoints: drawing });
    const pts = new URLSearchParams(q).get('pts')!;
    const kept = (p: string) => (p === encodePoints(drawing) ? drawing : null);
    const r = fromQuery(q, undefined, kept);
    expect(r.customPoints).toHaveLength(5000);
    expect(r.warnings).toEqual([]);
    expect(decodePoints(pts)).toHaveLength(MAX_URL_POINTS);
    // another tab's drawing does not replace this link's
    const other = fromQuery(q, undefined, () => null);
    expect(other.customPoints).toHaveLength(MAX_URL_POINTS);
  });

  it('a small drawing travels whole without a count', () => {
    const q = toQuery({ settings, customPoints: drawing.slice(0, 10) });
    expect(q).not.toMatch(/ptsn/);
    expect(fromQuery(q).customPoints).toHaveLength(10);
  });
});
