// npm run presets -- --seeds 1-10: runs every preset's written criterion (src/engine/
// presetCriteria.ts) on each seed with the fused kernels, prints the figures and pass or
// fail per seed and the pass count per preset. A script, not a test: it takes minutes.
// --only id,id picks presets; --with '{"lrG":2e-3}' overrides settings (to try a recipe);
// --iters N overrides the budget.
import '../src/platform/node';
import { useBackend } from '../src/engine/backends';
import { effectiveBackend, makeTrainer } from '../src/engine/createTrainer';
import { PRESET_CRITERIA, checkPreset } from '../src/engine/presetCriteria';
import { PRESETS } from '../src/engine/presets';
import { crossCheck, type Settings } from '../src/engine/settings';
import { parseSeeds } from '../cli/seeds';
import { provideDigitsNode } from '../src/platform/digitsNode';

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const known = new Set(['--seeds', '--only', '--with', '--iters']);
  for (let i = 0; i < argv.length; i += 2) if (!known.has(argv[i])) fail(`unknown flag ${argv[i]} (flags: --seeds 1-10, --only id,id, --with JSON, --iters N)`);
  const seeds = parseSeeds(opt('seeds') ?? '1-10') ?? fail(`--seeds must look like 1-10 or 1,3,5 (got '${opt('seeds')}')`);
  const only = opt('only')?.split(',');
  for (const id of only ?? []) if (!PRESETS.some((p) => p.id === id)) fail(`no preset '${id}' (${PRESETS.map((p) => p.id).join(', ')})`);
  let over: Partial<Settings> = {};
  try {
    over = JSON.parse(opt('with') ?? '{}');
  } catch {
    fail('--with must be a JSON object of settings');
  }
  const iters = opt('iters') !== undefined ? Number(opt('iters')) : undefined;
  if (iters !== undefined && !(Number.isInteger(iters) && iters > 0)) fail('--iters must be a positive integer');

  await useBackend('fused');
  // the digits presets sample from the asset (built by scripts/build-digits.mjs before this script)
  if (PRESETS.some((p) => p.settings.target === 'digits' && (!only || only.includes(p.id)))) provideDigitsNode();
  const summary: string[] = [];
  for (const preset of PRESETS.filter((p) => !only || only.includes(p.id))) {
    const c = PRESET_CRITERIA[preset.id];
    process.stdout.write(`\n${preset.id}: ${c.text}\n`);
    let passed = 0;
    for (const seed of seeds) {
      const settings: Settings = { ...preset.settings, ...over, seed };
      const problems = crossCheck(settings);
      if (problems.length) fail(problems[0].message);
      const backend = effectiveBackend('fused', settings);
      if (backend !== 'fused') await useBackend(backend); // ALAE trains on tfjs
      const t = makeTrainer(settings, backend);
      const start = performance.now();
      const r = await checkPreset(preset.id, t, iters);
      t.dispose();
      if (r.pass) passed++;
      process.stdout.write(`  seed ${String(seed).padStart(3)}  ${r.pass ? 'pass' : 'FAIL'}  ${r.figures}  (${((performance.now() - start) / 1000).toFixed(1)} s)\n`);
    }
    summary.push(`${preset.id.padEnd(16)} ${passed}/${seeds.length}`);
  }
  process.stdout.write(`\npasses per preset (seeds ${opt('seeds') ?? '1-10'}${Object.keys(over).length ? `, with ${JSON.stringify(over)}` : ''}):\n${summary.map((l) => '  ' + l).join('\n')}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
