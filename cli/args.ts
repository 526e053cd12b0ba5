// Command-line arguments of `npm run train`: every setting of the table is a flag
// (--lrD 1e-3 or --lr-d 1e-3 or --lrD=1e-3), plus the run's own options.
import { ALAE_2D, ALAE_PAPER } from '../src/engine/alae';
import { LOSS_INFO as LOSSES } from '../src/engine/lossInfo';
import { DIGITS_NETWORKS } from '../src/engine/digits/digitsTarget';
import { PRESETS, presetById } from '../src/engine/presets';
import { cut, cutPath, decimalError, switchValue } from './argChecks';
import { parseSeeds, seedOutPath } from './seeds';
import { pngPathFor } from './digitsOutput';
import { PRESET_CRITERIA } from '../src/engine/presetCriteria';
import { SETTINGS, SETTING_KEYS, coerceSetting, crossCheck, defaultSettings, formatNumber, specOf, type SettingKey, type Settings } from '../src/engine/settings';

export interface RunOptions {
  iters: number;
  /** Record the metric history every `every` iterations. */
  every: number;
  out: string | null;
  pointsFile: string | null;
  gradients: 'auto' | 'autodiff' | 'fast';
  quiet: boolean;
  paperDefaults: boolean;
  /** --seeds 1-5: the same run on each seed (null: one run on --seed). */
  seeds: number[] | null;
  /** Critic steps before the first iteration: the line lessons' head start, as the page takes it (--head-start). */
  headStart: number;
}

export type ParsedArgs =
  | { kind: 'run'; settings: Settings; options: RunOptions; explicit: SettingKey[] }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
const FLAG_TO_KEY = new Map<string, SettingKey>();
for (const key of SETTING_KEYS) {
  FLAG_TO_KEY.set(key.toLowerCase(), key);
  FLAG_TO_KEY.set(kebab(key), key);
}

const OPTION_FLAGS = ['seeds', 'iters', 'every', 'out', 'points', 'gradients', 'quiet', 'no-paper-defaults', 'paper', 'preset', 'head-start', 'help'];
/** The page's head-start field allows 0 to 5,000 critic steps (LineLessonView). */
const MAX_HEAD_START = 5000;

