// Saving a run as tf.io weights and loading it back restores it exactly; bad files are
// refused with a reason.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Trainer } from '../src/engine/trainer';
import { decodeRun, encodeRun } from '../src/engine/weightsFile';
import { settings, testBackend } from './helpers';

beforeAll(testBackend);

const small = settings({ dLayers: 2, dWidth: 16, gLayers: 2, gWidth: 16, batchSize: 32, loss: 'wgan-gp' });

describe('weights files', () => {
  it('round-trip: a loaded run continues exactly as the original', async () => {
    const a = new Trainer(small);
    a.iterate(3);
    const file = JSON.parse(JSON.stringify(await encodeRun(a)));
    expect(file.weightSpecs.map((s: { name: string }) => s.name)).toContain('critic/dense0/kernel');
    // the manifest is tf.io's: tf.io.decodeWeights reads it
    const bin = Uint8Array.from(atob(file.weightData), (c) => c.charCodeAt(0)).buffer;
    const tensors = tf.io.decodeWeights(bin, file.weightSpecs);
    expect(tensors['generator/dense0/kernel'].shape).toEqual([2, 16]);
    tf.dispose(Object.values(tensors));
    const b = Trainer.fromState(decodeRun(file));
    expect(b.iteration).toBe(3);
    a.iterate(2);
    b.iterate(2);
    expect(Array.from(b.generator.params.readSync())).toEqual(Array.from(a.generator.params.readSync()));
    expect(Array.from(b.critic.params.readSync())).toEqual(Array.from(a.critic.params.readSync()));
    a.dispose();
    b.dispose();
  });

  it('the generator output travels with the file: a sigmoid run loads as one and draws the same samples; a file without the setting loads linear', async () => {
    const a = new Trainer({ ...small, gOutput: 'sigmoid' });
    a.iterate(2);
    const file = JSON.parse(JSON.stringify(await encodeRun(a)));
    expect(file.settings.gOutput).toBe('sigmoid');
    const b = Trainer.fromState(decodeRun(file));
    expect(b.settings.gOutput).toBe('sigmoid');
    const [ga, gb] = [await a.generate(50), await b.generate(50)];
    expect(Array.from(gb)).toEqual(Array.from(ga));
    expect(Math.min(...ga)).toBeGreaterThan(0);
    expect(Math.max(...ga)).toBeLessThan(1);
    // files written before the setting existed: the linear output they were trained with
    const { gOutput: _, ...older } = file.settings;
    expect(decodeRun({ ...file, settings: older }).settings.gOutput).toBe('linear');
    a.dispose();
    b.dispose();
  });

  it('refuses other files with a reason', async () => {
    const a = new Trainer(small);
    const good = JSON.parse(JSON.stringify(await encodeRun(a)));
    a.dispose();
    expect(() => decodeRun({ hello: 1 })).toThrow('this is not a GAN Playground weights file');
    expect(() => decodeRun({ ...good, version: 7 })).toThrow(/version 7 is not supported/);
    expect(() => decodeRun({ ...good, weightData: good.weightData.slice(0, 40) })).toThrow(/bytes, the manifest describes/);
    expect(() => decodeRun({ ...good, settings: { ...good.settings, dWidth: 8 } })).toThrow(/critic\/dense0\/kernel has shape \[2,16\], the settings need \[2,8\]/);
    expect(() => decodeRun({ ...good, settings: { ...good.settings, lrD: 'x' } })).toThrow(/bad settings: lrD must be a number/);
  });
});
