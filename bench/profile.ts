// Where the time of one training iteration goes (npm run bench -- --profile).
// Fused kernels: every exported kernel wrapped with a timer; the rest is JS (sampling, the
// loss head, glue). tfjs: tf.profile's per-kernel times.
import * as tf from '@tensorflow/tfjs-core';
import { useBackend, type BackendName } from '../src/engine/backends';
import type { Settings } from '../src/engine/settings';
import { Trainer } from '../src/engine/trainer';
import { KernelTrainer } from '../src/kernels/kernelTrainer';
import type { KernelExports } from '../src/kernels/module';

type Table = Array<{ name: string; callsPerIt: number; msPerIt: number; share: number }>;

function format(title: string, table: Table, wallMs: number): string {
  const lines = [`${title}: ${wallMs.toFixed(2)} ms per iteration (wall)`];
  for (const r of table) lines.push(`  ${r.name.padEnd(26)} ${r.callsPerIt.toFixed(0).padStart(5)} calls/it ${r.msPerIt.toFixed(3).padStart(8)} ms/it ${(100 * r.share).toFixed(1).padStart(5)}%`);
  return lines.join('\n');
}

export async function profileFused(settings: Settings, iterations = 30): Promise<string> {
  await useBackend('fused');
  const t = new KernelTrainer(settings);
  t.iterate(3);
  const inner = (t as unknown as { k: KernelExports }).k;
  const times = new Map<string, { calls: number; ms: number }>();
  const wrapped: Record<string, unknown> = { memory: inner.memory };
  for (const [name, fn] of Object.entries(inner)) {
    if (typeof fn !== 'function') continue;
    wrapped[name] = (...args: number[]) => {
      const s = performance.now();
      const r = (fn as (...a: number[]) => number)(...args);
      const e = times.get(name) ?? { calls: 0, ms: 0 };
      e.calls++;
      e.ms += performance.now() - s;
      times.set(name, e);
      return r;
    };
  }
  (t as unknown as { k: unknown }).k = wrapped;
  const sparseBefore = inner.gemmSparseCount();
  const start = performance.now();
  t.iterate(iterations);
  const wall = (performance.now() - start) / iterations;
  // how many products a step took over A's nonzeros only (a ReLU layer's zeros skipped)
  const sparsePerIt = (inner.gemmSparseCount() - sparseBefore) / iterations;
  t.dispose();
  let kernelMs = 0;
  const table: Table = [...times.entries()].map(([name, e]) => {
    kernelMs += e.ms / iterations;
    const label = name === 'gemm' && sparsePerIt > 0 ? `gemm (${sparsePerIt.toFixed(0)} sparse)` : name;
    return { name: label, callsPerIt: e.calls / iterations, msPerIt: e.ms / iterations, share: e.ms / iterations / wall };
  });
  table.push({ name: 'JS: sampling, loss head, glue', callsPerIt: 0, msPerIt: wall - kernelMs, share: (wall - kernelMs) / wall });
  table.sort((a, b) => b.msPerIt - a.msPerIt);
  return format(`${settings.dLayers}x${settings.dWidth}`, table, wall);
}

export async function profileTfjs(settings: Settings, backend: BackendName, iterations = 5): Promise<string> {
  await useBackend(backend);
  const t = new Trainer(settings);
  t.iterate(3);
  await t.losses();
  const start = performance.now();
  const info = await tf.profile(async () => {
    t.iterate(iterations);
    await t.losses();
  });
  const wall = (performance.now() - start) / iterations;
  t.dispose();
  const byKernel = new Map<string, { calls: number; ms: number }>();
  for (const k of info.kernels) {
    const e = byKernel.get(k.name) ?? { calls: 0, ms: 0 };
    e.calls++;
    e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    byKernel.set(k.name, e);
  }
  const table: Table = [...byKernel.entries()]
    .map(([name, e]) => ({ name, callsPerIt: e.calls / iterations, msPerIt: e.ms / iterations, share: e.ms / iterations / wall }))
    .sort((a, b) => b.msPerIt - a.msPerIt);
  return format(`${backend}, ${info.kernels.length / iterations} ops per iteration (wall time includes tf.profile's overhead)`, table, wall);
}
