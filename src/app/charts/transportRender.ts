// The optimal transport plan on the plane: a line from each evaluated generated sample to the
// real sample the exact W1's assignment matched it with, shaded by length (long lines: mass
// that still has far to go, e.g. into an empty mode). Pure helpers plus one draw function.

/** Lengths of the lines from[i] → to[i] (both n x 2, row-major). */
export function lineLengths(from: ArrayLike<number>, to: ArrayLike<number>): Float64Array {
  if (from.length !== to.length || from.length % 2 !== 0) throw new Error('lineLengths: from and to must both be n x 2');
  const n = from.length / 2;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.hypot(to[2 * i] - from[2 * i], to[2 * i + 1] - from[2 * i + 1]);
  return out;
}

/** The mean length of the lines: for the optimal plan, the exact W1. */
export function meanLineLength(from: ArrayLike<number>, to: ArrayLike<number>): number {
  const lengths = lineLengths(from, to);
  let sum = 0;
  for (const l of lengths) sum += l;
  return lengths.length ? sum / lengths.length : 0;
}

/** How many shades the lines are drawn in (one canvas path each). */
export const SHADES = 6;

/**
 * Each line's shade, 0 (shortest) to SHADES − 1 (longest), in equal steps of length up to the
 * longest line, so that the few long lines stand out against many short ones.
 */
export function lengthShades(lengths: ArrayLike<number>): Uint8Array {
  let max = 0;
  for (let i = 0; i < lengths.length; i++) if (lengths[i] > max) max = lengths[i];
  const out = new Uint8Array(lengths.length);
  if (!(max > 0)) return out;
  for (let i = 0; i < lengths.length; i++) out[i] = Math.min(SHADES - 1, Math.floor((lengths[i] / max) * SHADES));
  return out;
}

/** Opacity of a shade: faint for short lines, nearly opaque for the longest. */
export const shadeAlpha = (shade: number) => 0.12 + (0.78 * (shade + 1)) / SHADES;

/** Strokes the lines in SHADES passes; px, py map data to canvas coordinates. */
export function drawTransport(
  ctx: CanvasRenderingContext2D,
  lines: { from: ArrayLike<number>; to: ArrayLike<number> },
  px: (x: number) => number,
  py: (y: number) => number,
  color: string,
  width: number,
): void {
  const shades = lengthShades(lineLengths(lines.from, lines.to));
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  for (let shade = 0; shade < SHADES; shade++) {
    ctx.globalAlpha = shadeAlpha(shade);
    ctx.beginPath();
    for (let i = 0; i < shades.length; i++) {
      if (shades[i] !== shade) continue;
      ctx.moveTo(px(lines.from[2 * i]), py(lines.from[2 * i + 1]));
      ctx.lineTo(px(lines.to[2 * i]), py(lines.to[2 * i + 1]));
    }
    ctx.stroke();
  }
  ctx.restore();
}
