import { describe, expect, it } from 'vitest';
import { LOSSES } from '../src/engine/losses';
import { SETTINGS, SETTING_KEYS, coerceSetting, crossCheck, defaultSettings, irrelevance, parseSettings, specOf } from '../src/engine/settings';

describe('the settings table', () => {
  it('has valid defaults, unique URL keys, and sane ranges', () => {
    const d = defaultSettings();
    const urls = new Set<string>();
    for (const key of SETTING_KEYS) {
      const spec = specOf(key);
      expect(coerceSetting(key, d[key], 'strict').ok, key).toBe(true);
      expect(urls.has(spec.url), `duplicate url key ${spec.url}`).toBe(false);
      urls.add(spec.url);
      if (spec.kind === 'int' || spec.kind === 'float') expect(spec.min).toBeLessThan(spec.max);
    }
    expect(crossCheck(d)).toEqual([]);
  });
  it('every loss default is a valid value of the table', () => {
    for (const loss of Object.values(LOSSES)) {
      for (const [key, value] of Object.entries(loss.defaults)) {
        expect(coerceSetting(key as keyof typeof SETTINGS, value, 'strict').ok, `${loss.id}.${key}`).toBe(true);
      }
    }
  });
});

describe('coercing raw values', () => {
  it('parses numbers, integers, booleans and choices from strings', () => {
    expect(coerceSetting('lrD', '1e-3')).toEqual({ ok: true, value: 0.001 });
    expect(coerceSetting('batchSize', '128')).toEqual({ ok: true, value: 128 });
    expect(coerceSetting('gBatchNorm', 'yes')).toEqual({ ok: true, value: true });
    expect(coerceSetting('gBatchNorm', '0')).toEqual({ ok: true, value: false });
    expect(coerceSetting('loss', 'hinge')).toEqual({ ok: true, value: 'hinge' });
    expect(coerceSetting('gOutput', 'sigmoid')).toEqual({ ok: true, value: 'sigmoid' });
    expect(coerceSetting('gOutput', ' linear ')).toEqual({ ok: true, value: 'linear' });
  });
  it('the generator output: linear by default, sigmoid on request, nothing else; dimmed where no MLP generator is trained', () => {
    expect(defaultSettings().gOutput).toBe('linear');
    const r = coerceSetting('gOutput', 'tanh');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe("gOutput must be one of linear, sigmoid (got 'tanh')");
    expect(parseSettings({ go: 'sigmoid' }).errors[0].message).toMatch(/unknown setting/); // URL keys are the page's business
    expect(SETTINGS.gOutput.url).toBe('go');
    expect(parseSettings({ gOutput: 'sigmoid' }).settings.gOutput).toBe('sigmoid');
    const d = defaultSettings();
    expect(irrelevance('gOutput', d)).toBeNull();
    expect(irrelevance('gOutput', { ...d, target: 'line', generator: 'theta' })).toMatch(/no network/);
    expect(irrelevance('gOutput', { ...d, model: 'alae' })).toMatch(/ALAE/);
  });
  it('refuses bad values with a message naming the setting and the range', () => {
    const r = coerceSetting('lrD', 'fast');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe("lrD must be a number from 1e-6 to 1 (got 'fast')");
    const i = coerceSetting('batchSize', '12.5');
    expect(i.ok).toBe(false);
    if (!i.ok) expect(i.error).toMatch(/batchSize must be an integer from 2 to 4096/);
    const c = coerceSetting('loss', 'wgangp');
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error).toMatch(/loss must be one of minimax, nonsaturating, wgan, wgan-gp, hinge, lsgan/);
    expect(coerceSetting('dLayerNorm', 'maybe').ok).toBe(false);
    expect(coerceSetting('seed', '').ok).toBe(false);
    expect(coerceSetting('lrG', 'Infinity').ok).toBe(false);
  });
  it('strict mode rejects out-of-range values; clamp mode clamps them with a warning', () => {
    expect(coerceSetting('nCritic', '500', 'strict').ok).toBe(false);
    expect(coerceSetting('nCritic', '500', 'clamp')).toEqual({ ok: true, value: 100, warning: 'nCritic 500 is out of range; using 100' });
    expect(coerceSetting('lrD', '-1', 'clamp')).toMatchObject({ ok: true, value: 1e-6 });
    expect(coerceSetting('batchSize', '12.4', 'clamp')).toMatchObject({ ok: true, value: 12 });
  });
  it('clamps every numeric setting into its range', () => {
    for (const key of SETTING_KEYS) {
      const spec = specOf(key);
      if (spec.kind !== 'int' && spec.kind !== 'float') continue;
      expect(coerceSetting(key, String(spec.max * 10 + 1), 'clamp')).toMatchObject({ ok: true, value: spec.max });
      expect(coerceSetting(key, String(spec.min - 10), 'clamp')).toMatchObject({ ok: true, value: spec.min });
    }
  });
});

describe('parsing a set of settings', () => {
  it('reports unknown keys and cross-setting conflicts', () => {
    const r = parseSettings({ lr: '1', generator: 'theta' });
    expect(r.errors.map((e) => e.key)).toEqual(['lr', 'generator']);
    expect(r.errors[1].message).toMatch(/vertical line/);
  });
  it('keeps the base value for a bad entry and applies the good ones', () => {
    const r = parseSettings({ lrD: 'x', nCritic: '3' }, 'clamp');
    expect(r.settings.lrD).toBe(defaultSettings().lrD);
    expect(r.settings.nCritic).toBe(3);
    expect(r.errors).toHaveLength(1);
  });
});
