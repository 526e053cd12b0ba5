// Shareable state: every setting and the seed in the URL (keys from the settings table),
// with a format version. Values read from a URL are validated and clamped; what was wrong
// is reported, never silently dropped.
import { ALAE_2D } from '../engine/alae';
import { DIGITS_NETWORKS } from '../engine/digits/digitsTarget';
import { MAX_CUSTOM_POINTS } from '../engine/customPoints';
import { LOSS_INFO } from '../engine/lossInfo';
import { presetById } from '../engine/presets';
import { describeFix } from '../engine/models/support';
import { SETTINGS, SETTING_KEYS, coerceSetting, crossCheck, defaultSettings, formatNumber, type SettingKey, type Settings } from '../engine/settings';
import type { Points } from '../engine/trainer';

export const URL_VERSION = 1;
export const MAX_URL_POINTS = 2000;
/** Points travel as int16 pairs in units of 1/POINT_SCALE. */
const POINT_SCALE = 500;

export type View = 'playground' | 'compare' | 'line' | 'emd' | 'transport';
export const VIEWS: View[] = ['playground', 'compare', 'line', 'emd', 'transport'];

export interface UrlState {
  settings: Settings;
  /** Settings of the right-hand run in the compare view. */
  compare: Settings | null;
  customPoints: Points | null;
  view: View;
  embed: boolean;
  /** The embed's host pages allowed to drive it over postMessage (the link's comma-separated `origins`; src/app/embedMessages.ts). */
  origins?: string;
  presenter: boolean;
  /** Start playing on load (ignored under prefers-reduced-motion). */
  autoplay: boolean;
  /** The preset the link came from, if it names a known one. */
  preset: string | null;
  /** True when the link named at least one setting. */
  explicit: boolean;
  /** What was wrong in the URL, for the page to show. */
  warnings: string[];
}

const COMPARE_PREFIX = 'b.';

/** Exact: String(number) is the shortest text that reads back to the same double. */
function formatValue(v: unknown): string {
  return String(v);
}

export function encodePoints(points: Points): string {
  const n = Math.min(points.length, MAX_URL_POINTS);
  const bytes = new Uint8Array(n * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < n; i++) {
    const clamp = (v: number) => Math.max(-32768, Math.min(32767, Math.round(v * POINT_SCALE)));
    view.setInt16(4 * i, clamp(points[i][0]), true);
    view.setInt16(4 * i + 2, clamp(points[i][1]), true);
  }
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodePoints(text: string): Points | null {
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    if (bin.length === 0 || bin.length % 4 !== 0) return null;
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const view = new DataView(bytes.buffer);
    const out: Array<[number, number]> = [];
    for (let i = 0; i < bytes.length / 4; i++) out.push([view.getInt16(4 * i, true) / POINT_SCALE, view.getInt16(4 * i + 2, true) / POINT_SCALE]);
    return out;
  } catch {
    return null;
  }
}

/**
 * The query string for a state. A link replays exactly: it names every setting, or, under a
 * preset, the preset and only the settings that differ from it (the short link stays short,
 * and fromQuery reads the preset's settings first, so both read back to the same run).
 */
export function toQuery(state: Partial<UrlState> & { settings: Settings }): string {
  const p = new URLSearchParams();
  p.set('v', String(URL_VERSION));
  const preset = state.preset ? presetById(state.preset) : undefined;
  if (state.view && state.view !== (preset?.view ?? 'playground')) p.set('view', state.view);
  if (preset) p.set('preset', preset.id);
  for (const key of SETTING_KEYS) if (!preset || preset.settings[key] !== state.settings[key]) p.set(SETTINGS[key].url, formatValue(state.settings[key]));
  if (state.compare) {
    for (const key of SETTING_KEYS) if (state.compare[key] !== state.settings[key]) p.set(COMPARE_PREFIX + SETTINGS[key].url, formatValue(state.compare[key]));
  }
  if (state.settings.target === 'custom' && state.customPoints?.length) {
    p.set('pts', encodePoints(state.customPoints));
    // more than a link carries: say how many there were
    if (state.customPoints.length > MAX_URL_POINTS) p.set('ptsn', String(state.customPoints.length));
  }
  if (state.embed) p.set('embed', '1');
  if (state.embed && state.origins) p.set('origins', state.origins);
  if (state.presenter) p.set('present', '1');
  if (state.autoplay) p.set('autoplay', '1');
  return p.toString();
}

