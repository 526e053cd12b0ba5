// @vitest-environment jsdom
// A Load brings back everything the charts show (issue 23): the page's controller and the
// training loop, wired as in the page (without a worker), save a run and load it into a
// fresh page; the gradient norms, the floor band, the losses and their screen-reader summary
// come back row for row.
import { beforeAll, describe, expect, it } from 'vitest';
import { distanceFigure } from '../src/app/charts/DistanceChart';
import { gradNormPoints, healthFigure } from '../src/app/charts/HealthChart';
import { lossSummary } from '../src/app/charts/LossChart';
import { Controller } from '../src/app/controller';
import { Store } from '../src/app/store';
import type { HistoryRow } from '../src/engine/history';
import type { WeightsFile } from '../src/engine/weightsFile';
import { TrainingLoop } from '../src/worker/loop';
import type { Command, Event } from '../src/worker/protocol';
import { settings, testBackend } from './helpers';

beforeAll(testBackend);

const small = settings({ dLayers: 2, dWidth: 16, gLayers: 2, gWidth: 16, batchSize: 32, backend: 'wasm', loss: 'wgan-gp' });

describe('a Load brings back what every chart shows', () => {
  function page() {
    const store = new Store();
    store.setState({ settings: { ...small, target: 'ring8' } });
    const controller = new Controller(store);
    const loop = new TrainingLoop(
      { post: (e) => (controller as unknown as { onEvent(e: Event): void }).onEvent(e), candidates: ['wasm', 'cpu'], chunkMs: 10, yieldNow: () => new Promise((r) => setTimeout(r, 0)), now: () => performance.now() },
      { snapshotMs: 20, evaluationMs: 1e9, rowMs: 10, checkpointMs: 1e9 },
    );
    // the loop runs one command at a time, as the worker does
    let chain: Promise<unknown> = Promise.resolve();
    const run = (c: Command) => (chain = chain.then(() => loop.handle(c)));
    (controller as unknown as { client: unknown }).client = { mode: 'worker', start: run, send: run, dispose: () => loop.dispose() };
    controller.start();
    return { store, controller, loop, settled: () => chain };
  }

  it('gradient norms, the floor band, the losses and their summary', async () => {
    const a = page();
    const b = page();
    try {
      await a.settled();
      a.controller.step('iteration', 3);
      a.controller.step('iteration', 2);
      await a.settled();
      const saved = a.store.getState().history;
      // the snapshots' gradient norms are in the rows, one per step shown
      expect(gradNormPoints(saved).map((p) => p.iteration)).toEqual([0, 3, 5]);
      const file = JSON.parse(JSON.stringify(await a.controller.exportWeights())) as WeightsFile;

      await b.settled();
      expect(await b.controller.loadWeights(file)).toBeNull();
      await b.settled();
      const loaded = b.store.getState();
      expect(loaded.status.iteration).toBe(5);
      // every series the charts draw, row for row
      const series = (h: HistoryRow[]) => h.map((r) => [r.iteration, r.criticSteps, r.dLoss, r.gLoss, r.penalty, r.w1Estimate, r.exactW1, r.floor, r.floorSpread, r.gradNorm]);
      expect(series(loaded.history)).toEqual(series(saved));
      expect(gradNormPoints(loaded.history)).toEqual(gradNormPoints(saved));
      // the floor band, not a single draw
      const band = (h: HistoryRow[]) => distanceFigure(h, loaded).data.filter((d) => String((d as { name?: string }).name ?? '').startsWith('floor') || (d as { showlegend?: boolean }).showlegend === false).map((d) => (d as { y: number[] }).y[0]);
      expect(band(loaded.history)).toHaveLength(3);
      expect(band(loaded.history)).toEqual(band(saved));
      // the newest row keeps its losses: the summary names numbers
      const summary = lossSummary(loaded.history, loaded);
      expect(summary).toMatch(/^At iteration 5: critic loss -?\d/);
      expect(summary).not.toMatch(/undefined|null|NaN/);
      // the health chart has its curve
      const health = healthFigure({ snapshot: loaded.snapshot!, rows: loaded.history }, loaded)!;
      expect((health.data[0] as { y: number[] }).y).toHaveLength(3);
    } finally {
      a.controller.dispose();
      b.controller.dispose();
    }
  });
});
