// Mode metrics that show a partial collapse, against values worked out by hand.
import { describe, expect, it } from 'vitest';
import { klToUniform, modeCoverage, modesAboveFairShare, topModesShare } from '../src/engine/metrics/modes';

const pts = (...p: Array<[number, number]>) => new Float32Array(p.flat());

describe('KL divergence of the per-mode histogram to the uniform one', () => {
  it('is 0 for a balanced histogram, log k on one mode, log 2 on half of them', () => {
    expect(klToUniform([5, 5, 5, 5])).toBeCloseTo(0, 12);
    expect(klToUniform([4, 0, 0, 0])).toBeCloseTo(Math.log(4), 12);
    expect(klToUniform([2, 2, 0, 0])).toBeCloseTo(Math.log(2), 12);
  });
  it('weights each mode by its share: [3, 1] gives ¾ log 1.5 + ¼ log 0.5 = 0.130812', () => {
    expect(klToUniform([3, 1])).toBeCloseTo(0.75 * Math.log(1.5) + 0.25 * Math.log(0.5), 12);
    expect(klToUniform([3, 1])).toBeCloseTo(0.130812, 6);
  });
  it('is null without any sample', () => {
    expect(klToUniform([0, 0, 0])).toBeNull();
  });
});

describe('modes holding at least a quarter of their fair share', () => {
  it('counts a mode exactly at the threshold and not one just below', () => {
    // 16 samples over 4 modes: fair share 4, a quarter of it 1: all four modes count
    expect(modesAboveFairShare([13, 1, 1, 1])).toBe(4);
    // 17 samples: a quarter of the fair share is 1.0625, so the three single samples do not count
    expect(modesAboveFairShare([14, 1, 1, 1])).toBe(1);
  });
  it('the issue’s lopsided ring: 6 of 8 modes hold a quarter of their share, 82% sit in three', () => {
    const h = [414, 585, 711, 114, 0, 14, 172, 70]; // 2,080 samples, fair share 260, quarter 65
    expect(modesAboveFairShare(h)).toBe(6);
    expect(topModesShare(h, 3)).toBeCloseTo(1710 / 2080, 12);
    expect(modesAboveFairShare([0, 0])).toBe(0);
  });
});

describe('modeCoverage reports the new columns', () => {
  it('per-mode counts, well covered modes and KL over the high-quality samples only', () => {
    const modes = { centres: pts([0, 0], [1, 0], [5, 5], [9, 9]), std: 0.1 };
    // six samples at mode 0, two at mode 1, one far from every mode (not high quality)
    const c = modeCoverage(pts([0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [1, 0], [1, 0], [3, 3]), modes);
    expect(c.perMode).toEqual([6, 2, 0, 0]);
    expect(c.captured).toBe(2);
    expect(c.wellCovered).toBe(2); // fair share 2, a quarter 0.5
    expect(c.klUniform).toBeCloseTo(0.75 * Math.log(3) + 0.25 * Math.log(1), 12);
    expect(c.highQuality).toBeCloseTo(8 / 9, 9);
  });
});

describe('the CSV export carries the mode columns', () => {
  it('per-mode counts in one space-separated cell, KL and well-covered modes beside captured', async () => {
    const { historyToCsv, HISTORY_COLUMNS } = await import('../src/engine/history');
    const row = Object.fromEntries(HISTORY_COLUMNS.map((c) => [c, null])) as Record<string, unknown>;
    Object.assign(row, { iteration: 100, modes: 7, modesTotal: 8, modesWell: 6, modesKL: 0.5, perMode: [414, 585, 711, 114, 0, 14, 172, 70] });
    const [header, line] = historyToCsv([row as never]).trim().split('\n');
    const cells = Object.fromEntries(header.split(',').map((h, i) => [h, line.split(',')[i]]));
    expect(cells.perMode).toBe('414 585 711 114 0 14 172 70');
    expect(cells.modesWell).toBe('6');
    expect(cells.modesKL).toBe('0.5');
    expect(header.split(',').length).toBe(line.split(',').length);
  });
});