/** A value from the link as it appears in a message: quoted, long ones cut (a message stays one line). */
export function quoteCut(text: string, max = 40): string {
  return `'${text.length > max ? text.slice(0, max - 1) + '…' : text}'`;
}

const flag = (p: URLSearchParams, name: string) => p.has(name) && !['0', 'false', 'no', 'off'].includes(p.get(name)!.toLowerCase());

function readSettings(p: URLSearchParams, prefix: string, base: Settings, warnings: string[]): Settings {
  const s = { ...base } as Record<string, unknown>;
  for (const key of SETTING_KEYS) {
    const raw = p.get(prefix + SETTINGS[key].url);
    if (raw === null) continue;
    const r = coerceSetting(key as SettingKey, raw, 'clamp');
    if (r.ok) {
      s[key] = r.value;
      if (r.warning) warnings.push(`link: ${r.warning}`);
    } else {
      const b = base[key];
      warnings.push(`link: ${r.error}; using ${typeof b === 'number' ? formatNumber(b) : String(b)}`);
    }
  }
  let settings = s as Settings;
  // a combination the model support table refuses: said, and switched to the table's fix
  for (let round = 0; round < 4; round++) {
    const issue = crossCheck(settings)[0];
    if (!issue) break;
    warnings.push(`link: ${issue.message}; using ${describeFix(issue.fix ?? {})}`);
    settings = { ...settings, ...issue.fix };
  }
  return settings;
}

/**
 * What a link that names a loss, ALAE or the digits loads before its own keys, as choosing
 * them on the page (and --loss, --model, --target in the CLI) does: the loss's settings
 * measured on the 2D targets, ALAE's, the digits' networks. A hand-written ?t=digits would
 * otherwise train the plane's 3 x 64 networks on 196 pixels, and ?m=alae the GAN's settings.
 * Links the page writes carry every setting, so for them nothing changes. Values that do not
 * read are left to readSettings to report.
 */
function impliedBy(p: URLSearchParams, base: Settings): Settings {
  const out = { ...base };
  const read = <K extends SettingKey>(key: K): Settings[K] | undefined => {
    const raw = p.get(SETTINGS[key].url);
    if (raw === null) return undefined;
    const r = coerceSetting(key, raw, 'clamp');
    return r.ok ? (r.value as Settings[K]) : undefined;
  };
  const loss = read('loss');
  if (loss !== undefined) Object.assign(out, LOSS_INFO[loss].settings2d.settings);
  if (read('model') === 'alae') Object.assign(out, ALAE_2D.settings);
  if (read('target') === 'digits') Object.assign(out, DIGITS_NETWORKS);
  return out;
}

/**
 * The drawing's whole point count from ptsn (written when it has more points than a link
 * carries): a whole number from the points the link carries up to what a drawing may hold.
 * Anything else is reported and ignored (the link's own points are used).
 */
function readPointCount(raw: string | null, carried: number, warnings: string[]): number {
  if (raw === null) return carried;
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (Number.isSafeInteger(n) && n >= carried && n <= MAX_CUSTOM_POINTS) return n;
  const why = Number.isSafeInteger(n) && n < carried ? `is fewer than the ${carried.toLocaleString('en-US')} points the link carries` : `is not a point count (a whole number up to ${MAX_CUSTOM_POINTS.toLocaleString('en-US')})`;
  warnings.push(`link: ptsn ${quoteCut(raw, 20)} ${why}; ignored, using the link's ${carried.toLocaleString('en-US')} points`);
  return carried;
}

