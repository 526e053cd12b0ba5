// "Try 5 seeds": the current settings on several seeds for a fixed budget, in a worker that
// holds one trainer per seed and steps them round-robin, so that all progress together (the
// page may split the seeds over several such workers: src/app/seedsRunner.ts).
// The engine's trainers as they are (makeTrainer); the page draws what this posts.
import { useBackend, type BackendName } from '../engine/backends';
import { effectiveBackend, makeTrainer, type AnyTrainer } from '../engine/createTrainer';
import { recordRow } from '../engine/history';
import { DIGIT_TILES, type SeedsEvent, type SeedsStart } from './seedsProtocol';

/** Iterations each seed takes per turn: small, so that the five stay within a turn of each other. */
export const TURN_ITERATIONS = 10;
/** Evaluations per seed over the budget (the last at the budget itself). */
export const EVALUATIONS = 8;
/** Between evaluations, each plane's generated samples are redrawn this often (iterations). */
export const SAMPLES_EVERY = 5 * TURN_ITERATIONS;
/** Samples drawn on each compact plane. */
export const PLANE_SAMPLES = 500;

/** How many generated samples each seed posts: points for a plane, or digits for a grid. */
export function shownSamples(settings: SeedsStart['settings']): number {
  return settings.target === 'digits' ? DIGIT_TILES : PLANE_SAMPLES;
}

export interface SeedsHost {
  post(e: SeedsEvent, transfer: Transferable[]): void;
  /** Lets pending messages in between turns. */
  yieldNow(): Promise<void>;
}

async function pickBackend(requested: BackendName, cmd: SeedsStart): Promise<BackendName> {
  for (const b of [effectiveBackend(requested, cmd.settings), 'wasm', 'cpu'] as BackendName[]) {
    try {
      await useBackend(b);
      return b;
    } catch {
      // the next one
    }
  }
  throw new Error('no backend could start');
}

/** An array that owns its whole buffer (a copy otherwise), so that transferring it takes nothing else along. */
function owned(a: Float32Array): Float32Array {
  return a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : a.slice();
}

async function report(trainer: AnyTrainer, index: number, host: SeedsHost, shown: number): Promise<boolean> {
  const row = await recordRow(trainer, await trainer.evaluate());
  const s = await trainer.snapshot({ samples: shown, targetSamples: shown, grid: 2, arrows: 0 });
  const generated = owned(s.generated);
  const target = owned(s.target);
  host.post({ type: 'seed', index, row, diverged: s.diverged, generated, target, extent: s.field.extent }, [generated.buffer as ArrayBuffer, target.buffer as ArrayBuffer]);
  return s.diverged !== null;
}

/** Trains every seed to `cmd.iterations`, reporting as it goes; `stopped()` ends it early. */
export async function runSeeds(cmd: SeedsStart, host: SeedsHost, stopped: () => boolean = () => false): Promise<void> {
  const backend = await pickBackend(cmd.backend, cmd);
  host.post({ type: 'started', backend }, []);
  const trainers = cmd.seeds.map((seed) => makeTrainer({ ...cmd.settings, seed }, backend, { customPoints: cmd.customPoints }));
  const done = trainers.map(() => false);
  // a multiple of a turn, so that every seed is evaluated on the same iterations
  const every = TURN_ITERATIONS * Math.max(1, Math.ceil(cmd.iterations / EVALUATIONS / TURN_ITERATIONS));
  const shown = shownSamples(cmd.settings);
  try {
    for (let i = 0; i < trainers.length; i++) await report(trainers[i], i, host, shown);
    while (!done.every(Boolean) && !stopped()) {
      for (let i = 0; i < trainers.length && !stopped(); i++) {
        if (done[i]) continue;
        const t = trainers[i];
        const next = Math.min(cmd.iterations, t.iteration + TURN_ITERATIONS);
        t.iterate(next - t.iteration);
        // evaluate on the same iterations for every seed; a diverged seed stops there
        if (t.iteration % every === 0 || t.iteration >= cmd.iterations) {
          const diverged = await report(t, i, host, shown);
          if (diverged || t.iteration >= cmd.iterations) done[i] = true;
        } else if (t.iteration % SAMPLES_EVERY === 0) {
          const generated = owned(await t.generate(shown));
          host.post({ type: 'samples', index: i, iteration: t.iteration, generated }, [generated.buffer as ArrayBuffer]);
        }
      }
      host.post({ type: 'progress', iterations: trainers.map((t) => t.iteration) }, []);
      await host.yieldNow();
    }
    if (!stopped()) host.post({ type: 'done' }, []);
  } finally {
    for (const t of trainers) t.dispose();
  }
}
