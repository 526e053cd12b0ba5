// Is the element worth running? Near the viewport (start the worker), on screen and in a
// visible tab (train). IntersectionObserver for scrolling, visibilitychange for tabs.
//
// Leaving the screen is also caught from the scroll itself: scroll events run at the start
// of the frame that moves the page, while the observer's notification is queued after that
// frame has drawn (on a busy page, with charts drawing in that frame, hundreds of ms later).

/** How far below (or above) the viewport an element starts its worker, so it is ready when scrolled to. */
export const NEAR_MARGIN = '300px';

/** Shorter than this, the element's content is not laid out yet (the plane alone is taller). */
const MIN_LAID_OUT_PX = 120;

/** A scroll counts the element as gone only when it is this far past the viewport's edge (the observer decides nearer). */
const SCROLL_OUT_SLACK_PX = 2;

export interface VisibilityWatch {
  /** On screen (any pixel) and the tab visible; true until the first observation says otherwise. */
  shown(): boolean;
  dispose(): void;
}

export function watchVisibility(el: Element, cb: { onNear(): void; onShownChange(shown: boolean): void }): VisibilityWatch {
  let inView: boolean | null = null;
  let lastShown: boolean | null = null;
  const shown = () => (inView ?? true) && document.visibilityState !== 'hidden';
  const report = () => {
    const s = shown();
    if (s === lastShown) return;
    lastShown = s;
    cb.onShownChange(s);
  };
  let frame = 0;
  const near = new IntersectionObserver(
    (entries) => {
      const e = entries[entries.length - 1];
      if (!e.isIntersecting) return;
      // before its content is laid out every element of the page sits near the top: look again next frame
      if (e.boundingClientRect.height < MIN_LAID_OUT_PX) {
        near.unobserve(el);
        frame = requestAnimationFrame(() => near.observe(el));
        return;
      }
      near.disconnect();
      cb.onNear();
    },
    { rootMargin: NEAR_MARGIN },
  );
  const view = new IntersectionObserver((entries) => {
    inView = entries[entries.length - 1].isIntersecting;
    report();
  });
  // Any scroll (the page's or a container's: capture catches both) that moves the element wholly
  // out of the viewport pauses it at once. Only "out" is decided here: a container may clip an
  // element inside the viewport, so "in" is the observer's. Observing again makes the observer
  // report the state it sees now, so a scroll straight back is not missed.
  const onScroll = () => {
    if (inView === false || document.visibilityState === 'hidden') return;
    const r = el.getBoundingClientRect();
    const w = document.documentElement.clientWidth || innerWidth;
    const h = document.documentElement.clientHeight || innerHeight;
    const s = SCROLL_OUT_SLACK_PX;
    if (r.bottom < -s || r.top > h + s || r.right < -s || r.left > w + s) {
      inView = false;
      report();
      view.unobserve(el);
      view.observe(el);
    }
  };
  near.observe(el);
  view.observe(el);
  document.addEventListener('visibilitychange', report);
  document.addEventListener('scroll', onScroll, { capture: true, passive: true });
  return {
    shown,
    dispose() {
      cancelAnimationFrame(frame);
      near.disconnect();
      view.disconnect();
      document.removeEventListener('visibilitychange', report);
      document.removeEventListener('scroll', onScroll, { capture: true });
    },
  };
}
