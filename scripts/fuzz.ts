// npm run fuzz: throws bad inputs at every entry point a user can reach (weights files, run
// files, CSV of points, links, CLI flags) — the cases of issue 14, then random ones — and
// counts what was handled (a clear refusal, or a valid result) and what failed (an internal
// error, a hang, a value that escaped the checks, or a run changed by a refused file).
// Not part of npm test: random cases differ from run to run unless --seed N is given.
import '../src/platform/node';
import { useBackend } from '../src/engine/backends';
import { parsePointsCsv } from '../src/engine/customPoints';
import { readRunFile } from '../src/engine/runFile';
import { defaultSettings, SETTING_KEYS, SETTINGS, specOf } from '../src/engine/settings';
import { Trainer } from '../src/engine/trainer';
import { encodeRun, readWeightsFile } from '../src/engine/weightsFile';
import { fromQuery } from '../src/app/urlState';
import { TrainingLoop } from '../src/worker/loop';
import type { Event } from '../src/worker/protocol';
import { outputPaths, parseArgs } from '../cli/args';
import { firstUnwritable } from '../cli/argChecks';
import { Rng } from '../src/engine/rng';
import { encodePoints } from '../src/app/urlState';
import { Controller } from '../src/app/controller';
import { Store } from '../src/app/store';
import type { Command } from '../src/worker/protocol';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const seedArg = args.indexOf('--seed');
const seed = seedArg >= 0 ? Number(args[seedArg + 1]) : Date.now() % 100000;
const countArg = args.indexOf('--random');
const RANDOM = countArg >= 0 ? Number(args[countArg + 1]) : 200;
const rng = Rng.stream(seed, 'fuzz');
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.nextUint32() / 2 ** 32 * xs.length)];
const chance = (p: number) => rng.nextUint32() / 2 ** 32 < p;
/** A value as a user would type it into text (a CSV cell, a link). */
const asText = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

/** Messages that betray an unchecked value reaching internal code (text areas echo what the user typed, 'undefined' included). */
const INTERNAL_TEXT = /is not a function|Cannot read propert|Maximum call stack|is not iterable|Invalid array length|out of memory/i;
/** The same for structured files, where a missing field must be named, not shown as undefined. */
const INTERNAL = /is not a function|Cannot read propert|of undefined|got undefined|version undefined|Maximum call stack|is not iterable|Invalid array length|out of memory|\[object Object\]/i;

interface Tally { tried: number; handled: number; failed: string[] }
const tallies = new Map<string, Tally>();
/** The named cases (areas marked with their issue), each listed in the output with what came back. */
const named: string[] = [];
function record(area: string, name: string, ok: boolean, why = ''): void {
  const t = tallies.get(area) ?? { tried: 0, handled: 0, failed: [] };
  t.tried++;
  if (ok) t.handled++;
  else t.failed.push(`${name}: ${why}`.slice(0, 200));
  tallies.set(area, t);
  if (/\(\d+\)$/.test(area)) named.push(`  ${ok ? 'handled' : 'FAILED '}  ${area}: ${name}${why ? ` — ${why.length > 110 ? why.slice(0, 109) + '…' : why}` : ''}`);
}

/** A refusal is handled when it is one short message without internal text. */
function judgeError(e: unknown): [boolean, string] {
  const m = e instanceof Error ? e.message : String(e);
  if (!(e instanceof Error)) return [false, `threw a non-Error: ${m}`];
  if (INTERNAL.test(m)) return [false, `internal message: ${m}`];
  if (m.length > 400) return [false, `message of ${m.length} characters`];
  return [true, m];
}

/** Issue 27's cases: every message short (a cut value), none internal. */
const SHORT = 200;
function judgeShort(e: unknown, expect?: RegExp): [boolean, string] {
  const m = e instanceof Error ? e.message : String(e);
  if (!(e instanceof Error)) return [false, `threw a non-Error: ${m.slice(0, 100)}`];
  if (INTERNAL.test(m)) return [false, `internal message: ${m.slice(0, 150)}`];
  if (m.length > SHORT) return [false, `message of ${m.length} characters`];
  if (expect && !expect.test(m)) return [false, `does not say why: ${m}`];
  return [true, m];
}

