// npm run train -- --target ring8 --loss wgan-gp --iters 5000 --seed 1 --out run.json
import '../src/platform/node';
import { readFileSync, writeFileSync } from 'node:fs';
import { fastest, measureBackends } from '../src/engine/autoBackend';
import { useBackend, type BackendName } from '../src/engine/backends';
import { effectiveBackend, fusedRefusal, makeTrainer } from '../src/engine/createTrainer';
import { parsePointsCsv } from '../src/engine/customPoints';
import { firstUnwritable } from './argChecks';
import { recordRow, rowDiverged, type HistoryRow } from '../src/engine/history';
import { MODE_SAMPLES, type Points } from '../src/engine/trainerBase';
import { helpText, outputPaths, parseArgs, type RunOptions } from './args';
import { seedOutPath } from './seeds';
import { summarizeSeeds, type Spread } from '../src/engine/seedSummary';
import { GRID_SAMPLES, imageRows, pngPathFor, writeDigitGrid } from './digitsOutput';
import { provideDigitsNode } from '../src/platform/digitsNode';
import type { Settings } from '../src/engine/settings';

const fail = (message: string, code = 2): never => {
  process.stderr.write(`error: ${message}\n`);
  process.exit(code);
};

function duration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

const fmt = (v: number | null | undefined, d = 4) => (v === null || v === undefined ? '—' : Number.isFinite(v) ? v.toFixed(d) : String(v));

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.kind === 'help') {
    process.stdout.write(helpText() + '\n');
    return;
  }
  if (args.kind === 'error') return fail(args.message);
  const { settings, options } = args;

  let customPoints: Points | undefined;
  if (options.pointsFile) {
    let text: string;
    try {
      text = readFileSync(options.pointsFile, 'utf8');
    } catch (e) {
      return fail(`cannot read ${options.pointsFile}: ${(e as Error).message}`);
    }
    const parsed = parsePointsCsv(text);
    if (!parsed.ok) return fail(`${options.pointsFile}: ${parsed.error}`);
    customPoints = parsed.points;
    if (settings.target !== 'custom') process.stderr.write('note: --points given, so the target is custom\n');
    settings.target = 'custom';
  } else if (settings.target === 'custom') {
    process.stderr.write('note: --target custom without --points uses a small default drawing\n');
  }
  // every file the run will write (one per seed, the digits' pictures) is tried now, not after the whole run
  const outError = firstUnwritable(outputPaths(settings, options));
  if (outError) return fail(outError);

  // the digits target reads its asset (built by scripts/build-digits.mjs) before any trainer is made
  if (settings.target === 'digits') {
    try {
      provideDigitsNode();
    } catch (e) {
      return fail((e as Error).message, 1);
    }
  }

  let backend: BackendName;
  if (settings.backend === 'auto') {
    // tfjs cpu never beats the fused kernels or tfjs wasm (same CPU, no SIMD), and one of its
    // iterations can take minutes at large sizes: it is measured only when both fail
    const measure = (candidates: BackendName[]) => measureBackends(settings, candidates, { customPoints, budgetMs: 300, maxIterations: 5 });
    let results = await measure(['fused', 'wasm']);
    if (!fastest(results)) results = results.concat(await measure(['cpu']));
    const best = fastest(results);
    if (!best) return fail(`no backend works here: ${results.map((r) => `${r.backend}: ${r.error}`).join('; ')}`, 1);
    backend = best.backend;
    if (!options.quiet) {
      const rates = results.map((r) => `${r.backend} ${Number.isFinite(r.msPerIteration) ? r.msPerIteration.toFixed(1) + ' ms/it' : 'failed'}`).join(', ');
      process.stderr.write(`backend auto: ${backend} (${rates})\n`);
    }
  } else {
    backend = effectiveBackend(settings.backend, settings);
    if (backend !== settings.backend && !options.quiet) process.stderr.write(`note: ${fusedRefusal(settings)}; using tfjs wasm\n`);
  }
  try {
    await useBackend(backend);
  } catch (e) {
    return fail((e as Error).message, 1);
  }

  if (options.gradients !== 'auto' && backend === 'fused') return fail('--gradients applies to the tfjs backends; the fused kernels have their own');
  if (!options.seeds) {
    const r = await runSeed(settings, backend, customPoints, options, options.out);
    process.stdout.write(r.lines.join('\n') + '\n');
    if (r.diverged) fail(r.diverged, 3);
    return;
  }
  // --seeds: the same settings on every seed, a line per seed as each ends, then the table and the spread
  const results: SeedResult[] = [];
  for (const seed of options.seeds) {
    if (!options.quiet) process.stderr.write(`seed ${seed}:\n`);
    const r = await runSeed({ ...settings, seed }, backend, customPoints, { ...options, quiet: true }, options.out ? seedOutPath(options.out, seed) : null);
    results.push(r);
    if (!options.quiet) process.stderr.write(`  ${seedRow(r, settings.target === 'digits')}\n`);
  }
  process.stdout.write(seedTable(results, settings, options.out) + '\n');
  if (results.some((r) => r.diverged)) fail(`${results.filter((r) => r.diverged).length} of ${results.length} seeds diverged`, 3);
}

