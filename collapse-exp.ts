import '/work/main/src/platform/node';
import { useBackend } from '/work/main/src/engine/backends';
import { Trainer } from '/work/main/src/engine/trainer';
import { defaultSettings, type Settings } from '/work/main/src/engine/settings';
import { LOSS_INFO } from '/work/main/src/engine/lossInfo';
await useBackend('wasm');
async function run(label: string, over: Partial<Settings>, iters: number, every: number) {
  const s = { ...defaultSettings(), ...LOSS_INFO[over.loss ?? 'wgan-gp'].defaults, ...over } as Settings;
  const t = new Trainer(s);
  const out: string[] = [];
  const t0 = performance.now();
  for (let i = 0; i < iters; i += every) {
    t.iterate(every);
    const e = await t.evaluate();
    const big = e.modes!.perMode.filter((c) => c > 2500 * 0.02).length; // modes holding > 2% of samples
    out.push(`${t.iteration}:[${e.modes!.perMode.join(',')}]`);
  }
  console.log(label, ((performance.now() - t0) / 1000).toFixed(0) + 's', out.join(' '));
  t.dispose();
}
const base = { target: 'ring8' as const, batchSize: 128 };
const W = { gWidth: 128, dWidth: 128 };
const cfgs: Array<[string, Partial<Settings>]> = [
  ['A ns 3x128 lr1e-3 bs256', { ...base, ...W, loss: 'nonsaturating', lrD: 1e-3, lrG: 1e-3, batchSize: 256 }],
  ['D ns 3x128 lr2e-3', { ...base, ...W, loss: 'nonsaturating', lrD: 2e-3, lrG: 2e-3 }],
];
const which = process.argv[2];
for (const [label, over] of cfgs) if (!which || label.startsWith(which)) await run(label, over, 2000, 200);
