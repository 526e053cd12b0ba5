// The always-visible numbers: iteration, iterations per second, and the latest metrics.
import { useApp } from '../context';
import { useStore, type AppState } from '../store';

function latest<T>(s: AppState, pick: (r: AppState['history'][number]) => T | null): T | null {
  for (let i = s.history.length - 1; i >= 0; i--) {
    const v = pick(s.history[i]);
    if (v !== null && v !== undefined) return v;
  }
  return null;
}

export function Readouts({ compact = false }: { compact?: boolean }) {
  const { store } = useApp();
  const iteration = useStore(store, (s) => s.status.iteration);
  const criticSteps = useStore(store, (s) => s.status.criticSteps);
  const itPerSec = useStore(store, (s) => (s.status.playing ? s.status.itPerSec : 0));
  const w1 = useStore(store, (s) => latest(s, (r) => r.exactW1));
  const floor = useStore(store, (s) => latest(s, (r) => r.floor));
  const modes = useStore(store, (s) => latest(s, (r) => (r.modes !== null ? `${r.modes}/${r.modesTotal}` : null)));
  const wellCovered = useStore(store, (s) => latest(s, (r) => r.modesWell));
  const hq = useStore(store, (s) => latest(s, (r) => r.hq));
  const estimate = useStore(store, (s) => latest(s, (r) => (r.w1Estimate !== null ? `W1 est. ${r.w1Estimate.toFixed(3)}` : r.jsEstimate !== null ? `JS est. ${r.jsEstimate.toFixed(3)}` : null)));
  const theta = useStore(store, (s) => latest(s, (r) => r.theta));
  return (
    <div className="readouts" aria-live="off">
      <div className="readout">
        <span className="readout-label">Iteration</span>
        <span className="readout-value" data-testid="iteration">
          {iteration.toLocaleString('en-US')}
        </span>
        <span className="readout-note">{criticSteps.toLocaleString('en-US')} critic steps</span>
      </div>
      <div className={`readout ${compact ? 'hidden' : ''}`}>
        <span className="readout-label">Speed</span>
        <span className="readout-value" data-testid="it-per-sec">
          {itPerSec ? itPerSec.toFixed(1) : '—'}
        </span>
        <span className="readout-note">iterations / s</span>
      </div>
      <div className="readout">
        <span className="readout-label">Exact W1</span>
        <span className="readout-value" data-testid="metric-w1">
          {w1 !== null ? w1.toFixed(3) : '—'}
        </span>
        <span className="readout-note">{floor !== null ? `floor ${floor.toFixed(3)}` : ''}</span>
      </div>
      <div className="readout">
        <span className="readout-label">Modes</span>
        <span className="readout-value" data-testid="metric-modes">
          {modes ?? '—'}
        </span>
        <span className="readout-note" data-testid="metric-modes-well" title="Modes holding at least a quarter of their fair share of the high-quality samples">
          {modes ? `captured · ${wellCovered ?? '—'} hold ≥ ¼ share` : 'mixtures only'}
        </span>
      </div>
      <div className={`readout ${compact ? 'hidden' : ''}`}>
        <span className="readout-label">High quality</span>
        <span className="readout-value" data-testid="metric-hq">
          {hq !== null ? `${(hq * 100).toFixed(1)}%` : '—'}
        </span>
        <span className="readout-note">within 3σ of a mode</span>
      </div>
      <div className={`readout ${compact && theta === null ? 'hidden' : ''}`}>
        <span className="readout-label">{theta !== null ? 'θ' : 'Critic'}</span>
        <span className="readout-value small" data-testid="metric-estimate">
          {theta !== null ? theta.toFixed(3) : (estimate ?? '—')}
        </span>
        <span className="readout-note">{theta !== null ? 'g_θ(z) = (θ, z)' : 'from the critic loss'}</span>
      </div>
    </div>
  );
}