/** Reads a query string. Unknown keys are ignored with a warning; bad values fall back. */
export function fromQuery(search: string, base: Settings = defaultSettings(), recall?: (pts: string) => Points | null): UrlState {
  const p = new URLSearchParams(search);
  const warnings: string[] = [];
  const version = p.get('v');
  if (version !== null && version !== String(URL_VERSION)) {
    warnings.push(`link: made by format version ${version.length > 12 ? version.slice(0, 11) + '…' : version}; this page reads version ${URL_VERSION}, so some settings may differ`);
  }
  const known = new Set<string>(['v', 'view', 'preset', 'pts', 'ptsn', 'embed', 'origins', 'present', 'autoplay', 'mainthread']);
  for (const key of SETTING_KEYS) {
    known.add(SETTINGS[key].url);
    known.add(COMPARE_PREFIX + SETTINGS[key].url);
  }
  // each key once: unknown ones ignored, repeated ones read from their first value
  const counts = new Map<string, number>();
  for (const key of p.keys()) counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const [key, n] of counts) {
    if (!known.has(key)) warnings.push(`link: unknown parameter ${quoteCut(key, 30)} ignored`);
    else if (n > 1) warnings.push(`link: ${key} is given ${n} times; using the first, ${quoteCut(p.get(key)!)}`);
  }
  // A preset link loads the preset's settings, then the link's own keys on top of them
  // (nothing implied: toQuery writes every key that differs from the preset).
  const presetRaw = p.get('preset');
  const preset = presetRaw === null ? undefined : presetById(presetRaw);
  if (presetRaw !== null && !preset) warnings.push(`link: unknown preset ${quoteCut(presetRaw)}; using the settings the link names`);
  const settings = readSettings(p, '', preset ? { ...preset.settings } : impliedBy(p, base), warnings);
  const viewRaw = p.get('view');
  let view: View = preset?.view ?? 'playground';
  if (viewRaw !== null) {
    if ((VIEWS as string[]).includes(viewRaw)) view = viewRaw as View;
    else warnings.push(`link: unknown view ${quoteCut(viewRaw)}`);
  }
  const hasCompare = SETTING_KEYS.some((k) => p.has(COMPARE_PREFIX + SETTINGS[k].url));
  const compare = view === 'compare' || hasCompare ? readSettings(p, COMPARE_PREFIX, settings, warnings) : null;
  let customPoints: Points | null = null;
  const pts = p.get('pts');
  const ptsn = p.get('ptsn');
  if (pts !== null) {
    customPoints = decodePoints(pts);
    if (!customPoints) warnings.push('link: the custom points could not be read; using a default drawing');
    else {
      const total = readPointCount(ptsn, customPoints.length, warnings);
      // the whole drawing, where this tab kept it (a reload); else say what the link left out
      const whole = total > customPoints.length ? (recall?.(pts) ?? null) : null;
      if (whole) customPoints = whole;
      else if (total > customPoints.length) {
        warnings.push(`link: carries the first ${customPoints.length.toLocaleString('en-US')} of the drawing's ${total.toLocaleString('en-US')} points (a link holds at most ${MAX_URL_POINTS.toLocaleString('en-US')}); load the CSV for all of them`);
      }
    }
  } else if (ptsn !== null) warnings.push(`link: ptsn ${quoteCut(ptsn, 20)} ignored: it counts the points of a drawing, and the link carries none (no pts)`);
  return {
    settings,
    compare,
    customPoints,
    view,
    embed: flag(p, 'embed'),
    ...(p.has('origins') ? { origins: p.get('origins')! } : {}),
    presenter: flag(p, 'present'),
    autoplay: flag(p, 'autoplay'),
    preset: preset?.id ?? null,
    explicit: !!preset || SETTING_KEYS.some((k) => p.has(SETTINGS[k].url)),
    warnings,
  };
}
