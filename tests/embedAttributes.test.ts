// <gan-playground>'s attributes read through the links' reader (src/embed/attributes.ts), its
// event payloads (src/embed/events.ts), the commands' checks (src/embed/commands.ts) and the
// iframe embed's messages (src/app/embedMessages.ts).
import { describe, expect, it, vi } from 'vitest';
import { connectHost, parseOrigins } from '../src/app/embedMessages';
import type { Session } from '../src/app/session';
import { Store } from '../src/app/store';
import { fromQuery, toQuery } from '../src/app/urlState';
import { attributeNames, parseAttributes, settingForAttribute } from '../src/embed/attributes';
import { patchSettings, playgroundPreset } from '../src/embed/commands';
import { bridgeEvents, evaluationDetail, iterationDetail, latestEvaluation, playReasons } from '../src/embed/events';
import type { HistoryRow } from '../src/engine/history';
import { presetById } from '../src/engine/presets';
import { SETTINGS, SETTING_KEYS, defaultSettings } from '../src/engine/settings';

describe('attributes', () => {
  it('names every setting by its name and its link key, each for one setting only', () => {
    for (const key of SETTING_KEYS) {
      expect(settingForAttribute(key.toLowerCase())).toBe(key);
      expect(settingForAttribute(SETTINGS[key].url)).toBe(key);
    }
    // a setting's name never spells another setting's link key
    const names = attributeNames();
    expect(new Set(names).size).toBe(names.length);
    for (const a of ['controls', 'theme', 'keep-running', 'exclusive', 'preset', 'view', 'autoplay']) expect(names).toContain(a);
  });

  it('reads every setting as a link does (a valid non-default value for each key)', () => {
    const d = defaultSettings();
    for (const key of SETTING_KEYS) {
      const spec = SETTINGS[key];
      const value = spec.kind === 'choice' ? spec.choices.find((c) => c.value !== d[key])?.value : spec.kind === 'bool' ? String(!d[key]) : String(spec.max);
      if (value === undefined) continue;
      const r = parseAttributes({ [key.toLowerCase()]: String(value) });
      // some values need others (g_θ needs the line target): then a problem is said, never a silent change
      if (r.problems.length) expect(r.problems.join(' ')).toMatch(/needs/);
      else expect(String(r.state.settings[key])).toBe(String(spec.kind === 'bool' ? !d[key] : value));
    }
  });

  it('a preset loads its settings, and attributes go on top', () => {
    const r = parseAttributes({ preset: 'mode-collapse', seed: '7' });
    expect(r.problems).toEqual([]);
    expect(r.state.preset).toBe('mode-collapse');
    expect(r.state.settings).toEqual({ ...presetById('mode-collapse')!.settings, seed: 7 });
  });

  it('a loss alone loads its 2D settings, as the link ?l= does', () => {
    const r = parseAttributes({ loss: 'wgan' });
    expect(r.problems).toEqual([]);
    expect(r.state.settings.loss).toBe('wgan');
    expect(r.state.settings.clip).toBeGreaterThan(0);
  });

  it('says what is wrong with bad attributes, naming each', () => {
    const r = parseAttributes({ loss: 'fancy', seed: '-3', l: 'wgan', preset: 'nope', controls: 'lots', theme: 'pink', view: 'emd' });
    const text = r.problems.join('\n');
    expect(text).toMatch(/loss is given twice/);
    expect(text).toMatch(/preset 'nope' is not a preset/);
    expect(text).toMatch(/seed/);
    expect(text).toMatch(/controls 'lots' must be one of none, minimal, full/);
    expect(text).toMatch(/theme 'pink'/);
    expect(text).toMatch(/view 'emd'/);
    // the element does not fall back: no "using ..." in its messages
    expect(text).not.toMatch(/; using/);
    expect(parseAttributes({ loss: 'fancy' }).problems).toEqual([expect.stringMatching(/^loss must be one of .*\(got 'fancy'\)$/)]);
    expect(parseAttributes({ preset: 'line-wgan' }).problems[0]).toMatch(/line lesson/);
  });

  it('reads the element options with their defaults', () => {
    expect(parseAttributes({}).options).toEqual({ controls: 'minimal', theme: 'auto', keepRunning: false, exclusive: true });
    expect(parseAttributes({ controls: 'none', theme: 'dark', 'keep-running': '', exclusive: 'false' }).options).toEqual({ controls: 'none', theme: 'dark', keepRunning: true, exclusive: false });
    expect(parseAttributes({ autoplay: '' }).state.autoplay).toBe(true);
    expect(parseAttributes({ autoplay: 'off' }).state.autoplay).toBe(false);
  });
});

const row = (iteration: number, exactW1: number | null, extra: Partial<HistoryRow> = {}): HistoryRow =>
  ({ iteration, criticSteps: iteration, dLoss: 0, penalty: 0, gLoss: 0, w1Estimate: null, jsEstimate: null, exactW1, floor: exactW1 === null ? null : 0.05, modes: exactW1 === null ? null : 6, modesTotal: 8, hq: exactW1 === null ? null : 0.5, modesWell: null, modesKL: null, perMode: null, theta: null, ...extra }) as HistoryRow;

