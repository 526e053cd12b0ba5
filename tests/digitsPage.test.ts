// The page side of the digits: the worker's gate that loads the asset before a digits run
// reaches the loop (in order, with progress; a failed load keeps the run), the grid of
// images, and the score histogram.
import { describe, expect, it } from 'vitest';
import { digitGridPixels } from '../src/engine/digits/grid';
import type { DigitsData } from '../src/engine/digits/asset';
import { providedDigits } from '../src/engine/digits/provided';
import { defaultSettings } from '../src/engine/settings';
import { scoreHistogram } from '../src/app/charts/digitsRender';
import { gateForDigits, needsDigits } from '../src/worker/digitsGate';
import type { Command, Event } from '../src/worker/protocol';

const digitsInit: Command = { type: 'init', settings: { ...defaultSettings(), target: 'digits' } };
const ringInit: Command = { type: 'init', settings: defaultSettings() };

describe('digits gate (worker)', () => {
  it('knows which commands need the digits', () => {
    expect(needsDigits(digitsInit)).toBe(true);
    expect(needsDigits(ringInit)).toBe(false);
    expect(needsDigits({ type: 'play' })).toBe(false);
    expect(needsDigits({ type: 'loadWeights', requestId: 1, file: { settings: { target: 'digits' } } })).toBe(true);
    expect(needsDigits({ type: 'loadWeights', requestId: 1, file: null })).toBe(false);
  });

  it('a failed load reports why, drops the digits run and passes the rest on in order', async () => {
    const handled: Command[] = [];
    const events: Event[] = [];
    const gate = gateForDigits((c) => handled.push(c), (e) => events.push(e), async () => {
      throw new Error('offline');
    });
    gate(ringInit);
    gate(digitsInit);
    gate({ type: 'play' });
    expect(handled).toEqual([ringInit]); // play waits behind the load
    await new Promise((r) => setTimeout(r, 0));
    expect(handled).toEqual([ringInit, { type: 'play' }]);
    expect(events.some((e) => e.type === 'error' && /offline/.test(e.message))).toBe(true);
    expect(events.at(-2)).toMatchObject({ type: 'assetProgress', done: true, error: expect.stringMatching(/offline/) });
    expect(providedDigits()).toBeUndefined();
  });

  it('holds every command while the digits load, shows progress from the start, then passes them on in order', async () => {
    const handled: Command[] = [];
    const events: Event[] = [];
    let finish!: (d: DigitsData) => void;
    let progress!: (loaded: number, total: number) => void;
    const gate = gateForDigits((c) => handled.push(c), (e) => events.push(e), (onProgress) => {
      progress = onProgress;
      return new Promise((r) => (finish = r));
    });
    gate(digitsInit);
    gate({ type: 'play' });
    expect(handled).toEqual([]);
    expect(events[0]).toMatchObject({ type: 'assetProgress', loaded: 0, done: false });
    progress(1000, 2000);
    expect(events.at(-1)).toMatchObject({ type: 'assetProgress', loaded: 1000, total: 2000, done: false });
    const fake = { side: 14 } as DigitsData;
    finish(fake);
    await new Promise((r) => setTimeout(r, 0));
    expect(handled).toEqual([digitsInit, { type: 'play' }]);
    expect(events.at(-1)).toMatchObject({ type: 'assetProgress', done: true, error: null });
    expect(providedDigits()).toBe(fake);
    // loaded once: the next digits command passes straight through
    gate(digitsInit);
    expect(handled.length).toBe(3);
  });
});

describe('digit grid and score histogram', () => {
  it('lays images out white on black with grey gaps, clamping to [0, 1]', () => {
    const img = new Float32Array(2 * 4).fill(0);
    img[0] = 1;
    img[4 + 3] = 2; // clamped to white
    img[1] = -1; // clamped to black
    const { width, height, rgba } = digitGridPixels(img, 2, 2, 2);
    expect([width, height]).toEqual([2 * 2 + 3, 2 + 2]);
    const at = (x: number, y: number) => rgba[4 * (y * width + x)];
    expect(at(0, 0)).toBe(96); // gap
    expect(at(1, 1)).toBe(255); // first image, pixel (0, 0)
    expect(at(2, 1)).toBe(0);
    expect(at(5, 2)).toBe(255); // second image, pixel (1, 1)
  });

  it('bins both score sets over their common range', () => {
    const h = scoreHistogram([0, 0.1, 0.2], [0.9, 1], 10)!;
    expect(h.edges[0]).toBe(0);
    expect(h.edges[10]).toBeCloseTo(1, 12);
    expect(h.real.reduce((a, b) => a + b)).toBe(3);
    expect(h.generated[9]).toBe(2);
    expect(h.real[0]).toBe(1);
    expect(scoreHistogram([NaN], [Infinity])).toBeNull();
  });
});
