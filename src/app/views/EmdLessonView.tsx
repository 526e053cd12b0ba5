// The discrete earth mover's example: editable histograms P and Q on adjacent bins, the
// δ table (δ_0 = 0, δ_{i+1} = δ_i + P_i − Q_i), W = Σ|δ_i|, and the transport drawn.
import { useMemo, useState } from 'react';
import { discreteEmd } from '../../engine/metrics/discreteEmd';
import { COLORS } from '../charts/colors';
import { LiveChart, type Figure } from '../charts/LiveChart';
import { Store } from '../store';

const DEFAULT_P = [3, 2, 1, 4];
const DEFAULT_Q = [1, 2, 4, 3];
const MAX_BINS = 12;

function parseCell(raw: string): number | null {
  const v = Number(raw.trim());
  return raw.trim() !== '' && Number.isFinite(v) && v >= 0 && v <= 1000 ? v : null;
}

function transportFigure(p: number[], q: number[], moves: Array<{ from: number; to: number; amount: number }>): Figure {
  const bins = p.map((_, i) => i);
  const top = Math.max(...p, ...q, 1);
  return {
    data: [
      { type: 'bar', x: bins.map((b) => b - 0.2), y: p, width: 0.38, name: 'P (moved)', marker: { color: COLORS.real, pattern: { shape: '' } }, hovertemplate: 'P bin %{x:.0f}: %{y}<extra></extra>' },
      { type: 'bar', x: bins.map((b) => b + 0.2), y: q, width: 0.38, name: 'Q (target)', marker: { color: COLORS.generated, pattern: { shape: '/' } }, hovertemplate: 'Q bin %{x:.0f}: %{y}<extra></extra>' },
    ],
    layout: {
      barmode: 'overlay',
      xaxis: { title: { text: 'bin' }, tickvals: bins, range: [-0.7, p.length - 0.3] },
      yaxis: { title: { text: 'mass' }, range: [0, top * 1.45] },
      annotations: moves.map((m) => ({
        x: m.to,
        y: top * 1.22,
        ax: m.from,
        ay: top * 1.22,
        xref: 'x',
        yref: 'y',
        axref: 'x',
        ayref: 'y',
        showarrow: true,
        arrowhead: 3,
        arrowsize: 1.4,
        arrowwidth: 2 + Math.min(6, m.amount),
        arrowcolor: '#374151',
        text: `${m.amount}`,
        font: { size: 13, color: '#111827' },
        yshift: 0,
      })),
      margin: { l: 48, r: 12, t: 8, b: 40 },
    },
  };
}

export function EmdLessonView() {
  const [p, setP] = useState(DEFAULT_P.map(String));
  const [q, setQ] = useState(DEFAULT_Q.map(String));
  const store = useMemo(() => new Store(), []);
  const pv = p.map(parseCell);
  const qv = q.map(parseCell);
  const badCells = [...pv.map((v, i) => (v === null ? `P${i}` : null)), ...qv.map((v, i) => (v === null ? `Q${i}` : null))].filter(Boolean) as string[];
  let result: ReturnType<typeof discreteEmd> | null = null;
  let error: string | null = null;
  if (badCells.length) error = `${badCells.join(', ')}: each mass must be a number from 0 to 1000`;
  else {
    try {
      result = discreteEmd(pv as number[], qv as number[]);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
  }
  const figure = useMemo(() => (result ? transportFigure(pv as number[], qv as number[], result.moves) : null), [JSON.stringify(pv), JSON.stringify(qv)]); // eslint-disable-line react-hooks/exhaustive-deps
  const box = useMemo(() => ({ figure }), [figure]);

  const setBins = (n: number) => {
    const k = Math.max(2, Math.min(MAX_BINS, n));
    const resize = (a: string[]) => (a.length >= k ? a.slice(0, k) : [...a, ...Array(k - a.length).fill('0')]);
    setP(resize(p));
    setQ(resize(q));
  };

  return (
    <main className="lesson-layout" data-testid="lesson-emd">
      <section className="card lesson-intro">
        <h2>The earth mover’s distance on a line of bins</h2>
        <p>
          Think of P as piles of earth and Q as holes of the same total volume, on bins one unit apart. Sweep from left to right: δ_i is the earth that must cross from bin i−1 to
          bin i (negative: from right to left), δ_0 = 0 and δ_(i+1) = δ_i + P_i − Q_i. Every unit crossing one boundary costs one, so W = Σ|δ_i|. Edit the masses to see it change.
        </p>
      </section>
      <section className="card">
        <h2>P and Q</h2>
        <div className="emd-grid" role="table" aria-label="Histograms and the δ table">
          <div role="row" className="emd-row head">
            <span role="columnheader">bin i</span>
            {p.map((_, i) => (
              <span role="columnheader" key={i}>
                {i}
              </span>
            ))}
          </div>
          {(['P', 'Q'] as const).map((name) => {
            const vals = name === 'P' ? p : q;
            const set = name === 'P' ? setP : setQ;
            return (
              <div role="row" className="emd-row" key={name}>
                <span role="rowheader">{name}_i</span>
                {vals.map((v, i) => (
                  <input
                    key={i}
                    role="cell"
                    type="text"
                    inputMode="decimal"
                    aria-label={`${name} bin ${i}`}
                    className={parseCell(v) === null ? 'invalid' : ''}
                    value={v}
                    onChange={(e) => set(vals.map((x, j) => (j === i ? e.target.value : x)))}
                    data-testid={`emd-${name.toLowerCase()}-${i}`}
                  />
                ))}
              </div>
            );
          })}
          <div role="row" className="emd-row">
            <span role="rowheader">δ_i</span>
            {p.map((_, i) => (
              <span role="cell" key={i} data-testid={`emd-delta-${i}`}>
                {result ? result.deltas[i] : '—'}
              </span>
            ))}
          </div>
        </div>
        <div className="emd-bins">
          <button type="button" className="small-button" onClick={() => setBins(p.length - 1)} disabled={p.length <= 2}>
            − bin
          </button>
          <button type="button" className="small-button" onClick={() => setBins(p.length + 1)} disabled={p.length >= MAX_BINS}>
            + bin
          </button>
          <button
            type="button"
            className="small-button"
            onClick={() => {
              setP(DEFAULT_P.map(String));
              setQ(DEFAULT_Q.map(String));
            }}
          >
            The notes’ example
          </button>
        </div>
        {error ? (
          <p className="setting-error" role="alert" data-testid="emd-error">
            {error}
          </p>
        ) : (
          <p className="emd-result" data-testid="emd-result">
            W = Σ|δ_i| = {result!.deltas.map((d) => `|${d}|`).join(' + ')} = <strong data-testid="emd-distance">{result!.distance}</strong>
          </p>
        )}
      </section>
      <section className="card">
        <h2>The transport</h2>
        {box.figure ? (
          <LiveChart store={store} select={() => box} build={(b) => b.figure} label="P and Q with the earth moved between adjacent bins" summary={() => (result ? `Moves: ${result.moves.map((m) => `${m.amount} from bin ${m.from} to bin ${m.to}`).join('; ')}.` : '')} testId="chart-emd" />
        ) : (
          <p className="card-note">Fix the masses above to draw the transport.</p>
        )}
        <p className="card-note">Arrows carry δ_i units between neighbouring bins (thicker: more earth).</p>
      </section>
    </main>
  );
}
