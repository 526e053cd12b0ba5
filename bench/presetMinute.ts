// A lecture minute per preset, in the page: each preset opens from its short link
// (?v=1&preset=ID), plays for --seconds (60) of wall time, and the iterations reached are set
// against the budget its claim names. The table says which presets show their phenomenon
// within the minute on this machine and how long the others need at the speed measured.
//   npx tsx bench/presetMinute.ts [--seconds 60] [--only id,id] [--write docs/preset-times.md]
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { PRESET_CRITERIA } from '../src/engine/presetCriteria';
import { PRESETS } from '../src/engine/presets';
import { buildSite, iteration, launch, serve } from '../tests/e2e/browser';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const seconds = Number(arg('seconds') ?? '60');
const only = arg('only')?.split(',');
const write = arg('write');
const nf = new Intl.NumberFormat('en-US');

function duration(s: number): string {
  return s < 90 ? `${Math.round(s)} s` : `${(s / 60).toFixed(1)} min`;
}

const dist = await buildSite();
const server = await serve(dist);
const ctx = await launch({ width: 1400, height: 950 });
const rows: string[] = [];
const loadBefore = loadavg()[0];
try {
  for (const preset of PRESETS.filter((p) => !only || only.includes(p.id))) {
    const budget = PRESET_CRITERIA[preset.id].iterations;
    const page = await ctx.newPage();
    await page.goto(`${server.url}?v=1&preset=${preset.id}`);
    await page.waitForFunction(() => !(document.querySelector('[data-testid=play]') as HTMLButtonElement | null)?.disabled, null, { timeout: 120_000 });
    // the line lessons start with Run (their critic's head start first), the others with Play
    const start = preset.view === 'line' ? `[data-testid=line-run-${preset.settings.loss}]` : '[data-testid=play]';
    await page.click(start);
    await page.waitForTimeout(seconds * 1000);
    const reached = await iteration(page);
    await page.close();
    const rate = reached / seconds;
    const within = reached >= budget;
    const needs = rate > 0 ? duration(budget / rate) : 'no progress';
    rows.push(`| ${preset.id} | ${nf.format(budget)} | ${nf.format(reached)} | ${within ? 'yes' : 'no'} | ${within ? `${duration(budget / rate)}` : needs} |`);
    process.stdout.write(`${rows[rows.length - 1]}\n`);
  }
} finally {
  await ctx.close();
  await server.close();
}
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), no GPU (WebGL through SwiftShader), 1-minute load average ${loadBefore.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end`;
const table = [
  `Each preset played for ${seconds} s from its short link in Chromium at 1400 x 950, on ${machine}. Regenerate: \`npx tsx bench/presetMinute.ts --write docs/preset-times.md\`.`,
  '',
  `| preset | claim's budget (iterations) | iterations in ${seconds} s | within the minute | wall time to the budget at that speed |`,
  '|---|---:|---:|---|---:|',
  ...rows,
  '',
].join('\n');
process.stdout.write(`\n${table}`);
if (write) writeFileSync(write, `# Presets in a lecture minute\n\n${table}`);