export function parseArgs(argv: string[]): ParsedArgs {
  const raw: Partial<Record<SettingKey, string>> = {};
  const opts: Record<string, string | true> = {};
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (!arg.startsWith('--')) return { kind: 'error', message: `unexpected argument '${cut(arg)}' (flags look like --loss wgan-gp)` };
    let name = arg.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const isSwitch = name === 'quiet' || name === 'no-paper-defaults' || name === 'paper';
    const key = FLAG_TO_KEY.get(name.toLowerCase()) ?? FLAG_TO_KEY.get(name);
    if (!key && !OPTION_FLAGS.includes(name)) {
      return { kind: 'error', message: `unknown flag --${cut(name)} (see --help for every flag)` };
    }
    if (value === undefined && !isSwitch) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && !/^--?\d/.test(next))) return { kind: 'error', message: `--${name} needs a value` };
      value = next;
      i++;
    }
    // a flag given twice (in any spelling) is refused: which one should win is a guess
    const canonical = key ?? name;
    if (seen.has(canonical)) return { kind: 'error', message: `--${name} is given twice; give it once` };
    seen.add(canonical);
    if (isSwitch) {
      const sw = switchValue(name, value);
      if (!sw.ok) return { kind: 'error', message: sw.error };
      if (sw.on) opts[name] = true;
      continue;
    }
    if (value === undefined || value.trim() === '') return { kind: 'error', message: `--${name} needs a value (got an empty one)` };
    const numeric = key ? specOf(key).kind === 'int' || specOf(key).kind === 'float' : name === 'iters' || name === 'every' || name === 'head-start';
    const notDecimal = numeric ? decimalError(key ?? name, value) : null;
    if (notDecimal) return { kind: 'error', message: notDecimal };
    if (key) raw[key] = value;
    else opts[name] = value;
  }

  let base = defaultSettings();
  // the page's line lessons train the critic alone first (presetCriteria.ts headStart): so does a preset here
  let presetHeadStart = 0;
  if (opts.preset !== undefined) {
    const preset = typeof opts.preset === 'string' ? presetById(opts.preset) : undefined;
    if (!preset) return { kind: 'error', message: `--preset must be one of ${PRESETS.map((p) => p.id).join(', ')} (got '${cut(String(opts.preset))}')` };
    base = { ...preset.settings };
    presetHeadStart = PRESET_CRITERIA[preset.id]?.headStart ?? 0;
  }
  const loss = raw.loss ?? base.loss;
  const lossCheck = coerceSetting('loss', loss);
  if (!lossCheck.ok) return { kind: 'error', message: lossCheck.error };
  // Like the page: choosing a loss loads its settings (a preset already chose); explicit flags win.
  const paperDefaults = opts['no-paper-defaults'] !== true && opts.preset === undefined;
  // --loss loads the settings measured on the 2D targets, as the page's loss menu does; --paper the paper's (tuned for images)
  const lossInfo = LOSSES[lossCheck.value as Settings['loss']];
  const settings: Settings = { ...base, ...(paperDefaults ? (opts.paper === true ? lossInfo.defaults : lossInfo.settings2d.settings) : {}) };
  // --model alae loads ALAE's own settings over the loss's (its paper's with --paper)
  if (paperDefaults && (raw.model ?? base.model) === 'alae') Object.assign(settings, opts.paper === true ? ALAE_PAPER : ALAE_2D.settings);
  // --target digits loads networks sized for 196 pixels, as the page does (a preset already chose)
  if (opts.preset === undefined && (raw.target ?? base.target) === 'digits') Object.assign(settings, DIGITS_NETWORKS);
  for (const [key, value] of Object.entries(raw) as Array<[SettingKey, string]>) {
    const r = coerceSetting(key, value, 'strict');
    if (!r.ok) return { kind: 'error', message: r.error };
    (settings as Record<string, unknown>)[key] = r.value;
  }
  const conflicts = crossCheck(settings);
  if (conflicts.length) return { kind: 'error', message: conflicts[0].message };
  if (settings.backend === 'webgl') return { kind: 'error', message: 'backend webgl is not available in Node; use fused, wasm, cpu or auto' };

  const int = (name: string, def: number, min: number, max: number): number | string => {
    const v = opts[name];
    if (v === undefined) return def;
    const n = Number(v);
    if (typeof v !== 'string' || !Number.isInteger(n) || n < min || n > max) return `--${name} must be an integer from ${min} to ${formatNumber(max)} (got '${cut(String(v))}')`;
    return n;
  };
  const iters = int('iters', 2000, 0, 10_000_000);
  if (typeof iters === 'string') return { kind: 'error', message: iters };
  const every = int('every', Math.max(1, Math.round(iters / 50)), 1, 10_000_000);
  if (typeof every === 'string') return { kind: 'error', message: every };
  const headStart = int('head-start', presetHeadStart, 0, MAX_HEAD_START);
  if (typeof headStart === 'string') return { kind: 'error', message: headStart };
  const gradients = opts.gradients ?? 'auto';
  if (gradients !== 'auto' && gradients !== 'autodiff' && gradients !== 'fast') {
    return { kind: 'error', message: `--gradients must be one of auto, autodiff, fast (got '${cut(String(gradients))}')` };
  }
  let seeds: number[] | null = null;
  if (opts.seeds !== undefined) {
    seeds = typeof opts.seeds === 'string' ? parseSeeds(opts.seeds) : null;
    if (!seeds) return { kind: 'error', message: `--seeds must look like 1-5 or 1,3,7 (got '${cut(String(opts.seeds))}')` };
    if (raw.seed !== undefined) return { kind: 'error', message: 'give --seed or --seeds, not both' };
  }
  for (const name of ['out', 'points'] as const) {
    if (opts[name] === true || opts[name] === '') return { kind: 'error', message: `--${name} needs a file name` };
  }
  return {
    kind: 'run',
    settings,
    explicit: Object.keys(raw) as SettingKey[],
    options: {
      iters,
      every,
      out: (opts.out as string | undefined) ?? null,
      pointsFile: (opts.points as string | undefined) ?? null,
      gradients,
      quiet: opts.quiet === true,
      paperDefaults,
      seeds,
      headStart,
    },
  };
}

