// Runaway runs (finite, but far out of any sensible range) are caught like non-finite ones:
// the snapshot says what ran away and the likely cause, and the CLI exits with code 3.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { RUNAWAY_VALUE, likelyCauses, runawayReason } from '../src/engine/runaway';
import { Trainer } from '../src/engine/trainer';
import { DIVERGED_HINT, allFinite } from '../src/engine/trainerBase';
import { settings, testBackend } from './helpers';

beforeAll(testBackend);

const EXTENT = [-2, 2, -2, 2] as [number, number, number, number];
const near = (n: number) => Float32Array.from({ length: 2 * n }, (_, i) => Math.sin(i));

describe('runaway detection', () => {
  it('flags samples that leave a box 100x the target, not a few strays', () => {
    const s = settings();
    expect(runawayReason({ settings: s, extent: EXTENT, generated: near(100), losses: [0.5, -0.3] })).toBeNull();
    const some = near(100);
    some[0] = 1e4; // one stray sample of 100
    expect(runawayReason({ settings: s, extent: EXTENT, generated: some, losses: [] })).toBeNull();
    const far = near(100).map((v, i) => (i < 40 ? 1e3 + v : v)); // 20 of 100 at 1000 (the box reaches 200)
    expect(runawayReason({ settings: s, extent: EXTENT, generated: far, losses: [] })).toMatch(/20% of the generated samples are more than 100× the target's size away/);
  });

  it('flags losses and critic outputs past the bound; leaves non-finite ones to the divergence check', () => {
    const s = settings();
    expect(runawayReason({ settings: s, extent: EXTENT, generated: near(10), losses: [2 * RUNAWAY_VALUE] })).toMatch(/a loss reached 2\.0e\+6/);
    expect(runawayReason({ settings: s, extent: EXTENT, generated: near(10), losses: [1], criticOutputs: [0, -3e7] })).toMatch(/critic's outputs reached 3\.0e\+7/);
    expect(runawayReason({ settings: s, extent: EXTENT, generated: near(10), losses: [NaN, Infinity] })).toBeNull();
    // samples gone NaN while the losses still read finite (seen with SGD at lr 1)
    const nan = near(10);
    nan[3] = NaN;
    expect(runawayReason({ settings: s, extent: EXTENT, generated: nan, losses: [1] })).toMatch(/10% of the generated samples are not finite numbers/);
  });

  it('names the likely cause from the settings', () => {
    expect(likelyCauses(settings({ loss: 'wgan', optimizer: 'sgd', lrD: 1, lrG: 1, clip: 10 }))).toMatch(/learning rates \(lrD 1, lrG 1\) are high.*clip value c = 10/);
    expect(likelyCauses(settings({ loss: 'lsgan', lrD: 1e-4, lrG: 1e-4, batchSize: 2 }))).toMatch(/batch size 2/);
  });

  it('a healthy run is not a runaway; the issue\'s WGAN at lr 1 and clip 10 is, within 50 iterations', async () => {
    const healthy = new Trainer(settings({ dLayers: 2, dWidth: 32, gLayers: 2, gWidth: 32, batchSize: 64, seed: 1 }));
    healthy.iterate(50);
    expect(await healthy.runaway()).toBeNull();
    expect((await healthy.snapshot({ samples: 200, grid: 10 })).diverged).toBeNull();
    healthy.dispose();
    const wild = new Trainer(settings({ loss: 'wgan', optimizer: 'sgd', lrD: 1, lrG: 1, clip: 10, nCritic: 5, seed: 1 }));
    wild.iterate(50);
    const snap = await wild.snapshot({ samples: 200, grid: 10 });
    // every step's losses are seen (lossPeak.ts): its critic loss reached −∞ at iteration 2, so it diverged
    expect(snap.diverged).toBe(DIVERGED_HINT);
    // the snapshot took that window; what is left to see now is its generated samples, no longer finite
    expect(await wild.runaway()).toMatch(/^At iteration 50 the run ran away: 100% of the generated samples are not finite.*Likely cause: the learning rates \(lrD 1, lrG 1\) are high/);
    wild.dispose();
  });
});

const run = promisify(execFile);
const TSX = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
const CLI = join(__dirname, '..', 'cli', 'train.ts');
async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(TSX, [CLI, '--quiet', ...args], { timeout: 120_000 });
    return { code: 0, stderr };
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr };
  }
}

describe('npm run train on runaway settings', () => {
  // the cases: finite all along, so only the runaway check stops them
  it.each([
    ['WGAN, SGD at lr 1, clip 10', ['--loss', 'wgan', '--optimizer', 'sgd', '--lrD', '1', '--lrG', '1', '--clip', '10', '--iters', '500']],
    ['least squares at lr 1, batch 2', ['--loss', 'lsgan', '--lrD', '1', '--lrG', '1', '--batchSize', '2', '--iters', '500']],
  ])('%s exits 3 with the cause', async (_name, args) => {
    const r = await cli(args);
    expect(r.code).toBe(3);
    // finite at the checks; a non-finite step between them now counts as the divergence it is
    expect(r.stderr).toMatch(/(the run ran away: .*|the run diverged\. )Likely cause: the learning rates/);
  }, 120_000);
});

describe('allFinite (the divergence check of a snapshot on the critic parameters)', () => {
  it('is false for NaN and both infinities anywhere, true for finite values and for none', () => {
    const v = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 1e30);
    expect(allFinite(v)).toBe(true);
    expect(allFinite(new Float32Array(0))).toBe(true);
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const at of [0, 500, 999]) {
        const w = v.slice();
        w[at] = bad;
        expect(allFinite(w)).toBe(false);
      }
    }
  });
});
