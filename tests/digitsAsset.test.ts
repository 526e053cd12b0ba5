// The digits asset (scripts/build-digits.mjs -> src/data/build/digits.bin): its decoding, a
// known digit's checksum, and the classifier the digit metrics rely on.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeDigits, digitPixels } from '../src/engine/digits/asset';
import { classifyDigits } from '../src/engine/digits/classifier';
import { DIGITS_ASSET_PATH, loadDigitsNode } from '../src/platform/digitsNode';

describe('digits asset', () => {
  const data = loadDigitsNode();

  it('holds 14 x 14 uint8 digits, split 9,003 / 997 (every 10th of each class held out)', () => {
    expect(data.side).toBe(14);
    expect(data.pixels).toBe(196);
    expect(data.train.count).toBe(9003);
    expect(data.heldOut.count).toBe(997);
    expect(data.train.images.length).toBe(9003 * 196);
    expect(data.heldOut.images.length).toBe(997 * 196);
    // every class present in both splits, in the package's proportions
    for (const set of [data.train, data.heldOut]) {
      const counts = new Array(10).fill(0);
      for (const l of set.labels) counts[l]++;
      expect(Math.min(...counts)).toBeGreaterThan(set.count / 20);
    }
  });

  it('uses the whole uint8 range: background 0, strokes up to 255, decoded to [0, 1]', () => {
    let max = 0;
    let zeros = 0;
    for (const v of data.train.images) {
      if (v > max) max = v;
      if (v === 0) zeros++;
    }
    expect(max).toBeGreaterThan(250);
    // MNIST is mostly background
    expect(zeros / data.train.images.length).toBeGreaterThan(0.6);
    const px = digitPixels(data.train, data.pixels, 0);
    expect(Math.min(...px)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...px)).toBeLessThanOrEqual(1);
  });

  it("decodes the package's first 0 to a known image (checksum of its 196 bytes)", () => {
    expect(data.train.labels[0]).toBe(0);
    const first = data.train.images.subarray(0, 196);
    const hash = createHash('sha256').update(first).digest('hex').slice(0, 16);
    expect(hash).toBe(KNOWN_FIRST_ZERO);
    // a 0 is a ring: ink around the centre, none at it
    expect(first[7 * 14 + 7]).toBeLessThan(60);
    const ink = first.reduce((a, b) => a + b, 0) / 255;
    expect(ink).toBeGreaterThan(15);
  });

  it('refuses a truncated or foreign file with a message that says how to rebuild', () => {
    const bytes = readFileSync(DIGITS_ASSET_PATH);
    expect(() => decodeDigits(bytes.subarray(0, bytes.length - 7))).toThrow(/truncated|left over/);
    const foreign = new Uint8Array(bytes);
    foreign[0] = 88;
    expect(() => decodeDigits(foreign)).toThrow(/build-digits/);
  });

  it('carries a classifier that names at least 97% of the held-out digits', () => {
    const x = new Float32Array(data.heldOut.count * data.pixels);
    for (let i = 0; i < x.length; i++) x[i] = data.heldOut.images[i] / 255;
    const { labels } = classifyDigits(data.classifier, x, data.pixels);
    let right = 0;
    labels.forEach((l, i) => (right += l === data.heldOut.labels[i] ? 1 : 0));
    const acc = right / data.heldOut.count;
    expect(acc).toBeGreaterThanOrEqual(0.97);
    // the figure the build recorded is the one measured here
    expect(Math.abs(acc - data.classifier.builtAccuracy)).toBeLessThan(1e-6);
  });
});

const KNOWN_FIRST_ZERO = 'eb3a0e98d853dbc5';
