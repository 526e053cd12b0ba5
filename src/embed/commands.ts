// The commands a host gives a playground, checked the same way whether they come through the
// element's API (GanPlaygroundElement.ts) or a host page's postMessage to the iframe embed
// (src/app/embedMessages.ts): a preset must be one the playground view shows, and settings go
// through the settings table's strict validation and its cross-checks.
import { PRESETS, presetById, type Preset } from '../engine/presets';
import { SETTINGS, coerceSetting, crossCheck, type Settings } from '../engine/settings';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** The playground's presets (the lessons' presets belong to their own views). */
export const playgroundPresetIds = (): string[] => PRESETS.filter((p) => p.view === 'playground').map((p) => p.id);

export function playgroundPreset(id: unknown): Checked<Preset> {
  const preset = typeof id === 'string' ? presetById(id) : undefined;
  if (!preset) return { ok: false, error: `loadPreset: unknown preset ${JSON.stringify(id)}; the presets are ${playgroundPresetIds().join(', ')}` };
  if (preset.view !== 'playground') return { ok: false, error: `loadPreset: preset '${preset.id}' belongs to the ${preset.view} lesson, which an embedded playground does not show` };
  return { ok: true, value: preset };
}

/** `current` with `patch` applied (setting name → value), or what is wrong (then nothing changes). */
export function patchSettings(current: Settings, patch: unknown): Checked<Settings> {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return { ok: false, error: 'settings: give an object of setting name → value' };
  const next = { ...current } as Record<string, unknown>;
  for (const [key, raw] of Object.entries(patch)) {
    if (!Object.hasOwn(SETTINGS, key)) return { ok: false, error: `settings: unknown setting '${key}'` };
    const r = coerceSetting(key as keyof Settings, raw, 'strict');
    if (!r.ok) return { ok: false, error: `settings: ${r.error}` };
    next[key] = r.value;
  }
  const problems = crossCheck(next as unknown as Settings);
  if (problems.length) return { ok: false, error: `settings: ${problems[0].message}` };
  return { ok: true, value: next as unknown as Settings };
}
