// What the CLI writes for an image target (digits) besides the run's JSON: a PNG grid of 64
// generated digits beside it (run.json -> run.png), and the samples as 64 images instead of
// 2,500 points.
import { writeFileSync } from 'node:fs';
import { digitGridPixels } from '../src/engine/digits/grid';
import { encodePng } from './png';

export const GRID_SAMPLES = 64;

/** run.json -> run.png; any other name gets .png appended. */
export function pngPathFor(outPath: string): string {
  return /\.json$/i.test(outPath) ? outPath.replace(/\.json$/i, '.png') : `${outPath}.png`;
}

/** Writes an 8 x 8 grid of the first 64 images (side x side pixels in [0, 1]), scaled up `scale` times. */
export function writeDigitGrid(path: string, images: Float32Array, side: number, scale = 4): void {
  const { width, height, rgba } = digitGridPixels(images, side, GRID_SAMPLES, 8);
  const W = width * scale;
  const H = height * scale;
  const big = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const s = 4 * (Math.floor(y / scale) * width + Math.floor(x / scale));
      big.set(rgba.subarray(s, s + 4), 4 * (y * W + x));
    }
  }
  writeFileSync(path, encodePng(W, H, big));
}

/** The first 64 images as rows of pixel values (3 decimals), for the JSON. */
export function imageRows(images: Float32Array, pixels: number): number[][] {
  return Array.from({ length: GRID_SAMPLES }, (_, i) => Array.from(images.subarray(i * pixels, (i + 1) * pixels), (v) => Math.round(v * 1000) / 1000));
}
