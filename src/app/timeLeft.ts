// "About 3 min left" for long work shown with a progress bar (Try 5 seeds: 50,000 iterations
// under the grid of 25's preset take minutes): the rate so far, once it means something.

/** Fraction done and seconds elapsed before an estimate is shown (the first moments include start-up). */
const MIN_FRACTION = 0.03;
const MIN_SECONDS = 3;

/** Seconds left at the average rate so far, or null while too little is done to say. */
export function secondsLeft(done: number, total: number, elapsedSeconds: number): number | null {
  if (!(total > 0) || !(done > 0) || done >= total) return null;
  if (done / total < MIN_FRACTION || elapsedSeconds < MIN_SECONDS) return null;
  return (elapsedSeconds * (total - done)) / done;
}

/** "about 40 s left", "about 3 min left" (rounded: an estimate, not a countdown). */
export function timeLeftText(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(5, Math.round(seconds / 5) * 5)} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  return `about ${(seconds / 3600).toFixed(1)} h left`;
}
