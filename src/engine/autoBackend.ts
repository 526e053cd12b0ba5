// Backend 'auto': measure each available backend briefly on the current networks and
// pick the fastest, so a machine with a real GPU gets WebGL where it wins and a CPU-only
// one gets wasm. The measured rates are returned so that the UI can show them.
import { useBackend, type BackendName } from './backends';
import { fusedRefusal, makeTrainer, type AnyTrainer } from './createTrainer';
import type { Settings } from './settings';
import type { Points } from './trainerBase';
import { measurementKey } from './measurementKey';

// the page reads it from ./measurementKey, which loads no tfjs
export { measurementKey };

export interface BackendMeasurement {
  backend: BackendName;
  /** Milliseconds per iteration (n_critic critic steps + 1 generator step); NaN on failure. */
  msPerIteration: number;
  error?: string;
}


export interface MeasureOptions {
  customPoints?: Points;
  /** Time spent measuring each backend, after a warm-up iteration. */
  budgetMs?: number;
  /** Upper bound on measured iterations per backend. */
  maxIterations?: number;
}

export async function measureBackends(settings: Settings, candidates: BackendName[], opts: MeasureOptions = {}): Promise<BackendMeasurement[]> {
  const budget = opts.budgetMs ?? 400;
  const maxIterations = opts.maxIterations ?? 10;
  const results: BackendMeasurement[] = [];
  for (const backend of candidates) {
    let trainer: AnyTrainer | null = null;
    try {
      if (backend === 'fused' && fusedRefusal(settings)) throw new Error(fusedRefusal(settings)!);
      await useBackend(backend);
      trainer = makeTrainer({ ...settings, backend }, backend, { customPoints: opts.customPoints });
      trainer.iterate(1); // warm-up: shader compilation, kernel setup
      await trainer.losses(); // a read-back is the only sure sync point on asynchronous backends
      let n = 0;
      const start = performance.now();
      while (n < maxIterations && (n === 0 || performance.now() - start < budget)) {
        trainer.iterate(1);
        await trainer.losses();
        n++;
      }
      results.push({ backend, msPerIteration: (performance.now() - start) / n });
    } catch (e) {
      results.push({ backend, msPerIteration: NaN, error: e instanceof Error ? e.message : String(e) });
    } finally {
      trainer?.dispose();
    }
  }
  return results;
}

/** The fastest measured backend, or null if none worked. */
export function fastest(results: BackendMeasurement[]): BackendMeasurement | null {
  const ok = results.filter((r) => Number.isFinite(r.msPerIteration));
  return ok.length ? ok.reduce((a, b) => (b.msPerIteration < a.msPerIteration ? b : a)) : null;
}
