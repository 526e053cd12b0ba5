// npm run bench: the speed figures of the playground, each beside its peer's figure or target,
// measured in one run on this machine (PyTorch's time comes from ../shared/bench/torch_ref.py).
// Prints a table, or JSON with --json. Nothing here is asserted: tests guard correctness.
//
//   npm run bench                      everything (about 4 minutes)
//   npm run bench -- --json            the same figures as JSON on stdout
//   npm run bench -- --node-only       skip the browser
//   npm run bench -- --page-only       skip the Node timings (the peer still runs, for the ratios)
//   npm run bench -- --soak 600        memory over 10 minutes of training in the page (default 60 s)
//   npm run bench -- --seconds 8       measuring time per figure (default 6)
//   npm run bench -- --profile         where the time of one iteration goes, per kernel (2D and digits)
//   npm run bench -- --only digits     the digits configuration alone: Node, the page and the
//                                      PyTorch peer (about 2 minutes; with --node-only or
//                                      --page-only, that part alone)
import '../src/platform/node';
import { buildSite, launch, serve } from '../tests/e2e/browser';
import { timeExactW1 } from './w1Speed';
import { digitsSettings, digitsSpeed, torchDigitsSpeed } from './digitsSpeed';
import { timeIterations, nonSaturatingSettings, referenceSettings } from './nodeSpeed';
import { digitsPageRate, pageUrl, shippedSizes, soak, startup, training } from './pageBench';
import { torchSpeed, type PeerResult } from './peer';
import { profileFused, profileTfjs } from './profile';
import { provideDigitsNode } from '../src/platform/digitsNode';
import { FLOOR_DRAWS } from '../src/engine/trainerBase';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const num = (name: string, def: number) => {
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(argv[i + 1]) : def;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
  return v;
};
const json = flag('json');
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : null;
if (only !== null && only !== 'digits') throw new Error('--only takes digits');
const onlyDigits = only === 'digits';
const seconds = num('seconds', 6);
const soakSeconds = num('soak', 60);
const say = (s: string) => {
  if (!json) process.stderr.write(`${s}\n`);
};

