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
    const snap = await t.snapshot({ samples: 200, grid: 5 });
    const big = e.modes ? e.modes.perMode.filter((c) => c > 2500 * 0.03).length : -1;
    const clip = snap.weights.map((w) => (w.atClip * 100).toFixed(0)).join('/');
    out.push(`${t.iteration}: W1 ${e.exactW1.toFixed(2)} m${e.modes?.captured}/${big} g${snap.gradNorm.toPrecision(2)} c${clip}`);
  }
  console.log(label, ((performance.now() - t0) / 1000).toFixed(0) + 's\n  ' + out.join('\n  '));
  t.dispose();
}
const which = process.argv[2];
const cfgs: Array<[string, Partial<Settings>, number, number]> = [
  ['gp R3 128', { target: 'ring8', loss: 'wgan-gp', lrD: 5e-4, lrG: 5e-4, beta1: 0.5, beta2: 0.9, lambda: 1, batchSize: 256, gWidth: 128, dWidth: 128 }, 1000, 200],
  ['gp toy 128', { target: 'ring8', loss: 'wgan-gp', lrD: 1e-4, lrG: 1e-4, beta1: 0.5, beta2: 0.9, lambda: 0.1, batchSize: 256, gWidth: 128, dWidth: 128 }, 1000, 200],
];
for (const [label, over, iters, every] of cfgs) if (!which || label.startsWith(which)) await run(label, over, iters, every);
