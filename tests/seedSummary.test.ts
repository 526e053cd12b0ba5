// The seeds summary (CLI --seeds and the page's "Try 5 seeds"), against figures worked out by hand.
import { describe, expect, it } from 'vitest';
import { DIGIT_WORDS, spreadOf, summarizeSeeds, summaryLine, type SeedFigures } from '../src/engine/seedSummary';

const run = (seed: number, modes: number, well: number, hq: number, w1: number, diverged = false): SeedFigures => ({
  seed,
  iteration: 2000,
  exactW1: w1,
  modes,
  modesTotal: 8,
  modesWell: well,
  hq,
  theta: null,
  diverged,
});

describe('the summary of several seeds', () => {
  it('spreads ignore missing and non-finite values', () => {
    expect(spreadOf([1, null, 3, NaN, 2])).toEqual({ mean: 2, min: 1, max: 3 });
    expect(spreadOf([null])).toBeNull();
  });

  it('counts the seeds that reach every mode and spreads each figure over the seeds that did not diverge', () => {
    const s = summarizeSeeds([run(1, 8, 8, 0.65, 0.05), run(2, 8, 5, 0.4, 0.1), run(3, 7, 4, 0.12, 0.21), run(4, 8, 8, 0.5, 0.08), run(5, 2, 1, 0.9, 3, true)]);
    expect(s.seeds).toBe(5);
    expect(s.diverged).toBe(1);
    expect(s.allCaptured).toBe(3);
    expect(s.allWell).toBe(2);
    expect(s.modes).toEqual({ mean: 7.75, min: 7, max: 8 });
    expect(s.modesWell).toEqual({ mean: 6.25, min: 4, max: 8 });
    expect(s.hq!.min).toBeCloseTo(0.12);
    expect(s.hq!.max).toBeCloseTo(0.65);
    expect(s.exactW1!.max).toBeCloseTo(0.21);
    expect(summaryLine(s)).toBe('8/8 modes on 3 of 5 seeds (7–8 captured) · all 8 hold ≥ ¼ share on 2 of 5 (4–8) · high quality 12–65% · exact W1 0.050–0.210 · 1 of 5 diverged');
  });

  it('every seed on every mode: no range in brackets', () => {
    const s = summarizeSeeds([run(1, 8, 8, 0.52, 0.143), run(2, 8, 8, 0.36, 0.226)]);
    expect(summaryLine(s)).toBe('8/8 modes on 2 of 2 seeds · all 8 hold ≥ ¼ share on 2 of 2 · high quality 36–52% · exact W1 0.143–0.226');
  });

  it('a target without modes reports W1 and θ only', () => {
    const s = summarizeSeeds([1, 2].map((seed) => ({ seed, iteration: 100, exactW1: 0.5 * seed, modes: null, modesTotal: null, modesWell: null, hq: null, theta: 0.1 * seed, diverged: false })));
    expect(s.allCaptured).toBeNull();
    expect(summaryLine(s)).toBe('exact W1 0.500–1.000 · θ 0.10–0.20');
  });
});

describe('summaryLine on the digits', () => {
  it('speaks of digits and of the share the classifier recognises', () => {
    const run = (seed: number, modes: number, modesWell: number, hq: number): SeedFigures => ({ seed, iteration: 2000, exactW1: 5.1, modes, modesTotal: 10, modesWell, hq, theta: null, diverged: false });
    const s = summarizeSeeds([run(1, 10, 9, 0.3), run(2, 4, 2, 0.15)]);
    expect(summaryLine(s, DIGIT_WORDS)).toBe('10/10 digits on 1 of 2 seeds (4–10 found) · all 10 hold ≥ ¼ share on 0 of 2 (2–9) · recognised 15–30% · exact W1 5.100');
  });
});