interface Row {
  figure: string;
  ours: string;
  peer: string;
  ratio: string;
  target: string;
}
const rows: Row[] = [];
const report: Record<string, unknown> = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version } };
const fmt = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MB`;

function speedRow(figure: string, oursMs: number, peer: PeerResult, target = '>= 1.0'): number | null {
  const ratio = peer.ok ? peer.msPerIteration / oursMs : null;
  rows.push({
    figure,
    ours: `${fmt(oursMs, 2)} ms/it`,
    peer: peer.ok ? `${fmt(peer.msPerIteration, 2)} ms/it` : 'not run',
    ratio: ratio === null ? 'n/a' : `${fmt(ratio, 2)}x`,
    target,
  });
  return ratio;
}

if (flag('profile')) {
  for (const [w, l] of [[64, 3], [512, 3]]) {
    console.log(`\nfused kernels, WGAN-GP ${l}x${w}:`);
    console.log(await profileFused(referenceSettings(w, l)));
  }
  console.log('\ntfjs wasm, WGAN-GP 3x64:');
  console.log(await profileTfjs(referenceSettings(64, 3), 'wasm'));
  provideDigitsNode();
  for (const loss of ['nonsaturating', 'wgan-gp'] as const) {
    console.log(`\nfused kernels, digits 14x14 ${loss}:`);
    console.log(await profileFused(digitsSettings(loss), 100));
  }
  process.exit(0);
}

// ---- Node: the engine's fastest backend against PyTorch --------------------------------
const peers: Record<string, PeerResult> = {};
for (const [w, l] of onlyDigits ? [] : ([[64, 3], [512, 3]] as const)) {
  say(`PyTorch peer, ${l}x${w}...`);
  peers[`${w}`] = torchSpeed(w, l);
  if (!peers[`${w}`].ok) say(`  ${(peers[`${w}`] as { reason: string }).reason}`);
}
report.peer = peers;

async function nodeFigures(): Promise<void> {
  say('Node: fused kernels and tfjs wasm, WGAN-GP 3x64...');
  const fused64 = await timeIterations(referenceSettings(64, 3), 'fused', seconds);
  const wasm64 = await timeIterations(referenceSettings(64, 3), 'wasm', seconds);
  const ns64 = await timeIterations(nonSaturatingSettings(64, 3), 'fused', seconds);
  say('Node: fused kernels and tfjs wasm, WGAN-GP 3x512...');
  const fused512 = await timeIterations(referenceSettings(512, 3), 'fused', seconds);
  const wasm512 = await timeIterations(referenceSettings(512, 3), 'wasm', Math.max(seconds, 8));
  const ratio64 = speedRow('1. Node, WGAN-GP 3x64, fused kernels vs PyTorch', fused64.msPerIteration, peers['64']);
  speedRow('   Node, WGAN-GP 3x64, tfjs wasm vs PyTorch', wasm64.msPerIteration, peers['64'], '(context)');
  const ratio512 = speedRow('5. Node, WGAN-GP 3x512, fused kernels vs PyTorch', fused512.msPerIteration, peers['512'], 'report');
  speedRow('   Node, WGAN-GP 3x512, tfjs wasm vs PyTorch', wasm512.msPerIteration, peers['512'], '(context)');
  say('Node: WGAN-GP 3x64 with batch norm (G) and layer norm (D), fused kernels and tfjs wasm (autodiff)...');
  const normSettings = referenceSettings(64, 3, { gBatchNorm: true, dLayerNorm: true });
  const normFused64 = await timeIterations(normSettings, 'fused', seconds);
  const norm64 = await timeIterations(normSettings, 'wasm', seconds);
  rows.push({
    figure: '   Node, WGAN-GP 3x64 + batch norm (G), layer norm (D), fused kernels',
    ours: `${fmt(normFused64.msPerIteration)} ms/it`,
    peer: `${fmt(fused64.msPerIteration)} ms/it (the plain MLP, fused)`,
    ratio: `${fmt(fused64.msPerIteration / normFused64.msPerIteration, 2)}x`,
    target: '(normalisation)',
  });
  rows.push({
    figure: '   the same on tfjs wasm with autodiff (the path before)',
    ours: `${fmt(norm64.msPerIteration)} ms/it`,
    peer: `${fmt(normFused64.msPerIteration)} ms/it (fused, above)`,
    ratio: `${fmt(normFused64.msPerIteration / norm64.msPerIteration, 2)}x`,
    target: '(context)',
  });
  const nsRatio = fused64.msPerIteration / ns64.msPerIteration;
  rows.push({ figure: '4. Node, non-saturating GAN rate / WGAN-GP rate (3x64)', ours: `${fmt(1000 / ns64.msPerIteration, 0)} it/s`, peer: `${fmt(1000 / fused64.msPerIteration, 0)} it/s (WGAN-GP)`, ratio: `${fmt(nsRatio, 2)}x`, target: '>= 4' });
  const w1 = timeExactW1();
  rows.push({ figure: '   Node, exact W1 (500 x 500 assignment), ours vs linear-sum-assignment', ours: `${fmt(w1.oursMs)} ms`, peer: `${fmt(w1.packageMs)} ms`, ratio: `${fmt(w1.packageMs / w1.oursMs, 2)}x`, target: '(evaluation cost)' });
  if (w1.kernelMs !== null) rows.push({ figure: '   Node, the same assignment on the kernels vs linear-sum-assignment', ours: `${fmt(w1.kernelMs)} ms`, peer: `${fmt(w1.packageMs)} ms`, ratio: `${fmt(w1.packageMs / w1.kernelMs, 2)}x`, target: '(evaluation cost)' });
  report.node = {
    exactW1: w1,
    wganGp64: { fused: fused64, wasm: wasm64, ratioVsTorch: ratio64 },
    wganGp512: { fused: fused512, wasm: wasm512, ratioVsTorch: ratio512 },
    nonSaturating64: { fused: ns64, rateRatio: nsRatio },
    normalisation64: { fused: normFused64, wasm: norm64, rateVsPlainFused: fused64.msPerIteration / normFused64.msPerIteration, wasmRateVsFused: normFused64.msPerIteration / norm64.msPerIteration },
  };
}
if (!flag('page-only') && !onlyDigits) await nodeFigures();

// ---- Node: the digits configuration (2 x 256, batch 64) against PyTorch ---------------------
if (!flag('page-only')) {
  say('Node: digits, 2x256, batch 64, non-saturating GAN and WGAN-GP...');
  const digits = await digitsSpeed(seconds);
  for (const d of digits) speedRow(`   Node, digits 14x14 ${d.loss} 2x256 b64, fused vs PyTorch`, d.ours.msPerIteration, d.peer);
  report.digits = digits;
}

// ---- the built page in Chromium ----------------------------------------------------------
/**
 * The digits configuration in the page (fused kernels, as in Node), against the same peer:
 * the rate a user sees, with the digit grid, the score histogram and the class bars drawing
 * and the evaluations (exact W1, classifier) running at their usual cadence.
 */
async function digitsPageFigures(ctx: Awaited<ReturnType<typeof launch>>, url: string, software = false): Promise<Record<string, unknown>> {
  const page: Record<string, unknown> = {};
  const how = software ? ' (software compositing)' : '';
  for (const loss of ['nonsaturating', 'wgan-gp'] as const) {
    say(`Page: digits ${loss} (fused)${how}...`);
    // measured well after the first evaluation, which draws the floor (FLOOR_DRAWS more 500 x 500
    // assignments at once, metrics/floor.ts); the warm-up is the one used when each of the first
    // FLOOR_DRAWS evaluations drew one, kept so that figures compare with earlier runs
    const d = await digitsPageRate(ctx, pageUrl(url, { ...digitsSettings(loss), backend: 'fused' }), seconds, (2000 * FLOOR_DRAWS) / 1000 + 2);
    page[`digits-${loss}${software ? '-software-compositing' : ''}`] = d;
    const nodeRun = (report.digits as Array<{ loss: string; peer: PeerResult }> | undefined)?.find((r) => r.loss === loss);
    speedRow(`7. Page worker (${d.backend}), digits 14x14 ${loss} 2x256 b64${how}, vs PyTorch`, d.msPerIteration, nodeRun?.peer ?? torchDigitsSpeed(loss));
    // what the worker's thread itself spent: the page's rate is also the share of a core it got
    if (d.workerCpuMsPerIteration !== null && d.workerCoreShare !== null) {
      rows.push({ figure: '   the worker thread: CPU time per iteration, share of a core', ours: `${fmt(d.workerCpuMsPerIteration, 2)} ms/it`, peer: '', ratio: `${fmt(100 * d.workerCoreShare, 0)}%`, target: '(context)' });
    }
    // and what it lost to: time runnable but waiting for a core, and who else was busy
    if (d.contention) {
      const c = d.contention;
      rows.push({ figure: '   the worker waiting for a core; GPU process, renderer\'s other threads', ours: `${fmt(100 * c.workerWaiting, 0)}%`, peer: `${fmt(100 * c.gpu, 0)}%, ${fmt(100 * c.rendererRest, 0)}%`, ratio: '', target: '(context)' });
    }
  }
  return page;
}

/** --only digits: the page's digits rows alone. */
async function digitsOnlyPage(): Promise<void> {
  say('Building the page...');
  const server = await serve(await buildSite());
  try {
    const ctx = await launch();
    try {
      report.page = await digitsPageFigures(ctx, server.url);
    } finally {
      await ctx.close();
    }
    // what Chrome does without a usable GPU (the recipe composites with SwiftShader GL instead)
    const swCtx = await launch(undefined, ['--disable-gpu-compositing']);
    try {
      Object.assign(report.page as Record<string, unknown>, await digitsPageFigures(swCtx, server.url, true));
    } finally {
      await swCtx.close();
    }
  } finally {
    await server.close();
  }
}

async function pageFigures(): Promise<void> {
  say('Building the page...');
  const dist = await buildSite();
  const sizes = shippedSizes(dist);
  rows.push({ figure: '6. JavaScript shipped (gzip, all chunks incl. worker)', ours: mb(sizes.jsGzip), peer: '', ratio: '', target: '<= 1.5 MB' });
  rows.push({ figure: '   WebAssembly shipped (gzip; tfjs wasm + kernels)', ours: mb(sizes.wasmGzip), peer: '', ratio: '', target: '' });
  const server = await serve(dist);
  try {
    say('Page: start-up (3 fresh browser profiles)...');
    const start = await startup(pageUrl(server.url, referenceSettings(64, 3)), 3);
    rows.push({ figure: '6. Start-up: navigation to first chart drawn (median of 3)', ours: `${fmt(start.firstChartMs, 0)} ms`, peer: '', ratio: '', target: '<= 2000 ms' });
    rows.push({ figure: '   navigation to every chart drawn', ours: `${fmt(start.allChartsMs, 0)} ms`, peer: '', ratio: '', target: '' });
    rows.push({ figure: '   navigation to a usable Play (target drawn, Play enabled)', ours: `${fmt(start.playUsableMs, 0)} ms`, peer: '', ratio: '', target: '<= 1000 ms' });

    const ctx = await launch();
    try {
      const page = {} as Record<string, unknown>;
      for (const [key, settings] of [
        ['wganGp64', referenceSettings(64, 3)],
        ['nonSaturating64', nonSaturatingSettings(64, 3)],
        ['wganGp512', referenceSettings(512, 3)],
      ] as const) {
        say(`Page: training ${key} (backend auto)...`);
        page[key] = await training(ctx, pageUrl(server.url, settings), seconds + 2);
      }
      const p64 = page.wganGp64 as Awaited<ReturnType<typeof training>>;
      const pns = page.nonSaturating64 as Awaited<ReturnType<typeof training>>;
      const p512 = page.wganGp512 as Awaited<ReturnType<typeof training>>;
      speedRow(`2. Page worker (${p64.backend}), WGAN-GP 3x64, charts live, vs PyTorch`, p64.msPerIteration, peers['64']);
      speedRow(`5. Page worker (${p512.backend}), WGAN-GP 3x512 vs PyTorch`, p512.msPerIteration, peers['512'], 'report');
      rows.push({ figure: '4. Page, non-saturating GAN rate / WGAN-GP rate', ours: `${fmt(pns.itPerSec, 0)} it/s`, peer: `${fmt(p64.itPerSec, 0)} it/s (WGAN-GP)`, ratio: `${fmt(pns.itPerSec / p64.itPerSec, 2)}x`, target: '>= 4' });
      rows.push({ figure: '3. Main-thread frame interval while training, p50 / p95', ours: `${fmt(p64.frameP50)} / ${fmt(p64.frameP95)} ms`, peer: 'GAN Lab: 150-180 ms p95', ratio: '', target: 'p95 <= 33 ms' });
      rows.push({ figure: '3. Chart refreshes per second (slowest chart / plane)', ours: `${fmt(p64.chartsPerSecMin)} / ${fmt(p64.planePerSec)}`, peer: '', ratio: '', target: '>= 10' });
      rows.push({ figure: '   exact W1 readout age while training, p50 / p95', ours: `${fmt(p64.evaluationAgeP50 / 1000, 2)} / ${fmt(p64.evaluationAgeP95 / 1000, 2)} s`, peer: '', ratio: '', target: 'p95 <= 2.5 s' });
      const draw = p64.drawMs['chart-plane'];
      if (draw) rows.push({ figure: '   main-thread cost of one plane redraw, p50 / p95', ours: `${fmt(draw.p50)} / ${fmt(draw.p95)} ms`, peer: '', ratio: '', target: '' });
      // The recipe composites every frame with SwiftShader GL (about 90 ms a frame here);
      // Chrome without a usable GPU composites in software instead: measure that too.
      say('Page: training wganGp64 again, software compositing...');
      const swCtx = await launch(undefined, ['--disable-gpu-compositing']);
      try {
        const sw = await training(swCtx, pageUrl(server.url, referenceSettings(64, 3)), seconds + 2);
        page.wganGp64SoftwareCompositing = sw;
        rows.push({ figure: '3. (software compositing) frame interval p50 / p95', ours: `${fmt(sw.frameP50)} / ${fmt(sw.frameP95)} ms`, peer: '', ratio: '', target: 'p95 <= 33 ms' });
        rows.push({ figure: '3. (software compositing) refreshes/s, slowest / plane', ours: `${fmt(sw.chartsPerSecMin)} / ${fmt(sw.planePerSec)}`, peer: '', ratio: '', target: '>= 10' });
        speedRow(`2. (software compositing) page worker, vs PyTorch`, sw.msPerIteration, peers['64']);
        Object.assign(page, await digitsPageFigures(swCtx, server.url, true));
      } finally {
        await swCtx.close();
      }
      Object.assign(page, await digitsPageFigures(ctx, server.url));
      rows.push({ figure: '8. Backend auto: chose / measured', ours: p64.backend, peer: p64.autoMeasured.replace(/^auto measured:\s*/, ''), ratio: '', target: 'fastest' });
      say(`Page: memory over ${soakSeconds} s of training...`);
      const samples = await soak(ctx, pageUrl(server.url, referenceSettings(64, 3)), soakSeconds, Math.min(30, soakSeconds / 4), (s) =>
        say(`  ${fmt(s.seconds, 0)} s: iteration ${s.iteration}, ${s.tensors} tensors, ${fmt(s.offHeapMb)} MB off-heap, page heap ${mb(s.pageHeap)}, worker heap ${s.workerHeap === null ? 'n/a' : mb(s.workerHeap)}`),
      );
      // The heap saw-tooths by several MB between samples (a forced GC still leaves what the
      // next redraw holds), so the growth is the least-squares trend over every sample, from
      // the first sample's time to the last's, relative to the trend at the start.
      const [first, last] = [samples[0], samples[samples.length - 1]];
      const trendGrowth = (key: 'pageHeap' | 'pageHeapFirstRead' | 'workerHeap', from = 0) => {
        const pts = samples.filter((x) => x[key] !== null && x.seconds >= from).map((x) => [x.seconds, x[key] as number]);
        if (pts.length < 2) return NaN;
        const mt = pts.reduce((a, p) => a + p[0], 0) / pts.length;
        const mv = pts.reduce((a, p) => a + p[1], 0) / pts.length;
        const slope = pts.reduce((a, p) => a + (p[0] - mt) * (p[1] - mv), 0) / pts.reduce((a, p) => a + (p[0] - mt) ** 2, 0);
        const atStart = mv + slope * (pts[0][0] - mt);
        return (100 * slope * (pts[pts.length - 1][0] - pts[0][0])) / atStart;
      };
      const range = (key: 'pageHeap' | 'pageHeapFirstRead' | 'workerHeap') => {
        const v = samples.map((x) => x[key]).filter((x): x is number => x !== null);
        return v.length ? `${(Math.min(...v) / 2 ** 20).toFixed(1)}-${(Math.max(...v) / 2 ** 20).toFixed(1)} MB` : 'n/a';
      };
      rows.push({ figure: `7. Tensor count over ${fmt(last.seconds, 0)} s (first -> last sample)`, ours: `${first.tensors} -> ${last.tensors}`, peer: '', ratio: '', target: 'flat' });
      rows.push({ figure: `7. JS heap trend over ${fmt(last.seconds, 0)} s, page / worker`, ours: `${fmt(trendGrowth('pageHeap'))}% / ${fmt(trendGrowth('workerHeap'))}% (${range('pageHeap')} / ${range('workerHeap')})`, peer: '', ratio: '', target: '< 10%' });
      rows.push({ figure: `   page heap trend from the first read after each GC alone`, ours: `${fmt(trendGrowth('pageHeapFirstRead'))}% (${range('pageHeapFirstRead')})`, peer: '', ratio: '', target: '(noisier)' });
      // The first minutes hold one-off growth (compiled code, caches, the history filling up
      // to its bound); a leak keeps growing after them.
      const warm = 180;
      if (last.seconds >= 2 * warm) {
        rows.push({ figure: `   JS heap trend after the first ${warm} s, page / worker`, ours: `${fmt(trendGrowth('pageHeap', warm))}% / ${fmt(trendGrowth('workerHeap', warm))}%`, peer: '', ratio: '', target: '(steady state)' });
      }
      rows.push({ figure: `7. Kernel/tensor memory off the JS heap`, ours: `${fmt(first.offHeapMb)} -> ${fmt(last.offHeapMb)} MB`, peer: '', ratio: '', target: 'flat' });
      // the fused backend holds no tfjs tensors: count them on the tfjs wasm backend too
      const tfjsSeconds = Math.min(soakSeconds, 60);
      say(`Page: tfjs tensors over ${tfjsSeconds} s of training on the wasm backend...`);
      const tfjsSamples = await soak(ctx, pageUrl(server.url, referenceSettings(64, 3, { backend: 'wasm' })), tfjsSeconds, tfjsSeconds / 3, (s) =>
        say(`  ${fmt(s.seconds, 0)} s: iteration ${s.iteration}, ${s.tensors} tensors`),
      );
      const [t0, t1] = [tfjsSamples[0], tfjsSamples[tfjsSamples.length - 1]];
      rows.push({ figure: `7. tfjs tensor count on wasm over ${fmt(t1.seconds, 0)} s`, ours: `${t0.tensors} -> ${t1.tensors}`, peer: '', ratio: '', target: 'flat' });
      report.page = { ...page, startup: start, sizes, soak: samples, soakTfjsWasm: tfjsSamples };
    } finally {
      await ctx.close();
    }
  } finally {
    await server.close();
  }
}

let failed = false;
if (!flag('node-only')) {
  try {
    await (onlyDigits ? digitsOnlyPage() : pageFigures());
  } catch (e) {
    // print what was measured; tfjs-wasm's Node handlers would otherwise dump its whole source
    failed = true;
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    say(`The page figures failed: ${message}`);
    rows.push({ figure: 'page figures', ours: `failed: ${message}`, peer: '', ratio: '', target: '' });
    report.pageError = message;
  }
}

report.table = rows;
if (json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const cols: Array<keyof Row> = ['figure', 'ours', 'peer', 'ratio', 'target'];
  const header: Row = { figure: 'figure', ours: 'ours', peer: 'peer (PyTorch, 1 thread)', ratio: 'peer/ours', target: 'target' };
  const width = cols.map((c) => Math.max(...[header, ...rows].map((r) => r[c].length)));
  const line = (r: Row) => cols.map((c, i) => r[c].padEnd(width[i])).join('  ');
  console.log(line(header));
  console.log(width.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
process.exit(failed ? 1 : 0);
