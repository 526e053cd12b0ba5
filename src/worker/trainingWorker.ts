// The Web Worker that trains: the training loop behind a message port.
import '../platform/browser';
import { browserCandidates } from './environment';
import { fetchDigits } from '../platform/digitsBrowser';
import { gateForDigits } from './digitsGate';
import { TrainingLoop } from './loop';
import { HEARTBEAT_MS, type Command, type Event } from './protocol';
import { loseWebglContext } from '../engine/webglContext';

const scope = self as unknown as {
  postMessage(e: Event, transfer: Transferable[]): void;
  onmessage: ((ev: MessageEvent<Command>) => void) | null;
};

// A MessageChannel yields to pending messages without the 4 ms clamp of nested timers.
const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();

const loop = new TrainingLoop({
  post: (e, transfer) => scope.postMessage(e, transfer),
  candidates: browserCandidates(),
  chunkMs: 30,
  yieldNow: () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    }),
  now: () => performance.now(),
});

// a run on the digits first fetches them (with progress), then reaches the loop
const handle = gateForDigits((c) => loop.handle(c), (e) => scope.postMessage(e, []), fetchDigits);
scope.onmessage = (ev) => handle(ev.data);

// A heartbeat whenever the worker is free to run a timer: a worker that died while the run
// was paused goes quiet, and the page notices within seconds.
setInterval(() => scope.postMessage({ type: 'heartbeat' }, []), HEARTBEAT_MS);

// For the browser tests: lose the WebGL context as a GPU reset would; the loop's own
// detection and fallback (to wasm, from the last checkpoint) then run for real.
(self as unknown as { __ganLoseWebglContext?: () => boolean }).__ganLoseWebglContext = loseWebglContext;
