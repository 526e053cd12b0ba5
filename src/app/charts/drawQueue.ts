// One animation-frame scheduler for every chart. A repaint of a chart's canvas costs about
// a millisecond, but a Plotly redraw of its frame (a new axis range, say) 5-40 ms of
// main-thread time, so each frame runs waiting draws (lowest priority number first, then
// the longest waiting) only until FRAME_BUDGET_MS is spent, and leaves the rest to the next
// frames: a snapshot that updates six charts never makes one long frame.

export interface DrawJob {
  priority: number;
  run(): void;
}

/** Main-thread time a frame may spend drawing charts (at least one chart draws per frame). */
export const FRAME_BUDGET_MS = 12;

const waiting = new Map<DrawJob, number>();
let frame = 0;

function next(): DrawJob | null {
  let best: DrawJob | null = null;
  let bestSince = Infinity;
  for (const [job, since] of waiting) {
    if (!best || job.priority < best.priority || (job.priority === best.priority && since < bestSince)) {
      best = job;
      bestSince = since;
    }
  }
  return best;
}

function tick(): void {
  frame = 0;
  const start = performance.now();
  for (let job = next(); job; job = next()) {
    waiting.delete(job);
    job.run();
    if (performance.now() - start >= FRAME_BUDGET_MS) break;
  }
  if (waiting.size) frame = requestAnimationFrame(tick);
}

/** Draws `job` in a coming frame (once, however often it is requested before then). */
export function requestDraw(job: DrawJob): void {
  if (!waiting.has(job)) waiting.set(job, performance.now());
  if (!frame) frame = requestAnimationFrame(tick);
}

export function cancelDraw(job: DrawJob): void {
  waiting.delete(job);
}