describe('events', () => {
  it('payloads carry the figures as the store has them', () => {
    const store = new Store();
    store.setState((s) => ({ status: { ...s.status, iteration: 12, criticSteps: 60, playing: true, itPerSec: 7.5 }, history: [row(5, 0.4), row(10, null)] }));
    expect(iterationDetail(store.getState())).toEqual({ iteration: 12, criticSteps: 60, playing: true, itPerSec: 7.5 });
    expect(evaluationDetail(latestEvaluation(store.getState())!)).toEqual({ iteration: 5, w1: 0.4, floor: 0.05, modes: 6, modesTotal: 8, highQuality: 0.5 });
  });

  it('sends each evaluation once, iterations at most every 250 ms, and divergence and errors', async () => {
    const store = new Store();
    const got: Array<{ type: string; detail: unknown }> = [];
    const stop = bridgeEvents(store, (type, detail) => got.push({ type, detail }));
    store.setState((s) => ({ status: { ...s.status, phase: 'ready' } }));
    for (let i = 1; i <= 20; i++) store.setState((s) => ({ status: { ...s.status, iteration: i } }));
    store.setState({ history: [row(20, 0.3)] });
    store.setState({ history: [row(20, 0.3), row(21, null)] });
    store.setState({ history: [row(20, 0.3), row(21, null), row(25, 0.2)] });
    store.setState({ diverged: 'the critic loss is NaN' });
    store.notify('error', 'the critic loss is NaN');
    store.notify('error', 'the worker said no');
    await new Promise((r) => setTimeout(r, 300));
    stop();
    const types = got.map((g) => g.type);
    expect(types.filter((t) => t === 'ready')).toHaveLength(1);
    // the first at once, the last after the wait: two, not twenty
    expect(got.filter((g) => g.type === 'iteration').map((g) => (g.detail as { iteration: number }).iteration)).toEqual([1, 20]);
    expect(got.filter((g) => g.type === 'evaluation').map((g) => (g.detail as { w1: number }).w1)).toEqual([0.3, 0.2]);
    expect(got.filter((g) => g.type === 'diverged')).toEqual([{ type: 'diverged', detail: { message: 'the critic loss is NaN' } }]);
    expect(got.filter((g) => g.type === 'error')).toEqual([{ type: 'error', detail: { message: 'the worker said no' } }]);
  });
});

/** A run without a worker: play and pause set the store's flag as the controller does. */
function fakeSession() {
  const store = new Store();
  const calls: string[] = [];
  const controller = {
    play: () => (calls.push('play'), store.setState((s) => ({ status: { ...s.status, playing: true } }))),
    pause: () => (calls.push('pause'), store.setState((s) => ({ status: { ...s.status, playing: false } }))),
    reset: () => calls.push('reset'),
    loadPreset: (p: { id: string }) => calls.push(`preset ${p.id}`),
    applySettings: (s: unknown) => (calls.push('settings'), store.setState({ settings: s as never })),
  };
  return { session: { id: 'main', store, controller } as unknown as Session, store, controller, calls };
}

describe('play and pause events', () => {
  it('say why, and the loop pausing a moment on its own (a backend move) makes none', () => {
    const { store, controller } = fakeSession();
    const reasons = playReasons(controller);
    const got: string[] = [];
    const stop = bridgeEvents(store, (type, d) => (type === 'play' || type === 'pause') && got.push(`${type}:${(d as { reason: string }).reason}`), reasons.current);
    reasons.because('api', () => controller.play());
    // the loop's own: a pause and a play with no command
    store.setState((s) => ({ status: { ...s.status, playing: false } }));
    store.setState((s) => ({ status: { ...s.status, playing: true } }));
    // the play button (no reason given): control
    controller.pause();
    reasons.because('hidden', () => controller.pause());
    reasons.because('shown', () => controller.play());
    // nested: the outer reason holds
    reasons.because('exclusive', () => reasons.because('api', () => controller.pause()));
    controller.play();
    // the loop stops and says why: stopped
    store.setState((s) => ({ status: { ...s.status, playing: false } }));
    store.notify('error', 'training stopped: out of memory');
    reasons.because('api', () => controller.play());
    store.setState((s) => ({ diverged: 'NaN', status: { ...s.status, playing: false } }));
    stop();
    expect(got).toEqual(['play:api', 'pause:control', 'play:shown', 'pause:exclusive', 'play:control', 'pause:stopped', 'play:api', 'pause:stopped']);
  });
});

