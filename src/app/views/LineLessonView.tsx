// The lesson that motivates WGAN: P0 = (0, Z) against Pθ = (θ, Z). A slider walks θ with
// the closed forms of W1, JS, KL and TV; a live run of g_θ(z) = (θ, z) under each loss
// plots θ over iterations: under WGAN θ goes to 0, under the minimax GAN it stalls.
import { useMemo, useRef, useState } from 'react';
import { LOSS_INFO } from '../../engine/lossInfo';
import { lineDivergences } from '../../engine/metrics/verticalLine';
import { LOSS_IDS, type LossId } from '../../engine/settings';
import { LINE_BEHAVIOUR, lineLessonSettings } from './lineDefaults';
import type { UiHooks } from '../actions';
import { COLORS } from '../charts/colors';
import { LiveChart, type Figure } from '../charts/LiveChart';
import { Notices } from '../components/Notices';
import { PresetBanner } from '../components/PresetBanner';
import { Readouts } from '../components/Readouts';
import { Transport } from '../components/Transport';
import { AppContext } from '../context';
import type { Session } from '../session';
import { useStore, type AppState, type Store } from '../store';
import { PlaneCard } from './PlaygroundView';

/** W1, JS, KL and TV against θ; KL is +∞ off θ = 0, drawn at the top edge. */
function divergenceFigure(theta: number): Figure {
  const thetas = Array.from({ length: 201 }, (_, i) => -1 + i / 100);
  const top = 1.25;
  const off = (v: number) => thetas.map((t) => (t === 0 ? null : v));
  const d = lineDivergences(theta);
  return {
    data: [
      { type: 'scatter', mode: 'lines', x: thetas, y: thetas.map((t) => Math.abs(t)), name: 'W1 = |θ|', line: { color: COLORS.estimate, width: 3 } },
      { type: 'scatter', mode: 'lines', x: thetas, y: off(Math.log(2)), name: 'JS = log 2 (θ ≠ 0)', line: { color: COLORS.real, width: 2.5, dash: 'dash' }, connectgaps: false },
      { type: 'scatter', mode: 'lines', x: thetas, y: off(1), name: 'TV = 1 (θ ≠ 0)', line: { color: COLORS.modes, width: 2.5, dash: 'dot' }, connectgaps: false },
      { type: 'scatter', mode: 'lines', x: thetas, y: off(top), name: 'KL = +∞ (θ ≠ 0)', line: { color: COLORS.generated, width: 2.5, dash: 'dashdot' }, connectgaps: false },
      { type: 'scatter', mode: 'markers', x: [0, 0, 0, 0], y: [0, 0, 0, 0], name: 'all four are 0 at θ = 0', marker: { color: '#000', size: 9, symbol: 'circle' } },
      {
        type: 'scatter',
        mode: 'markers',
        x: [theta, theta, theta, theta],
        y: [d.w1, d.js, d.tv, Number.isFinite(d.kl) ? d.kl : top],
        name: `at θ = ${theta.toFixed(2)}`,
        marker: { color: '#000', size: 11, symbol: 'diamond-open', line: { width: 2 } },
        hoverinfo: 'skip',
      },
    ],
    layout: {
      xaxis: { title: { text: 'θ' }, range: [-1.02, 1.02], zeroline: true },
      yaxis: { title: { text: 'distance' }, range: [-0.05, top + 0.1] },
      annotations: [{ x: -0.95, y: top, text: '+∞', showarrow: false, yshift: 10, font: { color: COLORS.generated } }],
      legend: { orientation: 'h', x: 0, y: -0.22, yanchor: 'top' },
      margin: { l: 52, r: 12, t: 8, b: 90 },
    },
  };
}

function distributionsFigure(theta: number): Figure {
  return {
    data: [
      { type: 'scatter', mode: 'lines', x: [0, 0], y: [0, 1], name: 'P0 = (0, Z)', line: { color: COLORS.real, width: 6 } },
      { type: 'scatter', mode: 'lines', x: [theta, theta], y: [0, 1], name: 'Pθ = (θ, Z)', line: { color: COLORS.generated, width: 6, dash: 'dash' } },
    ],
    layout: {
      xaxis: { range: [-1.2, 1.2], title: { text: 'x₁' } },
      yaxis: { range: [-0.2, 1.2], title: { text: 'x₂' }, scaleanchor: 'x', scaleratio: 1 },
      margin: { l: 44, r: 8, t: 8, b: 36 },
      legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' },
    },
  };
}