interface SeedResult {
  seed: number;
  final: HistoryRow;
  iterations: number;
  seconds: number;
  diverged: string | null;
  lines: string[];
}

/** On the digits the modes are the ten digits, and the high-quality share is what the classifier recognises. */
function seedRow(r: SeedResult, digits: boolean): string {
  const f = r.final;
  const [modesWord, hqWord] = digits ? ['digits', 'recognised'] : ['modes', 'HQ'];
  const modes = f.modes !== null ? `  ${modesWord} ${String(f.modes).padStart(2)}/${f.modesTotal} (≥¼ share ${String(f.modesWell).padStart(2)})  ${hqWord} ${fmt(f.hq! * 100, 1).padStart(5)}%  KL ${fmt(f.modesKL, 3)}` : '';
  const theta = f.theta !== null ? `  θ ${fmt(f.theta, 3)}` : '';
  return `seed ${String(r.seed).padStart(4)}  it ${r.iterations}  W1 ${fmt(f.exactW1, 3)}${modes}${theta}${r.diverged ? '  DIVERGED' : ''}`;
}

// the spreads and counts are the page's too ("Try 5 seeds"): src/engine/seedSummary.ts
function spread(s: Spread | null, digits: number, scale = 1): string {
  if (!s) return '—';
  return `mean ${(s.mean * scale).toFixed(digits)}, min ${(s.min * scale).toFixed(digits)}, max ${(s.max * scale).toFixed(digits)}`;
}

function seedTable(results: SeedResult[], settings: Settings, out: string | null): string {
  const ok = results.filter((r) => !r.diverged);
  const digits = settings.target === 'digits';
  const lines = [`${results.length} seeds (${results.map((r) => r.seed).join(', ')}), ${settings.loss} on ${settings.target}, ${results[0]?.iterations ?? 0} iterations each:`, ...results.map((r) => '  ' + seedRow(r, digits)), 'summary:'];
  const s = summarizeSeeds(results.map((r) => ({ ...r.final, seed: r.seed, diverged: r.diverged !== null })));
  lines.push(`  exact W1        ${spread(s.exactW1, 3)}`);
  if (s.modesTotal !== null) {
    lines.push(
      `  ${digits ? 'digits found  ' : 'modes captured'}  ${spread(s.modes, 1)}; all ${s.modesTotal} on ${s.allCaptured} of ${results.length} seeds`,
      `  ≥ ¼ fair share  ${spread(s.modesWell, 1)}; all ${s.modesTotal} on ${s.allWell} of ${results.length} seeds`,
      `  ${digits ? 'recognised  ' : 'high quality'}    ${spread(s.hq, 1, 100)} (%)`,
    );
  }
  if (s.theta) lines.push(`  θ               ${spread(s.theta, 3)}`);
  if (results.length - ok.length) lines.push(`  diverged        ${results.length - ok.length} of ${results.length}`);
  if (out) lines.push(`  wrote ${results.map((r) => seedOutPath(out, r.seed)).join(', ')}`);
  return lines.join('\n');
}

