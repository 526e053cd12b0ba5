// The model support table (engine/models/support.ts): every combination of model, target,
// loss, backend and generator either trains a step or is refused up front, with a message
// that says what to choose instead, the same through crossCheck, links, run files and the CLI.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../cli/args';
import { fromQuery } from '../src/app/urlState';
import { ALAE_2D, alaeLayouts } from '../src/engine/alae';
import { useBackend, type BackendName } from '../src/engine/backends';
import { effectiveBackend, makeTrainer } from '../src/engine/createTrainer';
import { MODEL_SUPPORT, alaeParameterCount, alaePeakBytes, choiceRefusal, supportIssues, withSupportFixes } from '../src/engine/models/support';
import { Rng } from '../src/engine/rng';
import { readRunFile } from '../src/engine/runFile';
import { LOSS_IDS, TARGET_IDS, crossCheck, type Settings } from '../src/engine/settings';
import { provideDigitsNode } from '../src/platform/digitsNode';
import { settings } from './helpers';

beforeAll(() => {
  provideDigitsNode();
});

const alae = (o: Partial<Settings> = {}) => settings({ ...ALAE_2D.settings, model: 'alae', ...o });
const BIG_ALAE = { gLayers: 8, dLayers: 8, gWidth: 1024, dWidth: 1024, batchSize: 4096, wDim: 64 };

describe('refused combinations name what to choose instead', () => {
  it.each([
    ['ALAE on the digits', alae({ target: 'digits' }), /ALAE trains on the 2D targets only.*choose a 2D target such as the ring of 8 for ALAE, or the GAN for the digits/, { model: 'gan' }],
    ['ALAE with g_θ', alae({ target: 'line', generator: 'theta' }), /ALAE needs the MLP generator.*choose the MLP generator, or the GAN for g_θ/, { generator: 'mlp' }],
    ['g_θ off the line', settings({ target: 'ring8', generator: 'theta' }), /g_θ\(z\) = \(θ, z\) needs the vertical line target: choose the vertical line, or the MLP generator/, { generator: 'mlp' }],
    ['ALAE at 8 x 1024, batch 4096, w 64', alae(BIG_ALAE), /ALAE at 8 x 1024 .*batch 4096, w 64 needs about 5\.4 GB .*past the 4\.0 GB.*choose batch 729 or less, or fewer or narrower layers/, { batchSize: 729 }],
  ] as const)('%s', (_name, s, message, fix) => {
    const issues = crossCheck(s);
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toMatch(message);
    expect(issues[0].fix).toEqual(fix);
    // the fix trains: no issue left
    expect(crossCheck({ ...s, ...issues[0].fix })).toEqual([]);
    // and a trainer refuses the combination itself
    expect(() => makeTrainer(s, 'wasm')).toThrow(message);
  });

  it('the size bound follows the estimate: the largest batch it allows fits, one more does not', () => {
    const at = (batchSize: number) => alae({ ...BIG_ALAE, batchSize });
    expect(alaePeakBytes(at(729))).toBeLessThanOrEqual(MODEL_SUPPORT.alae.maxBytes!);
    expect(alaePeakBytes(at(730))).toBeGreaterThan(MODEL_SUPPORT.alae.maxBytes!);
    expect(supportIssues(at(729))).toEqual([]);
    // the sizes the page loads for ALAE are far inside
    expect(supportIssues(alae())).toEqual([]);
    // the GAN has no such bound (the fused kernels hold it)
    expect(supportIssues(settings(BIG_ALAE))).toEqual([]);
  });

  it('the estimate counts the same parameters as ALAE’s networks', () => {
    for (const s of [alae(), alae(BIG_ALAE), alae({ gLayers: 0, dLayers: 1, gWidth: 7, dWidth: 5, wDim: 3, latentDim: 9 })]) {
      const l = alaeLayouts(s, new Rng(0));
      const count = [...l.critic, ...l.generator].reduce((n, e) => n + e.shape.reduce((a, b) => a * b, 1), 0);
      expect(alaePeakBytes(s)).toBeGreaterThan(0);
      expect(alaeParameterCount(s)).toBe(count);
    }
  });

  it('the menus disable what the table refuses, and nothing else', () => {
    expect(choiceRefusal(settings({ target: 'digits' }), 'model', 'alae')).toMatch(/2D targets only/);
    expect(choiceRefusal(alae(), 'target', 'digits')).toMatch(/or the GAN for the digits/);
    for (const t of TARGET_IDS.filter((t) => t !== 'digits')) expect(choiceRefusal(alae(), 'target', t)).toBeNull();
    for (const l of LOSS_IDS) expect(choiceRefusal(alae(), 'loss', l)).toBeNull();
    // a size is switched to one that fits, with the message
    const fixed = withSupportFixes(alae(BIG_ALAE));
    expect(fixed.settings.batchSize).toBe(729);
    expect(fixed.changed[0].message).toMatch(/choose batch 729/);
  });
});

