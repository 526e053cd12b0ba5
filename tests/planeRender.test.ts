// The plane's canvas painter, its pure parts: colours, the critic's colour range, contour
// segments, the field under the pointer, the arrow scale, and the order the samples are
// painted in (generated above real). Values worked out by hand.
import { describe, expect, it } from 'vitest';
import { arrowScale, thinArrows, colorLut, contourLevels, criticScale, drawPlane, fieldPixels, isolineSegments, niceCeil, sampleField, sampleLayers } from '../src/app/charts/planeRender';
import type { Snapshot } from '../src/engine/trainer';

describe('colour lookup', () => {
  const lut = colorLut([
    [0, '#000000'],
    [0.5, '#ff0000'],
    [1, '#ffffff'],
  ]);
  it('hits the stops and interpolates linearly between them', () => {
    expect([...lut.subarray(0, 3)]).toEqual([0, 0, 0]);
    expect([...lut.subarray(3 * 255, 3 * 256)]).toEqual([255, 255, 255]);
    // entry 64 is t = 0.251, half-way to the red stop
    expect([...lut.subarray(3 * 64, 3 * 65)]).toEqual([128, 0, 0]);
    // entry 191 is t = 0.749, half-way from red to white
    expect([...lut.subarray(3 * 191, 3 * 192)]).toEqual([255, 127, 127]);
  });

  it('maps the field to pixels with the top row first, clamps, and leaves NaN transparent', () => {
    // 2x2 grid: values[j*2 + i] at (x_i, y_j), y upwards
    const values = [0, 1, -5, NaN];
    const px = fieldPixels(values, 2, { lo: 0, hi: 1 }, lut);
    // top row (j = 1): (0,1) = -5 clamps to black, (1,1) = NaN transparent
    expect([...px.subarray(0, 4)]).toEqual([0, 0, 0, 255]);
    expect(px[7]).toBe(0);
    // bottom row (j = 0): 0 -> black, 1 -> white
    expect([...px.subarray(8, 12)]).toEqual([0, 0, 0, 255]);
    expect([...px.subarray(12, 16)]).toEqual([255, 255, 255, 255]);
  });
});

describe('colour range of a critic score', () => {
  it('rounds up to a round number at most a third above', () => {
    expect(niceCeil(0.7)).toBeCloseTo(0.8, 12);
    expect(niceCeil(1)).toBe(1);
    expect(niceCeil(1.3)).toBe(1.5);
    expect(niceCeil(2.2)).toBe(2.5);
    expect(niceCeil(3.5)).toBe(4);
    expect(niceCeil(0.031)).toBeCloseTo(0.04, 12);
    expect(niceCeil(810)).toBe(1000);
    for (let x = 0.011; x < 100; x *= 1.37) expect(niceCeil(x) / x).toBeLessThanOrEqual(4 / 3 + 1e-9);
  });

  it('centres the colours on the median with a round half-width', () => {
    // median 0.1 (of 0, 0.1, 0.3), largest distance 0.2 -> half-width 0.2
    const r = criticScale([0, 0.1, 0.3], null);
    expect(r.half).toBeCloseTo(0.2, 12);
    expect(r.bar).toEqual({ lo: -r.half, hi: r.half });
    expect(r.paint.lo).toBeCloseTo(-0.1, 12);
    expect(r.paint.hi).toBeCloseTo(0.3, 12);
  });

  it('keeps the half-width while the spread fits it, whatever the offset does', () => {
    // spread 0.7 within [0.4, 1] of 1: kept, and the paint range follows the median 10.1
    const kept = criticScale([9.4, 10.1, 10.8], 1);
    expect(kept.half).toBe(1);
    expect(kept.paint.lo).toBeCloseTo(9.1, 12);
    expect(criticScale([-0.45, 0, 0.45], 1).half).toBe(1);
    // spread 3 > 1: wider, with headroom (4.5 -> 5); spread 0.3 < 0.4: narrower (0.3)
    expect(criticScale([-3, 0, 3], 1).half).toBe(5);
    expect(criticScale([-0.3, 0, 0.3], 1).half).toBeCloseTo(0.3, 12);
  });

  it('survives a constant or non-finite field', () => {
    const r = criticScale([2, 2, 2], null);
    expect(r.paint.lo).toBeLessThan(2);
    expect(r.paint.hi).toBeGreaterThan(2);
    expect(criticScale([NaN, NaN], null).bar).toEqual({ lo: -1, hi: 1 });
  });

  it('spaces contour levels evenly inside the range', () => {
    expect(contourLevels({ lo: 0, hi: 1 }, 4)).toEqual([0.25, 0.5, 0.75]);
  });
});

