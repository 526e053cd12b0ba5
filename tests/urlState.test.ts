// Shareable URLs: every setting round-trips, every out-of-range value is clamped with a
// warning, bad values fall back, and the format carries a version.
import { describe, expect, it } from 'vitest';
import { decodePoints, encodePoints, fromQuery, toQuery, URL_VERSION } from '../src/app/urlState';
import { ALAE_2D } from '../src/engine/alae';
import { DIGITS_NETWORKS } from '../src/engine/digits/digitsTarget';
import { LOSS_INFO } from '../src/engine/lossInfo';
import { PRESETS } from '../src/engine/presets';
import { SETTINGS, SETTING_KEYS, defaultSettings, specOf, type Settings } from '../src/engine/settings';

/** A valid value for `key` other than the default. */
function otherValue(key: keyof Settings): unknown {
  const spec = specOf(key);
  if (spec.kind === 'choice') return spec.choices.find((c) => c.value !== spec.default)!.value;
  if (spec.kind === 'bool') return !spec.default;
  const v = spec.kind === 'int' ? Math.min(spec.max, spec.default + 1) : spec.default === spec.max ? spec.min : (spec.default + spec.max) / 2;
  return v === spec.default ? spec.min : v;
}

describe('URL state', () => {
  it('round-trips every setting on its own', () => {
    for (const key of SETTING_KEYS) {
      const settings = { ...defaultSettings(), [key]: otherValue(key) } as Settings;
      if (settings.generator === 'theta') settings.target = 'line';
      const back = fromQuery(toQuery({ settings }));
      expect(back.settings[key], key).toEqual(settings[key]);
      expect(back.warnings, key).toEqual([]);
    }
  });

  it('round-trips all settings at once, with the view and the flags', () => {
    const settings: Settings = { ...defaultSettings(), target: 'line', generator: 'theta', thetaInit: -0.4, loss: 'hinge', lrD: 3.3e-4, seed: 12345, gBatchNorm: true };
    const back = fromQuery(toQuery({ settings, view: 'line', embed: true, presenter: true, autoplay: true, preset: 'line-wgan' }));
    expect(back.settings).toEqual(settings);
    expect(back).toMatchObject({ view: 'line', embed: true, presenter: true, autoplay: true, preset: 'line-wgan', explicit: true });
  });

  it('carries a version and warns about another one', () => {
    expect(new URLSearchParams(toQuery({ settings: defaultSettings() })).get('v')).toBe(String(URL_VERSION));
    expect(fromQuery('v=99&l=wgan').warnings[0]).toMatch(/format version 99/);
  });

  it('clamps every out-of-range numeric value and says so', () => {
    for (const key of SETTING_KEYS) {
      const spec = specOf(key);
      if (spec.kind !== 'int' && spec.kind !== 'float') continue;
      const high = fromQuery(`${SETTINGS[key].url}=${spec.max * 10 + 1}`);
      expect(high.settings[key], key).toBe(spec.max);
      expect(high.warnings.join(' '), key).toMatch(new RegExp(`${key} .* is out of range; using`));
      const low = fromQuery(`${SETTINGS[key].url}=${spec.min - 10}`);
      expect(low.settings[key], key).toBe(spec.min);
    }
  });

  it('falls back to the default for unreadable values, with a warning', () => {
    const r = fromQuery('lrd=fast&l=gan&gbn=maybe');
    expect(r.settings.lrD).toBe(defaultSettings().lrD);
    expect(r.settings.loss).toBe(defaultSettings().loss);
    expect(r.settings.gBatchNorm).toBe(false);
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings.join(' | ')).toMatch(/lrD must be a number/);
  });

  it('warns about unknown parameters and views, and fixes a generator the target cannot have', () => {
    const r = fromQuery('foo=1&view=nowhere&gen=theta&t=ring8');
    expect(r.warnings.join(' | ')).toMatch(/unknown parameter 'foo'/);
    expect(r.warnings.join(' | ')).toMatch(/unknown view 'nowhere'/);
    expect(r.warnings.join(' | ')).toMatch(/vertical line/);
    expect(r.settings.generator).toBe('mlp');
    expect(r.view).toBe('playground');
  });

  it('a hand-written link that names a loss, ALAE or the digits gets what choosing them loads; its own keys win', () => {
    // ?t=digits alone used to train the plane's 3 x 64 networks with z in 2D on 196 pixels
    expect(fromQuery('t=digits').settings).toEqual({ ...defaultSettings(), target: 'digits', ...DIGITS_NETWORKS });
    expect(fromQuery('t=digits&dw=128&bs=32').settings).toMatchObject({ ...DIGITS_NETWORKS, dWidth: 128, batchSize: 32 });
    // ?m=alae alone used to keep the GAN's learning rates, batch and γ, without the smoothed model
    expect(fromQuery('t=ring8&m=alae').settings).toEqual({ ...defaultSettings(), model: 'alae', ...ALAE_2D.settings });
    expect(fromQuery('m=alae&ema=0').settings.alaeEma).toBe(false);
    for (const loss of ['minimax', 'nonsaturating', 'wgan', 'hinge', 'lsgan'] as const) {
      expect(fromQuery(`l=${loss}`).settings, loss).toEqual({ ...defaultSettings(), ...LOSS_INFO[loss].settings2d.settings, loss });
    }
    expect(fromQuery('l=wgan&lrd=0.001').settings.lrD).toBe(0.001);
    // a link that names none of them, or a preset's link, reads as before
    expect(fromQuery('s=7').settings).toEqual({ ...defaultSettings(), seed: 7 });
    // an unknown preset is reported, and the rest reads as a hand-written link
    const unknown = fromQuery('preset=x&t=digits');
    expect(unknown.settings).toEqual({ ...defaultSettings(), target: 'digits', ...DIGITS_NETWORKS });
    expect(unknown.preset).toBeNull();
    expect(unknown.warnings.join(' | ')).toMatch(/unknown preset 'x'/);
    // a link the page writes carries every setting: what it names wins over what they would load
    // (ALAE trains on the 2D targets only, models/support.ts: the digits with the GAN, ALAE on the ring)
    const written = { ...defaultSettings(), target: 'digits' as const, loss: 'hinge' as const, dWidth: 48, lrD: 0.003, gamma: 5 };
    expect(fromQuery(toQuery({ settings: written })).settings).toEqual(written);
    const writtenAlae = { ...defaultSettings(), target: 'ring8' as const, loss: 'hinge' as const, model: 'alae' as const, dWidth: 48, lrD: 0.003, alaeEma: false, gamma: 5 };
    expect(fromQuery(toQuery({ settings: writtenAlae })).settings).toEqual(writtenAlae);
  });

  it('a ?preset= link loads exactly the preset, in its view, with the link’s other keys on top', () => {
    for (const preset of PRESETS) {
      // the README's embed snippet: it used to train the default WGAN-GP run under the preset's banner
      const short = fromQuery(`v=1&preset=${preset.id}&embed=1&autoplay=1`);
      expect(short.settings, preset.id).toEqual(preset.settings);
      expect(short).toMatchObject({ preset: preset.id, view: preset.view, embed: true, autoplay: true, explicit: true, warnings: [] });
      // the page writes it back short: the preset and nothing else
      expect(toQuery({ settings: short.settings, preset: preset.id, view: preset.view, embed: true }), preset.id).toBe(`v=1&preset=${preset.id}&embed=1`);
      // a changed key travels on top of the preset and reads back to the same run
      const changed = { ...preset.settings, seed: preset.settings.seed + 4, lrD: preset.settings.lrD / 2 };
      const q = toQuery({ settings: changed, preset: preset.id, view: preset.view });
      expect(new URLSearchParams(q).size, preset.id).toBe(4);
      expect(fromQuery(q).settings, preset.id).toEqual(changed);
    }
    // the link's own keys win over the preset's, none of them implied by another
    const r = fromQuery('preset=mode-collapse&l=wgan-gp&s=9');
    expect(r.settings).toEqual({ ...PRESETS.find((p) => p.id === 'mode-collapse')!.settings, loss: 'wgan-gp', seed: 9 });
    expect(fromQuery('preset=line-gan&view=playground').view).toBe('playground');
  });

  it('keeps the second run of the compare view under its own keys', () => {
    const a = { ...defaultSettings(), loss: 'nonsaturating' as const };
    const b = { ...a, loss: 'wgan-gp' as const, lambda: 1 };
    const back = fromQuery(toQuery({ settings: a, compare: b, view: 'compare' }));
    expect(back.settings.loss).toBe('nonsaturating');
    expect(back.compare).toEqual(b);
  });

  it('encodes the user’s points compactly to 1/500', () => {
    const pts: Array<[number, number]> = [
      [0.5, -1.25],
      [3.1416, 2.7183],
      [-60, 60],
    ];
    const back = decodePoints(encodePoints(pts))!;
    back.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(pts[i][0], 2);
      expect(p[1]).toBeCloseTo(pts[i][1], 2);
    });
    const r = fromQuery(toQuery({ settings: { ...defaultSettings(), target: 'custom' }, customPoints: pts }));
    expect(r.customPoints).toHaveLength(3);
    expect(fromQuery('t=custom&pts=@@').warnings.join(' ')).toMatch(/custom points could not be read/);
  });
});