/**
 * Every file a run writes, each with how a message names it: --out, or with --seeds one per
 * seed (run.json -> run-seed1.json, ...), and beside each the PNG of the digits. The CLI
 * checks them all before it trains.
 */
export function outputPaths(settings: Settings, options: Pick<RunOptions, 'out' | 'seeds'>): Array<{ path: string; label: string }> {
  const out = options.out;
  if (out === null) return [];
  const flag = `--out ${cutPath(out)}`;
  const runs = options.seeds ? options.seeds.map((seed) => ({ path: seedOutPath(out, seed), label: `${flag} (${cutPath(seedOutPath(out, seed))} for seed ${seed})` })) : [{ path: out, label: flag }];
  if (settings.target !== 'digits') return runs;
  return runs.flatMap((r) => [r, { path: pngPathFor(r.path), label: `${flag} (${cutPath(pngPathFor(r.path))}, the digits' picture)` }]);
}

export function helpText(): string {
  const lines = [
    'Usage: npm run train -- [flags]',
    '',
    'Trains a GAN (or ALAE) on a 2D target or the digits in Node (the fused kernels, or a tfjs backend) and prints the final metrics.',
    'Example: npm run train -- --target ring8 --loss wgan-gp --iters 5000 --seed 1 --out run.json',
    '',
    'Run options:',
    '  --iters N              generator iterations (default 2000)',
    '  --seeds 1-5            the same run on each seed (1-5, 1,3,7): a table per seed and a summary;',
    '                         with --out, one JSON per seed (run.json -> run-seed1.json, ...)',
    '  --every N              record metrics every N iterations (default iters/50)',
    '  --out FILE             write settings, metric history and 2,500 samples as JSON',
    '  --points FILE          CSV of x,y points for --target custom',
    `  --preset ID            start from a preset: ${PRESETS.map((p) => p.id).join(', ')}`,
    '                         (line-gan, line-wgan: the critic first trains alone 1,000 steps, as on the page)',
    `  --head-start N         critic steps before the first iteration (0 to ${MAX_HEAD_START.toLocaleString('en-US')}; default 0, 1,000 for the line presets)`,
    '  --gradients MODE       auto | fast | autodiff (default auto: fast where it applies)',
    '  --paper                load the loss’s paper settings (tuned for images) instead of its 2D settings',
    '  --no-paper-defaults    load no loss settings before applying flags',
    '  --quiet                no progress line',
    '',
    'Settings (also --kebab-case, and --flag=value):',
  ];
  for (const key of SETTING_KEYS) {
    const spec = specOf(key);
    const range =
      spec.kind === 'choice'
        ? spec.choices.map((c) => c.value).join(' | ')
        : spec.kind === 'bool'
          ? 'true | false'
          : `${formatNumber(spec.min)} .. ${formatNumber(spec.max)}`;
    const def = spec.kind === 'int' || spec.kind === 'float' ? formatNumber(spec.default) : String(spec.default);
    lines.push(`  --${key.padEnd(12)} ${range} (default ${def})`);
    lines.push(`  ${''.padEnd(15)}${SETTINGS[key].help}`);
  }
  lines.push('', 'Exit codes: 0 done, 2 bad flag or value, 3 the run diverged or ran away (non-finite losses, or samples or losses far past any healthy run).');
  return lines.join('\n');
}
