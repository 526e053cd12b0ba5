// Loads the digits asset the first time a command needs it (a run on the digits target),
// holding that command and every later one until it is in, so that the loop (loop.ts) never
// sees a digits run it cannot sample. The page hears the progress as 'assetProgress' events.
import type { DigitsData } from '../engine/digits/asset';
import { provideDigits, providedDigits } from '../engine/digits/provided';
import type { Command, Event } from './protocol';

export type DigitsFetcher = (onProgress: (loaded: number, total: number) => void) => Promise<DigitsData>;

/** Whether a command starts or restores a run on the digits target. */
export function needsDigits(c: Command): boolean {
  switch (c.type) {
    case 'init':
      return c.settings.target === 'digits' || c.state?.settings.target === 'digits';
    case 'configure':
    case 'measure':
      return c.settings.target === 'digits';
    case 'loadState':
      return c.state.settings.target === 'digits';
    case 'loadWeights': {
      const f = c.file as { settings?: { target?: unknown } } | null;
      return typeof f === 'object' && f !== null && f.settings?.target === 'digits';
    }
    default:
      return false;
  }
}

/** Wraps the loop's handler: commands pass straight through, except while the digits load. */
export function gateForDigits(handle: (c: Command) => unknown, post: (e: Event) => void, fetchDigits: DigitsFetcher): (c: Command) => void {
  let loading: Promise<void> | null = null;
  const held: Command[] = [];
  const flush = () => {
    loading = null;
    for (const c of held.splice(0)) void handle(c);
  };
  return (c) => {
    if (loading) {
      held.push(c);
      return;
    }
    if (!needsDigits(c) || providedDigits()) {
      void handle(c);
      return;
    }
    held.push(c);
    // at once, so the page shows the load before the first bytes arrive
    post({ type: 'assetProgress', asset: 'digits', loaded: 0, total: 1, done: false, error: null });
    let last = 0;
    loading = fetchDigits((loaded, total) => {
      // at most about 50 progress events
      if (loaded - last < total / 50 && loaded < total) return;
      last = loaded;
      post({ type: 'assetProgress', asset: 'digits', loaded, total, done: false, error: null });
    }).then(
      (data) => {
        provideDigits(data);
        post({ type: 'assetProgress', asset: 'digits', loaded: 1, total: 1, done: true, error: null });
        flush();
      },
      (err: unknown) => {
        const message = `Could not load the digits: ${err instanceof Error ? err.message : String(err)}`;
        post({ type: 'assetProgress', asset: 'digits', loaded: 0, total: 0, done: true, error: message });
        post({ type: 'error', message, fatal: false });
        // the run stays where it was: drop the commands that needed the digits
        const rest = held.filter((h) => !needsDigits(h));
        held.length = 0;
        held.push(...rest);
        flush();
      },
    );
  };
}
