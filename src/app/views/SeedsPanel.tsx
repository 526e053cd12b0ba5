// "Try 5 seeds": the playground's current settings on five seeds (this seed and the next
// four) for the same number of iterations each, trained together (split over the spare
// cores: seedsRunner.ts), drawn as five small planes (on the digits, five grids of 16
// generated digits) with each seed's figures and the spread underneath. The playground's
// own run is paused meanwhile and left as it was. Under a preset, the budget is the one its
// claim names, and the claim is shown (presetClaim.ts).
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { DIGIT_WORDS, MIXTURE_WORDS, summarizeSeeds, summaryLine, type SeedFigures } from '../../engine/seedSummary';
import { DIGIT_SIDE } from '../../engine/digits/digitsTarget';
import { digitGridPixels } from '../../engine/digits/grid';
import { DIGIT_TILES } from '../../worker/seedsProtocol';
import type { BackendName } from '../../engine/backends';
import type { Snapshot } from '../../engine/trainer';
import { COLORS, PROBABILITY_SCALE } from '../charts/colors';
import { colorLut, drawPlane, type PlaneColors } from '../charts/planeRender';
import { Dialog } from '../components/Dialog';
import './seeds.css';
import { budgetOptions, presetClaim } from '../presetClaim';
import { SeedsRunner, type SeedResult } from '../seedsRunner';
import { secondsLeft, timeLeftText } from '../timeLeft';
import type { Session } from '../session';
import { useStore } from '../store';

export const SEED_COUNT = 5;
export const BUDGETS = [250, 500, 1000, 2000, 5000];
const DEFAULT_BUDGET = 2000;
const COLORS_2D: PlaneColors = { real: COLORS.real, generated: COLORS.generated, arrows: COLORS.arrows, lut: colorLut(PROBABILITY_SCALE) };
const PLANE_PX = 220;
/** The longest the seeds wait for the playground's backend measurement before starting anyway (ms). */
const MEASURE_WAIT_MS = 20_000;

const nf = new Intl.NumberFormat('en-US');

/**
 * The seeds' canvases are drawn on the CPU (as the charts' layers: chartLayer.ts). Accelerated,
 * in software GL (no GPU), their 1,000 strokes each were rasterised in the GPU process that
 * also composites every frame: with the seeds training beside it, frames took seconds.
 */
const CPU_CANVAS: CanvasRenderingContext2DSettings = { willReadFrequently: true };

function figures(r: SeedResult): SeedFigures | null {
  if (!r.row) return null;
  const { iteration, exactW1, modes, modesTotal, modesWell, hq, theta } = r.row;
  return { seed: r.seed, iteration, exactW1, modes, modesTotal, modesWell, hq, theta, diverged: r.diverged !== null };
}

/** A seed's generated digits as a 4 x 4 grid, drawn at the images' own size (CSS scales it up). */
function drawDigitTiles(c: HTMLCanvasElement, generated: Float32Array): void {
  const { width, height, rgba } = digitGridPixels(generated, DIGIT_SIDE, DIGIT_TILES, Math.sqrt(DIGIT_TILES));
  if (c.width !== width) c.width = width;
  if (c.height !== height) c.height = height;
  c.getContext('2d', CPU_CANVAS)!.putImageData(new ImageData(rgba, width, height), 0, 0);
}

