// Checks on the CLI's raw values that the settings table's coercion is too lenient for:
// numbers must be written in decimal (Number() also reads '0x10' and ''), switches take no
// value or true/false, and --out must be writable before a long run starts.
import { closeSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A value cut for an error message (a pasted 10 kB value must not flood the terminal). */
export function cut(value: string, max = 40): string {
  return value.length > max ? value.slice(0, max - 1) + '…' : value;
}

/**
 * The message for a value that Number() reads but is not written in decimal ('0x10', '0b11',
 * '1_000' is refused by both); null otherwise (words like 'fast' get the range message).
 */
export function decimalError(flag: string, value: string): string | null {
  const v = value.trim();
  if (DECIMAL.test(v) || !Number.isFinite(Number(v))) return null;
  return `--${flag} must be a decimal number (got '${cut(value)}')`;
}

/** A switch (--quiet) with a value: only true or false are understood. */
export function switchValue(flag: string, value: string | undefined): { ok: true; on: boolean } | { ok: false; error: string } {
  if (value === undefined || value === 'true') return { ok: true, on: true };
  if (value === 'false') return { ok: true, on: false };
  return { ok: false, error: `--${flag} takes no value, or =true / =false (got '${cut(value)}')` };
}

/**
 * Null if `file` can be written, else why not. It is tried for real (permission bits say
 * little when running as root): an existing file is opened for writing without truncating
 * it, a new one is created and removed again.
 */
export function writableError(file: string): string | null {
  const path = resolve(file);
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory()) return `--out ${cut(file)} is a folder, not a file`;
  const dir = dirname(path);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return `--out ${cut(file)}: the folder ${cut(dir)} does not exist`;
  try {
    if (existing) closeSync(openSync(path, 'r+'));
    else {
      closeSync(openSync(path, 'wx'));
      unlinkSync(path);
    }
    return null;
  } catch (e) {
    return `--out ${cut(file)} cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
}
