// @vitest-environment jsdom
// The distance chart's caption on the digits (DistanceChart.tsx, distanceCaption) says why the
// exact W1 in pixel space can rise while samples look better: Euclidean pixel distance favours
// grey blends over sharp strokes slightly out of place. These are its figures, measured.
import { beforeAll, describe, expect, it } from 'vitest';
import { distanceCaption } from '../src/app/charts/DistanceChart';
import { exactW1 } from '../src/engine/metrics/wasserstein';
import { Rng } from '../src/engine/rng';
import { defaultSettings } from '../src/engine/settings';
import { makeTarget } from '../src/engine/targets';
import { provideDigitsNode } from '../src/platform/digitsNode';

beforeAll(() => {
  provideDigitsNode();
});

describe('exact W1 in pixel space', () => {
  it('scores blurry blends of real digits better than the same sharp digits moved by one pixel, as the caption says', () => {
    const t = makeTarget('digits');
    const d = t.dim;
    const side = Math.sqrt(d);
    const heldOut = t.heldOut!(500, Rng.stream(1, 'caption-held-out'));
    const train = t.sample(4000, Rng.stream(1, 'caption-train'));
    const real = exactW1(train.subarray(0, 500 * d), heldOut, d);
    // each image the mean of 8 different training digits: grey blobs, no digit in particular
    const blends = new Float32Array(500 * d);
    for (let i = 0; i < 500; i++) for (let j = 0; j < 8; j++) for (let p = 0; p < d; p++) blends[i * d + p] += train[(i * 8 + j) * d + p] / 8;
    // the very training digits of `real`, one pixel to the right: sharp, and each a real digit
    const shifted = new Float32Array(500 * d);
    for (let i = 0; i < 500; i++) for (let y = 0; y < side; y++) for (let x = 1; x < side; x++) shifted[i * d + y * side + x] = train[i * d + y * side + x - 1];
    const blurry = exactW1(blends, heldOut, d);
    const moved = exactW1(shifted, heldOut, d);
    expect(real).toBeLessThan(blurry);
    expect(blurry).toBeLessThan(moved);
    // the caption's figures, to their two decimals' neighbourhood
    const caption = distanceCaption({ ...defaultSettings(), target: 'digits' })!;
    const said = (pattern: RegExp) => Number(caption.match(pattern)![1]);
    expect(Math.abs(said(/blends of 8 real digits score about (\d\.\d+)/) - blurry)).toBeLessThan(0.06);
    expect(Math.abs(said(/shifted by one pixel about (\d\.\d+)/) - moved)).toBeLessThan(0.06);
    expect(Math.abs(said(/two sets of real digits about (\d\.\d+)/) - real)).toBeLessThan(0.06);
  });

  it('the clipped critic’s caption names its scale, with the bound for these layers', () => {
    const s = { ...defaultSettings(), target: 'ring8' as const, loss: 'wgan' as const, clip: 0.01, dLayers: 1, dWidth: 64, dLayerNorm: false };
    expect(distanceCaption(s)).toMatch(/K·W1 \(K ≤ Π c·√\(fan-in·fan-out\) = 9\.1e−3 for c = 0\.01/);
    expect(distanceCaption({ ...s, loss: 'wgan-gp' })).toBeNull();
  });
});
