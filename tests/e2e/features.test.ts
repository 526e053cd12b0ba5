// Lecture and course-website features in Chromium: presets from links, the vertical-line
// lesson, the earth mover's example, embedding in an iframe, the user's own points, export
// then load, keyboard shortcuts, and the URL.
import { readFileSync, writeFileSync } from 'node:fs';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toQuery } from '../../src/app/urlState';
import { PRESETS } from '../../src/engine/presets';
import { artifact, buildSite, chartsDrawn, iteration, launch, openPage, readMetric, serve, type Served } from './browser';

let server: Served;
let ctx: BrowserContext;

beforeAll(async () => {
  server = await serve(await buildSite());
  ctx = await launch();
}, 240_000);

afterAll(async () => {
  await ctx?.close();
  await server?.close();
});

type Scope = Page | Frame;

async function ready(p: Scope) {
  await p.waitForFunction(() => {
    const b = document.querySelector('[data-testid=play]') as HTMLButtonElement | null;
    return b && !b.disabled;
  }, undefined, { timeout: 60_000 });
}

/** A trace of a Plotly chart, by name prefix. */
async function trace(p: Scope, testId: string, name: string): Promise<{ x: number[]; y: number[] }> {
  return p.evaluate(
    ({ testId, name }) => {
      const gd = document.querySelector(`[data-testid=${testId}]`) as unknown as { data: Array<{ name: string; x: ArrayLike<number>; y: ArrayLike<number> }> };
      const t = gd.data.find((d) => d.name?.startsWith(name));
      return t ? { x: Array.from(t.x), y: Array.from(t.y) } : { x: [], y: [] };
    },
    { testId, name },
  );
}

/** The samples the plane shows (it paints them on its canvas and exposes the snapshot on its div). */
async function planeSamples(p: Scope, which: 'target' | 'generated'): Promise<{ x: number[]; y: number[] }> {
  return p.evaluate((which) => {
    const div = document.querySelector('[data-testid=chart-plane]') as unknown as { plane?: { snapshot: Record<string, Float32Array> } };
    const a = div.plane ? Array.from(div.plane.snapshot[which]) : [];
    return { x: a.filter((_, i) => i % 2 === 0), y: a.filter((_, i) => i % 2 === 1) };
  }, which);
}

async function criticSteps(p: Scope): Promise<number> {
  const text = (await p.textContent('[data-testid=iteration] + .readout-note'))!;
  return Number(text.replace(/[^0-9]/g, ''));
}