/** A chart of static inputs (the slider's θ) through the same LiveChart shell. */
function StaticChart({ store, figure, label, testId, summary }: { store: Store; figure: Figure; label: string; testId: string; summary: string }) {
  const box = useRef<{ fig: Figure }>({ fig: figure });
  // a new object per figure: LiveChart redraws when the selected value changes
  if (box.current.fig !== figure) box.current = { fig: figure };
  const current = box.current;
  return <LiveChart store={store} select={() => current} build={(b) => b.fig} label={label} summary={() => summary} testId={testId} />;
}

interface PastRun {
  loss: LossId;
  x: number[];
  y: number[];
}

function thetaFigure(history: AppState['history'], s: AppState, past: PastRun[]): Figure {
  const rows = history.filter((r) => r.theta !== null);
  const data = past.map((p, i) => ({
    type: 'scatter' as const,
    mode: 'lines' as const,
    x: p.x,
    y: p.y,
    name: `${LOSS_INFO[p.loss].label} (earlier)`,
    line: { color: COLORS.layers[(i + 1) % COLORS.layers.length], width: 1.5, dash: COLORS.dashes[(i + 1) % COLORS.dashes.length] },
    opacity: 0.6,
  }));
  data.push({
    type: 'scatter',
    mode: 'lines',
    x: rows.map((r) => r.iteration),
    y: rows.map((r) => r.theta!),
    name: `${LOSS_INFO[s.settings.loss].label} (this run)`,
    line: { color: COLORS.generated, width: 3, dash: 'solid' },
    opacity: 1,
  });
  return {
    data,
    layout: {
      xaxis: { title: { text: 'iteration' }, rangemode: 'tozero' },
      yaxis: { title: { text: 'θ' }, range: [-1.1, 1.1], zeroline: true, zerolinewidth: 2 },
      legend: { orientation: 'h', x: 0, y: -0.25, yanchor: 'top' },
      margin: { l: 48, r: 12, t: 8, b: 80 },
    },
  };
}

function explanation(s: AppState, headStart: number): string {
  const rows = s.history.filter((r) => r.theta !== null && r.iteration > 0);
  const loss = LOSS_INFO[s.settings.loss];
  const expected = LINE_BEHAVIOUR[s.settings.loss];
  if (!rows.length) {
    return `Press Run: the ${loss.output === 'logit' ? 'discriminator' : 'critic'} first trains alone for ${headStart} steps, then θ starts at ${s.settings.thetaInit.toFixed(2)} and moves with the generator’s gradient. ${expected}`;
  }
  const start = s.settings.thetaInit;
  const now = rows[rows.length - 1].theta!;
  const n = rows[rows.length - 1].iteration;
  return `Under ${loss.label}, θ went from ${start.toFixed(2)} to ${now.toFixed(2)} in ${n} iterations. ${expected}`;
}

