// Chart 2: the discriminator's / critic's loss and the generator's loss over iterations.
import type { HistoryRow } from '../../engine/history';
import { LOSS_INFO as LOSSES } from '../../engine/lossInfo';
import { useMemo } from 'react';
import type { AppState, Store } from '../store';
import { COLORS } from './colors';
import { stride } from './decimate';
import { liveHistorySelector } from '../rowThinning';
import { canvasTraceChart } from './canvasTraces';
import { CURVE_REFRESH_MS, LiveChart, type Figure } from './LiveChart';
import type { Data } from './plotly';

const line = (rows: HistoryRow[], pick: (r: HistoryRow) => number | null, name: string, color: string, dash: string): Data => {
  const pts = rows.filter((r) => pick(r) !== null && Number.isFinite(pick(r)!));
  return {
    type: 'scatter',
    mode: 'lines',
    x: pts.map((r) => r.iteration),
    y: pts.map((r) => pick(r)!),
    name,
    line: { color, width: 1.6, dash },
    hovertemplate: `${name} %{y:.4g} at iteration %{x}<extra></extra>`,
  } as Data;
};

export function lossFigure(history: HistoryRow[], s: AppState): Figure {
  const rows = stride(history);
  if (s.settings.model === 'alae') return alaeLossFigure(rows);
  const loss = LOSSES[s.settings.loss];
  const critic = loss.output === 'logit' ? 'D loss' : 'critic loss';
  const data = [line(rows, (r) => r.dLoss, critic, COLORS.dLoss, 'solid'), line(rows, (r) => r.gLoss, 'G loss', COLORS.gLoss, 'dash')];
  if (loss.constraint === 'penalty') data.push(line(rows, (r) => r.penalty, 'penalty λ·E[(‖∇f‖−1)²]', COLORS.penalty, 'dot'));
  // R1 / R2 on the other losses (penaltyOf in gradients.ts says which apply)
  else if (loss.constraint === 'none' && s.settings.ganPenalty !== 'none') {
    data.push(line(rows, (r) => r.penalty, `${s.settings.ganPenalty.toUpperCase()} γ/2·E[‖∇D‖²] at ${s.settings.ganPenalty === 'r1' ? 'real' : 'generated'} samples`, COLORS.penalty, 'dot'));
  }
  return {
    data,
    layout: {
      xaxis: { title: { text: 'iteration' }, rangemode: 'tozero' },
      yaxis: { title: { text: 'loss' }, zeroline: true },
    },
  };
}

/** ALAE's three losses, one per step of its Algorithm 1, and step I's R1 term. */
function alaeLossFigure(rows: HistoryRow[]): Figure {
  return {
    data: [
      line(rows, (r) => r.dLoss, 'step I: D loss (E, D)', COLORS.dLoss, 'solid'),
      line(rows, (r) => r.penalty, 'step I: R1 γ/2·E[‖∇ₓD(E(x))‖²]', COLORS.penalty, 'dot'),
      line(rows, (r) => r.gLoss, 'step II: G loss (F, G)', COLORS.gLoss, 'dash'),
      line(rows, (r) => r.aeLoss ?? null, 'step III: ‖F(z) − E(G(F(z)))‖² (E, G)', COLORS.reconstruction, 'dashdot'),
    ],
    layout: {
      xaxis: { title: { text: 'iteration' }, rangemode: 'tozero' },
      yaxis: { title: { text: 'loss' }, zeroline: true },
    },
  };
}

/** The screen-reader line: the newest losses that exist (a fresh run has taken no step yet). */
export function lossSummary(history: HistoryRow[], s: AppState): string {
  const critic = s.settings.model !== 'alae' && LOSSES[s.settings.loss].output !== 'logit' ? 'critic loss' : 'discriminator loss';
  const newest = (pick: (r: HistoryRow) => number | null | undefined) => {
    for (let i = history.length - 1; i >= 0; i--) {
      const v = pick(history[i]);
      if (v !== null && v !== undefined) return { v, at: history[i].iteration };
    }
    return null;
  };
  const d = newest((r) => r.dLoss);
  const g = newest((r) => r.gLoss);
  if (!d && !g) return history.length ? `At iteration ${history[history.length - 1].iteration}: no training step yet, so no losses.` : '';
  const text = (name: string, x: { v: number; at: number } | null) => (x ? `${name} ${x.v.toPrecision(3)}${x.at !== (d ?? g)!.at ? ` (at iteration ${x.at})` : ''}` : `no ${name} yet`);
  return `At iteration ${(d ?? g)!.at}: ${text(critic, d)}, ${text('generator loss', g)}.`;
}

export function LossChart({ store }: { store: Store }) {
  const traces = useMemo(() => canvasTraceChart(lossFigure), []);
  const liveHistory = useMemo(liveHistorySelector, []);
  return (
    <LiveChart
      store={store}
      select={liveHistory}
      {...traces}
      minIntervalMs={CURVE_REFRESH_MS}
      label="Losses over iterations"
      summary={(h, s) => lossSummary(h, s)}
      testId="chart-losses"
    />
  );
}
