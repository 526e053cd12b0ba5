// The element's attributes, read through the links' own reader (urlState.ts fromQuery) so that
// an attribute means exactly what the same key means in a link: same settings table, same
// validation, same implied settings for a loss, ALAE or the digits. Unlike a link, which falls
// back to safe values, the element refuses a bad attribute and says why: a course page's
// author sees the mistake at once instead of a different run than the one written.
import { PRESETS, presetById } from '../engine/presets';
import { SETTINGS, SETTING_KEYS, type SettingKey } from '../engine/settings';
import { fromQuery, quoteCut, type UrlState } from '../app/urlState';

export const CONTROLS = ['none', 'minimal', 'full'] as const;
export type Controls = (typeof CONTROLS)[number];
export const THEMES = ['auto', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** Attributes of the element itself (not settings). */
export const ELEMENT_ATTRIBUTES = ['controls', 'theme', 'keep-running', 'exclusive'] as const;
/** Link keys that are not settings. */
export const LINK_ATTRIBUTES = ['preset', 'view', 'autoplay'] as const;

/**
 * A setting by its name (lower case: HTML attribute names are) or by its link key, e.g.
 * `loss` or `l`, `nCritic` (read as `ncritic`) or `nc`.
 */
const BY_ATTRIBUTE: ReadonlyMap<string, SettingKey> = (() => {
  const m = new Map<string, SettingKey>();
  for (const key of SETTING_KEYS) {
    m.set(key.toLowerCase(), key);
    m.set(SETTINGS[key].url.toLowerCase(), key);
  }
  return m;
})();

export function settingForAttribute(name: string): SettingKey | null {
  return BY_ATTRIBUTE.get(name.toLowerCase()) ?? null;
}

/** Every attribute the element reads (its observedAttributes). */
export function attributeNames(): string[] {
  return [...new Set<string>([...ELEMENT_ATTRIBUTES, ...LINK_ATTRIBUTES, ...BY_ATTRIBUTE.keys()])];
}

export interface ElementOptions {
  controls: Controls;
  theme: Theme;
  /** Keep training when scrolled out of view or in a hidden tab. */
  keepRunning: boolean;
  /** Starting this one pauses the others on the page. */
  exclusive: boolean;
}

export interface ParsedAttributes {
  /** The link state the attributes describe (settings, preset, autoplay). */
  state: UrlState;
  options: ElementOptions;
  /** What is wrong, one line each, naming the attribute; empty when the element can start. */
  problems: string[];
}

const OFF = ['0', 'false', 'no', 'off'];

/** A link message as an attribute message: no "link:" and no fallback (the element does not fall back). */
function asAttributeProblem(warning: string): string {
  return warning.replace(/^link: /, '').replace(/; using [^;]*$/, '');
}

/** Reads the element's attributes (name → value, as the DOM gives them). */
export function parseAttributes(attrs: Readonly<Record<string, string>>): ParsedAttributes {
  const problems: string[] = [];
  const query = new URLSearchParams();
  const given = new Map<SettingKey, string>();
  for (const [rawName, value] of Object.entries(attrs)) {
    const name = rawName.toLowerCase();
    const key = settingForAttribute(name);
    if (!key) continue;
    const earlier = given.get(key);
    if (earlier !== undefined) {
      problems.push(`${key} is given twice (attributes ${earlier} and ${name}); give it once`);
      continue;
    }
    given.set(key, name);
    query.set(SETTINGS[key].url, value);
  }
  let base: UrlState['settings'] | undefined;
  const presetId = attrs.preset;
  if (presetId !== undefined) {
    const preset = presetById(presetId.trim());
    if (!preset) problems.push(`preset ${quoteCut(presetId)} is not a preset; the presets are ${PRESETS.filter((p) => p.view === 'playground').map((p) => p.id).join(', ')}`);
    else if (preset.view !== 'playground') problems.push(`preset ${quoteCut(presetId)} belongs to the ${preset.view} lesson, which <gan-playground> does not show yet`);
    else {
      query.set('preset', preset.id);
      // the preset's settings, then the attributes on top (as a link with preset= and keys)
      base = { ...preset.settings };
    }
  }
  if (attrs.view !== undefined) {
    query.set('view', attrs.view);
    if (attrs.view.trim() !== 'playground' && attrs.view.trim() !== '') problems.push(`view ${quoteCut(attrs.view)}: <gan-playground> shows the playground view only`);
  }
  if (attrs.autoplay !== undefined) query.set('autoplay', attrs.autoplay);
  const state = fromQuery(query.toString(), base);
  for (const w of state.warnings) {
    const p = asAttributeProblem(w);
    // the view problem is said above, in the element's words
    if (!/^unknown view/.test(p)) problems.push(p);
  }
  const controls = (attrs.controls ?? 'minimal').trim().toLowerCase();
  if (!(CONTROLS as readonly string[]).includes(controls)) problems.push(`controls ${quoteCut(attrs.controls!)} must be one of ${CONTROLS.join(', ')}`);
  const theme = (attrs.theme ?? 'auto').trim().toLowerCase();
  if (!(THEMES as readonly string[]).includes(theme)) problems.push(`theme ${quoteCut(attrs.theme!)} must be one of ${THEMES.join(', ')}`);
  const flag = (v: string | undefined, absent: boolean) => (v === undefined ? absent : !OFF.includes(v.trim().toLowerCase()));
  return {
    state: { ...state, view: 'playground', embed: true },
    options: {
      controls: (CONTROLS as readonly string[]).includes(controls) ? (controls as Controls) : 'minimal',
      theme: (THEMES as readonly string[]).includes(theme) ? (theme as Theme) : 'auto',
      keepRunning: flag(attrs['keep-running'], false),
      exclusive: flag(attrs.exclusive, true),
    },
    problems,
  };
}
