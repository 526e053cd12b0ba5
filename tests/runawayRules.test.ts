// The runaway rules see every step's losses (engine/lossPeak.ts), the same in the page (its
// snapshots) and the CLI (trainer.runaway()); a collapse onto a point is named; the hint names
// the likely cause of what was seen.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromQuery } from '../src/app/urlState';
import { useBackend, type BackendName } from '../src/engine/backends';
import { makeTrainer, trainerFromState } from '../src/engine/createTrainer';
import { LossPeakTracker } from '../src/engine/lossPeak';
import { RUNAWAY_VALUE, detectRunaway, runawayMessage } from '../src/engine/runaway';
import { makeTarget } from '../src/engine/targets';
import { Rng } from '../src/engine/rng';
import { settings } from './helpers';

beforeAll(() => useBackend('wasm'));

// the issue's link: WGAN-GP with Adam at lr 1 for both networks (the page trained 13,835 iterations unflagged)
const LR1 = () => fromQuery('?lrd=1&lrg=1').settings;
const SNAPSHOT = { samples: 1000, grid: 60, arrows: 150, targetSamples: 1000 };

describe('every step’s losses', () => {
  it('the tracker keeps the largest |loss| and any non-finite one, on numbers and on the device', async () => {
    const t = new LossPeakTracker();
    t.note([1, -3e6, null]);
    t.note([2]);
    expect(await t.take()).toEqual({ maxAbs: 3e6, nonFinite: false, steps: 2 });
    expect(await t.take()).toEqual({ maxAbs: 0, nonFinite: false, steps: 0 });
    for (const bad of [NaN, Infinity, -Infinity]) {
      const s = [tf.scalar(5), tf.scalar(bad), tf.scalar(-7)];
      t.noteTensors([s[0]]);
      t.noteTensors([s[1], s[2]]);
      t.noteTensors([tf.scalar(1)]);
      const peak = await t.take();
      expect(peak.nonFinite).toBe(true);
      expect(peak.steps).toBe(3);
      tf.dispose(s);
    }
    const before = tf.memory().numTensors;
    const a = tf.scalar(-2.5e6);
    const b = tf.scalar(3);
    t.noteTensors([a, b]);
    t.noteTensors([b]);
    tf.dispose([a, b]);
    expect(await t.take()).toEqual({ maxAbs: 2.5e6, nonFinite: false, steps: 2 });
    expect(tf.memory().numTensors).toBe(before); // the running maximum is freed once read
    // past one fold (64 losses held at most): a spike early in a long chunk is still there
    const values = Array.from({ length: 150 }, (_, i) => tf.scalar(i === 10 ? -4e7 : i % 7));
    for (const v of values) t.noteTensors([v]);
    tf.dispose(values);
    expect(await t.take()).toEqual({ maxAbs: 4e7, nonFinite: false, steps: 150 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(['fused', 'wasm'] as BackendName[])(
    '?lrd=1&lrg=1 on %s: the page’s snapshots and the CLI’s check flag the same spike, which the last losses no longer show',
    async (backend) => {
      await useBackend(backend);
      const s = { ...LR1(), backend };
      const page = makeTrainer(s, backend);
      const cli = makeTrainer(s, backend);
      let pageSaw: string | null = null;
      let cliSaw: string | null = null;
      let lastLosses: number[] = [];
      // the CLI checks every 40 iterations (2,000 / 50), the page after chunks of its own size
      while (page.iteration < 300 && !(pageSaw && cliSaw)) {
        page.iterate(40);
        cli.iterate(40);
        if (!pageSaw) {
          pageSaw = (await page.snapshot(SNAPSHOT)).diverged;
          const l = await page.losses();
          lastLosses = [l.critic, l.penalty, l.generator].map((v) => Math.abs(v ?? 0));
        }
        if (!cliSaw) cliSaw = await cli.runaway();
      }
      expect(pageSaw).toMatch(/^At iteration \d+ the run ran away: a loss reached .*Likely cause: the learning rates \(lrD 1, lrG 1\) are high/);
      // the same rule on the same values: the same message, at the same iteration
      expect(cliSaw).toBe(pageSaw);
      // the losses of the last step alone were within bounds: a sampled check misses this run
      expect(Math.max(...lastLosses)).toBeLessThan(RUNAWAY_VALUE);
      page.dispose();
      cli.dispose();
      await useBackend('wasm');
    },
    120_000,
  );
});

describe('a collapse onto a point', () => {
  const ring = makeTarget('ring8');
  const targetSamples = ring.sample(500, new Rng(3));
  const at = (x: number, y: number, noise: number) => Float32Array.from({ length: 1000 }, (_, i) => (i % 2 ? y : x) + noise * Math.sin(i * 12.9898));

  it('is named when the generated spread is far below the target’s, not for a generator on one mode', () => {
    const s = settings({ loss: 'minimax', optimizer: 'sgd', lrD: 1, lrG: 1 });
    const seen = detectRunaway({ settings: s, extent: ring.extent, generated: at(0.3, -0.2, 1e-3), losses: [0.3, -0.3], targetSamples, widestSpreadRatio: 0.5 });
    expect(seen?.kind).toBe('collapse');
    expect(runawayMessage(900, seen!, s, { stepsTaken: 900 })).toMatch(
      /^At iteration 900 the generator collapsed: the generated samples collapsed onto one point \(spread .* against the target's 1\.4\).*Likely cause: the learning rates \(lrD 1, lrG 1\) are high: one large step can push every unit of the generator below zero \(dead ReLUs\)/,
    );
    // mode collapse (one mode of the ring, as wide as the mode itself) is the lesson, not a runaway
    const oneMode = detectRunaway({ settings: s, extent: ring.extent, generated: at(1.414, 0, 0.02), losses: [0.3, -0.3], targetSamples, widestSpreadRatio: 0.5 });
    expect(oneMode).toBeNull();
    // a generator that has not spread out yet (a fresh ALAE starts near a point) has not collapsed
    expect(detectRunaway({ settings: s, extent: ring.extent, generated: at(0.3, -0.2, 1e-3), losses: [0.3, -0.3], targetSamples, widestSpreadRatio: 0.003 })).toBeNull();
  });

  it('a fresh ALAE, its samples near one point, is not a collapse', async () => {
    const t = makeTrainer({ ...fromQuery('?t=ring8&m=alae').settings }, 'wasm');
    expect((await t.snapshot(SNAPSHOT)).diverged).toBeNull();
    expect(await t.runaway()).toBeNull();
    t.dispose();
  });

  it('minimax with SGD at lr 1 collapses onto a point and is stopped with that name', async () => {
    await useBackend('fused');
    const s = { ...fromQuery('?l=minimax&opt=sgd&lrd=1&lrg=1').settings, backend: 'fused' as const };
    const t = makeTrainer(s, 'fused');
    let saw: string | null = null;
    while (t.iteration < 2000 && !saw) {
      t.iterate(100);
      saw = (await t.snapshot(SNAPSHOT)).diverged;
    }
    expect(saw).toMatch(/the generator collapsed: the generated samples collapsed onto one point.*Likely cause: the learning rates \(lrD 1, lrG 1\) are high/);
    // its losses stayed finite and small: only the collapse rule stops it
    const l = await t.losses();
    expect(Math.max(Math.abs(l.critic!), Math.abs(l.generator!))).toBeLessThan(10);
    t.dispose();
    await useBackend('wasm');
  }, 120_000);
});

describe('the hint names the cause of what was seen', () => {
  it('weights scaled 1e30 blame the loaded weights, not the learning rates; a blow-up in training blames the rates', async () => {
    const s = settings({ dLayers: 2, dWidth: 16, gLayers: 2, gWidth: 16, batchSize: 32 });
    const t = makeTrainer(s, 'wasm');
    t.iterate(3);
    const state = await t.exportState();
    t.dispose();
    const loaded = trainerFromState({ ...state, critic: state.critic.map((v) => v * 1e30), generator: state.generator.map((v) => v * 1e30) }, 'wasm');
    const snap = await loaded.snapshot(SNAPSHOT);
    expect(snap.diverged).toMatch(/Likely cause: the loaded weights are out of range \(largest \|w\| .*e\+\d\d/);
    expect(snap.diverged).not.toMatch(/learning rates/);
    loaded.dispose();
    // the same settings at lr 1 blow up in training: the rates are named
    const wild = makeTrainer({ ...s, lrD: 1, lrG: 1, loss: 'wgan', optimizer: 'sgd', clip: 10, nCritic: 5 }, 'wasm');
    wild.iterate(50);
    expect((await wild.snapshot(SNAPSHOT)).diverged).toMatch(/the run ran away: .*Likely cause: the learning rates \(lrD 1, lrG 1\) are high/);
    wild.dispose();
  });
});
