// The CLI on the digits target: the usual JSON (history with the digit metrics, the class
// histogram, 64 images) and a PNG grid of 64 generated digits beside it; and the PNG encoder.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pngPathFor } from '../cli/digitsOutput';
import { crc32, encodePng } from '../cli/png';

const run = promisify(execFile);
const TSX = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
const CLI = join(__dirname, '..', 'cli', 'train.ts');
const dir = mkdtempSync(join(tmpdir(), 'gan-cli-digits-'));

/** Width, height and the unfiltered RGBA rows of a PNG written by encodePng. */
function decodePng(bytes: Buffer): { width: number; height: number; rgba: Buffer } {
  expect(Array.from(bytes.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let o = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (o < bytes.length) {
    const len = bytes.readUInt32BE(o);
    const type = bytes.toString('ascii', o + 4, o + 8);
    const data = bytes.subarray(o + 8, o + 8 + len);
    expect(bytes.readUInt32BE(o + 8 + len)).toBe(crc32(bytes.subarray(o + 4, o + 8 + len)));
    if (type === 'IHDR') (width = data.readUInt32BE(0)), (height = data.readUInt32BE(4));
    if (type === 'IDAT') idat.push(data);
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (1 + 4 * width)]).toBe(0);
    raw.copy(rgba, y * width * 4, y * (1 + 4 * width) + 1, (y + 1) * (1 + 4 * width));
  }
  return { width, height, rgba };
}

describe('PNG encoder', () => {
  it("uses zlib's CRC-32 (the IEND chunk's is AE 42 60 82)", () => {
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
  });

  it('round-trips a 3 x 2 RGBA image', () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const png = decodePng(encodePng(3, 2, rgba));
    expect([png.width, png.height]).toEqual([3, 2]);
    expect(Array.from(png.rgba)).toEqual(Array.from(rgba));
    expect(() => encodePng(3, 3, rgba)).toThrow(/RGBA bytes/);
  });

  it('puts the PNG beside the JSON', () => {
    expect(pngPathFor('out/run.json')).toBe('out/run.png');
    expect(pngPathFor('run')).toBe('run.png');
  });
});

describe('npm run train -- --target digits', () => {
  it('writes the JSON with the digit metrics and a PNG grid of 64 generated digits', async () => {
    const out = join(dir, 'digits.json');
    const { stdout } = await run(
      TSX,
      [CLI, '--target', 'digits', '--loss', 'wgan-gp', '--iters', '4', '--every', '2', '--gLayers', '1', '--gWidth', '32', '--dLayers', '1', '--dWidth', '32', '--latentDim', '16', '--batchSize', '16', '--backend', 'fused', '--quiet', '--out', out],
      { timeout: 180_000 },
    );
    expect(stdout).toMatch(/on Digits \(MNIST\)/);
    expect(stdout).toMatch(/per digit/);
    const run_ = JSON.parse(readFileSync(out, 'utf8'));
    expect(run_.settings.target).toBe('digits');
    expect(run_.history.length).toBe(3);
    for (const row of run_.history) {
      expect(row.modesTotal).toBe(10);
      expect(row.perMode.length).toBe(10);
      expect(row.exactW1).toBeGreaterThan(row.floor);
    }
    expect(run_.classHistogram).toEqual(run_.final.perMode);
    expect(run_.samples.length).toBe(64);
    expect(run_.samples[0].length).toBe(196);
    expect(run_.image).toEqual({ side: 14, png: pngPathFor(out) });
    expect(existsSync(pngPathFor(out))).toBe(true);
    // 8 x 8 digits of 14 px with 1 px gaps (8 x 14 + 9 = 121 px), scaled 4 times
    const png = decodePng(readFileSync(pngPathFor(out)));
    expect([png.width, png.height]).toEqual([484, 484]);
    // every pixel of the first digit (past the 1 px gap, scaled) is the JSON's (3 decimals there)
    for (let p = 0; p < 196; p++) {
      const x = 4 * (1 + (p % 14));
      const y = 4 * (1 + Math.floor(p / 14));
      const grey = png.rgba[4 * (y * png.width + x)];
      expect(Math.abs(grey - 255 * Math.min(1, Math.max(0, run_.samples[0][p])))).toBeLessThanOrEqual(1);
    }
    // the gap between digits is grey
    expect(png.rgba[0]).toBe(96);
  });
});

describe('--target digits loads networks sized for digits', () => {
  it('2 x 256, z 64, batch 64 unless flags say otherwise', async () => {
    const { parseArgs } = await import('../cli/args');
    const r = parseArgs(['--target', 'digits', '--loss', 'nonsaturating']);
    if (r.kind !== 'run') throw new Error(JSON.stringify(r));
    expect([r.settings.gLayers, r.settings.gWidth, r.settings.dLayers, r.settings.dWidth, r.settings.latentDim, r.settings.batchSize]).toEqual([2, 256, 2, 256, 64, 64]);
    const own = parseArgs(['--target', 'digits', '--gWidth', '32', '--batchSize', '16']);
    if (own.kind !== 'run') throw new Error(JSON.stringify(own));
    expect([own.settings.gWidth, own.settings.batchSize, own.settings.dWidth]).toEqual([32, 16, 256]);
    const ring = parseArgs(['--target', 'ring8']);
    if (ring.kind !== 'run') throw new Error(JSON.stringify(ring));
    expect(ring.settings.gWidth).toBe(64);
  });
});
