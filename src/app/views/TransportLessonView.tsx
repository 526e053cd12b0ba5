// The two-cloud lesson (?view=transport): Kantorovich-Rubinstein duality made visible. Left,
// the primal side: two Gaussian clouds the user drags (centre handle; the dashed ring at 2σ sets
// the spread), the optimal plan between their samples and its exact W1. Right, the dual side: a
// WGAN-GP critic trained live on the same two sample sets (the engine's critic, on the main
// thread in chunks of a few ms per frame), its field, and E_P[f] − E_Q[f] over the steps.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CloudCritic } from '../../engine/cloudCritic';
import {
  CENTRE_RANGE,
  CLOUD_POINTS,
  DEFAULT_CLOUDS,
  SPREAD_RANGE,
  centreDistance,
  clampCloud,
  cloudPlan,
  gaussianW1Bounds,
  sampleClouds,
  sampleW1Bounds,
  type Cloud,
  type CloudPair,
} from '../../engine/transportLesson';
import { COLORS, PROBABILITY_SCALE } from '../charts/colors';
import { LiveChart, type Figure } from '../charts/LiveChart';
import { colorLut, fieldPixels } from '../charts/planeRender';
import { drawTransport } from '../charts/transportRender';
import { Store } from '../store';

/** The plane both canvases show: x and y in [−EXTENT, EXTENT]. */
const EXTENT = 4.5;
const SIZE = 360;
/** The critic stops after this many steps (it has converged by then); Continue adds more. */
const STEP_BUDGET = 2000;
/** Training time per animation frame on the main thread. */
const FRAME_MS = 7;
/** How often the estimate, the field and the chart refresh. */
const READ_MS = 250;
const FIELD_GRID = 40;
const LUT = colorLut(PROBABILITY_SCALE);

const toPx = (v: number) => ((v + EXTENT) / (2 * EXTENT)) * SIZE;
const toPy = (v: number) => ((EXTENT - v) / (2 * EXTENT)) * SIZE;
const fromPx = (px: number) => (px / SIZE) * 2 * EXTENT - EXTENT;
const fromPy = (py: number) => EXTENT - (py / SIZE) * 2 * EXTENT;