describe('every allowed combination trains a step', () => {
  const backends: BackendName[] = ['fused', 'wasm', 'cpu'];
  it.each(backends)('on %s', async (backend) => {
    let trained = 0;
    let refused = 0;
    for (const model of ['gan', 'alae'] as const) {
      for (const target of TARGET_IDS) {
        for (const loss of LOSS_IDS) {
          for (const generator of ['mlp', 'theta'] as const) {
            const s = settings({ ...(model === 'alae' ? ALAE_2D.settings : {}), model, target, loss, generator, backend, gLayers: 1, dLayers: 1, gWidth: 8, dWidth: 8, batchSize: 4, latentDim: 2 });
            if (crossCheck(s).length) {
              refused++;
              // refused up front, never by a failing step
              expect(crossCheck(s)[0].message).toMatch(/choose/);
              continue;
            }
            const be = effectiveBackend(backend, s);
            await useBackend(be);
            const t = makeTrainer(s, be);
            t.iterate(1);
            const l = await t.losses();
            expect(l.generator, `${model} ${target} ${loss} ${generator} on ${backend}`).not.toBeNull();
            t.dispose();
            trained++;
            if (model === 'alae') break; // ALAE ignores the loss: one is enough
          }
          if (model === 'alae') break;
        }
      }
    }
    // 8 targets x 6 losses (GAN, MLP) + 6 losses on the line (g_θ) + 7 2D targets (ALAE)
    expect(trained).toBe(8 * 6 + 6 + 7);
    expect(refused).toBeGreaterThan(0);
  }, 300_000);
});

describe('the same refusal through every entry point', () => {
  it('a link switches to the table’s fix and says why', () => {
    const r = fromQuery('?t=digits&m=alae');
    expect(r.settings.model).toBe('gan');
    expect(r.settings.target).toBe('digits');
    expect(r.warnings.join('\n')).toMatch(/link: ALAE trains on the 2D targets only.*or the GAN for the digits; using the GAN/);
    const big = fromQuery('?m=alae&gl=8&dl=8&gw=1024&dw=1024&bs=4096&wd=64');
    expect(big.settings.batchSize).toBe(729);
    expect(big.warnings.join('\n')).toMatch(/needs about 5\.4 GB.*; using batch 729/);
    // the old rule's notice is kept
    expect(fromQuery('?t=ring8&gen=theta').warnings.join('\n')).toMatch(/needs the vertical line target.*; using the MLP generator/);
    expect(crossCheck(fromQuery('?t=digits&m=alae').settings)).toEqual([]);
  });

  it('the CLI refuses before training, with the message', () => {
    const r = parseArgs(['--model', 'alae', '--target', 'digits']);
    expect(r.kind).toBe('error');
    expect(r.kind === 'error' && r.message).toMatch(/ALAE trains on the 2D targets only.*choose a 2D target/);
    const big = parseArgs(['--model', 'alae', '--gLayers', '8', '--dLayers', '8', '--gWidth', '1024', '--dWidth', '1024', '--batchSize', '4096', '--wDim', '64', '--backend', 'wasm']);
    expect(big.kind === 'error' && big.message).toMatch(/choose batch 729 or less/);
    expect(parseArgs(['--model', 'alae', '--target', 'ring8']).kind).toBe('run');
  });

  it('a run file with ALAE on the digits is refused with the message', () => {
    const file = { format: 'gan-playground-run', version: 1, settings: { ...alae({ target: 'digits' }) }, customPoints: null, history: [] };
    expect(() => readRunFile(file)).toThrow(/ALAE trains on the 2D targets only.*or the GAN for the digits/);
  });
});
