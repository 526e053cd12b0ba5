// Images laid out as a grid of white-on-black digits (RGBA), for the page's canvases and the
// CLI's PNG: the same picture in both.

/** Writes `count` images (side x side, row-major, values in [0, 1], clamped) as a cols-wide grid of white-on-black digits. */
export function digitGridPixels(images: Float32Array, side: number, count: number, cols: number, gap = 1): { width: number; height: number; rgba: Uint8ClampedArray<ArrayBuffer> } {
  const rows = Math.ceil(count / cols);
  const width = cols * side + (cols + 1) * gap;
  const height = rows * side + (rows + 1) * gap;
  const rgba = new Uint8ClampedArray(width * height * 4);
  // gaps in mid grey, so that neighbouring digits stay apart
  for (let i = 0; i < width * height; i++) {
    rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = 96;
    rgba[4 * i + 3] = 255;
  }
  const pixels = side * side;
  const shown = Math.min(count, Math.floor(images.length / pixels));
  for (let k = 0; k < shown; k++) {
    const ox = gap + (k % cols) * (side + gap);
    const oy = gap + Math.floor(k / cols) * (side + gap);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const v = images[k * pixels + y * side + x];
        const g = Number.isFinite(v) ? Math.round(255 * Math.min(1, Math.max(0, v))) : 0;
        const o = 4 * ((oy + y) * width + ox + x);
        rgba[o] = rgba[o + 1] = rgba[o + 2] = g;
      }
    }
  }
  return { width, height, rgba };
}
