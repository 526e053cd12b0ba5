// The diversity measure against cases worked out by hand.
import { describe, expect, it } from 'vitest';
import { meanPairwiseDistance } from '../src/engine/metrics/diversity';

describe('meanPairwiseDistance', () => {
  it('averages the distance over every pair', () => {
    // (0,0), (3,4), (0,4): pairs 5, 4, 3 -> mean 4
    expect(meanPairwiseDistance(Float32Array.from([0, 0, 3, 4, 0, 4]), 2)).toBeCloseTo(4, 12);
    // three points in 3D on a line at 0, 1, 3: pairs 1, 3, 2 -> mean 2
    expect(meanPairwiseDistance(Float32Array.from([0, 0, 0, 1, 0, 0, 3, 0, 0]), 3)).toBeCloseTo(2, 12);
  });

  it('is 0 for a collapsed set and for fewer than two samples; reads only the first n rows', () => {
    expect(meanPairwiseDistance(Float32Array.from([1, 2, 1, 2, 1, 2]), 2)).toBe(0);
    expect(meanPairwiseDistance(Float32Array.from([1, 2]), 2)).toBe(0);
    expect(meanPairwiseDistance(Float32Array.from([0, 0, 3, 4, 100, 100]), 2, 2)).toBeCloseTo(5, 12);
    expect(() => meanPairwiseDistance(new Float32Array(4), 2, 3)).toThrow(/need 6 values/);
  });
});
