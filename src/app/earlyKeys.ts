// Keys pressed before the app has mounted: index.html's first script keeps them in
// window.__ganEarlyKeys (the app's bundle takes a second or more to load), and the page acts
// on them once it is ready, so a Space pressed at once is not lost.
declare global {
  interface Window {
    __ganEarlyKeys?: string[];
  }
}

/** The keys kept so far, once: later keys reach the page's own handlers. */
export function takeEarlyKeys(): string[] {
  if (typeof window === 'undefined') return [];
  const keys = window.__ganEarlyKeys ?? [];
  window.__ganEarlyKeys = undefined;
  return keys;
}
