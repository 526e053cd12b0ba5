// The CLI's --seeds: the same settings on each seed, a row per seed, a summary of the
// spread, and one JSON file per seed with --out.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../cli/args';
import { parseSeeds, seedOutPath } from '../cli/seeds';

const run = promisify(execFile);
const TSX = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
const CLI = join(__dirname, '..', 'cli', 'train.ts');

describe('seed lists', () => {
  it('reads ranges and lists, and refuses anything else', () => {
    expect(parseSeeds('1-5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('1,3,7')).toEqual([1, 3, 7]);
    expect(parseSeeds('1-3,10')).toEqual([1, 2, 3, 10]);
    for (const bad of ['', '5-1', 'a', '1-', '1.5', '-3']) expect(parseSeeds(bad), bad).toBeNull();
  });
  it('names one file per seed', () => {
    expect(seedOutPath('out/run.json', 3)).toBe('out/run-seed3.json');
    expect(seedOutPath('run', 2)).toBe('run-seed2');
    expect(seedOutPath('a.b/run', 1)).toBe('a.b/run-seed1');
  });
  it('--seeds and --seed together are refused', () => {
    expect(parseArgs(['--seeds', '1-3', '--seed', '2'])).toMatchObject({ kind: 'error' });
    expect(parseArgs(['--seeds', 'x'])).toMatchObject({ kind: 'error', message: expect.stringMatching(/--seeds must look like/) });
    expect(parseArgs(['--seeds', '2-3'])).toMatchObject({ kind: 'run', options: { seeds: [2, 3] } });
  });
});

describe('npm run train -- --seeds', () => {
  it('runs each seed, prints a row per seed and the spread, writes one JSON per seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gan-seeds-'));
    const out = join(dir, 'run.json');
    const { stdout } = await run(TSX, [CLI, '--loss', 'nonsaturating', '--seeds', '2-3', '--iters', '30', '--every', '15', '--quiet', '--out', out], { timeout: 180_000 });
    expect(stdout).toMatch(/2 seeds \(2, 3\)/);
    expect(stdout).toMatch(/seed +2 .*W1/);
    expect(stdout).toMatch(/seed +3 .*W1/);
    expect(stdout).toMatch(/modes captured +mean/);
    expect(stdout).toMatch(/high quality +mean/);
    const a = JSON.parse(readFileSync(join(dir, 'run-seed2.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(dir, 'run-seed3.json'), 'utf8'));
    expect(a.settings.seed).toBe(2);
    expect(b.settings.seed).toBe(3);
    expect(a.iterations).toBe(30);
    expect(a.samples).not.toEqual(b.samples); // two different runs
    expect(a.final.perMode).toHaveLength(8); // the per-mode histogram travels in the JSON
    const w1 = [a.final.exactW1, b.final.exactW1].map((v: number) => v.toFixed(3));
    expect(stdout).toContain(`min ${[...w1].sort()[0]}`);
  }, 200_000);

  it('on the digits, speaks of digits found and the share recognised', async () => {
    const { stdout } = await run(TSX, [CLI, '--target', 'digits', '--loss', 'nonsaturating', '--seeds', '1-2', '--iters', '20', '--every', '10', '--quiet'], { timeout: 180_000 });
    expect(stdout).toMatch(/seed +1 .*W1 .* digits +\d+\/10 \(≥¼ share +\d+\) +recognised +\d/);
    expect(stdout).toMatch(/digits found +mean/);
    expect(stdout).toMatch(/recognised +mean/);
    expect(stdout).not.toMatch(/high quality|modes captured/);
  }, 200_000);
});