function SeedPlane({ result, index, digits }: { result: SeedResult; index: number; digits: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    if (c && digits && result.generated) {
      drawDigitTiles(c, result.generated);
      c.dataset.drawn = String(result.drawnAt);
      return;
    }
    if (!c || !result.generated || !result.target || !result.extent) return;
    const dpr = window.devicePixelRatio || 1;
    // resizing a canvas (even to its own size) replaces its backing store: only when it changes
    const px = Math.round(PLANE_PX * dpr);
    if (c.width !== px) c.width = px;
    if (c.height !== px) c.height = px;
    const ctx = c.getContext('2d', CPU_CANVAS)!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, PLANE_PX, PLANE_PX);
    const [x0, x1, y0, y1] = result.extent;
    // only the samples: drawPlane reads the field and arrows only when asked to draw them
    const samples = { generated: result.generated, target: result.target, field: { n: 0, extent: result.extent, values: new Float32Array(0), kind: 'score' }, arrows: { points: new Float32Array(0), gradients: new Float32Array(0) } } as unknown as Snapshot;
    drawPlane(ctx, samples, { field: 'none', arrows: false, scale: 0.6 }, { width: PLANE_PX, height: PLANE_PX, xRange: [x0, x1], yRange: [y0, y1] }, { lo: 0, hi: 1 }, COLORS_2D);
    c.dataset.drawn = String(result.drawnAt);
  }, [result, digits]);
  const f = result.row;
  const words = digits ? DIGIT_WORDS : MIXTURE_WORDS;
  return (
    <figure className={digits ? 'seed-plane seed-digits' : 'seed-plane'} data-testid={`seed-plane-${index}`}>
      <canvas
        ref={canvas}
        width={PLANE_PX}
        height={PLANE_PX}
        role="img"
        aria-label={digits ? `Seed ${result.seed}: ${DIGIT_TILES} generated digits` : `Seed ${result.seed}: generated (orange crosses) and real (blue rings) samples`}
      />
      <figcaption data-testid={`seed-figures-${index}`}>
        <strong>seed {result.seed}</strong>
        {f ? (
          <>
            {f.modes !== null && (
              <span>
                {words.modes} {f.modes}/{f.modesTotal} · {f.modesWell} hold ≥ ¼ share
              </span>
            )}
            {f.hq !== null && (
              <span>
                {words.quality} {(f.hq * 100).toFixed(0)}%
              </span>
            )}
            {f.theta !== null && <span>θ {f.theta.toFixed(3)}</span>}
            <span>exact W1 {f.exactW1 !== null ? f.exactW1.toFixed(3) : '—'}</span>
            <span className="seed-at">at iteration {nf.format(f.iteration)}</span>
            {result.diverged && <span className="seed-diverged">diverged: {result.diverged}</span>}
          </>
        ) : (
          <span>starting…</span>
        )}
      </figcaption>
    </figure>
  );
}

