// The CLI refuses what it cannot do right before training starts: empty, non-decimal and
// repeated values, unknown forms of switches (all exit 2), and an --out it cannot write.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { firstUnwritable, writableError } from '../cli/argChecks';
import { outputPaths, parseArgs } from '../cli/args';

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
    expect(readFileSync(join(dir, 'kept.json'), 'utf8')).toBe('old'); // an existing file is not touched
    expect(readdirSync(dir).filter((f) => f.includes('probe'))).toEqual([]);
  });

  it.runIf(existsSync('/dev/full'))('finds a full device before the run, and takes a device that has room', () => {
    expect(writableError('/dev/full')).toBe('--out /dev/full cannot be written: no space left on the device (ENOSPC)');
    expect(writableError('/dev/null')).toBeNull();
  });

  it('lists every file a run writes: one per seed, and the digits pictures', () => {
    const run = (argv: string[]) => {
      const r = parseArgs(argv);
      if (r.kind !== 'run') throw new Error('expected a run');
      return outputPaths(r.settings, r.options).map((p) => p.path);
    };
    expect(run([])).toEqual([]);
    expect(run(['--out', 'a/run.json'])).toEqual(['a/run.json']);
    expect(run(['--seeds', '1-2', '--out', 'sd/run.json'])).toEqual(['sd/run-seed1.json', 'sd/run-seed2.json']);
    expect(run(['--target', 'digits', '--seeds', '3,5', '--out', 'd.json'])).toEqual(['d-seed3.json', 'd-seed3.png', 'd-seed5.json', 'd-seed5.png']);
  });

  it('names the path that cannot be written, seed by seed', () => {
    const sd = join(dir, 'sd');
    mkdirSync(join(sd, 'run-seed2.json'), { recursive: true });
    const check = (argv: string[]) => {
      const r = parseArgs(argv);
      if (r.kind !== 'run') throw new Error('expected a run');
      return firstUnwritable(outputPaths(r.settings, r.options));
    };
    expect(check(['--seeds', '1-2', '--out', join(sd, 'run.json')])).toMatch(/^--out .*sd\/run\.json \(.*sd\/run-seed2\.json for seed 2\) is a folder, not a file$/);
    expect(check(['--seeds', '1', '--out', join(sd, 'run.json')])).toBeNull();
    mkdirSync(join(dir, 'digits', 'run.png'), { recursive: true });
    expect(check(['--target', 'digits', '--out', join(dir, 'digits', 'run.json')])).toMatch(/\(.*digits\/run\.png, the digits' picture\) is a folder, not a file$/);
    // a long path is cut from the left: the file's name stays
    const long = join(dir, 'x'.repeat(200), 'run.json');
    expect(check(['--out', long])!.length).toBeLessThan(160);
    expect(check(['--out', long])).toMatch(/^--out …x+\/run\.json: the folder …/);
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

  it.runIf(existsSync('/dev/full'))('a full device exits 2 before training (every path, seeds included, goes through the same check)', async () => {
    const run = promisify(execFile);
    const tsx = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
    const r = await run(tsx, [join(__dirname, '..', 'cli', 'train.ts'), '--iters', '100000', '--out', '/dev/full'], { timeout: 60_000 }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --out /dev/full cannot be written: no space left on the device (ENOSPC)\n');
  }, 60_000);
});

describe('--preset line-gan and line-wgan', () => {
  it("take the page's 1,000-step critic head start; --head-start sets another", () => {
    const options = (argv: string[]) => {
      const r = parseArgs(argv);
      if (r.kind !== 'run') throw new Error(r.kind === 'error' ? r.message : 'help');
      return r.options;
    };
    expect(options(['--preset', 'line-gan']).headStart).toBe(1000);
    expect(options(['--preset', 'line-wgan']).headStart).toBe(1000);
    expect(options(['--preset', 'mode-collapse']).headStart).toBe(0);
    expect(options([]).headStart).toBe(0);
    expect(options(['--preset', 'line-gan', '--head-start', '0']).headStart).toBe(0);
    expect(options(['--target', 'line', '--generator', 'theta', '--head-start', '200']).headStart).toBe(200);
    expect(error(['--head-start', '6000'])).toBe("--head-start must be an integer from 0 to 5000 (got '6000')");
  });
});
