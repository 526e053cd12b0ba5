// The "Try 5 seeds" worker: one start command, then seeds train round-robin until their
// budget (src/worker/seedsRun.ts). The page stops it by terminating the worker. A digits run
// first loads the digits asset here (the browser's cache has it from the playground's worker).
import '../platform/browser';
import { provideDigits, providedDigits } from '../engine/digits/provided';
import { fetchDigits } from '../platform/digitsBrowser';
import type { SeedsEvent, SeedsStart } from './seedsProtocol';
import { runSeeds } from './seedsRun';

const scope = self as unknown as {
  postMessage(e: SeedsEvent, transfer: Transferable[]): void;
  onmessage: ((ev: MessageEvent<SeedsStart>) => void) | null;
};

const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldNow = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

async function start(cmd: SeedsStart): Promise<void> {
  if (cmd.settings.target === 'digits' && !providedDigits()) provideDigits(await fetchDigits(() => {}));
  await runSeeds(cmd, { post: (e, t) => scope.postMessage(e, t), yieldNow, rest: (ms) => new Promise((r) => setTimeout(r, ms)), now: () => performance.now() });
}

scope.onmessage = (ev) => {
  if (ev.data.type !== 'start') return;
  start(ev.data).catch((e) => scope.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) }, []));
};