/** `obj` with one more own key `key` (JSON.parse makes '__proto__' an own key; an object literal would set the prototype). */
const withOwnKey = (obj: object, key: string, value: unknown) => JSON.parse(JSON.stringify(obj).replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(value)},`)) as Record<string, unknown>;
const PROTOTYPE_KEYS = ['hasOwnProperty', 'constructor', 'valueOf', 'toString', '__proto__'];
/** 200,000 lists inside each other, built without recursion (JSON.parse reads it, postMessage overflows on it). */
const deeplyNested = (depth = 200_000) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown;
const historyRow = (iteration: number, criticSteps = iteration) => ({ iteration, criticSteps, dLoss: 0.1, penalty: 0, gLoss: 0.2, w1Estimate: null, jsEstimate: null, exactW1: null, floor: null, modes: null, modesTotal: null, hq: null, theta: null });

const WEIRD: unknown[] = [null, undefined, true, 0, -1, -1e308, 1e308, NaN, '', 'abc', 'x'.repeat(10_000), [], [1, 2], [[1, 2]], {}, { a: 1 }, [['a', 'b'], [1e308, -1e308]], Array(50).fill('z')];

function randomValue(depth = 0): unknown {
  const r = rng.nextUint32() % 9;
  if (depth > 2 || r < 4) return pick(WEIRD);
  if (r < 6) return Array.from({ length: rng.nextUint32() % 6 }, () => randomValue(depth + 1));
  if (r < 8) return Object.fromEntries(Array.from({ length: rng.nextUint32() % 4 }, (_, i) => [pick(['shape', 'name', 'dtype', 'x', String(i)]), randomValue(depth + 1)]));
  return (rng.nextUint32() / 2 ** 16) * (chance(0.5) ? -1 : 1);
}

/** Mutates one field (or one level down) of a JSON object. */
function mutate(obj: Record<string, unknown>): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(obj)) as Record<string, unknown>;
  const key = pick(Object.keys(copy));
  const v = copy[key];
  if (v && typeof v === 'object' && !Array.isArray(v) && chance(0.6)) {
    const inner = v as Record<string, unknown>;
    const k2 = pick(Object.keys(inner).length ? Object.keys(inner) : ['x']);
    inner[k2] = randomValue();
  } else if (Array.isArray(v) && v.length && chance(0.5)) {
    v[rng.nextUint32() % v.length] = randomValue();
  } else if (chance(0.15)) delete copy[key];
  else copy[key] = randomValue();
  return copy;
}

async function main(): Promise<void> {
  await useBackend('wasm');
  const small = { ...defaultSettings(), dLayers: 2, dWidth: 16, gLayers: 2, gWidth: 16, batchSize: 32, backend: 'wasm' as const };
  const t = new Trainer(small);
  t.iterate(2);
  const good = JSON.parse(JSON.stringify(await encodeRun(t))) as Record<string, unknown>;
  t.dispose();
  const goodRun = { format: 'gan-playground-run', version: 1, settings: small, customPoints: null, history: [] };

  // ---- weights files: the issue's, then random mutations of a good file -------------------
  const nanData = (() => {
    const n = atob(good.weightData as string).length / 4;
    const b = new Uint8Array(new Float32Array(n).fill(NaN).buffer);
    return btoa(String.fromCharCode(...b));
  })();
  const weightCases: Array<[string, unknown]> = [
    ['customPoints a string', { ...good, customPoints: 'abc' }],
    ['200,000 points', { ...good, customPoints: Array.from({ length: 200_000 }, () => [0, 0]) }],
    ['garbage points', { ...good, customPoints: [['a', 'b'], [1e308, -1e308]] }],
    ['all-NaN weights', { ...good, weightData: nanData }],
    ['generatorSteps -1e308', { ...good, generatorSteps: -1e308 }],
    ['dtype string', { ...good, weightSpecs: (good.weightSpecs as object[]).map((s) => ({ ...s, dtype: 'string' })) }],
    ['shape a string', { ...good, weightSpecs: (good.weightSpecs as object[]).map((s) => ({ ...s, shape: '2x16' })) }],
    ['shape objects', { ...good, weightSpecs: (good.weightSpecs as object[]).map((s) => ({ ...s, shape: [{}, {}] })) }],
    ['specs of null', { ...good, weightSpecs: [null] }],
  ];
  // issue 27: prototype names as settings keys, deep nesting, history that goes back
  const issue27Weights: Array<[string, unknown, RegExp]> = [
    ...PROTOTYPE_KEYS.map((k): [string, unknown, RegExp] => [`settings key ${k}`, { ...good, settings: withOwnKey(good.settings as object, k, 5) }, new RegExp(`unknown setting '${k}'`)]),
    ['200,000 nested lists as customPoints', { ...good, customPoints: deeplyNested() }, /nests lists or objects more than/],
    ['200,000 nested lists in an extra field', { ...good, extra: deeplyNested() }, /nests lists or objects more than/],
    ['200,000 nested lists as history', { ...good, history: deeplyNested() }, /nests lists or objects more than/],
    ['history with a negative iteration', { ...good, history: [historyRow(-5)] }, /iteration must be a whole number ≥ 0/],
    ['history going backwards', { ...good, history: [historyRow(0), historyRow(10), historyRow(4)] }, /goes back to iteration 4 after 10/],
    ['history with a fractional iteration', { ...good, history: [historyRow(1.5)] }, /iteration must be a whole number/],
    ['10,000 unknown settings keys', { ...good, settings: { ...(good.settings as object), ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])) } }, /unknown setting 'k0'.*and 9,997 more/],
  ];
  for (const [name, file, expect] of issue27Weights) {
    try {
      readWeightsFile(file);
      record('weights file (27)', name, false, 'accepted');
    } catch (e) {
      const [ok, why] = judgeShort(e, expect);
      record('weights file (27)', name, ok, why);
    }
  }
  weightCases.push(...issue27Weights.map(([name, file]): [string, unknown] => [name, file]));
  for (const [name, file] of weightCases) {
    try {
      const { state } = readWeightsFile(file);
      // accepted: it must be a usable run
      const tr = Trainer.fromState(state);
      tr.iterate(1);
      tr.dispose();
      record('weights file', name, true);
    } catch (e) {
      const [ok, why] = judgeError(e);
      record('weights file', name, ok, why);
    }
  }

  // ---- the loop: a refused file leaves the run as it was -------------------------------------
  const events: Event[] = [];
  for (let i = 0; i < RANDOM; i++) {
    const name = `random weights #${i}`;
    const file = mutate(good);
    weightCases.push([name, file]);
    try {
      const { state } = readWeightsFile(file);
      const tr = Trainer.fromState(state);
      tr.iterate(1);
      tr.dispose();
      record('weights file', name, true);
    } catch (e) {
      const [ok, why] = judgeError(e);
      record('weights file', name, ok, why);
    }
  }
  const loop = new TrainingLoop({ post: (e) => events.push(e), candidates: ['wasm', 'cpu'], chunkMs: 10, yieldNow: () => new Promise((r) => setTimeout(r, 0)), now: () => performance.now() });
  await loop.handle({ type: 'init', settings: small });
  await loop.handle({ type: 'step', kind: 'iteration', count: 2 });
  const iterationNow = () => [...events].reverse().find((e) => e.type === 'snapshot')?.snapshot.generatorSteps;
  for (const [name, file] of weightCases.slice(0, 40)) {
    const before = iterationNow();
    const id = events.length + 1000;
    const answered = loop.handle({ type: 'loadWeights', requestId: id, file }).then(() => events.find((e) => e.type === 'loaded' && e.requestId === id));
    const answer = (await Promise.race([answered, new Promise((r) => setTimeout(() => r('timeout'), 20_000))])) as Extract<Event, { type: 'loaded' }> | 'timeout' | undefined;
    if (answer === 'timeout' || !answer) record('loop load', name, false, 'no answer within 20 s');
    else if (answer.error === null) {
      record('loop load', name, true);
      await loop.handle({ type: 'init', settings: small }); // back to the reference run
      await loop.handle({ type: 'step', kind: 'iteration', count: 2 });
    } else {
      await loop.handle({ type: 'step', kind: 'iteration' });
      const after = iterationNow();
      const ok = before !== undefined && after === before + 1 && !INTERNAL.test(answer.error);
      record('loop load', name, ok, ok ? '' : `run changed (${before} -> ${after}) or internal message: ${answer.error}`);
      await loop.handle({ type: 'init', settings: small });
      await loop.handle({ type: 'step', kind: 'iteration', count: 2 });
    }
  }
  loop.dispose();

  // ---- run files ------------------------------------------------------------------------------
  const runCases: Array<[string, unknown]> = [
    ['version 99, no settings', { format: 'gan-playground-run', version: 99 }],
    ['no settings', { format: 'gan-playground-run', version: 1 }],
    ['custom without points', { ...goodRun, settings: { ...small, target: 'custom' } }],
    ['points a string', { ...goodRun, customPoints: 'x' }],
  ];
  const issue27Runs: Array<[string, unknown, RegExp]> = [
    ...PROTOTYPE_KEYS.map((k): [string, unknown, RegExp] => [`settings key ${k}`, { ...goodRun, settings: withOwnKey(goodRun.settings, k, 1) }, new RegExp(`unknown setting '${k}'`)]),
    ['200,000 nested lists as samples', { ...goodRun, samples: deeplyNested() }, /nests lists or objects more than/],
    ['200,000 nested lists as settings', { ...goodRun, settings: deeplyNested() }, /nests lists or objects more than/],
    ['history with a negative iteration', { ...goodRun, history: [historyRow(0), historyRow(-1)] }, /iteration must be a whole number ≥ 0/],
    ['history going backwards', { ...goodRun, history: [historyRow(5), historyRow(2)] }, /goes back to iteration 2 after 5/],
    ['3,000,000 values', { ...goodRun, samples: Array.from({ length: 1_000_000 }, () => [0, 0]) }, /holds more than 2,000,000 values/],
  ];
  for (const [name, file, expect] of issue27Runs) {
    try {
      readRunFile(file);
      record('run file (27)', name, false, 'accepted');
    } catch (e) {
      const [ok, why] = judgeShort(e, expect);
      record('run file (27)', name, ok, why);
    }
  }
  for (let i = 0; i < RANDOM; i++) runCases.push([`random run #${i}`, mutate(goodRun)]);
  for (const [name, file] of runCases) {
    try {
      const r = readRunFile(file);
      const ok = SETTING_KEYS.every((k) => r.settings[k] !== undefined) && (r.settings.target !== 'custom' || !!r.customPoints);
      record('run file', name, ok, 'accepted an incomplete file');
    } catch (e) {
      const [ok, why] = judgeError(e);
      record('run file', name, ok, why);
    }
  }

  // ---- CSV of points --------------------------------------------------------------------------
  for (const [name, text] of [
    ['a 10,240-digit number', `0,0\n${'9'.repeat(10_240)},1\n`],
    ['a 10,240-character word', `0,0\n${'x'.repeat(10_240)},1\n`],
    ['a 10,240-digit decimal', `0,0\n1,0.${'1'.repeat(10_240)}e999\n`],
  ]) {
    const r = parsePointsCsv(text);
    record('CSV (27)', name, !r.ok && r.error.length <= SHORT && !INTERNAL_TEXT.test(r.error), r.ok ? 'accepted' : `${r.error.length} characters: ${r.error}`);
  }
  const csvCases = ['', 'x,y', '1,2,3', 'a,b\n1', '1e308,1', '0x10,1', '1;2\n3;4', '\uFEFF1,2', '1,2\n'.repeat(6000), 'NaN,1', '"1","2"'];
  for (let i = 0; i < RANDOM; i++) {
    const lines = Array.from({ length: 1 + (rng.nextUint32() % 5) }, () => Array.from({ length: rng.nextUint32() % 4 }, () => asText(pick(WEIRD))).join(pick([',', ';', '\t', ' '])));
    csvCases.push(lines.join(pick(['\n', '\r\n', '\r'])));
  }
  for (const text of csvCases) {
    try {
      const r = parsePointsCsv(text);
      const ok = r.ok ? r.points.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && Math.abs(x) <= 100 && Math.abs(y) <= 100) : !INTERNAL_TEXT.test(r.error) && r.error.length < 300;
      record('CSV', JSON.stringify(text.slice(0, 30)), ok, r.ok ? 'accepted a bad point' : r.error);
    } catch (e) {
      record('CSV', JSON.stringify(text.slice(0, 30)), false, `threw: ${(e as Error).message}`);
    }
  }

  // ---- links ----------------------------------------------------------------------------------
  const pts3 = encodePoints([[0, 0], [1, 1], [0.5, -0.5]]);
  const issue27Links: Array<[string, RegExp]> = [
    [`pts=${pts3}&ptsn=1e308`, /ptsn '1e308' is not a point count/],
    [`pts=${pts3}&ptsn=NaN`, /ptsn 'NaN' is not a point count/],
    [`pts=${pts3}&ptsn=-5`, /ptsn '-5' is not a point count/],
    [`pts=${pts3}&ptsn=2`, /ptsn '2' is fewer than the 3 points/],
    [`pts=${pts3}&ptsn=${'9'.repeat(10_240)}`, /ptsn '9{10,}…' is not a point count/],
    ['ptsn=3000', /ptsn '3000' ignored: .*\(no pts\)/],
    ...PROTOTYPE_KEYS.map((k): [string, RegExp] => [`${k}=1`, new RegExp(`unknown parameter '${k}' ignored`)]),
  ];
  for (const [q, expect] of issue27Links) {
    try {
      const w = fromQuery(q).warnings;
      const ok = w.some((x) => expect.test(x)) && w.every((x) => x.length <= SHORT && !INTERNAL_TEXT.test(x));
      record('link (27)', q.slice(0, 40), ok, `warnings: ${JSON.stringify(w).slice(0, 150)}`);
    } catch (e) {
      record('link (27)', q.slice(0, 40), false, `threw: ${(e as Error).message}`);
    }
  }
  const urlKeys = [...SETTING_KEYS.map((k) => SETTINGS[k].url), 'v', 'view', 'preset', 'pts', 'ptsn', 'embed', 'zzz'];
  const urlCases = ['lrd=0.5&lrd=0.001', `lrd=${'9'.repeat(10_000)}`, 'v=99&zzz=1&yyy=2', 'pts=!!!', 'view=<script>', `${'a'.repeat(5000)}=1`];
  for (let i = 0; i < RANDOM; i++) urlCases.push(Array.from({ length: 1 + (rng.nextUint32() % 30) }, () => `${pick(urlKeys)}=${encodeURIComponent(asText(pick(WEIRD)))}`).join('&'));
  for (const q of urlCases) {
    try {
      const s = fromQuery(q);
      const settingsOk = SETTING_KEYS.every((k) => {
        const spec = specOf(k);
        const v = s.settings[k] as unknown;
        if (spec.kind === 'int' || spec.kind === 'float') return typeof v === 'number' && v >= spec.min && v <= spec.max;
        if (spec.kind === 'choice') return spec.choices.some((c) => c.value === v);
        return typeof v === 'boolean';
      });
      const messagesOk = s.warnings.every((w) => w.length < 300 && !INTERNAL_TEXT.test(w));
      const repeatedOk = !/lrd=0\.5&lrd=/.test(q) || s.warnings.some((w) => /lrd.*2 times/.test(w));
      record('link', q.slice(0, 40), settingsOk && messagesOk && repeatedOk, !settingsOk ? 'a setting out of range' : !messagesOk ? 'a long or internal message' : 'repeated key not reported');
    } catch (e) {
      record('link', q.slice(0, 40), false, `threw: ${(e as Error).message}`);
    }
  }

  // ---- CLI flags ------------------------------------------------------------------------------
  const flagNames = [...SETTING_KEYS.map((k) => `--${k}`), '--iters', '--every', '--out', '--quiet', '--preset', '--seeds', '--bogus'];
  const cliCases: string[][] = [['--iters='], ['--iters', '0x10'], ['--lrD', '1', '--lrD', '2'], ['--quiet=yes'], ['--seed', ''], ['--iters', 'x'.repeat(10_000)]];
  for (let i = 0; i < RANDOM; i++) cliCases.push(Array.from({ length: 1 + (rng.nextUint32() % 4) }, () => [pick(flagNames), asText(pick(WEIRD))]).flat());
  for (const argv of cliCases) {
    try {
      const r = parseArgs(argv);
      const ok = r.kind !== 'error' || (r.message.length < 300 && !INTERNAL_TEXT.test(r.message));
      const mustRefuse = argv.some((a) => a === '--iters=' || a === '0x10' || a === '--quiet=yes' || a === '') || new Set(argv.filter((a) => a.startsWith('--'))).size < argv.filter((a) => a.startsWith('--')).length;
      record('CLI flags', argv.join(' ').slice(0, 40), ok && (!mustRefuse || r.kind === 'error'), mustRefuse && r.kind !== 'error' ? 'accepted a bad flag' : r.kind === 'error' ? r.message : '');
    } catch (e) {
      record('CLI flags', argv.join(' ').slice(0, 40), false, `threw: ${(e as Error).message}`);
    }
  }

  // issue 27: prototype names as flags; every output path checked before training; the line presets' head start
  for (const k of PROTOTYPE_KEYS) {
    const r = parseArgs([`--${k}`, '1']);
    record('CLI (27)', `--${k} 1`, r.kind === 'error' && /unknown flag/.test(r.message), r.kind === 'error' ? r.message : 'accepted');
  }
  for (const id of ['line-gan', 'line-wgan']) {
    const r = parseArgs(['--preset', id]);
    record('CLI (27)', `--preset ${id} head start`, r.kind === 'run' && r.options.headStart === 1000, r.kind === 'run' ? `head start ${r.options.headStart}` : r.kind === 'error' ? r.message : 'help');
  }
  const outDir = mkdtempSync(join(tmpdir(), 'gan-fuzz-out-'));
  mkdirSync(join(outDir, 'sd', 'run-seed2.json'), { recursive: true });
  mkdirSync(join(outDir, 'digits', 'run.png'), { recursive: true });
  const pathCases: Array<[string, string[], RegExp]> = [
    ['--out /dev/full', ['--out', '/dev/full'], /no space left on the device \(ENOSPC\)/],
    ['--out a folder', ['--out', outDir], /is a folder, not a file/],
    ['--out in a missing folder', ['--out', join(outDir, 'missing', 'run.json')], /the folder .* does not exist/],
    ['--seeds 1-2, seed 2 file a folder', ['--seeds', '1-2', '--out', join(outDir, 'sd', 'run.json')], /run-seed2\.json for seed 2\) is a folder/],
    ['--target digits, its PNG a folder', ['--target', 'digits', '--out', join(outDir, 'digits', 'run.json')], /run\.png, the digits' picture\) is a folder/],
  ];
  for (const [name, argv, expect] of pathCases) {
    const r = parseArgs(argv);
    const error = r.kind === 'run' ? firstUnwritable(outputPaths(r.settings, r.options)) : r.kind === 'error' ? r.message : 'help';
    record('CLI paths (27)', name, error !== null && expect.test(error) && error.length <= SHORT, error ?? 'no error');
  }
  record('CLI paths (27)', 'probes leave nothing behind', readdirSync(outDir).sort().join(',') === 'digits,sd', readdirSync(outDir).join(','));
  // end to end: the CLI fails before it trains (exit 2, no progress line)
  for (const [name, argv] of [
    ['train --out /dev/full', ['--iters', '100000', '--out', '/dev/full']],
    ['train --seeds 1-2 with seed 2 a folder', ['--iters', '100000', '--seeds', '1-2', '--out', join(outDir, 'sd', 'run.json')]],
  ] as Array<[string, string[]]>) {
    const started = performance.now();
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
      execFile(join('node_modules', '.bin', 'tsx'), [join('cli', 'train.ts'), ...argv], { timeout: 60_000 }, (e, _out, stderr) => resolve({ code: e ? ((e as { code?: number }).code ?? null) : 0, stderr })),
    );
    const seconds = (performance.now() - started) / 1000;
    record('CLI paths (27)', name, r.code === 2 && !/iteration/.test(r.stderr) && /^error: --out/.test(r.stderr), `exit ${r.code} after ${seconds.toFixed(1)} s: ${r.stderr.trim()}`);
  }

  // ---- the page's controller: files checked before the worker, answers while the worker is dead ----
  const controllerWith = () => {
    const controller = new Controller(new Store());
    const callbacks = (controller as unknown as { client: { cb: { onDead(reason: string): void } } }).client.cb;
    const sent: Command[] = [];
    (controller as unknown as { client: unknown }).client = { mode: 'worker', start: (c: Command) => sent.push(c), send: (c: Command) => sent.push(c), dispose: () => undefined };
    controller.start();
    sent.length = 0;
    return { controller, sent, die: (reason: string) => callbacks.onDead(reason) };
  };
  const within = <T>(p: Promise<T>, ms: number) => Promise.race([p.then((v) => ({ v }), (e: unknown) => ({ e: e instanceof Error ? e.message : String(e) })), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);
  {
    const { controller, sent } = controllerWith();
    for (const [name, file] of [
      ['200,000 nested lists', { ...good, customPoints: deeplyNested() }],
      ['settings key constructor', { ...good, settings: withOwnKey(good.settings as object, 'constructor', 1) }],
      ['history going backwards', { ...good, history: [historyRow(3), historyRow(1)] }],
    ] as Array<[string, unknown]>) {
      const answer = await within(controller.loadWeights(file), 1000);
      const error = answer !== 'timeout' && 'v' in answer ? answer.v : null;
      record('controller (27)', `load refused before the worker: ${name}`, typeof error === 'string' && error.length <= SHORT && !INTERNAL.test(error) && sent.length === 0, `answer ${JSON.stringify(answer).slice(0, 100)}, ${sent.length} sent`);
    }
    // a good file travels rebuilt from its checked fields, and survives a structured clone
    void controller.loadWeights({ ...good, extra: { unchecked: true } });
    const load = sent.find((c) => c.type === 'loadWeights');
    let cloned = false;
    try {
      cloned = !!load && !('extra' in (structuredClone(load.file) as object));
      if (load) readWeightsFile(load.file);
    } catch (e) {
      cloned = false;
      record('controller (27)', 'a good file reaches the worker readable', false, (e as Error).message);
    }
    record('controller (27)', 'a good file reaches the worker rebuilt (no unchecked fields)', cloned, cloned ? 'sent without its extra field; clones and reads back' : 'not sent, or sent with its extra field');
  }
  {
    const { controller, die } = controllerWith();
    const pending = [within(controller.exportWeights(), 1000), within(controller.exportState(), 1000), within(controller.loadWeights(good), 1000)];
    die('the training worker stopped responding');
    const answers = await Promise.all(pending);
    record('controller (27)', 'requests in flight answered when the worker dies', answers.every((a) => a !== 'timeout' && (('e' in a && /training worker stopped responding/.test(String(a.e))) || ('v' in a && /training worker stopped responding/.test(String(a.v))))), JSON.stringify(answers).slice(0, 150));
    const later = await Promise.all([within(controller.exportWeights(), 1000), within(controller.loadWeights(good), 1000)]);
    record('controller (27)', 'Export and Load while the worker is dead answer at once', later.every((a) => a !== 'timeout' && (('e' in a && /press Restart/.test(String(a.e))) || ('v' in a && /press Restart/.test(String(a.v))))), JSON.stringify(later).slice(0, 150));
  }

  // ---- report ---------------------------------------------------------------------------------
  let tried = 0;
  let handled = 0;
  console.log(`npm run fuzz (seed ${seed}, ${RANDOM} random cases per area)\n`);
  console.log(`${'area'.padEnd(18)} ${'tried'.padStart(6)} ${'handled'.padStart(8)} ${'failed'.padStart(7)}`);
  for (const [area, t] of tallies) {
    tried += t.tried;
    handled += t.handled;
    console.log(`${area.padEnd(18)} ${String(t.tried).padStart(6)} ${String(t.handled).padStart(8)} ${String(t.failed.length).padStart(7)}`);
  }
  console.log(`${'total'.padEnd(18)} ${String(tried).padStart(6)} ${String(handled).padStart(8)} ${String(tried - handled).padStart(7)}`);
  if (named.length) console.log('\nnamed cases (issue 27):\n' + named.join('\n'));
  const failures = [...tallies.entries()].flatMap(([area, t]) => t.failed.map((f) => `${area}: ${f}`));
  if (failures.length) console.log('\nfailed:\n' + failures.slice(0, 60).map((f) => '  ' + f).join('\n'));
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
