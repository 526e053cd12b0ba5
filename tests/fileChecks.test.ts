// Files are validated against the settings table's own keys (no names every object inherits),
// their shape (nesting, size) is checked before anything reads them or sends them to the
// worker, and a history that goes back or below 0 is refused (issue 27).
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFileShape, checkWeightsFile, issuesText, readHistoryRows, rebuildWeightsFile } from '../src/engine/fileChecks';
import { readRunFile } from '../src/engine/runFile';
import { coerceSetting, parseSettings, type SettingKey } from '../src/engine/settings';
import { Trainer } from '../src/engine/trainer';
import { encodeRun, readWeightsFile } from '../src/engine/weightsFile';
import { settings, testBackend } from './helpers';

const PROTOTYPE_KEYS = ['hasOwnProperty', 'constructor', 'valueOf', 'toString', '__proto__'];
/** `obj` with one more own key (JSON.parse makes '__proto__' an own key, as a file read from disk has it). */
const withOwnKey = (obj: object, key: string, value: unknown) => JSON.parse(JSON.stringify(obj).replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(value)},`));
const nested = (depth: number) => JSON.parse('['.repeat(depth) + ']'.repeat(depth));
const row = (iteration: number, criticSteps = iteration) => ({ iteration, criticSteps, dLoss: 0.5, gLoss: 0.1 });

const small = settings({ dLayers: 1, dWidth: 8, gLayers: 1, gWidth: 8, batchSize: 16 });
let good: Record<string, unknown>;
const goodRun = { format: 'gan-playground-run', version: 1, settings: small, customPoints: null, history: [row(0), row(5)] };

beforeAll(async () => {
  await testBackend();
  const t = new Trainer(small);
  t.iterate(2);
  good = JSON.parse(JSON.stringify(await encodeRun(t)));
  t.dispose();
});

describe('settings keys: own keys of the table only', () => {
  it.each(PROTOTYPE_KEYS)('%s is an unknown setting, in settings, weights files and run files', (key) => {
    const raw = withOwnKey({ lrD: 1e-3 }, key, 5);
    expect(Object.keys(raw)).toContain(key);
    const parsed = parseSettings(raw);
    expect(parsed.errors.map((e) => e.message)).toEqual([`unknown setting '${key}'`]);
    expect(() => readWeightsFile({ ...good, settings: withOwnKey(good.settings as object, key, 5) })).toThrow(`the weights file has bad settings: unknown setting '${key}'`);
    expect(() => readRunFile({ ...goodRun, settings: withOwnKey(small, key, 1) })).toThrow(`the run file has bad settings: unknown setting '${key}'`);
    // a caller that casts a name to a setting key gets a refusal too, not Object.prototype's member
    expect(coerceSetting(key as SettingKey, '1')).toEqual({ ok: false, error: `unknown setting '${key}'` });
  });

  it('lists a few problems and counts the rest, with long names cut', () => {
    const raw = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    expect(() => readRunFile({ ...goodRun, settings: raw })).toThrow("the run file has bad settings: unknown setting 'k0'; unknown setting 'k1'; unknown setting 'k2'; and 997 more");
    expect(parseSettings({ ['y'.repeat(10_000)]: 1 }).errors[0].message.length).toBeLessThan(50);
    expect(issuesText(['a'])).toBe('a');
  });
});

describe('file shape', () => {
  it('refuses 200,000 nested lists anywhere in a file, without overflowing the stack', () => {
    const deep = nested(200_000);
    expect(() => checkFileShape(deep, 'the file')).toThrow('the file nests lists or objects more than 8 levels deep; a GAN Playground file nests at most 4');
    expect(() => readWeightsFile({ ...good, customPoints: deep })).toThrow(/the weights file nests lists or objects more than 8 levels/);
    expect(() => readWeightsFile({ ...good, unread: deep })).toThrow(/nests lists or objects more than 8 levels/);
    expect(() => readRunFile({ ...goodRun, samples: deep })).toThrow(/the run file nests lists or objects more than 8 levels/);
  });

  it('takes the depth our files have, refuses one past the limit, and bounds the number of values', () => {
    expect(() => checkFileShape(nested(8), 'f')).not.toThrow();
    expect(() => checkFileShape(nested(9), 'f')).toThrow(/more than 8 levels/);
    // one list of 100 pairs: 1 + 100 + 200 values
    expect(() => checkFileShape(Array.from({ length: 100 }, () => [1, 2]), 'f', 8, 301)).not.toThrow();
    expect(() => checkFileShape(Array.from({ length: 100 }, () => [1, 2]), 'f', 8, 300)).toThrow('f holds more than 300 values; a GAN Playground file holds far fewer');
    expect(() => checkFileShape({ a: () => 1 }, 'f')).toThrow('f holds a function, which a JSON file cannot');
    expect(() => checkFileShape({ a: new Date(0) }, 'f')).toThrow('f holds an object that is not JSON data');
  });

  it('sends the worker a file rebuilt from its checked fields only, which reads back to the same run', () => {
    const rebuilt = rebuildWeightsFile(checkWeightsFile({ ...good, extra: { x: 1 }, history: [row(0), row(2)] }));
    expect(rebuilt).not.toHaveProperty('extra');
    const a = readWeightsFile(good).state;
    const b = readWeightsFile(structuredClone(rebuilt)).state;
    expect(b.settings).toEqual(a.settings);
    expect(Array.from(b.critic)).toEqual(Array.from(a.critic));
    expect(b.rng).toEqual(a.rng);
    expect(b.optimizers.critic.steps).toBe(a.optimizers.critic.steps);
    expect(readWeightsFile(rebuilt).history.map((r) => r.iteration)).toEqual([0, 2]);
  });
});

describe('history rows', () => {
  it('refuses negative, fractional and backward iterations', () => {
    expect(() => readHistoryRows([row(-5)])).toThrow('history[0].iteration must be a whole number ≥ 0 (got -5)');
    expect(() => readHistoryRows([row(0), row(1.5)])).toThrow('history[1].iteration must be a whole number ≥ 0 (got 1.5)');
    expect(() => readHistoryRows([row(0, -1)])).toThrow('history[0].criticSteps must be a whole number ≥ 0 (got -1)');
    expect(() => readHistoryRows([row(0), row(10), row(4)])).toThrow('history[2] goes back to iteration 4 after 10: rows must go forward');
    expect(() => readWeightsFile({ ...good, history: [row(3), row(-1)] })).toThrow(/history\[1\]\.iteration must be a whole number ≥ 0/);
    expect(() => readRunFile({ ...goodRun, history: [row(5), row(2)] })).toThrow('history[1] goes back to iteration 2 after 5: rows must go forward');
  });

  it('takes rows that go forward, repeated iterations (critic steps alone) included', () => {
    const rows = readHistoryRows([row(0, 0), row(0, 5), row(1, 10), row(1, 10), row(7, 35)]);
    expect(rows.map((r) => r.iteration)).toEqual([0, 0, 1, 1, 7]);
    expect(readRunFile(goodRun).history).toHaveLength(2);
  });
});
