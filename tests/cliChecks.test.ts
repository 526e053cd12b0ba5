// The CLI refuses what it cannot do right before training starts: empty, non-decimal and
// repeated values, unknown forms of switches (all exit 2), and an --out it cannot write.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writableError } from '../cli/argChecks';
import { parseArgs } from '../cli/args';

const dir = mkdtempSync(join(tmpdir(), 'gan-cli-checks-'));
const error = (argv: string[]) => {
  const r = parseArgs(argv);
  if (r.kind !== 'error') throw new Error(`expected an error for ${argv.join(' ')}`);
  return r.message;
};

describe('CLI values', () => {
  it('refuses empty values', () => {
    expect(error(['--iters='])).toBe('--iters needs a value (got an empty one)');
    expect(error(['--lrD=', '--iters', '1'])).toBe('--lrD needs a value (got an empty one)');
    expect(error(['--seed', ' '])).toBe('--seed needs a value (got an empty one)');
  });
  it('refuses numbers not written in decimal', () => {
    expect(error(['--iters', '0x10'])).toBe("--iters must be a decimal number (got '0x10')");
    expect(error(['--lrD', '0x1'])).toBe("--lrD must be a decimal number (got '0x1')");
    expect(error(['--batchSize', '0b11'])).toMatch(/--batchSize must be a decimal number/);
    expect(error(['--every', 'Infinity'])).toMatch(/--every must be an integer/);
    // decimal forms all pass
    expect(parseArgs(['--lrD', '1e-3', '--iters', '10', '--thetaInit', '-0.5', '--target', 'line', '--generator', 'theta']).kind).toBe('run');
  });
  it('refuses a flag given twice, in any spelling', () => {
    expect(error(['--lrD', '1e-3', '--lrD', '1e-4'])).toBe('--lrD is given twice; give it once');
    expect(error(['--lrD', '1e-3', '--lr-d=1e-4'])).toBe('--lr-d is given twice; give it once');
    expect(error(['--iters', '1', '--iters', '2'])).toBe('--iters is given twice; give it once');
    expect(error(['--quiet', '--quiet'])).toBe('--quiet is given twice; give it once');
  });
  it('takes switches bare or as =true / =false, nothing else', () => {
    expect(error(['--quiet=yes'])).toBe("--quiet takes no value, or =true / =false (got 'yes')");
    expect(error(['--no-paper-defaults=1'])).toMatch(/--no-paper-defaults takes no value/);
    const on = parseArgs(['--quiet=true']);
    const off = parseArgs(['--quiet=false']);
    expect(on.kind === 'run' && on.options.quiet).toBe(true);
    expect(off.kind === 'run' && off.options.quiet).toBe(false);
  });
  it('cuts a long bad value in the message', () => {
    expect(error(['--iters', 'x'.repeat(10_000)]).length).toBeLessThan(100);
    expect(error(['--quiet', 'x'.repeat(10_000)]).length).toBeLessThan(100);
    expect(error([`--${'y'.repeat(10_000)}`, '1']).length).toBeLessThan(100);
  });
});

describe('--out', () => {
  it('is checked for real: a missing folder, a folder, a writable path', () => {
    expect(writableError(join(dir, 'no', 'such', 'run.json'))).toMatch(/the folder .* does not exist/);
    expect(writableError(dir)).toMatch(/is a folder, not a file/);
    expect(writableError(join(dir, 'run.json'))).toBeNull();
    expect(existsSync(join(dir, 'run.json'))).toBe(false); // the probe leaves nothing behind
    writeFileSync(join(dir, 'kept.json'), 'old');
    expect(writableError(join(dir, 'kept.json'))).toBeNull();
  });

  it('an unwritable --out exits 2 before training', async () => {
    const run = promisify(execFile);
    const tsx = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
    const r = await run(tsx, [join(__dirname, '..', 'cli', 'train.ts'), '--iters', '100000', '--out', join(dir, 'missing', 'run.json')], { timeout: 60_000 }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: --out .*the folder .* does not exist/);
    expect(r.stderr).not.toMatch(/iteration/); // no training happened
  }, 60_000);
});