describe('isolines by marching squares', () => {
  const grid = (n: number, f: (i: number, j: number) => number) => Array.from({ length: n * n }, (_, k) => f(k % n, Math.floor(k / n)));

  it('a field rising in x has a vertical isoline at the level', () => {
    const seg = isolineSegments(grid(4, (i) => i), 4, 1.5);
    // one segment per row of cells, each from (1.5, j) to (1.5, j + 1)
    expect(seg.length).toBe(3 * 4);
    for (let k = 0; k < seg.length; k += 4) {
      expect(seg[k]).toBeCloseTo(1.5, 12);
      expect(seg[k + 2]).toBeCloseTo(1.5, 12);
      expect(Math.abs(seg[k + 3] - seg[k + 1])).toBeCloseTo(1, 12);
    }
  });

  it('a cone has a closed isoline at the right radius (a level no grid point hits)', () => {
    const n = 41;
    const c = (n - 1) / 2;
    const seg = isolineSegments(grid(n, (i, j) => Math.hypot(i - c, j - c)), n, 10.3);
    expect(seg.length).toBeGreaterThan(40);
    // every end point lies near the circle of radius 10 (linear interpolation of a cone)
    for (let k = 0; k < seg.length; k += 2) expect(Math.abs(Math.hypot(seg[k] - c, seg[k + 1] - c) - 10.3)).toBeLessThan(0.1);
    // closed: every end point is shared by exactly two segments
    const key = (x: number, y: number) => `${x.toFixed(6)},${y.toFixed(6)}`;
    const count = new Map<string, number>();
    for (let k = 0; k < seg.length; k += 2) count.set(key(seg[k], seg[k + 1]), (count.get(key(seg[k], seg[k + 1])) ?? 0) + 1);
    expect([...count.values()].every((m) => m === 2)).toBe(true);
  });

  it('splits a saddle by the centre value, and skips cells with NaN', () => {
    // corners: a=1 (bottom left), b=0, c=1 (top right), d=0; centre 0.5 >= 0.4: above
    const seg = isolineSegments([1, 0, 0, 1], 2, 0.4);
    expect(seg.length).toBe(8);
    expect(isolineSegments([1, 0, NaN, 1], 2, 0.4)).toEqual([]);
    expect(isolineSegments([1, 1, 1, 1], 2, 0.4)).toEqual([]);
  });
});

describe('field under the pointer and arrow scale', () => {
  const field = { n: 3, extent: [-1, 1, -1, 1], values: [0, 1, 2, 10, 11, 12, 20, 21, 22] };
  it('interpolates bilinearly and is NaN outside', () => {
    expect(sampleField(field, -1, -1)).toBe(0);
    expect(sampleField(field, 1, 1)).toBe(22);
    // (0.5, 0.5): grid (1.5, 1.5) -> (11 + 12 + 21 + 22) / 4
    expect(sampleField(field, 0.5, 0.5)).toBeCloseTo(16.5, 12);
    expect(sampleField(field, 1.01, 0)).toBeNaN();
  });

  it('thins the arrows to one per cell, so a pile of samples on a mode gets one arrow', () => {
    // three starts in the first 18 px cell, one in the next cell to the right, one further down
    expect(thinArrows([0, 0, 5, 5, 17, 17, 30, 0, 31, 1, 2, 40], 18)).toEqual([0, 3, 5]);
    expect(thinArrows([], 18)).toEqual([]);
  });

  it('scales the longest gradient to 7% of the width', () => {
    expect(arrowScale([3, 4, 0, 1], 4)).toBeCloseTo(0.28 / 5, 12);
    expect(arrowScale([0, 0], 4)).toBe(0);
  });
});

describe('the order the samples are painted in', () => {
  const REAL = '#0072B2';
  const GENERATED = '#D55E00';
  /** A 2D context that records each stroke and fill with the style it used. */
  function recordingContext() {
    const marks: Array<{ op: 'stroke' | 'fill'; style: string }> = [];
    const ctx = {
      strokeStyle: '',
      fillStyle: '',
      globalAlpha: 1,
      lineWidth: 1,
      beginPath() {},
      arc() {},
      moveTo() {},
      lineTo() {},
      stroke() {
        marks.push({ op: 'stroke', style: this.strokeStyle });
      },
      fill() {
        marks.push({ op: 'fill', style: this.fillStyle });
      },
    };
    return { ctx: ctx as unknown as CanvasRenderingContext2D, marks };
  }

  it('paints every generated sample after (above) every real one, and the real ones as hollow rings', () => {
    const { ctx, marks } = recordingContext();
    // two real samples, three generated, one of them on a real sample
    const snapshot = {
      target: new Float32Array([0, 0, 1, 1]),
      generated: new Float32Array([0, 0, 0.5, 0.5, -1, -1]),
      field: { n: 1, extent: [-2, 2, -2, 2], values: new Float32Array(1), kind: 'probability' },
      arrows: { points: new Float32Array(0), gradients: new Float32Array(0) },
    } as unknown as Snapshot;
    drawPlane(ctx, snapshot, { field: 'none', arrows: false, scale: 1 }, { width: 100, height: 100, xRange: [-2, 2], yRange: [-2, 2] }, { lo: 0, hi: 1 }, { real: REAL, generated: GENERATED, arrows: '#000000', lut: new Uint8Array(768) });
    const isReal = (m: { style: string }) => m.style === REAL || m.style === 'white';
    const lastReal = marks.findLastIndex(isReal);
    const firstGenerated = marks.findIndex((m) => m.style === GENERATED);
    expect(firstGenerated).toBeGreaterThan(-1);
    expect(lastReal).toBeLessThan(firstGenerated);
    // one stroke per sample and layer: a white rim and a blue ring per real sample, a cross per generated one
    expect(marks.filter((m) => m.style === REAL)).toHaveLength(2);
    expect(marks.filter((m) => m.style === 'white')).toHaveLength(2);
    expect(marks.filter((m) => m.style === GENERATED)).toHaveLength(3);
    // hollow: nothing is filled, so a real sample never hides what lies under it
    expect(marks.filter((m) => m.op === 'fill')).toEqual([]);
  });

  it('lists the layers with the generated crosses last, at every marker scale', () => {
    for (const scale of [0.6, 1, 1.8]) {
      const layers = sampleLayers(scale, { real: REAL, generated: GENERATED });
      expect(layers[layers.length - 1]).toMatchObject({ samples: 'generated', symbol: 'x', color: GENERATED });
      for (const l of layers.slice(0, -1)) expect(l).toMatchObject({ samples: 'target', symbol: 'ring' });
      // the rings are wider than the crosses, so they show around a cross sitting on them
      expect(layers[0].size).toBeGreaterThan(layers[layers.length - 1].size);
    }
  });
});
