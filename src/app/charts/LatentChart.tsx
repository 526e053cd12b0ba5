// ALAE's latent space w: the mapping's F(z) (where the generator draws from) against the
// encoder's E(x) (where real samples land). ALAE's discriminator compares the two clouds, and
// step III pulls E(G(w)) back onto w: a trained ALAE shows them overlapping. When w has more
// than two dimensions both clouds are projected onto the top two principal axes of their
// union (the caption gives the share of variance the picture keeps).
import type { AlaeView } from '../../engine/trainerBase';
import { useStore, type AppState, type Store } from '../store';
import { COLORS, SYMBOLS } from './colors';
import { LiveChart, type Figure } from './LiveChart';
import type { Data } from './plotly';

/** Points per cloud drawn (Plotly redraws the figure each snapshot). */
const SHOWN = 500;

const cloud = (xy: Float32Array, name: string, color: string, symbol: string): Data => {
  const n = Math.min(SHOWN, xy.length / 2);
  const x = new Array<number>(n);
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    x[i] = xy[2 * i];
    y[i] = xy[2 * i + 1];
  }
  return { type: 'scatter', mode: 'markers', x, y, name, marker: { color, symbol, size: 4, opacity: 0.6 }, hoverinfo: 'skip' } as Data;
};

export function latentAxes(a: AlaeView): [string, string] {
  if (a.wDim === 1) return ['w', ''];
  if (a.wDim === 2) return ['w₁', 'w₂'];
  return ['principal axis 1 of w', 'principal axis 2 of w'];
}

export function latentCaption(a: AlaeView): string {
  const where = a.wDim > 2 ? `w has ${a.wDim} dimensions; the picture keeps ${(100 * a.explained).toFixed(0)}% of their variance. ` : '';
  return `${where}Latent reconstruction error E‖F(z) − E(G(F(z)))‖² = ${a.latentError.toPrecision(3)}.`;
}

export function latentFigure(a: AlaeView): Figure {
  const [xt, yt] = latentAxes(a);
  return {
    data: [cloud(a.encoded, 'E(x), real samples encoded', COLORS.real, SYMBOLS.real), cloud(a.mapped, 'F(z), the mapping’s w', COLORS.generated, SYMBOLS.generated)],
    layout: {
      xaxis: { title: { text: xt }, zeroline: false },
      yaxis: { title: { text: yt }, zeroline: false },
      legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' },
      margin: { l: 44, r: 8, t: 28, b: 40 },
    },
  };
}

const selectAlae = (s: AppState) => s.snapshot?.alae ?? null;

export function LatentChart({ store }: { store: Store }) {
  const caption = useStore(store, (s) => (s.snapshot?.alae ? latentCaption(s.snapshot.alae) : ''));
  return (
    <>
      <LiveChart
        store={store}
        select={selectAlae}
        build={(a) => (a ? latentFigure(a) : null)}
        minIntervalMs={250}
        label="ALAE's latent space: F(z) against E(x)"
        summary={(a) => (a ? latentCaption(a) : 'Waiting for the first snapshot.')}
        testId="chart-latent"
      />
      <p className="plane-caption" data-testid="latent-caption">
        {caption}
      </p>
    </>
  );
}
