// The digits asset in Node (CLI, tests, bench): read from disk where scripts/build-digits.mjs
// wrote it. Decoded once per process.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeDigits, type DigitsData } from '../engine/digits/asset';
import { provideDigits } from '../engine/digits/provided';

export const DIGITS_ASSET_PATH = join(dirname(fileURLToPath(import.meta.url)), '../data/build/digits.bin');

let cached: DigitsData | null = null;

export function loadDigitsNode(path = DIGITS_ASSET_PATH): DigitsData {
  if (path === DIGITS_ASSET_PATH && cached) return cached;
  if (!existsSync(path)) throw new Error(`the digits asset is missing (${path}): run node scripts/build-digits.mjs`);
  const data = decodeDigits(readFileSync(path));
  if (path === DIGITS_ASSET_PATH) cached = data;
  return data;
}

/** Loads the asset and provides it to the engine's digits target (makeTarget('digits')). */
export function provideDigitsNode(): DigitsData {
  const data = loadDigitsNode();
  provideDigits(data);
  return data;
}
