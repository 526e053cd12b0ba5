// Checks on the CLI's raw values that the settings table's coercion is too lenient for:
// numbers must be written in decimal (Number() also reads '0x10' and ''), switches take no
// value or true/false, and every file --out leads to must be writable before a long run starts.
import { closeSync, fsyncSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A value cut for an error message (a pasted 10 kB value must not flood the terminal). */
export function cut(value: string, max = 40): string {
  return value.length > max ? value.slice(0, max - 1) + '…' : value;
}

/** A file path cut for a message from the left: its end (the file's name) says most. */
export function cutPath(path: string, max = 60): string {
  return path.length > max ? '…' + path.slice(path.length - max + 1) : path;
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
 * Null if `file` can be written, else why not (`label` names it in the message). It is tried
 * for real (permission bits say little when running as root): an existing file is opened
 * for writing without truncating it; a probe byte is written through to the disk in the
 * file's folder and removed again, so that a full device fails now, not after the run; a
 * device or a pipe (/dev/full, /dev/null) takes a zero-byte write, which finds a full one
 * and writes nothing.
 */
export function writableError(file: string, label = `--out ${cutPath(file)}`): string | null {
  const path = resolve(file);
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory()) return `${label} is a folder, not a file`;
  const dir = dirname(path);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return `${label}: the folder ${cutPath(dir)} does not exist`;
  try {
    if (existing && !existing.isFile()) {
      const fd = openSync(path, 'r+');
      try {
        writeSync(fd, Buffer.alloc(0));
      } finally {
        closeSync(fd);
      }
      return null;
    }
    if (existing) closeSync(openSync(path, 'r+'));
    try {
      probeWrite(existing ? join(dir, `.${basename(path)}.probe-${process.pid}`) : path);
    } catch (e) {
      // an existing file may be writable in a folder that is not: only a full device counts then
      const code = (e as NodeJS.ErrnoException).code;
      if (!existing || code === 'ENOSPC' || code === 'EDQUOT') throw e;
    }
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') return `${label} cannot be written: no space left on the device (${code})`;
    return `${label} cannot be written (${code ?? (e as Error).message})`;
  }
}

/** Creates `path` (which must not exist), writes a byte through to the disk, and removes it again. */
function probeWrite(path: string): void {
  const fd = openSync(path, 'wx');
  try {
    writeSync(fd, Buffer.from('\n'));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
    unlinkSync(path);
  }
}

/** The first path of `paths` (with its label) that cannot be written, as a message; null when all can. */
export function firstUnwritable(paths: ReadonlyArray<{ path: string; label: string }>): string | null {
  for (const { path, label } of paths) {
    const error = writableError(path, label);
    if (error) return error;
  }
  return null;
}
