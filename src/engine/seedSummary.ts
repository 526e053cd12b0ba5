// Several seeds of the same settings, summed up: the spread (mean, min, max) of each final
// figure and "k of n seeds" counts, so that an instructor can say "five seeds out of five".
// Shared by the CLI's --seeds table and the page's "Try 5 seeds".

/** The final figures of one seed's run (a HistoryRow carries all of them). */
export interface SeedFigures {
  seed: number;
  iteration: number;
  exactW1: number | null;
  modes: number | null;
  modesTotal: number | null;
  /** Modes holding at least a quarter of their fair share of the high-quality samples. */
  modesWell: number | null;
  hq: number | null;
  theta: number | null;
  diverged: boolean;
}

export interface Spread {
  mean: number;
  min: number;
  max: number;
}

export interface SeedSummary {
  seeds: number;
  diverged: number;
  /** Over the seeds that did not diverge; null when none has the figure. */
  exactW1: Spread | null;
  modes: Spread | null;
  modesWell: Spread | null;
  hq: Spread | null;
  theta: Spread | null;
  /** Modes of the target (null without modes). */
  modesTotal: number | null;
  /** Seeds (not diverged) that captured every mode, and that hold ≥ ¼ share on every mode. */
  allCaptured: number | null;
  allWell: number | null;
}

/** Mean, min and max of the finite values; null when there are none. */
export function spreadOf(values: ReadonlyArray<number | null>): Spread | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  if (!v.length) return null;
  return { mean: v.reduce((a, b) => a + b, 0) / v.length, min: Math.min(...v), max: Math.max(...v) };
}

export function summarizeSeeds(runs: ReadonlyArray<SeedFigures>): SeedSummary {
  const ok = runs.filter((r) => !r.diverged);
  const total = runs.find((r) => r.modesTotal !== null)?.modesTotal ?? null;
  return {
    seeds: runs.length,
    diverged: runs.length - ok.length,
    exactW1: spreadOf(ok.map((r) => r.exactW1)),
    modes: spreadOf(ok.map((r) => r.modes)),
    modesWell: spreadOf(ok.map((r) => r.modesWell)),
    hq: spreadOf(ok.map((r) => r.hq)),
    theta: spreadOf(ok.map((r) => r.theta)),
    modesTotal: total,
    allCaptured: total === null ? null : ok.filter((r) => r.modes === total).length,
    allWell: total === null ? null : ok.filter((r) => r.modesWell === total).length,
  };
}

const range = (s: Spread, digits: number, scale = 1) => {
  const a = (s.min * scale).toFixed(digits);
  const b = (s.max * scale).toFixed(digits);
  return a === b ? a : `${a}–${b}`;
};

/** What the mode figures are called: a mixture's modes and high-quality share, or the digits the classifier recognises. */
export interface ModeWords {
  modes: string;
  captured: string;
  quality: string;
}
export const MIXTURE_WORDS: ModeWords = { modes: 'modes', captured: 'captured', quality: 'high quality' };
export const DIGIT_WORDS: ModeWords = { modes: 'digits', captured: 'found', quality: 'recognised' };

/** One line for the page: "8/8 modes on 3 of 5 seeds · ≥ ¼ share on all 8: 2 of 5 · high quality 12–65% · exact W1 0.041–0.210". */
export function summaryLine(s: SeedSummary, words: ModeWords = MIXTURE_WORDS): string {
  const parts: string[] = [];
  if (s.modesTotal !== null && s.modes) {
    // the range in brackets only where some seed falls short
    const short = (x: Spread, what: string) => (x.min < s.modesTotal! ? ` (${range(x, 0)}${what})` : '');
    parts.push(`${s.modesTotal}/${s.modesTotal} ${words.modes} on ${s.allCaptured} of ${s.seeds} seeds${short(s.modes, ` ${words.captured}`)}`);
    if (s.modesWell) parts.push(`all ${s.modesTotal} hold ≥ ¼ share on ${s.allWell} of ${s.seeds}${short(s.modesWell, '')}`);
    if (s.hq) parts.push(`${words.quality} ${range(s.hq, 0, 100)}%`);
  }
  if (s.exactW1) parts.push(`exact W1 ${range(s.exactW1, 3)}`);
  if (s.theta) parts.push(`θ ${range(s.theta, 2)}`);
  if (s.diverged) parts.push(`${s.diverged} of ${s.seeds} diverged`);
  return parts.join(' · ');
}