export function LineLessonView({ session, ui }: { session: Session; ui: UiHooks }) {
  const { store, controller } = session;
  const ctx = useMemo(() => ({ store, controller, ui }), [store, controller, ui]);
  const [theta, setTheta] = useState(0.6);
  const [headStart, setHeadStart] = useState(1000);
  const [past, setPast] = useState<PastRun[]>([]);
  const settings = useStore(store, (s) => s.settings);
  const text = useStore(store, (s) => explanation(s, headStart));
  const d = lineDivergences(theta);

  const run = (loss: LossId) => {
    const s = store.getState();
    const rows = s.history.filter((r) => r.theta !== null && r.iteration > 0);
    if (rows.length) setPast((p) => [...p.slice(-4), { loss: s.settings.loss, x: rows.map((r) => r.iteration), y: rows.map((r) => r.theta!) }]);
    controller.applySettings(lineLessonSettings(loss, s.settings));
    controller.reset();
    if (headStart > 0) controller.step('critic', headStart);
    controller.play();
  };

  // Keep the θ chart's earlier runs in one stable object for its selector.
  const pastRef = useRef(past);
  pastRef.current = past;
  const selectTheta = useMemo(() => {
    let h: AppState['history'] | null = null;
    let p: PastRun[] | null = null;
    let out: { history: AppState['history']; past: PastRun[] } | null = null;
    return (s: AppState) => {
      if (s.history !== h || pastRef.current !== p) {
        h = s.history;
        p = pastRef.current;
        out = { history: h, past: p };
      }
      return out!;
    };
  }, []);
  const figures = useMemo(() => ({ div: divergenceFigure(theta), dist: distributionsFigure(theta) }), [theta]);

  return (
    <AppContext.Provider value={ctx}>
      <main className="lesson-layout" data-testid="lesson-line">
        <section className="card lesson-intro">
          <h2>Why WGAN: the vertical line</h2>
          <p>
            The real distribution P0 puts all its mass on the segment (0, Z) with Z ~ U[0, 1]. The generator g_θ(z) = (θ, z) has one parameter, θ, and produces the same segment
            shifted to x₁ = θ. For θ ≠ 0 the two segments do not overlap, so every divergence that compares densities point by point is stuck: JS = log 2, KL = +∞, TV = 1, whatever
            θ is. Only the earth mover’s distance W1 = |θ| says how far apart the segments are, and only it gives θ a useful gradient.
          </p>
        </section>
        <section className="card">
          <h2>Move θ</h2>
          <label className="theta-slider">
            θ = <output data-testid="theta-value">{theta.toFixed(2)}</output>
            <input type="range" min={-1} max={1} step={0.01} value={theta} onChange={(e) => setTheta(Number(e.target.value))} aria-label="θ" data-testid="theta-slider" />
          </label>
          <table className="divergence-table" data-testid="divergence-table">
            <tbody>
              <tr>
                <th>W1</th>
                <td data-testid="div-w1">{d.w1.toFixed(3)}</td>
                <th>JS</th>
                <td data-testid="div-js">{d.js.toFixed(3)}</td>
                <th>KL</th>
                <td data-testid="div-kl">{Number.isFinite(d.kl) ? d.kl.toFixed(3) : '+∞'}</td>
                <th>TV</th>
                <td data-testid="div-tv">{d.tv.toFixed(3)}</td>
              </tr>
            </tbody>
          </table>
          <div className="lesson-charts">
            <StaticChart store={store} figure={figures.dist} label="The two segments P0 and Pθ" testId="chart-line-distributions" summary={`P0 at x₁ = 0, Pθ at x₁ = ${theta.toFixed(2)}`} />
            <StaticChart
              store={store}
              figure={figures.div}
              label="W1, JS, KL and TV against θ"
              testId="chart-line-divergences"
              summary={`At θ = ${theta.toFixed(2)}: W1 ${d.w1.toFixed(3)}, JS ${d.js.toFixed(3)}, KL ${Number.isFinite(d.kl) ? d.kl : 'infinite'}, TV ${d.tv}.`}
            />
          </div>
        </section>
        <section className="card lesson-run">
          <h2>Train g_θ live</h2>
          <div className="lesson-run-controls">
            <div role="group" aria-label="Run the one-parameter generator under a loss" className="loss-run-buttons">
              {LOSS_IDS.map((id) => (
                <button key={id} type="button" className={settings.loss === id ? 'active' : ''} onClick={() => run(id)} data-testid={`line-run-${id}`}>
                  {LOSS_INFO[id].label}
                </button>
              ))}
            </div>
            <label>
              critic head start{' '}
              <input type="number" min={0} max={5000} step={100} value={headStart} onChange={(e) => setHeadStart(Math.max(0, Math.min(5000, Math.round(Number(e.target.value) || 0))))} data-testid="line-head-start" />{' '}
              steps
            </label>
          </div>
          <div className="control-bar inline">
            <Transport />
            <Readouts compact />
          </div>
          <Notices />
          <PresetBanner store={store} />
          <p className="lesson-explanation" aria-live="polite" data-testid="line-explanation">
            {text}
          </p>
          <LiveChart
            store={store}
            select={selectTheta}
            build={(input, s) => thetaFigure(input.history, s, input.past)}
            minIntervalMs={200}
            label="θ over iterations"
            summary={(input) => {
              const r = input.history.filter((x) => x.theta !== null);
              return r.length ? `θ = ${r[r.length - 1].theta!.toFixed(3)} at iteration ${r[r.length - 1].iteration}` : '';
            }}
            testId="chart-line-theta"
          />
          <p className="card-note">
            SGD for both networks, so that a small gradient makes a small step (Adam and RMSProp rescale gradients and would hide a vanishing one). Current settings: critic lr {settings.lrD}, generator lr{' '}
            {settings.lrG}, n_critic {settings.nCritic}
            {settings.loss === 'wgan' ? `, clip ${settings.clip}` : ''}.
          </p>
        </section>
        <PlaneCard store={store} title="The plane: P0, g_θ and the critic" compact />
      </main>
    </AppContext.Provider>
  );
}
