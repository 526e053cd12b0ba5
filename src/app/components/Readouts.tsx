// The always-visible numbers: iteration, iterations per second, and the latest metrics, each
// with significant digits and a note saying what it estimates. An evaluation older than
// STALE_MS while training is marked stale, with the iteration it was taken at (the exact W1,
// and greyed, the mode figures from the same evaluation).
import { useEffect, useRef, useState } from 'react';
import { criticEstimate, formatSignificant } from '../../engine/estimates';
import type { HistoryRow } from '../../engine/history';
import { floorText } from '../charts/DistanceChart';
import { useApp } from '../context';
import { useStore, type AppState } from '../store';

/** The loop evaluates every 2 s while training: past this, the exact metrics are stale. */
export const STALE_MS = 2500;

function latestRow(s: AppState, has: (r: HistoryRow) => boolean): HistoryRow | null {
  if (s.liveRow && has(s.liveRow)) return s.liveRow;
  for (let i = s.history.length - 1; i >= 0; i--) if (has(s.history[i])) return s.history[i];
  return null;
}

function latest<T>(s: AppState, pick: (r: HistoryRow) => T | null): T | null {
  for (let i = s.history.length - 1; i >= 0; i--) {
    const v = pick(s.history[i]);
    if (v !== null && v !== undefined) return v;
  }
  return null;
}

/** The modes readout: "2 of 8" (hold their share) first, the lenient "6/8" (captured) after it. */
export function modesText(r: Pick<HistoryRow, 'modes' | 'modesTotal' | 'modesWell'>): { holding: string; captured: string } {
  return { holding: `${r.modesWell} of ${r.modesTotal}`, captured: `${r.modes}/${r.modesTotal}` };
}

/** The exact W1 as the page has always shown it (three decimals), significant digits when tiny. */
const w1Text = (v: number) => (Math.abs(v) >= 0.01 ? v.toFixed(3) : formatSignificant(v));

/**
 * When the newest evaluation arrived (page time), kept across renders, and a clock that ticks
 * while training so that a value can turn stale without new data.
 */
function useEvaluationAge(evaluatedIteration: number | null, playing: boolean): number {
  const arrived = useRef<{ iteration: number | null; at: number }>({ iteration: null, at: performance.now() });
  if (arrived.current.iteration !== evaluatedIteration) arrived.current = { iteration: evaluatedIteration, at: performance.now() };
  const [, tick] = useState(0);
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => tick((n) => n + 1), 500);
    return () => clearInterval(timer);
  }, [playing]);
  return performance.now() - arrived.current.at;
}

export function Readouts({ compact = false }: { compact?: boolean }) {
  const { store } = useApp();
  const iteration = useStore(store, (s) => s.status.iteration);
  const criticSteps = useStore(store, (s) => s.status.criticSteps);
  const playing = useStore(store, (s) => s.status.playing);
  const itPerSec = useStore(store, (s) => (s.status.playing ? s.status.itPerSec : 0));
  const evaluated = useStore(store, (s) => latest(s, (r) => (r.exactW1 !== null ? r : null)));
  // led by the modes that hold their share: "captured" counts a mode with one sample in 2,500
  const modesRow = useStore(store, (s) => latest(s, (r) => (r.modes !== null && r.modesWell !== null ? r : null)));
  const modes = modesRow ? modesText(modesRow) : null;
  const hq = useStore(store, (s) => latest(s, (r) => r.hq));
  const digits = useStore(store, (s) => s.settings.target === 'digits');
  // ALAE's discriminator step is the non-saturating GAN's (trainerBase.ts): its estimate is that loss's
  const loss = useStore(store, (s) => (s.settings.model === 'alae' ? 'nonsaturating' : s.settings.loss));
  const criticLoss = useStore(store, (s) => latestRow(s, (r) => r.dLoss !== null)?.dLoss ?? null);
  const theta = useStore(store, (s) => latest(s, (r) => r.theta));
  const age = useEvaluationAge(evaluated?.iteration ?? null, playing);
  const stale = playing && evaluated !== null && evaluated.iteration < iteration && age > STALE_MS;
  const alae = useStore(store, (s) => s.settings.model === 'alae');
  // ALAE's step I loss is the non-saturating GAN's J_D without its ½ (ALAE_LOSS_INFO)
  const estimate = criticLoss !== null && Number.isFinite(criticLoss) ? criticEstimate(loss, alae ? criticLoss / 2 : criticLoss) : null;
  const at = evaluated ? `it. ${evaluated.iteration.toLocaleString('en-US')}` : '';
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
      <div className={`readout ${stale ? 'stale' : ''}`} data-testid="readout-w1" data-stale={stale ? 'true' : 'false'}>
        <span className="readout-label" title="The exact W1 between 500 generated and 500 real samples (an optimal assignment)">
          Exact W1
        </span>
        <span className="readout-value" data-testid="metric-w1">
          {evaluated ? w1Text(evaluated.exactW1!) : '—'}
        </span>
        <span className="readout-note" data-testid="metric-w1-note" title="Floor: the typical W1 between two independent sets of 500 real samples (mean ± spread of several draws)">
          {evaluated?.floor != null ? `floor ${floorText(evaluated.floor, evaluated.floorSpread)}` : ''}
          {evaluated ? (stale ? ` · stale, from ${at}` : ` · ${at}`) : ''}
        </span>
      </div>
      <div className={`readout ${stale && modes ? 'stale' : ''}`} data-testid="readout-modes">
        <span className="readout-label">{digits ? 'Digits' : 'Modes'}</span>
        <span className="readout-value" data-testid="metric-modes">
          {modes?.holding ?? '—'}
        </span>
        <span
          className="readout-note"
          data-testid="metric-modes-note"
          title="Hold their share: at least a quarter of a fair share (1/k) of the high-quality samples. Captured: at least one high-quality sample in 2,500."
        >
          {modes ? `hold their share · ${modes.captured} captured` : 'mixtures only'}
        </span>
      </div>
      <div className={`readout ${compact ? 'hidden' : ''} ${stale && hq !== null ? 'stale' : ''}`}>
        <span className="readout-label">High quality</span>
        <span className="readout-value" data-testid="metric-hq">
          {hq !== null ? `${(hq * 100).toFixed(1)}%` : "—"}
        </span>
        <span className="readout-note">{digits ? 'named a digit, ≥ 90% sure' : 'within 3σ of a mode'}</span>
      </div>
      <div className={`readout ${compact && theta === null ? 'hidden' : ''}`}>
        <span className="readout-label">{theta !== null ? 'θ' : 'Critic'}</span>
        <span className="readout-value small" data-testid="metric-estimate" title={theta === null && estimate ? estimate.what : undefined}>
          {theta !== null ? theta.toFixed(3) : estimate ? `${estimate.symbol} est. ${formatSignificant(estimate.value)}` : '—'}
        </span>
        <span className="readout-note" data-testid="metric-estimate-note">
          {theta !== null ? 'g_θ(z) = (θ, z)' : estimate ? estimate.short : 'from the critic loss'}
        </span>
      </div>
    </div>
  );
}
