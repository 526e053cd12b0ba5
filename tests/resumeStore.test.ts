// A run kept in the tab's session storage for a reload (src/app/resumeStore.ts): kept as a
// weights file the page's checks accept, offered back only under the same settings, refused
// (with a note) past the size limit, and anything malformed read as "start anew", never thrown.
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeState, forgetRun, keepRun, MAX_KEPT_BYTES, recallRun, RESUME_STORAGE_KEY, runKey, stateBytes } from '../src/app/resumeStore';
import { Trainer } from '../src/engine/trainer';
import type { TrainerState } from '../src/engine/trainerBase';
import { decodeRun, encodeRun } from '../src/engine/weightsFile';
import { settings, testBackend } from './helpers';

beforeAll(testBackend);

/** Session storage's interface over a Map, with a quota in characters like the browser's. */
function memoryStorage(quota = Infinity): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => {
      const used = [...m].reduce((n, [kk, vv]) => n + (kk === k ? 0 : kk.length + vv.length), 0);
      if (used + k.length + v.length > quota) throw new DOMException('quota', 'QuotaExceededError');
      m.set(k, String(v));
    },
  };
}

const small = settings({ dLayers: 2, dWidth: 16, gLayers: 2, gWidth: 16, batchSize: 32, loss: 'wgan-gp', optimizer: 'adam' });

async function trained(iterations: number): Promise<{ trainer: Trainer; state: TrainerState }> {
  const trainer = new Trainer(small);
  trainer.iterate(iterations);
  return { trainer, state: await trainer.exportState() };
}

describe('keeping a run for a reload', () => {
  it('writes the same weights file as an export (without tfjs), and the kept run continues exactly', async () => {
    const { trainer, state } = await trained(3);
    const exported = await encodeRun(trainer);
    const encoded = encodeState(state);
    expect(encoded.weightSpecs).toEqual(exported.weightSpecs);
    expect(encoded.weightData).toBe(exported.weightData);

    const storage = memoryStorage();
    const key = runKey(small, null);
    const history = [1, 2, 3, 4].map((iteration) => ({ iteration, criticSteps: 5 * iteration, exactW1: 0.5 }) as never);
    expect(keepRun(storage, key, state, history)).toEqual({ kept: true });
    const back = recallRun(storage, key);
    expect(back).toMatchObject({ kind: 'resume' });
    if (back.kind !== 'resume') return;
    expect(back.iteration).toBe(3);
    // rows past the checkpoint are not the kept run's
    expect(back.file.history!.map((r) => r.iteration)).toEqual([1, 2, 3]);
    const resumed = Trainer.fromState(decodeRun(back.file));
    trainer.iterate(2);
    resumed.iterate(2);
    expect(Array.from(resumed.generator.params.readSync())).toEqual(Array.from(trainer.generator.params.readSync()));
    trainer.dispose();
    resumed.dispose();
  });

  it('offers a kept run only under the same settings', async () => {
    const { trainer, state } = await trained(2);
    trainer.dispose();
    const storage = memoryStorage();
    keepRun(storage, runKey(small, null), state, []);
    expect(recallRun(storage, runKey({ ...small, seed: small.seed + 1 }, null)).kind).toBe('none');
    expect(recallRun(storage, runKey({ ...small, lrD: small.lrD * 2 }, null)).kind).toBe('none');
    expect(recallRun(storage, runKey(small, null)).kind).toBe('resume');
    forgetRun(storage);
    expect(recallRun(storage, runKey(small, null)).kind).toBe('none');
  });

  it('does not keep a run past the size limit or the quota, and leaves a note that says so', async () => {
    const { trainer, state } = await trained(1);
    trainer.dispose();
    const key = runKey(small, null);
    // the same run with tensors past the limit (only its size is looked at before refusing)
    const big: TrainerState = { ...state, critic: new Float32Array(MAX_KEPT_BYTES / 4 + 1) };
    expect(stateBytes(big)).toBeGreaterThan(MAX_KEPT_BYTES);
    const storage = memoryStorage();
    const r = keepRun(storage, key, big, []);
    expect(r.kept).toBe(false);
    expect(!r.kept && r.reason).toMatch(/more than the 3\.0 MB/);
    expect(storage.getItem(RESUME_STORAGE_KEY)!.length).toBeLessThan(10_000);
    expect(recallRun(storage, key)).toEqual({ kind: 'tooLarge', iteration: 1, bytes: stateBytes(big) });

    // within the limit but past what the storage holds
    const full = memoryStorage(5_000);
    const q = keepRun(full, key, state, []);
    expect(q.kept).toBe(false);
    expect(!q.kept && q.reason).toMatch(/do not fit/);
    expect(recallRun(full, key).kind).toBe('tooLarge');
  });

  it('reads bad stored data as "start anew", naming why, and never throws', async () => {
    const { trainer, state } = await trained(2);
    trainer.dispose();
    const key = runKey(small, null);
    const storage = memoryStorage();
    keepRun(storage, key, state, []);
    const good = JSON.parse(storage.getItem(RESUME_STORAGE_KEY)!);
    const cases: Array<[unknown, RegExp]> = [
      ['{"version":1,', /not valid JSON/],
      [[1, 2], /not a kept run/],
      [{ ...good, version: 99 }, /version/],
      [{ ...good, iteration: -3 }, /iteration/],
      [{ ...good, iteration: 7 }, /does not match its weights/],
      [{ ...good, tooLarge: 'big' }, /size/],
      [{ ...good, file: { ...good.file, weightData: good.file.weightData.slice(8) } }, /weightData/],
      [{ ...good, file: { ...good.file, format: 'other' } }, /not a GAN Playground weights file/],
      [{ ...good, file: { ...good.file, settings: { ...good.file.settings, seed: 99 } } }, /other settings/],
      [{ ...good, file: { ...good.file, settings: { ...good.file.settings, constructor: 1 } } }, /./],
    ];
    for (const [stored, why] of cases) {
      storage.setItem(RESUME_STORAGE_KEY, typeof stored === 'string' ? stored : JSON.stringify(stored));
      const r = recallRun(storage, key);
      expect(r.kind, JSON.stringify(stored).slice(0, 80)).toBe('unreadable');
      expect(r.kind === 'unreadable' && r.reason).toMatch(why);
    }
  });
});
