// The fallback when no worker can run: the same training loop on the main thread, in
// short chunks so that frames still get drawn.
import '../platform/browser';
import { browserCandidates } from '../worker/environment';
import { TrainingLoop } from '../worker/loop';
import type { Event } from '../worker/protocol';
import { gateForDigits } from '../worker/digitsGate';
import { fetchDigits } from '../platform/digitsBrowser';
import { loseWebglContext } from '../engine/webglContext';

export function createMainThreadLoop(onEvent: (e: Event) => void): TrainingLoop {
  const loop = new TrainingLoop({
    // asynchronous, like a worker's messages
    post: (e) => setTimeout(() => onEvent(e), 0),
    candidates: browserCandidates(),
    chunkMs: 8,
    yieldNow: () => new Promise((resolve) => setTimeout(resolve, 0)),
    now: () => performance.now(),
  });
  // as in the worker: a run on the digits first fetches them (with progress), then reaches the loop
  const direct = loop.handle.bind(loop);
  const gated = gateForDigits(direct, (e) => setTimeout(() => onEvent(e), 0), fetchDigits);
  loop.handle = async (c) => gated(c);
  // for the browser tests, as in the worker: lose the WebGL context as a GPU reset would
  (globalThis as unknown as { __ganLoseWebglContext?: () => boolean }).__ganLoseWebglContext = loseWebglContext;
  return loop;
}
