// The CLI: flags from the settings table, clear errors with exit code 2, and a JSON run
// file for every loss on ring8.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../cli/args';
import { LOSS_IDS } from '../src/engine/settings';

const run = promisify(execFile);
const TSX = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
const CLI = join(__dirname, '..', 'cli', 'train.ts');
const dir = mkdtempSync(join(tmpdir(), 'gan-cli-'));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { timeout: 180_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('argument parsing', () => {
  it('loads the loss paper defaults, then applies explicit flags in any spelling', () => {
    const r = parseArgs(['--loss', 'wgan', '--lr-g=1e-3', '--nCritic', '3']);
    expect(r.kind).toBe('run');
    if (r.kind !== 'run') return;
    expect(r.settings.optimizer).toBe('rmsprop'); // WGAN paper default
    expect(r.settings.clip).toBe(0.01);
    expect(r.settings.lrD).toBe(5e-5);
    expect(r.settings.lrG).toBe(1e-3); // explicit flag wins
    expect(r.settings.nCritic).toBe(3);
  });
  it('refuses bad flags and values with a message', () => {
    expect(parseArgs(['--loss', 'wgan-gpp'])).toMatchObject({ kind: 'error', message: expect.stringMatching(/loss must be one of/) });
    expect(parseArgs(['--batchSize', '0'])).toMatchObject({ kind: 'error', message: expect.stringMatching(/batchSize must be an integer from 2/) });
    expect(parseArgs(['--iters', 'many'])).toMatchObject({ kind: 'error', message: expect.stringMatching(/--iters must be an integer/) });
    expect(parseArgs(['--seed'])).toMatchObject({ kind: 'error', message: '--seed needs a value' });
    expect(parseArgs(['ring8'])).toMatchObject({ kind: 'error' });
    expect(parseArgs(['--backend', 'webgl'])).toMatchObject({ kind: 'error', message: expect.stringMatching(/not available in Node/) });
    expect(parseArgs(['--thetaInit', '-0.5', '--target', 'line', '--generator', 'theta'])).toMatchObject({ kind: 'run' });
  });
});

describe('npm run train', () => {
  it('exits with code 2 and a clear message on a bad value', async () => {
    const r = await cli(['--lrD', 'fast']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: lrD must be a number from 1e-6 to 1 (got 'fast')");
  });
  it('rejects a bad CSV of points naming the line', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'x,y\n0,0\n1,oops\n');
    const r = await cli(['--points', file, '--iters', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("line 3: 'oops' is not a number");
  });
  for (const loss of LOSS_IDS) {
    it(`${loss} on ring8 completes and writes the run JSON`, async () => {
      const out = join(dir, `${loss}.json`);
      const r = await cli(['--target', 'ring8', '--loss', loss, '--iters', '20', '--every', '10', '--seed', '1', '--backend', 'wasm', '--quiet', '--out', out]);
      expect(r.stderr).not.toContain('error');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/exact W1\s+\d/);
      expect(r.stdout).toMatch(/modes captured\s+\d\/8/);
      const json = JSON.parse(readFileSync(out, 'utf8'));
      expect(json.settings).toMatchObject({ target: 'ring8', loss, seed: 1 });
      expect(json.iterations).toBe(20);
      expect(json.history.map((h: { iteration: number }) => h.iteration)).toEqual([0, 10, 20]);
      for (const key of ['dLoss', 'gLoss', 'exactW1', 'modes', 'hq']) expect(json.history[2][key], key).toEqual(expect.any(Number));
      expect(json.history[2][loss.startsWith('wgan') ? 'w1Estimate' : 'dLoss']).toEqual(expect.any(Number));
      expect(json.samples).toHaveLength(2500);
      expect(json.samples[0]).toEqual([expect.any(Number), expect.any(Number)]);
    });
  }
  it('the same seed gives the same run', async () => {
    const [a, b] = await Promise.all(
      ['a', 'b'].map(async (name) => {
        const out = join(dir, `same-${name}.json`);
        await cli(['--target', 'two-gaussians', '--loss', 'hinge', '--iters', '15', '--every', '5', '--seed', '7', '--backend', 'wasm', '--quiet', '--out', out]);
        return JSON.parse(readFileSync(out, 'utf8'));
      }),
    );
    expect(b.history).toEqual(a.history);
    expect(b.samples).toEqual(a.samples);
  });
});
