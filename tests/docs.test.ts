// The generated reference pages (docs/settings.md, docs/presets.md) must equal what
// `npm run docs` writes from the tables now: a change to a setting or a preset without
// regenerating the pages fails here.
import { describe, expect, it } from 'vitest';
import { EMBEDDING_REFERENCE_PAGE, PRESETS_PAGE, SETTINGS_PAGE, embeddingReferencePage, generatedPages, settingAttributes, parsePresetsOutput, presetFingerprint, presetsPage, readMeasured, readPage, settingsPage } from '../scripts/gen-docs';
import { PRESETS } from '../src/engine/presets';
import { SETTINGS, SETTING_KEYS } from '../src/engine/settings';
import { COMMANDS } from '../src/app/embedMessages';
import { ELEMENT_ATTRIBUTES, LINK_ATTRIBUTES, attributeNames, settingForAttribute } from '../src/embed/attributes';
import { EVENT_TYPES } from '../src/embed/events';
import { API_DOCS, ATTRIBUTE_DOCS, COMMAND_DOCS, CSP_POLICY, EVENT_DOCS } from '../src/embed/reference';

describe('generated docs', () => {
  it('docs/settings.md and docs/presets.md are up to date (run `npm run docs` if not)', () => {
    const pages = generatedPages(readPage);
    expect(Object.keys(pages).sort()).toEqual([EMBEDDING_REFERENCE_PAGE, PRESETS_PAGE, SETTINGS_PAGE].sort());
    for (const [path, text] of Object.entries(pages)) {
      const committed = readPage(path);
      expect(committed, `${path} is missing: run npm run docs`).not.toBeNull();
      // compared line by line first, so a failure names the line that differs
      expect(committed!.split('\n'), `${path} is out of date: run npm run docs`).toEqual(text.split('\n'));
      expect(committed).toBe(text);
    }
  });

  it('reads the settings table at run time: a changed label changes the page', () => {
    const spec = SETTINGS.lrD as { label: string };
    const label = spec.label;
    const before = settingsPage();
    expect(before).toContain(`| ${label} | \`lrd\` | \`--lrD\` |`);
    try {
      spec.label = `${label} (edited)`;
      const after = settingsPage();
      expect(after).not.toBe(before);
      expect(after).toContain(`| ${label} (edited) | \`lrd\` | \`--lrD\` |`);
    } finally {
      spec.label = label;
    }
  });

  it('lists every setting and every preset', () => {
    const settings = settingsPage();
    for (const [key, spec] of Object.entries(SETTINGS)) expect(settings).toContain(`| \`${spec.url}\` | \`--${key}\` |`);
    const presets = presetsPage();
    for (const p of PRESETS) expect(presets).toContain(`\`?v=1&preset=${p.id}\``);
  });

  it('records pass counts from `npm run presets` output, keeps them, and marks them stale when a preset changes', () => {
    const [a, b] = PRESETS;
    const output = [`\n${a.id}: text`, '  seed   1  pass  figures  (1.0 s)', '', 'passes per preset (seeds 1-10):', `  ${a.id.padEnd(16)} 10/10`, `  ${b.id.padEnd(16)} 9/10`, ''].join('\n');
    const passes = parsePresetsOutput(output);
    expect(passes).toEqual([
      { id: a.id, passes: '10/10', seeds: '1-10', fingerprint: presetFingerprint(a) },
      { id: b.id, passes: '9/10', seeds: '1-10', fingerprint: presetFingerprint(b) },
    ]);
    const page = presetsPage(passes);
    expect(page).toContain(`| \`${a.id}\` | 10/10 | 1-10 | \`${presetFingerprint(a)}\` | current |`);
    // regenerating without new output keeps the counts
    expect(readMeasured(page)).toEqual(passes);
    expect(generatedPages((path) => (path === PRESETS_PAGE ? page : null))[PRESETS_PAGE]).toBe(page);
    // a count measured on other settings is marked stale
    const old = readMeasured(page).map((m) => (m.id === a.id ? { ...m, fingerprint: '0000000000' } : m));
    expect(presetsPage(old)).toContain(`| \`${a.id}\` | 10/10 | 1-10 | \`0000000000\` | stale`);
    // a run with overridden settings is not the presets' count
    expect(() => parsePresetsOutput(output.replace('(seeds 1-10)', '(seeds 1-10, with {"lrG":0.002})'))).toThrow(/overrode/);
  });
});

describe('the <gan-playground> reference (docs/embedding-reference.md)', () => {
  it('lists every attribute the element reads, each setting by the names that set it, every event and command, nothing else', () => {
    const page = embeddingReferencePage();
    const listed = new Set<string>([...ELEMENT_ATTRIBUTES, ...LINK_ATTRIBUTES]);
    for (const key of SETTING_KEYS) {
      const names = settingAttributes(key);
      for (const name of names) {
        expect(settingForAttribute(name)).toBe(key);
        listed.add(name);
      }
      expect(page).toContain(`| ${names.map((n) => `\`${n}\``).join(' or ')} | ${SETTINGS[key].label.replace(/\|/g, '\\|')} |`);
    }
    // the element observes exactly what the page lists
    expect([...listed].sort()).toEqual(attributeNames().sort());
    expect(Object.keys(ATTRIBUTE_DOCS).sort()).toEqual([...ELEMENT_ATTRIBUTES, ...LINK_ATTRIBUTES].sort());
    expect(Object.keys(EVENT_DOCS).sort()).toEqual([...EVENT_TYPES].sort());
    for (const type of EVENT_TYPES) expect(page).toContain(`| \`${type}\` |`);
    expect(COMMAND_DOCS.map((d) => /ganPlayground: '(\w+)'/.exec(d.name)![1])).toEqual([...COMMANDS]);
    expect(API_DOCS.length).toBeGreaterThan(0);
  });

  it('docs/embedding.md gives the Content-Security-Policy the browser test serves, and links the reference', () => {
    const guide = readPage('docs/embedding.md')!;
    expect(guide).toContain(`Content-Security-Policy: ${CSP_POLICY}\n`);
    expect(guide).toContain('(embedding-reference.md)');
  });
});