describe('commands', () => {
  it('a preset of the playground, by id', () => {
    expect(playgroundPreset('mode-collapse')).toMatchObject({ ok: true, value: { id: 'mode-collapse' } });
    expect(playgroundPreset('nope')).toEqual({ ok: false, error: expect.stringMatching(/^loadPreset: unknown preset "nope"; the presets are .*mode-collapse/) });
    expect(playgroundPreset(42)).toMatchObject({ ok: false });
    expect(playgroundPreset('line-wgan')).toEqual({ ok: false, error: expect.stringMatching(/line lesson/) });
  });

  it('settings through the table, strict, cross-checked, all or nothing', () => {
    const base = defaultSettings();
    const r = patchSettings(base, { lrG: 0.002, seed: 5 });
    expect(r).toMatchObject({ ok: true, value: { lrG: 0.002, seed: 5, loss: base.loss } });
    expect(patchSettings(base, { fancy: 1 })).toEqual({ ok: false, error: "settings: unknown setting 'fancy'" });
    expect(patchSettings(base, { toString: 1 })).toMatchObject({ ok: false });
    expect(patchSettings(base, { seed: 1, lrG: 'fast' })).toMatchObject({ ok: false, error: expect.stringMatching(/^settings: /) });
    expect(patchSettings(base, [1])).toMatchObject({ ok: false });
    expect(patchSettings(base, null)).toMatchObject({ ok: false });
  });
});

describe('iframe embed messages', () => {
  it('reads the link\'s origins: exact origins only, each problem said', () => {
    expect(parseOrigins('https://course.example.org, http://localhost:8000/')).toEqual({ origins: ['https://course.example.org', 'http://localhost:8000'], problems: [] });
    const bad = parseOrigins('*,https://a.org/course,javascript:alert(1),ftp://x.org');
    expect(bad.origins).toEqual([]);
    expect(bad.problems).toHaveLength(4);
    expect(bad.problems[0]).toMatch(/^origins: '\*' is not an origin/);
    expect(parseOrigins(null)).toEqual({ origins: [], problems: [] });
  });

  it('the link keeps its origins (a reload of the embed keeps its host), only in an embed', () => {
    const s = fromQuery('?embed=1&origins=https://a.org,https://b.org');
    expect(s.warnings).toEqual([]);
    expect(s.origins).toBe('https://a.org,https://b.org');
    expect(new URLSearchParams(toQuery(s)).get('origins')).toBe('https://a.org,https://b.org');
    expect(new URLSearchParams(toQuery({ ...s, embed: false })).get('origins')).toBeNull();
  });

  it('runs the commands of the listed origins, ignores others, and posts events to the listed origins only', () => {
    const { session, store, calls } = fakeSession();
    let listener: ((e: MessageEvent) => void) | null = null;
    const win = { addEventListener: (_: string, fn: (e: MessageEvent) => void) => (listener = fn), removeEventListener: () => (listener = null) };
    const posted: Array<{ message: { ganPlayground: string; type?: string; detail?: { reason?: string; message?: string }; settings?: { seed: number } }; origin: string }> = [];
    const host = { postMessage: (message: never, origin: string) => posted.push({ message, origin }) };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const disconnect = connectHost(session, ['https://a.org', 'https://b.org'], win, host);
    const msg = (origin: string, data: unknown) => listener!({ origin, data } as MessageEvent);
    msg('https://evil.org', { ganPlayground: 'play' });
    expect(calls).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/ignored 'play' from https:\/\/evil\.org/));
    // not this protocol's: not even a warning
    msg('https://evil.org', { hello: 1 });
    expect(warn).toHaveBeenCalledTimes(1);
    msg('https://a.org', { ganPlayground: 'play' });
    expect(calls).toEqual(['play']);
    // each event once per listed origin, with the element's payload
    expect(posted.filter((p) => p.message.type === 'play').map((p) => `${p.origin} ${p.message.type}:${p.message.detail?.reason}`)).toEqual(['https://a.org play:api', 'https://b.org play:api']);
    expect(posted.filter((p) => p.message.type === 'iteration').map((p) => p.origin)).toEqual(['https://a.org', 'https://b.org']);
    posted.length = 0;
    msg('https://b.org', { ganPlayground: 'settings', settings: { seed: 11 } });
    expect(store.getState().settings.seed).toBe(11);
    expect(posted.map((p) => p.message.settings?.seed)).toEqual([11, 11]);
    posted.length = 0;
    msg('https://a.org', { ganPlayground: 'settings', settings: { seed: -1 } });
    msg('https://a.org', { ganPlayground: 'loadPreset', id: 'nope' });
    msg('https://a.org', { ganPlayground: 'launch' });
    expect(posted.filter((p) => p.origin === 'https://a.org' && p.message.type === 'error').map((p) => p.message.detail?.message)).toEqual([
      expect.stringMatching(/^settings: /),
      expect.stringMatching(/^loadPreset: unknown preset/),
      expect.stringMatching(/^unknown command "launch"/),
    ]);
    expect(store.getState().settings.seed).toBe(11);
    msg('https://a.org', { ganPlayground: 'loadPreset', id: 'mode-collapse' });
    msg('https://a.org', { ganPlayground: 'pause' });
    msg('https://a.org', { ganPlayground: 'reset' });
    expect(calls).toEqual(['play', 'settings', 'preset mode-collapse', 'pause', 'reset']);
    disconnect();
    expect(listener).toBeNull();
    warn.mockRestore();
  });
});
