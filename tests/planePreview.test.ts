// The plane's preview before the worker's first snapshot: the same real samples the run's
// snapshots carry (the engine's seeded evaluation set), so nothing jumps when training starts.
import { beforeAll, describe, expect, it } from 'vitest';
import { isPreview, planePreview, PREVIEW_TARGET_SAMPLES } from '../src/app/charts/planePreview';
import { useBackend } from '../src/engine/backends';
import { makeTrainer } from '../src/engine/createTrainer';
import { defaultSettings, type Settings } from '../src/engine/settings';
import { SNAPSHOT_OPTIONS } from '../src/worker/loop';

const CUSTOM = [[0.5, 0.5], [-1, 0.25], [1.5, -1]] as const;

beforeAll(async () => {
  await useBackend('fused');
});

describe('planePreview', () => {
  it('shows as many target samples as the worker\'s snapshots', () => {
    expect(PREVIEW_TARGET_SAMPLES).toBe(SNAPSHOT_OPTIONS.targetSamples);
  });

  for (const [target, seed, loss] of [['ring8', 1, 'wgan-gp'], ['grid25', 7, 'minimax'], ['swissroll', 3, 'hinge'], ['custom', 2, 'lsgan']] as const) {
    it(`${target}, seed ${seed}: the very samples and frame of the run's first snapshot`, async () => {
      const s: Settings = { ...defaultSettings(), target, seed, loss };
      const preview = planePreview(s, CUSTOM)!;
      const trainer = makeTrainer(s, 'fused', { customPoints: CUSTOM });
      try {
        const snap = await trainer.snapshot(SNAPSHOT_OPTIONS);
        expect(isPreview(preview)).toBe(true);
        expect(isPreview(snap)).toBe(false);
        expect(Array.from(preview.target)).toEqual(Array.from(snap.target));
        expect(preview.field.extent).toEqual(snap.field.extent);
        expect(preview.field.kind).toBe(snap.field.kind);
        // it claims nothing about the networks
        expect(preview.generated.length).toBe(0);
        expect(preview.field.values.length).toBe(0);
      } finally {
        trainer.dispose();
      }
    });
  }

  it('another seed gives other samples; digits have no plane', () => {
    const a = planePreview({ ...defaultSettings(), target: 'ring8', seed: 1 }, CUSTOM)!;
    const b = planePreview({ ...defaultSettings(), target: 'ring8', seed: 2 }, CUSTOM)!;
    expect(Array.from(a.target)).not.toEqual(Array.from(b.target));
    expect(planePreview({ ...defaultSettings(), target: 'digits' }, CUSTOM)).toBeNull();
  });
});
