// The digits asset in the browser: fetched only when the digits target is chosen (it is about
// 2 MB, 0.8 MB compressed), streamed so that the page can show its progress.
import digitsUrl from '../data/build/digits.bin?url';
import { decodeDigits, type DigitsData } from '../engine/digits/asset';

/** The asset's size as built, for progress when the server does not say (or compresses it). */
const EXPECTED_BYTES = 2_076_568;

export async function fetchDigits(onProgress: (loaded: number, total: number) => void): Promise<DigitsData> {
  const res = await fetch(digitsUrl);
  if (!res.ok) throw new Error(`the server answered ${res.status} for ${digitsUrl}`);
  const header = Number(res.headers.get('content-length'));
  // a compressed response's length is not the body's: trust it only when it is the asset's own
  const total = header >= EXPECTED_BYTES * 0.9 ? header : EXPECTED_BYTES;
  if (!res.body) {
    const bytes = new Uint8Array(await res.arrayBuffer());
    onProgress(bytes.length, bytes.length);
    return decodeDigits(bytes);
  }
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    loaded += value.length;
    onProgress(loaded, Math.max(total, loaded));
  }
  const bytes = new Uint8Array(loaded);
  let o = 0;
  for (const p of parts) (bytes.set(p, o), (o += p.length));
  onProgress(loaded, loaded);
  return decodeDigits(bytes);
}
