// The digits configuration against the PyTorch peer in alternating rounds: on a shared
// machine the same work costs more CPU time at some moments, so each of our measurements is
// paired with a peer run made right after it, and the ratio is read per pair.
//   npx tsx bench/digitsRounds.ts [--rounds 3] [--losses nonsaturating,wgan-gp] [--page [--software]]
// Node: the fused kernels, 6 s a measurement, CPU time (process.cpuUsage) and wall time.
// --page: the built page instead, its training worker measured from 14 s to 20 s of play
// (after the evaluations stop drawing the floor; the worker's CPU time and run-queue wait, and
// the GPU process's and the renderer's other threads' CPU, from /proc).
// The peer: bench/torch_digits.py, one thread, 6 s, CPU time (process_time) and wall time.
import '../src/platform/node';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { useBackend } from '../src/engine/backends';
import { FLOOR_DRAWS } from '../src/engine/trainerBase';
import { KernelTrainer } from '../src/kernels/kernelTrainer';
import { provideDigitsNode } from '../src/platform/digitsNode';
import { buildSite, launch, serve } from '../tests/e2e/browser';
import { digitsSettings } from './digitsSpeed';
import { digitsPageRate, pageUrl } from './pageBench';

type Loss = 'nonsaturating' | 'wgan-gp';
interface Measure {
  wallMs: number;
  cpuMs: number | null;
  /** Page only: the worker's share of a core, its run-queue wait and the other Chromium threads' CPU (shares of the time). */
  context?: string;
}

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, losses: { type: 'string', default: 'nonsaturating,wgan-gp' }, page: { type: 'boolean', default: false }, software: { type: 'boolean', default: false } },
});
const rounds = Number(values.rounds);
const losses = values.losses.split(',') as Loss[];
const PYTHON = process.env.PEER_PYTHON ?? '/usr/bin/python3';
const SECONDS = 6;

function peer(loss: Loss): Measure {
  const r = spawnSync(PYTHON, [join(import.meta.dirname, 'torch_digits.py'), loss, String(SECONDS)], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (r.status !== 0) throw new Error(`the PyTorch peer did not run: ${(r.stderr || '').trim().split('\n').pop()}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  return { wallMs: out.ms_per_iter, cpuMs: out.cpu_ms_per_iter };
}

function node(loss: Loss): Measure {
  const t = new KernelTrainer(digitsSettings(loss));
  t.iterate(20);
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < SECONDS * 1000) {
    t.iterate(5);
    n += 5;
  }
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  t.dispose();
  return { wallMs: wall / n, cpuMs: (cpu.user + cpu.system) / 1000 / n };
}

const fmt = (x: number | null) => (x === null ? '?' : x.toFixed(2));
const ratio = (peerMs: number | null, oursMs: number | null) => (peerMs === null || oursMs === null ? '?' : (peerMs / oursMs).toFixed(3));

if (!existsSync(PYTHON)) throw new Error(`${PYTHON} not found (set PEER_PYTHON)`);
provideDigitsNode();
let page: ((loss: Loss) => Promise<Measure>) | null = null;
let close = async () => {};
if (values.page) {
  const server = await serve(await buildSite());
  // --software: Chromium's software compositing (what Chrome does without a usable GPU);
  // by default the tests' recipe, which composites with SwiftShader GL on the CPU
  const ctx = await launch(undefined, values.software ? ['--disable-gpu-compositing'] : []);
  page = async (loss) => {
    const d = await digitsPageRate(ctx, pageUrl(server.url, { ...digitsSettings(loss), backend: 'fused' }), SECONDS, (2000 * FLOOR_DRAWS) / 1000 + 2);
    const pct = (x: number | null | undefined) => (x === null || x === undefined ? '?' : `${Math.round(100 * x)}%`);
    const c = d.contention;
    return { wallMs: d.msPerIteration, cpuMs: d.workerCpuMsPerIteration, context: `worker on a core ${pct(d.workerCoreShare)}, waiting for one ${pct(c?.workerWaiting)}; GPU process ${pct(c?.gpu)}, renderer's other threads ${pct(c?.rendererRest)}` };
  };
  close = async () => {
    await ctx.close();
    await server.close();
  };
} else {
  await useBackend('fused');
}
console.log(`${values.page ? `page worker${values.software ? ' (software compositing)' : ''}` : 'Node (fused)'} against PyTorch, ${rounds} alternating rounds; ms per iteration, ratios peer/ours (above 1: we are faster)`);
try {
  for (let r = 1; r <= rounds; r++) {
    for (const loss of losses) {
      const ours = page ? await page(loss) : node(loss);
      const them = peer(loss);
      console.log(`round ${r} ${loss.padEnd(13)} ours wall ${fmt(ours.wallMs)} cpu ${fmt(ours.cpuMs)} | PyTorch wall ${fmt(them.wallMs)} cpu ${fmt(them.cpuMs)} | wall ${ratio(them.wallMs, ours.wallMs)}x cpu ${ratio(them.cpuMs, ours.cpuMs)}x`);
      if (ours.context) console.log(`        ${ours.context}`);
    }
  }
} finally {
  await close();
}
