// Every preset reproduces its phenomenon (fixed seed), with tolerances that the opposite
// outcome fails.
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS, presetById } from '../src/engine/presets';
import { Trainer } from '../src/engine/trainer';
import { testBackend } from './helpers';

beforeAll(testBackend);

const preset = (id: string) => {
  const p = presetById(id);
  if (!p) throw new Error(`no preset ${id}`);
  return new Trainer({ ...p.settings, backend: 'wasm' });
};

describe('presets', () => {
  it('all have a title, a one-line explanation and valid settings', () => {
    for (const p of PRESETS) {
      expect(p.explanation.length).toBeGreaterThan(40);
      expect(p.explanation).not.toMatch(/\n/);
      expect(() => new Trainer(p.settings).dispose()).not.toThrow();
    }
  });

  it('mode collapse: the GAN piles most of its good samples onto at most three modes', async () => {
    const t = preset('mode-collapse');
    t.iterate(1200);
    const e = await t.evaluate();
    const per = [...e.modes!.perMode].sort((a, b) => b - a);
    const hq = per.reduce((a, b) => a + b, 0);
    expect(per.slice(0, 3).reduce((a, b) => a + b, 0) / hq).toBeGreaterThan(0.8);
    expect(per.filter((c) => c > 0.02 * 2500).length).toBeLessThanOrEqual(3); // modes holding more than 2% of samples
    t.dispose();
  });

  it('WGAN-GP on the same target covers all eight modes', async () => {
    const t = preset('wgan-gp-covers');
    t.iterate(400);
    const e = await t.evaluate();
    expect(e.modes!.captured).toBe(8);
    expect(e.exactW1).toBeLessThan(0.35);
    t.dispose();
  });

  it('clipping too tight: weights at ±c, vanishing critic gradient, the generator does not move', async () => {
    const t = preset('clip-too-small');
    const start = await t.evaluate();
    t.iterate(200);
    const s = await t.snapshot({ samples: 200, grid: 5 });
    const e = await t.evaluate();
    expect(s.gradNorm).toBeLessThan(1e-5);
    const hidden = s.weights.slice(1, -1);
    for (const w of hidden) expect(w.atClip).toBeGreaterThan(0.8);
    expect(Math.abs(e.exactW1 - start.exactW1)).toBeLessThan(0.02);
    t.dispose();
  });

  it('clipping as in the paper: most weights at ±c, small gradients, slow progress', async () => {
    const t = preset('clip-paper');
    t.iterate(250);
    const s = await t.snapshot({ samples: 200, grid: 5 });
    expect(s.weights.slice(1, -1).every((w) => w.atClip > 0.5)).toBe(true);
    expect(s.gradNorm).toBeLessThan(1e-2);
    t.dispose();
  });

  it('clipping too loose: no weight reaches ±c and the critic’s gradients grow large', async () => {
    const t = preset('clip-too-large');
    let maxNorm = 0;
    for (let i = 0; i < 4; i++) {
      t.iterate(125);
      const s = await t.snapshot({ samples: 200, grid: 5 });
      expect(s.weights.every((w) => w.atClip === 0)).toBe(true);
      maxNorm = Math.max(maxNorm, s.gradNorm);
    }
    expect(maxNorm).toBeGreaterThan(5);
    t.dispose();
  });

  it('the saturating generator stalls where the non-saturating one converges', async () => {
    const sat = preset('saturating');
    const fix = preset('non-saturating');
    const start = await sat.evaluate();
    sat.iterate(200);
    fix.iterate(200);
    const a = await sat.evaluate();
    const b = await fix.evaluate();
    expect(Math.abs(a.exactW1 - start.exactW1)).toBeLessThan(0.05);
    expect(b.exactW1).toBeLessThan(0.2);
    sat.dispose();
    fix.dispose();
  });

  it('vertical line presets: WGAN moves θ toward 0, the minimax GAN barely moves it', async () => {
    for (const [id, check] of [
      ['line-wgan', (th: number) => expect(Math.abs(th)).toBeLessThan(0.3)],
      ['line-gan', (th: number) => expect(th).toBeGreaterThan(0.9)],
    ] as const) {
      const t = preset(id);
      for (let i = 0; i < 1000; i++) t.criticStep(); // the lesson's critic head start
      t.iterate(300);
      check(t.generator.params.readSync()[0]);
      t.dispose();
    }
  });
});