/** The plane's snapshot once the run has made `steps` generator steps: its generated samples. */
async function generatedAfter(p: Scope, steps: number): Promise<number[]> {
  const handle = await p.waitForFunction(
    (steps) => {
      const div = document.querySelector('[data-testid=chart-plane]') as unknown as { plane?: { snapshot: { generatorSteps: number; generated: Float32Array } } };
      const s = div?.plane?.snapshot;
      return s && s.generatorSteps === steps ? Array.from(s.generated) : null;
    },
    steps,
    { timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number[];
}

describe('presets', () => {
  for (const preset of PRESETS) {
    // the README's short embed link: it used to train the default WGAN-GP run under the preset's banner
    it(`${preset.id}: its short link loads the preset exactly, as the menu does, and plays`, async () => {
      const short = `v=1&preset=${preset.id}`;
      const { page, errors } = await openPage(ctx, `${server.url}?${short}`);
      await ready(page);
      const banner = await page.textContent('[data-testid=preset-banner]');
      expect(banner).toContain(preset.title);
      expect(banner).not.toContain('(modified)');
      // the page writes back the preset and no setting: every setting equals the preset's
      await page.waitForFunction((q) => location.search === `?${q}`, short, { timeout: 5_000 });
      if (preset.view === 'playground') {
        expect(await page.inputValue('[data-testid=loss-select]')).toBe(preset.settings.loss);
        if (preset.settings.target !== 'digits') {
          // the same first iteration as choosing the preset in the menu
          await page.click('[data-testid=action-stepIteration]');
          const fromLink = await generatedAfter(page, 1);
          await page.click('[data-testid=open-presets]');
          await page.click(`[data-testid=preset-${preset.id}]`);
          await generatedAfter(page, 0);
          expect(await page.evaluate(() => location.search)).toBe(`?${short}`);
          await page.click('[data-testid=action-stepIteration]');
          expect(await generatedAfter(page, 1)).toEqual(fromLink);
        }
        await page.click('[data-testid=play]');
      } else {
        await page.click(`[data-testid=line-run-${preset.settings.loss}]`);
      }
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) > 3, undefined, { timeout: 60_000 });
      if (preset.id === 'mode-collapse') await page.screenshot({ path: artifact('preset-mode-collapse.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});

describe('the vertical-line lesson', () => {
  it('closed forms follow the θ slider; under WGAN θ moves toward 0', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?view=line`);
    await ready(page);
    await page.fill('[data-testid=theta-slider]', '-0.4');
    expect(await readMetric(page, 'div-w1')).toBe('0.400');
    expect(await readMetric(page, 'div-js')).toBe('0.693');
    expect(await readMetric(page, 'div-kl')).toBe('+∞');
    expect(await readMetric(page, 'div-tv')).toBe('1.000');
    await page.fill('[data-testid=theta-slider]', '0');
    expect(await readMetric(page, 'div-kl')).toBe('0.000');
    await page.click('[data-testid=line-run-wgan]');
    // the θ chart's own rows (they arrive with snapshots, after the iteration counter)
    await page.waitForFunction(
      () => {
        const gd = document.querySelector('[data-testid=chart-line-theta]') as unknown as { data?: Array<{ name: string; x: ArrayLike<number> }> };
        const t = gd.data?.find((d) => d.name?.endsWith('(this run)'));
        return !!t && t.x.length > 10 && t.x[t.x.length - 1] >= 1000;
      },
      undefined,
      { timeout: 90_000 },
    );
    const theta = await trace(page, 'chart-line-theta', 'WGAN');
    // the first rows hold θ's start (1.0); by the 10th row it has had 1,000+ iterations to move
    const last = theta.y.slice(-3).map(Math.abs);
    expect(Math.max(...last)).toBeLessThan(0.3);
    expect(await page.textContent('[data-testid=line-explanation]')).toMatch(/θ went from 1\.00 to/);
    await page.screenshot({ path: artifact('lesson-vertical-line.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the earth mover’s example', () => {
  it('P = [3,2,1,4], Q = [1,2,4,3] gives W = 5, and edits recompute it', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?view=emd`);
    await page.waitForSelector('[data-testid=chart-emd][data-drawn]');
    expect(await readMetric(page, 'emd-distance')).toBe('5');
    expect(await readMetric(page, 'emd-delta-1')).toBe('2');
    await page.fill('[data-testid=emd-q-3]', '2');
    expect(await readMetric(page, 'emd-error')).toMatch(/same total mass/);
    await page.fill('[data-testid=emd-p-3]', '3');
    expect(await readMetric(page, 'emd-distance')).toBe('5');
    await page.fill('[data-testid=emd-p-0]', 'x');
    expect(await readMetric(page, 'emd-error')).toMatch(/P0: each mass must be a number/);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('embedding', () => {
  it('works in an iframe, with shortcuts only while it has focus', async () => {
    const page = await ctx.newPage();
    const src = `${server.url}?${toQuery({ settings: PRESETS[1].settings, embed: true })}`;
    await page.setContent(`<html><body><h1 tabindex="0" id="host">Course page</h1><iframe id="gp" src="${src}" width="1200" height="800"></iframe></body></html>`);
    const frame = page.frames().find((f) => f.url().startsWith(server.url))!;
    await ready(frame);
    await frame.waitForSelector('[data-testid=chart-plane][data-drawn]');
    expect(await frame.$('.topbar')).toBeNull(); // reduced chrome
    // focus on the host page: keys do not reach the playground
    await page.focus('#host');
    await page.keyboard.press('d');
    await page.waitForTimeout(800);
    expect(await criticSteps(frame)).toBe(0);
    // click into the playground: now they do
    await frame.click('.control-bar');
    await frame.focus('[data-testid=playground]');
    await page.keyboard.press('d');
    await frame.waitForFunction(() => /^1 critic step/.test(document.querySelector('[data-testid=iteration] + .readout-note')?.textContent ?? ''), undefined, { timeout: 20_000 });
    await frame.click('[data-testid=play]');
    await frame.waitForFunction(() => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) > 2, undefined, { timeout: 60_000 });
    expect(await frame.getAttribute('[data-testid=open-full]', 'href')).not.toContain('embed=1');
    await page.screenshot({ path: artifact('embedded-iframe.png') });
    await page.close();
  });
});

describe('your own points', () => {
  it('a CSV upload draws the target; a bad file names its line and keeps the run', async () => {
    const { page, errors } = await openPage(ctx, server.url);
    await ready(page);
    // the run's first snapshot first: one still on its way would briefly show the ring again
    await chartsDrawn(page);
    await page.click('[data-testid=edit-points]');
    const bad = artifact('bad-points.csv');
    writeFileSync(bad, 'x,y\n1,1\n2,two\n');
    await page.setInputFiles('[data-testid=points-file]', bad);
    expect(await readMetric(page, 'points-error')).toBe("bad-points.csv: line 3: 'two' is not a number. Nothing was changed.");
    await page.keyboard.press('Escape');
    expect(await page.isChecked('[data-testid=target-option-ring8]')).toBe(true); // the run is kept
    await page.click('[data-testid=edit-points]');
    const good = artifact('points.csv');
    writeFileSync(good, 'x,y\n1.5,1.5\n-1.5,-1.5\n1.5,-1.5\n');
    await page.setInputFiles('[data-testid=points-file]', good);
    await page.waitForFunction(() => /^3 points/.test(document.querySelector('[data-testid=points-count]')?.textContent ?? ''));
    await page.click('[data-testid=points-apply]');
    await page.waitForFunction(() => (document.querySelector('[data-testid=target-option-custom]') as HTMLInputElement)?.checked);
    // the plane's real samples gather around the three points
    await page.waitForFunction(
      () => {
        const div = document.querySelector('[data-testid=chart-plane]') as unknown as { plane?: { snapshot: { target: Float32Array } } };
        const t = div.plane?.snapshot.target;
        return !!t && t.length > 0 && Array.from(t).every((v) => Math.abs(Math.abs(v) - 1.5) < 0.15);
      },
      undefined,
      { timeout: 30_000 },
    );
    const real = await planeSamples(page, 'target');
    expect(real.x.length).toBeGreaterThan(100);
    expect(real.y.every((v) => Math.abs(Math.abs(v) - 1.5) < 0.15)).toBe(true);
    expect(page.url()).toContain('t=custom');
    expect(page.url()).toContain('pts=');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('export and load', () => {
  it('saved weights restore the run: iteration and generated samples', async () => {
    const { page, errors } = await openPage(ctx, server.url);
    await ready(page);
    for (let i = 0; i < 3; i++) await page.click('[data-testid=action-stepIteration]');
    await page.waitForFunction(() => document.querySelector('[data-testid=iteration]')?.textContent === '3');
    await page.waitForTimeout(500);
    const saved = await planeSamples(page, 'generated');
    await page.click('[data-testid=open-export]');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-weights]')]);
    const file = artifact('weights.json');
    await dl.saveAs(file);
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('gan-playground-weights');
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-json]')]);
    const run = JSON.parse(readFileSync(await json.path(), 'utf8'));
    expect(run.history.length).toBeGreaterThan(0);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    expect(readFileSync(await csv.path(), 'utf8').split('\n')[0]).toMatch(/^iteration,criticSteps,dLoss/);
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-png]')]);
    expect(readFileSync(await png.path()).subarray(1, 4).toString()).toBe('PNG');
    await page.keyboard.press('Escape');
    // move on, then load
    await page.click('[data-testid=action-stepIteration]');
    await page.click('[data-testid=action-stepIteration]');
    await page.waitForFunction(() => document.querySelector('[data-testid=iteration]')?.textContent === '5');
    await page.click('[data-testid=open-export]');
    await page.setInputFiles('[data-testid=load-file]', file);
    await page.waitForSelector('[data-testid=export-status]:has-text("Restored")');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('[data-testid=iteration]')?.textContent === '3');
    await page.waitForTimeout(800);
    const restored = await planeSamples(page, 'generated');
    expect(restored.x.length).toBe(saved.x.length);
    restored.x.forEach((v, i) => expect(v).toBeCloseTo(saved.x[i], 5));
    // a file that is not a run is refused, and the run is kept
    const junk = artifact('junk.json');
    writeFileSync(junk, JSON.stringify({ hello: 'world' }));
    await page.click('[data-testid=open-export]');
    await page.setInputFiles('[data-testid=load-file]', junk);
    expect(await readMetric(page, 'export-status')).toMatch(/junk\.json: this is not a GAN Playground weights file\. The current run is unchanged\./);
    await page.keyboard.press('Escape');
    expect(await iteration(page)).toBe(3);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('keyboard and URL', () => {
  it('shortcuts drive the run; the help panel lists them; settings go to the URL without new history entries', async () => {
    const { page, errors } = await openPage(ctx, server.url);
    await ready(page);
    await chartsDrawn(page);
    await page.keyboard.press('d');
    await page.waitForFunction(() => /^1 critic step/.test(document.querySelector('[data-testid=iteration] + .readout-note')?.textContent ?? ''));
    await page.keyboard.press('g');
    await page.waitForFunction(() => document.querySelector('[data-testid=iteration]')?.textContent === '1');
    await page.keyboard.press('s');
    await page.waitForFunction(() => document.querySelector('[data-testid=iteration]')?.textContent === '2');
    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.querySelector('[data-testid=play]')?.textContent === 'Pause');
    await page.waitForTimeout(1500);
    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.querySelector('[data-testid=play]')?.textContent === 'Play');
    expect(await iteration(page)).toBeGreaterThan(2);
    await page.keyboard.press('r');
    await page.waitForFunction(() => document.querySelector('[data-testid=iteration]')?.textContent === '0');
    await page.keyboard.press('?');
    expect(await page.textContent('[data-testid=help-panel]')).toMatch(/Play or pause training/);
    await page.keyboard.press('Escape');
    expect(await page.$('[data-testid=help-panel]')).toBeNull();
    // typing in a field is not a shortcut
    const lengthBefore = await page.evaluate(() => history.length);
    const input = page.locator('[data-testid=setting-lrD] input[type=text]');
    await input.fill('0.002');
    await input.press('Enter');
    await page.locator('[data-testid=setting-nCritic] input[type=text]').fill('3');
    await page.locator('[data-testid=setting-nCritic] input[type=text]').press('Enter');
    await page.waitForFunction(() => location.search.includes('lrd=0.002') && location.search.includes('nc=3'));
    expect(await page.evaluate(() => history.length)).toBe(lengthBefore);
    expect(await criticSteps(page)).toBe(0);
    // presenter mode (leave the text field first: keys typed there are not shortcuts)
    await page.locator('[data-testid=setting-nCritic] input[type=text]').blur();
    await page.focus('[data-testid=playground]');
    await page.keyboard.press('p');
    expect(await page.evaluate(() => document.documentElement.classList.contains('presenter'))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Space pressed 0.5 s after navigation, before Play is ready, starts training', async () => {
    const page = await ctx.newPage();
    // hold the app's script, as a slow laptop or network would: the key arrives before the app
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(/\/assets\/index-[^/]*\.js/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(server.url, { waitUntil: 'commit' });
    await page.waitForTimeout(500);
    await page.waitForSelector('.booting');
    expect(await page.locator('[data-testid=play]').count()).toBe(0);
    await page.keyboard.press(' ');
    release();
    await page.waitForFunction(() => document.querySelector('[data-testid=play]')?.textContent === 'Pause', undefined, { timeout: 60_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=iteration]')?.textContent?.replace(/,/g, '')) > 0, undefined, { timeout: 60_000 });
    await page.close();
  });

  it('Space ticks a focused checkbox and presses a focused button; clicking a chart leaves a text field', async () => {
    const { page, errors } = await openPage(ctx, server.url);
    await ready(page);
    await chartsDrawn(page);
    const box = page.locator('[data-testid=toggle-transport]');
    expect(await box.isChecked()).toBe(false);
    await box.focus();
    await page.keyboard.press(' ');
    expect(await box.isChecked()).toBe(true);
    expect(await page.textContent('[data-testid=play]')).toBe('Play');
    // a button takes Space as its own click: Play here, once
    await page.focus('[data-testid=play]');
    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.querySelector('[data-testid=play]')?.textContent === 'Pause');
    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.querySelector('[data-testid=play]')?.textContent === 'Play');
    // a click on the plane takes focus out of the text field: Space then plays instead of typing
    const field = page.locator('[data-testid=setting-lrD] input[type=text]');
    await field.focus();
    const before = await field.inputValue();
    await page.click('[data-testid=chart-plane]', { position: { x: 60, y: 60 } });
    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.querySelector('[data-testid=play]')?.textContent === 'Pause');
    expect(await field.inputValue()).toBe(before);
    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.querySelector('[data-testid=play]')?.textContent === 'Play');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a link with out-of-range values is clamped and says so', async () => {
    const { page } = await openPage(ctx, `${server.url}?v=1&lrd=50&nc=0&l=nope`);
    await ready(page);
    const notices = await page.textContent('.notices');
    expect(notices).toMatch(/lrD 50 is out of range; using 1/);
    expect(notices).toMatch(/nCritic 0 is out of range; using 1/);
    expect(notices).toMatch(/loss must be one of/);
    expect(await page.inputValue('[data-testid=setting-lrD] input[type=text]')).toBe('1');
    await page.close();
  });
});

describe('side by side', () => {
  it('trains two runs with the same target and seed', async () => {
    const { page, errors } = await openPage(ctx, `${server.url}?view=compare`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=play]').length === 1);
    await ready(page);
    await page.click('[data-testid=play]');
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid=iteration]')].every((e) => Number(e.textContent?.replace(/,/g, '')) > 3),
      undefined,
      { timeout: 90_000 },
    );
    await page.click('[data-testid=play]');
    const losses = await page.$$eval('[data-testid=loss-select]', (els) => els.map((e) => (e as HTMLSelectElement).value));
    expect(new Set(losses).size).toBeGreaterThan(1);
    // a shared setting changed on one side applies to both
    await page.locator('[data-testid=compare-left] details summary').first().click();
    await page.locator('[data-testid=compare-left] [data-testid=target-option-grid25]').check({ force: true });
    await page.waitForFunction(() => new URLSearchParams(location.search).get('t') === 'grid25' && !new URLSearchParams(location.search).has('b.t'));
    await page.screenshot({ path: artifact('side-by-side.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