/** One run on `settings.seed`: trains, writes `out` if given, and returns its final row and printable lines. */
async function runSeed(settings: Settings, backend: BackendName, customPoints: Points | undefined, options: RunOptions, outPath: string | null): Promise<SeedResult> {
  const trainer = makeTrainer(settings, backend, { customPoints, gradients: options.gradients });
  const history: HistoryRow[] = [];
  const tty = process.stderr.isTTY && !options.quiet;
  const start = performance.now();
  let lastLine = 0;
  let diverged: string | null = null;

  const record = async () => {
    const row = await recordRow(trainer, await trainer.evaluate());
    history.push(row);
    if (rowDiverged(row)) diverged = `at iteration ${row.iteration} the losses became non-finite: the run diverged. Lower the learning rates (try 10× smaller) or λ / the clip value, or try another seed.`;
    // finite but far out of bounds (samples off the plane, huge losses): exit 3 as well
    else if (!diverged) diverged = await trainer.runaway();
    return row;
  };

  const progress = (row: HistoryRow) => {
    if (options.quiet) return;
    const elapsed = (performance.now() - start) / 1000;
    const rate = trainer.iteration / Math.max(elapsed, 1e-9);
    const pct = options.iters ? Math.round((100 * trainer.iteration) / options.iters) : 100;
    const eta = (options.iters - trainer.iteration) / rate;
    const modes = row.modes !== null ? ` · modes ${row.modes}/${row.modesTotal}` : '';
    const line = `iteration ${trainer.iteration}/${options.iters} (${pct}%) · ${rate.toFixed(1)} it/s · W1 ${fmt(row.exactW1, 3)}${modes} · ETA ${duration(eta)}`;
    if (tty) process.stderr.write(`\r${line}\x1b[K`);
    else if (pct >= lastLine + 10 || trainer.iteration === options.iters) {
      lastLine = pct;
      process.stderr.write(line + '\n');
    }
  };

  // the line lessons' head start: the critic trains alone first, as the page's Run does
  for (let i = 0; i < options.headStart; i++) trainer.criticStep();
  progress(await record());
  while (trainer.iteration < options.iters && !diverged) {
    const n = Math.min(options.every, options.iters - trainer.iteration);
    trainer.iterate(n);
    progress(await record());
  }
  if (tty) process.stderr.write('\n');
  const seconds = (performance.now() - start) / 1000;
  const image = trainer.target.image;
  const samples = await trainer.generate(image ? GRID_SAMPLES : MODE_SAMPLES);
  const final = history[history.length - 1];

  const out = {
    format: 'gan-playground-run',
    version: 1,
    settings,
    customPoints: customPoints ?? null,
    backend,
    gradients: trainer.engineName,
    iterations: trainer.iteration,
    criticSteps: trainer.criticSteps,
    seconds,
    diverged,
    final,
    history,
    // images: 64 generated images (pixel rows) and the PNG of them beside the JSON
    samples: image ? imageRows(samples, trainer.target.dim) : Array.from({ length: MODE_SAMPLES }, (_, i) => [samples[2 * i], samples[2 * i + 1]]),
    ...(image ? { image: { side: image.side, png: outPath ? pngPathFor(outPath) : null }, classHistogram: final.perMode ?? null } : {}),
  };
  if (outPath) {
    try {
      writeFileSync(outPath, JSON.stringify(out));
      if (image) writeDigitGrid(pngPathFor(outPath), samples, image.side);
    } catch (e) {
      return fail(`cannot write ${outPath}: ${(e as Error).message}`, 1);
    }
  }

  const lines = [
    `${trainer.lossInfo.label} on ${trainer.target.label}, ${options.headStart ? `a ${options.headStart}-step critic head start, then ` : ''}${trainer.iteration} iterations in ${duration(seconds)} (${(trainer.iteration / seconds).toFixed(1)} it/s, ${backend}${backend === 'fused' ? '' : `, ${trainer.engineName} gradients`})`,
    `  exact W1        ${fmt(final.exactW1)}  (two-sample floor ${fmt(final.floor)})`,
  ];
  if (final.modes !== null) {
    lines.push(
      `  modes captured  ${final.modes}/${final.modesTotal}  (${final.modesWell} hold at least a quarter of their fair share)`,
      `  high quality    ${fmt(final.hq !== null ? final.hq * 100 : null, 1)}%`,
      `  per ${image ? 'digit ' : 'mode  '}      ${final.perMode?.join(' ')}  (high-quality samples${image ? ', digits 0-9' : ''}; KL to uniform ${fmt(final.modesKL, 3)})`,
    );
  }
  if (final.w1Estimate !== null) lines.push(`  W1 estimate     ${fmt(final.w1Estimate)}  (from the critic)`);
  if (final.jsEstimate !== null) lines.push(`  JS estimate     ${fmt(final.jsEstimate)}  (log 2 − J_D)`);
  if (final.theta !== null) lines.push(`  θ               ${fmt(final.theta)}`);
  lines.push(`  losses          D ${fmt(final.dLoss)}  G ${fmt(final.gLoss)}${final.penalty ? `  penalty ${fmt(final.penalty)}` : ''}${final.aeLoss != null ? `  step III ${fmt(final.aeLoss)}` : ''}`);
  if (outPath) lines.push(`  wrote ${outPath}${image ? ` and ${pngPathFor(outPath)} (64 generated digits)` : ''}`);
  trainer.dispose();
  return { seed: settings.seed, final, iterations: trainer.iteration, seconds, diverged, lines };
}

main().catch((e) => fail(e instanceof Error ? e.stack ?? e.message : String(e), 1));