function drawPoints(ctx: CanvasRenderingContext2D, x: Float32Array, y: Float32Array): void {
  ctx.globalAlpha = 0.7;
  ctx.fillStyle = COLORS.real;
  for (let i = 0; i < x.length; i += 2) {
    ctx.beginPath();
    ctx.arc(toPx(x[i]), toPy(x[i + 1]), 2, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.strokeStyle = COLORS.generated;
  ctx.lineWidth = 1.2;
  ctx.beginPath();
  for (let i = 0; i < y.length; i += 2) {
    const px = toPx(y[i]);
    const py = toPy(y[i + 1]);
    ctx.moveTo(px - 2.2, py - 2.2);
    ctx.lineTo(px + 2.2, py + 2.2);
    ctx.moveTo(px + 2.2, py - 2.2);
    ctx.lineTo(px - 2.2, py + 2.2);
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
}

function prepare(canvas: HTMLCanvasElement | null): CanvasRenderingContext2D | null {
  if (!canvas) return null;
  const dpr = Math.min(2, window.devicePixelRatio || 1);
  if (canvas.width !== SIZE * dpr) {
    canvas.width = canvas.height = SIZE * dpr;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, SIZE, SIZE);
  // axes through the origin
  ctx.strokeStyle = '#e5e7eb';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(toPx(0), 0);
  ctx.lineTo(toPx(0), SIZE);
  ctx.moveTo(0, toPy(0));
  ctx.lineTo(SIZE, toPy(0));
  ctx.stroke();
  return ctx;
}

function drawHandles(ctx: CanvasRenderingContext2D, pair: CloudPair): void {
  for (const [c, color] of [
    [pair.p, COLORS.real],
    [pair.q, COLORS.generated],
  ] as const) {
    const r = (2 * c.spread * SIZE) / (2 * EXTENT);
    ctx.setLineDash([5, 4]);
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.arc(toPx(c.cx), toPy(c.cy), r, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = color;
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(toPx(c.cx), toPy(c.cy), 7, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    // the spread handle on the ring's right
    ctx.fillRect(toPx(c.cx) + r - 5, toPy(c.cy) - 5, 10, 10);
    ctx.strokeRect(toPx(c.cx) + r - 5, toPy(c.cy) - 5, 10, 10);
  }
}

type Drag = { cloud: 'p' | 'q'; part: 'centre' | 'spread' };

/** Which handle is under the pointer: a centre, or a ring (the spread). */
function hitTest(pair: CloudPair, px: number, py: number): Drag | null {
  for (const cloud of ['q', 'p'] as const) {
    const c = pair[cloud];
    if (Math.hypot(px - toPx(c.cx), py - toPy(c.cy)) <= 11) return { cloud, part: 'centre' };
  }
  for (const cloud of ['q', 'p'] as const) {
    const c = pair[cloud];
    const r = (2 * c.spread * SIZE) / (2 * EXTENT);
    if (Math.abs(Math.hypot(px - toPx(c.cx), py - toPy(c.cy)) - r) <= 7) return { cloud, part: 'spread' };
  }
  return null;
}

interface Reading {
  steps: number;
  raw: number;
  slope: number;
  bound: number;
}

function convergenceFigure(readings: Reading[], w1: number): Figure {
  const steps = readings.map((r) => r.steps);
  const last = Math.max(STEP_BUDGET, steps[steps.length - 1] ?? 0);
  return {
    data: [
      { type: 'scatter', mode: 'lines', x: steps, y: readings.map((r) => r.bound), name: 'E_P[f] − E_Q[f], f scaled to slope ≤ 1 (a lower bound)', line: { color: COLORS.estimate, width: 2.5 } },
      { type: 'scatter', mode: 'lines', x: steps, y: readings.map((r) => r.raw), name: 'E_P[f] − E_Q[f] as trained', line: { color: COLORS.estimate, width: 1.2, dash: 'dot' } },
      { type: 'scatter', mode: 'lines', x: [0, last], y: [w1, w1], name: 'exact W1 of the samples', line: { color: COLORS.exact, width: 1.5, dash: 'dash' } },
    ],
    layout: {
      xaxis: { title: { text: 'critic steps' }, range: [0, last] },
      yaxis: { title: { text: 'distance' }, rangemode: 'tozero' },
      legend: { orientation: 'h', x: 0, y: -0.42, yanchor: 'top' },
      margin: { l: 48, r: 12, t: 8, b: 110 },
    },
  };
}

/** A chart of React-held inputs through the LiveChart shell: it redraws when the figure changes. */
function FigureChart({ store, figure, label, testId, summary }: { store: Store; figure: Figure; label: string; testId: string; summary: string }) {
  const box = useRef<{ fig: Figure }>({ fig: figure });
  if (box.current.fig !== figure) box.current = { fig: figure };
  const current = box.current;
  return <LiveChart store={store} select={() => current} build={(b) => b.fig} label={label} summary={() => summary} testId={testId} />;
}

function CloudControls({ name, cloud, onChange, color }: { name: 'P' | 'Q'; cloud: Cloud; onChange(c: Cloud): void; color: string }) {
  const id = name.toLowerCase();
  const slider = (key: keyof Cloud, label: string, min: number, max: number, step: number) => (
    <label className="cloud-control">
      <span>
        {label} <output data-testid={`cloud-${id}-${key}-value`}>{cloud[key].toFixed(2)}</output>
      </span>
      <input
        type="range"
        min={min}
        max={max}
        step={step}
        value={cloud[key]}
        onChange={(e) => onChange(clampCloud({ ...cloud, [key]: Number(e.target.value) }))}
        aria-label={`${name}: ${label}`}
        data-testid={`cloud-${id}-${key}`}
      />
    </label>
  );
  return (
    <fieldset className="cloud-controls">
      <legend style={{ color }}>{name === 'P' ? 'P (dots)' : 'Q (crosses)'}</legend>
      {slider('cx', 'centre x', CENTRE_RANGE.min, CENTRE_RANGE.max, 0.05)}
      {slider('cy', 'centre y', CENTRE_RANGE.min, CENTRE_RANGE.max, 0.05)}
      {slider('spread', 'spread σ', SPREAD_RANGE.min, SPREAD_RANGE.max, 0.01)}
    </fieldset>
  );
}

export function TransportLessonView() {
  const [pair, setPair] = useState<CloudPair>(DEFAULT_CLOUDS);
  const [sameDraws, setSameDraws] = useState(true);
  // WGAN-GP's λ (cloudCritic.ts's default); the critic and tfjs load on demand
  const [lambda, setLambda] = useState(10);
  const [readings, setReadings] = useState<Reading[]>([]);
  const [status, setStatus] = useState<string>('Loading the critic…');
  const [budget, setBudget] = useState(STEP_BUDGET);
  const [paused, setPaused] = useState(false);
  const chartStore = useMemo(() => new Store(), []);
  const planCanvas = useRef<HTMLCanvasElement>(null);
  const criticCanvas = useRef<HTMLCanvasElement>(null);
  const drag = useRef<Drag | null>(null);
  const field = useRef<Float32Array | null>(null);

  const samples = useMemo(() => sampleClouds(pair, CLOUD_POINTS, 1, { sameDraws }), [pair, sameDraws]);
  const plan = useMemo(() => cloudPlan(samples.x, samples.y), [samples]);
  const bounds = gaussianW1Bounds(pair);
  const distance = centreDistance(pair);
  // the samples' own bounds need a second 300 x 300 assignment (W2): computed once a drag
  // pauses, so that dragging costs one assignment per move, as before
  const [settled, setSettled] = useState(samples);
  useEffect(() => {
    const t = setTimeout(() => setSettled(samples), 150);
    return () => clearTimeout(t);
  }, [samples]);
  const sampleBounds = useMemo(() => sampleW1Bounds(settled.x, settled.y), [settled]);
  const boundsNow = settled === samples;

  // the primal side
  useEffect(() => {
    const ctx = prepare(planCanvas.current);
    if (!ctx) return;
    // thin lines: with equal spreads all 300 have the same length, the darkest shade
    drawTransport(ctx, plan, toPx, toPy, '#4b5563', 0.5);
    drawPoints(ctx, samples.x, samples.y);
    drawHandles(ctx, pair);
  }, [plan, samples, pair]);

  // the dual side: the field of f (blue: high, on P; orange: low, on Q) under the points
  const drawCritic = () => {
    const ctx = prepare(criticCanvas.current);
    if (!ctx) return;
    const f = field.current;
    if (f) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of f) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      const tmp = document.createElement('canvas');
      tmp.width = tmp.height = FIELD_GRID;
      const tctx = tmp.getContext('2d')!;
      const img = tctx.createImageData(FIELD_GRID, FIELD_GRID);
      fieldPixels(f, FIELD_GRID, { lo, hi }, LUT, img.data);
      tctx.putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(tmp, 0, 0, SIZE, SIZE);
    }
    drawPoints(ctx, samples.x, samples.y);
  };

  // a new critic whenever the clouds or λ change (after the pointer rests for a moment)
  useEffect(() => {
    let cancelled = false;
    let critic: CloudCritic | null = null;
    let frame = 0;
    field.current = null;
    setReadings([]);
    drawCritic();
    const grid = new Float32Array(FIELD_GRID * FIELD_GRID * 2);
    for (let j = 0; j < FIELD_GRID; j++) {
      for (let i = 0; i < FIELD_GRID; i++) {
        grid[2 * (j * FIELD_GRID + i)] = -EXTENT + (2 * EXTENT * (i + 0.5)) / FIELD_GRID;
        grid[2 * (j * FIELD_GRID + i) + 1] = -EXTENT + (2 * EXTENT * (j + 0.5)) / FIELD_GRID;
      }
    }
    const start = setTimeout(async () => {
      try {
        const runtime = await import('./cloudCriticRuntime');
        const backend = await runtime.readyBackend();
        if (cancelled) return;
        critic = new runtime.CloudCritic(samples.x, samples.y, { lambda, seed: 1 });
        setStatus(`Training on the page’s main thread (tfjs ${backend}).`);
        let lastRead = -Infinity;
        let lastReadSteps = -1;
        let reading = false;
        const tick = () => {
          if (cancelled || !critic) return;
          const c = critic;
          const began = performance.now();
          if (!pausedRef.current && c.steps < budgetRef.current) {
            while (performance.now() - began < FRAME_MS && c.steps < budgetRef.current) c.train(1);
          }
          // read while it trains (and once more when it stops): nothing changes in between
          if (!reading && c.steps !== lastReadSteps && performance.now() - lastRead >= READ_MS) {
            reading = true;
            lastReadSteps = c.steps;
            lastRead = performance.now();
            void Promise.all([c.estimate(), c.values(grid)]).then(([e, f]) => {
              reading = false;
              if (cancelled) return;
              field.current = f;
              drawCritic();
              setReadings((r) => (r.length && r[r.length - 1].steps === c.steps ? r : [...r, { steps: c.steps, ...e }]));
            });
          }
          frame = requestAnimationFrame(tick);
        };
        frame = requestAnimationFrame(tick);
      } catch (e) {
        if (!cancelled) setStatus(`The critic could not start: ${e instanceof Error ? e.message : String(e)}`);
      }
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(start);
      cancelAnimationFrame(frame);
      critic?.dispose();
    };
  }, [samples, lambda]); // eslint-disable-line react-hooks/exhaustive-deps

  // the loop reads these without restarting
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const budgetRef = useRef(budget);
  budgetRef.current = budget;

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const hit = hitTest(pair, ((e.clientX - r.left) * SIZE) / r.width, ((e.clientY - r.top) * SIZE) / r.height);
    if (!hit) return;
    drag.current = hit;
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    if (!d) return;
    const r = e.currentTarget.getBoundingClientRect();
    const x = fromPx(((e.clientX - r.left) * SIZE) / r.width);
    const y = fromPy(((e.clientY - r.top) * SIZE) / r.height);
    setPair((p) => {
      const c = p[d.cloud];
      const next = d.part === 'centre' ? { ...c, cx: x, cy: y } : { ...c, spread: Math.hypot(x - c.cx, y - c.cy) / 2 };
      return { ...p, [d.cloud]: clampCloud(next) };
    });
  };
  const endDrag = () => {
    drag.current = null;
  };

  const last = readings[readings.length - 1];
  const figure = useMemo(() => convergenceFigure(readings, plan.w1), [readings, plan.w1]);
  const steps = last?.steps ?? 0;
  const done = steps >= budget;

  return (
    <main className="lesson-layout" data-testid="lesson-transport">
      <section className="card lesson-intro">
        <h2>Two clouds: the optimal plan and the critic that measures it</h2>
        <p>
          The earth mover’s distance W1(P, Q) is the least average distance mass must travel to turn P into Q (the primal: a plan). By Kantorovich-Rubinstein duality it is
          also the largest E_P[f] − E_Q[f] over functions f whose slope is at most 1 (the dual: a critic). A WGAN critic searches for that f. Drag a cloud’s centre, or its
          dashed ring (2σ) to change its spread, or use the sliders.
        </p>
      </section>
      <section className="card">
        <h2>Primal: the optimal plan</h2>
        <canvas
          ref={planCanvas}
          className="lesson-canvas"
          style={{ width: SIZE, height: SIZE, touchAction: 'none', cursor: drag.current ? 'grabbing' : 'grab' }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endDrag}
          onPointerCancel={endDrag}
          role="img"
          aria-label={`Two clouds of ${CLOUD_POINTS} points and the optimal plan between them; exact W1 ${plan.w1.toFixed(3)}`}
          data-testid="transport-plane"
        />
        <div className="cloud-control-row">
          <CloudControls name="P" cloud={pair.p} color={COLORS.real} onChange={(p) => setPair((x) => ({ ...x, p }))} />
          <CloudControls name="Q" cloud={pair.q} color={COLORS.generated} onChange={(q) => setPair((x) => ({ ...x, q }))} />
        </div>
        <div className="view-options">
          <button type="button" className="small-button" onClick={() => setPair((x) => ({ ...x, q: { ...x.q, spread: x.p.spread } }))} disabled={bounds.exact !== null} data-testid="transport-equalise">
            Give Q the spread of P
          </button>
          <button type="button" className="small-button" onClick={() => setPair(DEFAULT_CLOUDS)} data-testid="transport-reset">
            Reset the clouds
          </button>
        </div>
        <label>
          <input type="checkbox" checked={sameDraws} onChange={(e) => setSameDraws(e.target.checked)} data-testid="transport-same-draws" /> Q made of the same draws as P
          (shifted and scaled)
        </label>
        <p className="emd-result">
          Exact W1 of the {CLOUD_POINTS} + {CLOUD_POINTS} samples (mean line length) = <strong data-testid="transport-w1">{plan.w1.toFixed(3)}</strong>; distance between
          the centres ‖μ_P − μ_Q‖ = <span data-testid="transport-distance">{distance.toFixed(3)}</span>.
        </p>
        <p className="card-note" data-testid="transport-equal-spreads">
          {bounds.exact !== null
            ? `Equal spreads: Q is P moved by μ_Q − μ_P, and no plan moves the mass’s mean by less than that, so W1(P, Q) = ‖μ_P − μ_Q‖ = ${distance.toFixed(3)}: every line is the same shift.${
                sameDraws ? '' : ' These samples are independent draws, so their W1 is a little above it.'
              }`
            : `Unequal spreads: for the Gaussians P and Q themselves (closed form), W1(P, Q) lies between ‖μ_P − μ_Q‖ = ${bounds.lower.toFixed(3)} and W2 = √(‖Δμ‖² + 2(σ_P − σ_Q)²) = ${bounds.upper.toFixed(3)}; the lines now also spread or gather the mass. Make the spreads equal to see W1 = ‖μ_P − μ_Q‖.`}
        </p>
        <p className="card-note" data-testid="transport-sample-bounds">
          The exact W1 above is computed from the {CLOUD_POINTS} + {CLOUD_POINTS} samples, which only estimate the clouds: their means and spreads differ a little from μ and σ,
          and on average such an estimate lies above W1(P, Q) (W1 is convex in the two distributions), so it can land a little outside the Gaussians’ bounds. For these samples
          themselves the bounds hold exactly: distance between their means ‖x̄_P − x̄_Q‖ ={' '}
          <span data-testid="transport-sample-lower">{boundsNow ? sampleBounds.lower.toFixed(3) : '…'}</span> ≤ W1 = {plan.w1.toFixed(3)} ≤ their W2 (the optimal plan under squared
          distances) = <span data-testid="transport-sample-upper">{boundsNow ? sampleBounds.upper.toFixed(3) : '…'}</span>.
        </p>
      </section>
      <section className="card">
        <h2>Dual: a critic trained with the gradient penalty</h2>
        <canvas ref={criticCanvas} className="lesson-canvas" style={{ width: SIZE, height: SIZE }} role="img" aria-label="The critic’s field f(x): blue high (on P), orange low (on Q)" data-testid="transport-critic-field" />
        <p className="card-note" data-testid="transport-critic-status">
          {status} Step {steps.toLocaleString('en')} of {budget.toLocaleString('en')}
          {done ? ' (done).' : '.'}
        </p>
        <p className="emd-result">
          E_P[f] − E_Q[f] with f scaled to slope ≤ 1: <strong data-testid="critic-bound">{last ? last.bound.toFixed(3) : '—'}</strong> (exact W1 {plan.w1.toFixed(3)}); as trained:{' '}
          <span data-testid="critic-raw">{last ? last.raw.toFixed(3) : '—'}</span> with largest slope ‖∇f‖ = <span data-testid="critic-slope">{last ? last.slope.toFixed(2) : '—'}</span>.
        </p>
        <div className="view-options">
          <button type="button" className="small-button" onClick={() => setPaused((p) => !p)} disabled={done} data-testid="critic-pause">
            {paused ? 'Resume' : 'Pause'}
          </button>
          <button type="button" className="small-button" onClick={() => setBudget((b) => b + STEP_BUDGET)} disabled={!done} data-testid="critic-continue">
            Continue ({STEP_BUDGET.toLocaleString('en')} more steps)
          </button>
          <label>
            Penalty weight λ{' '}
            <select value={lambda} onChange={(e) => setLambda(Number(e.target.value))} data-testid="critic-lambda">
              {[1, 10, 100].map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
        </div>
        <FigureChart
          store={chartStore}
          figure={figure}
          label="The critic's estimate over its steps, against the exact W1"
          summary={last ? `After ${last.steps} steps: lower bound ${last.bound.toFixed(3)}, exact W1 ${plan.w1.toFixed(3)}.` : ''}
          testId="chart-transport-critic"
        />
        <p className="card-note">
          Any f with slope at most 1 gives E_P[f] − E_Q[f] ≤ W1, so the solid curve climbs to W1 from below. The penalty λ·E[(‖∇f‖ − 1)²] is soft: the critic’s slope settles
          near 1 + W1/(2λ), where a steeper f gains as much as the penalty costs, so the dotted estimate as trained ends about W1²/(2λ) above W1. Try λ = 100.
        </p>
      </section>
    </main>
  );
}
