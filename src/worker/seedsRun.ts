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
  /** Idles for about `ms` (a timer): the pacing's rests. Without it the seeds train flat out. */
  rest?(ms: number): Promise<void>;
  /** A clock in ms (performance.now()), for the pacing. */
  now?(): number;
}

/**
 * The seeds train at most this share of the time, in slices of about PACE_SLICE_MS, and rest
 * the remainder: the page's frames are composited by the browser's GPU process, in software
 * where there is no GPU, on the same cores. On a busy 2-core machine (tests/e2e/honest.test.ts
 * measures the frames), flat out the page drew about 24 frames a second with gaps to 0.8 s;
 * at 0.6, about 40, with no second under 10 frames. (The frames of many seconds the issue saw
 * came from the planes' accelerated canvases: SeedsPanel.tsx draws them on the CPU.)
 */
export const PACE_DUTY = 0.6;
export const PACE_SLICE_MS = 60;

/** Tracks the time spent training since the last rest, and rests when a slice is used up. */
export function pacer(host: SeedsHost, duty = PACE_DUTY, sliceMs = PACE_SLICE_MS): { turn<T>(work: () => Promise<T>): Promise<T> } {
  let busy = 0;
  return {
    async turn(work) {
      if (!host.rest || !host.now) return work();
      const began = host.now();
      const out = await work();
      busy += host.now() - began;
      if (busy >= sliceMs) {
        await host.rest((busy * (1 - duty)) / duty);
        busy = 0;
      }
      return out;
    },
  };
}

/**
 * The worker posts at least this often while it works, from inside slow iterations too (between
 * critic steps) and during the pacing's rests: the page's watchdog (seedsRunner.ts) tells a
 * busy worker from a dead one by that, never by an estimate of how long a step takes.
 */
export const HEARTBEAT_MS = 1000;
/** Iterations slower than this (or not yet measured) are taken critic step by critic step, with heartbeats between. */
export const SLOW_ITERATION_MS = 250;

/**
 * `n` iterations of `t`. Slow ones go critic step by critic step as the training loop's do
 * (loop.ts stepwiseIteration: the same steps, so the same run), calling `beat` between steps.
 * Returns the milliseconds per iteration measured (0 without a clock).
 */
function train(t: AnyTrainer, n: number, msPerIteration: number, now: (() => number) | undefined, beat: () => void): number {
  if (!now) {
    t.iterate(n);
    return 0;
  }
  const began = now();
  if (msPerIteration === 0 || msPerIteration > SLOW_ITERATION_MS) {
    for (let it = 0; it < n; it++) {
      for (let k = 0; k < t.criticStepsPerIteration; k++) {
        t.criticStep();
        beat();
      }
      t.finishIteration();
      beat();
    }
  } else {
    t.iterate(n);
    beat();
  }
  return n > 0 ? (now() - began) / n : msPerIteration;
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
export async function runSeeds(cmd: SeedsStart, outer: SeedsHost, stopped: () => boolean = () => false): Promise<void> {
  // every post counts as a heartbeat; `beat` posts one when none went out for HEARTBEAT_MS
  let lastPost = outer.now?.() ?? 0;
  const beat = () => {
    if (outer.now && outer.now() - lastPost >= HEARTBEAT_MS) host.post({ type: 'alive' }, []);
  };
  const host: SeedsHost = {
    ...outer,
    post: (e, transfer) => {
      lastPost = outer.now?.() ?? 0;
      outer.post(e, transfer);
    },
    // a long rest (after a slow turn) is taken in pieces, with a heartbeat after each
    rest: outer.rest
      ? async (ms) => {
          for (let left = ms; left > 0; left -= HEARTBEAT_MS) {
            await outer.rest!(Math.min(left, HEARTBEAT_MS));
            beat();
          }
        }
      : undefined,
  };
  const backend = await pickBackend(cmd.backend, cmd);
  host.post({ type: 'started', backend }, []);
  const trainers = cmd.seeds.map((seed) => makeTrainer({ ...cmd.settings, seed }, backend, { customPoints: cmd.customPoints }));
  const done = trainers.map(() => false);
  // a multiple of a turn, so that every seed is evaluated on the same iterations
  const every = TURN_ITERATIONS * Math.max(1, Math.ceil(cmd.iterations / EVALUATIONS / TURN_ITERATIONS));
  const shown = shownSamples(cmd.settings);
  const pace = pacer(host);
  const msPerIteration = trainers.map(() => 0);
  try {
    for (let i = 0; i < trainers.length; i++) {
      await report(trainers[i], i, host, shown);
      beat();
    }
    while (!done.every(Boolean) && !stopped()) {
      for (let i = 0; i < trainers.length && !stopped(); i++) {
        if (done[i]) continue;
        const t = trainers[i];
        await pace.turn(async () => {
          const next = Math.min(cmd.iterations, t.iteration + TURN_ITERATIONS);
          msPerIteration[i] = train(t, next - t.iteration, msPerIteration[i], outer.now, beat);
          // evaluate on the same iterations for every seed; a diverged seed stops there
          if (t.iteration % every === 0 || t.iteration >= cmd.iterations) {
            const diverged = await report(t, i, host, shown);
            if (diverged || t.iteration >= cmd.iterations) done[i] = true;
          } else if (t.iteration % SAMPLES_EVERY === 0) {
            const generated = owned(await t.generate(shown));
            host.post({ type: 'samples', index: i, iteration: t.iteration, generated }, [generated.buffer as ArrayBuffer]);
          }
        });
      }
      host.post({ type: 'progress', iterations: trainers.map((t) => t.iteration) }, []);
      await host.yieldNow();
    }
    if (!stopped()) host.post({ type: 'done' }, []);
  } finally {
    for (const t of trainers) t.dispose();
  }
}
