// The loaded digits asset, provided once per JS context (the worker after fetching it, Node
// after reading it) so that every trainer made for the digits target (new runs, backend
// switches, restores from a saved state) finds it without each path carrying it. Immutable
// once decoded, so sharing it is safe.
import type { DigitsData } from './asset';

let provided: DigitsData | null = null;

export function provideDigits(data: DigitsData): void {
  provided = data;
}

export function providedDigits(): DigitsData | undefined {
  return provided ?? undefined;
}