export function SeedsPanel({ session, onClose }: { session: Session; onClose(): void }) {
  const { store, controller } = session;
  // the preset's claim as the panel opens (the settings cannot change while it is open)
  const claim = useMemo(() => presetClaim(store.getState().preset, store.getState().settings), [store]);
  const [budget, setBudget] = useState(claim?.iterations ?? DEFAULT_BUDGET);
  const [attempt, setAttempt] = useState(0);
  const first = store.getState().settings.seed;
  const seeds = useMemo(() => Array.from({ length: SEED_COUNT }, (_, i) => first + i), [first]);

  // the playground's run waits while the seeds train (they share the CPU), and goes on after
  useEffect(() => {
    const wasPlaying = store.getState().status.playing;
    if (wasPlaying) controller.pause();
    return () => {
      if (wasPlaying) controller.play();
    };
  }, [store, controller]);

  // Backend 'auto' measures this device's backends in the first seconds after loading: five
  // seeds training meanwhile would skew the measurement and starve the playground's worker,
  // so they wait for it (a while at most), then train on the backend it chose.
  const measuring = useStore(store, (s) => !!s.status.backend?.provisional || s.status.phase === 'starting');
  const [waitedLongEnough, setWaited] = useState(false);
  useEffect(() => {
    if (!measuring) return;
    const t = setTimeout(() => setWaited(true), MEASURE_WAIT_MS);
    return () => clearTimeout(t);
  }, [measuring]);
  const go = !measuring || waitedLongEnough;

  const runner = useMemo(() => {
    const st = store.getState();
    const backend = (st.status.backend?.active ?? 'fused') as BackendName;
    return new SeedsRunner({ type: 'start', settings: st.settings, customPoints: st.customPoints ?? undefined, seeds, iterations: budget, backend });
    // attempt: "Run again" makes a fresh runner; go: the backend is known now
  }, [store, seeds, budget, attempt, go]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!go) return;
    runner.start();
    return () => runner.stop();
  }, [runner, go]);
  const state = useSyncExternalStore(
    (fn) => runner.subscribe(fn),
    () => runner.state,
  );

  const done = state.iterations.reduce((a, b) => a + b, 0);
  const total = budget * seeds.length;
  const all = state.results.map(figures);
  const digits = store.getState().settings.target === 'digits';
  const summary = all.every((f) => f !== null) ? summaryLine(summarizeSeeds(all as SeedFigures[]), digits ? DIGIT_WORDS : MIXTURE_WORDS) : null;
  const finished = state.phase === 'done';
  const left = state.phase === 'running' && state.startedAt !== null ? secondsLeft(done, total, (performance.now() - state.startedAt) / 1000) : null;
  const running = state.phase === 'starting' || state.phase === 'running';
  const settings = store.getState().settings;

  return (
    <Dialog title={`Try ${SEED_COUNT} seeds`} onClose={onClose} testId="seeds-panel" wide>
      <p className="seeds-intro">
        The current settings ({settings.loss} on {settings.target}) on seeds {seeds[0]}–{seeds[seeds.length - 1]} (this run’s seed and the next four),{' '}
        <label>
          <select value={budget} onChange={(e) => setBudget(Number(e.target.value))} data-testid="seeds-budget" aria-label="Iterations per seed">
            {budgetOptions(BUDGETS, claim).map((b) => (
              <option key={b} value={b}>
                {nf.format(b)}
              </option>
            ))}
          </select>{' '}
          iterations each
        </label>
        , trained together. The playground’s own run is paused meanwhile and continues when you close this.
      </p>
      {claim && (
        <p className="seeds-claim" data-testid="seeds-claim">
          <strong>{claim.title}</strong> claims this at {nf.format(claim.iterations)} iterations
          {budget === claim.iterations ? ', the budget set above' : ` (the budget above is ${nf.format(budget)})`}; <code>npm run presets</code> checks it on seeds 1–10: {claim.text}.
        </p>
      )}
      <div className="seeds-progress">
        <progress value={done} max={total} aria-label="Progress over all seeds" data-testid="seeds-progress" />
        <span data-testid="seeds-status">
          {!go
            ? 'Waiting for the playground to finish measuring this device’s backends…'
            : state.phase === 'error'
            ? `Stopped: ${state.error}`
            : finished
              ? `Done: ${nf.format(budget)} iterations on each seed.`
              : `${state.phase === 'stopped' ? 'Stopped at' : 'Iteration'} ${nf.format(Math.min(...state.iterations))} of ${nf.format(budget)} on each seed${state.backend ? ` (${state.backend}${state.workers > 1 ? `, ${state.workers} workers` : ''})` : ''}${left !== null ? `, ${timeLeftText(left)}` : ''}`}
        </span>
        {!go ? null : running ? (
          <button type="button" onClick={() => runner.stop()} data-testid="seeds-stop">
            Stop
          </button>
        ) : (
          <button type="button" onClick={() => setAttempt((a) => a + 1)} data-testid="seeds-again">
            Run again
          </button>
        )}
      </div>
      <div className="seed-grid">
        {state.results.map((r, i) => (
          <SeedPlane key={r.seed} result={r} index={i} digits={digits} />
        ))}
      </div>
      {summary && (
        <p className="seeds-summary" data-testid="seeds-summary">
          <strong>{finished ? `After ${nf.format(budget)} iterations:` : 'So far:'}</strong> {summary}
        </p>
      )}
      {digits ? (
        <p className="card-note">
          Each seed’s first {DIGIT_TILES} digits from fixed z. Among 2,500 generated digits, a digit is recognised when the classifier names it with confidence; digits “hold ≥ ¼ share” when they have at least a quarter of their fair share of the recognised ones.
        </p>
      ) : (
        <p className="card-note">Real samples are blue rings, generated samples orange crosses drawn over them. Modes “hold ≥ ¼ share” when they have at least a quarter of their fair share of the high-quality samples (within 3σ of a mode).</p>
      )}
    </Dialog>
  );
}
