// The digits target's card, in place of the plane: 64 generated digits from fixed z (they
// change only as the generator learns), 64 real held-out digits beside them, and the
// critic's scores at real against generated digits as two histograms. While the asset
// loads, its progress.
import { useEffect, useRef } from 'react';
import { LOSS_INFO } from '../../engine/lossInfo';
import { DIGIT_SIDE } from '../../engine/digits/digitsTarget';
import { useStore, type Store } from '../store';
import { COLORS } from './colors';
import { digitGridPixels } from '../../engine/digits/grid';
import { scoreHistogram } from './digitsRender';

const GRID = 64;
const COLS = 8;

function sameValues(a: Float32Array, b: Float32Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

function DigitGrid({ images, label, testId }: { images: Float32Array | null; label: string; testId: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  // what the canvas shows: every snapshot brings a fresh copy of the held-out digits, the
  // same 64 each time; drawing them again would cost a repaint and a composite for nothing
  const shown = useRef<Float32Array | null>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !images) return;
    const n = Math.min(images.length, GRID * DIGIT_SIDE * DIGIT_SIDE);
    const before = shown.current;
    if (before && before.length === n && sameValues(before, images, n)) return;
    shown.current = images.slice(0, n);
    const { width, height, rgba } = digitGridPixels(images, DIGIT_SIDE, GRID, COLS);
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    ctx.putImageData(new ImageData(rgba, width, height), 0, 0);
  }, [images]);
  return (
    <figure className="digit-grid">
      <canvas ref={ref} role="img" aria-label={label} data-testid={testId} data-drawn={images ? 'yes' : 'no'} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}

function ScoreHistogramChart({ real, generated, what }: { real: Float32Array | null; generated: Float32Array | null; what: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !real || !generated) return;
    const h = scoreHistogram(real, generated);
    const W = canvas.width;
    const H = canvas.height;
    ctx.clearRect(0, 0, W, H);
    if (!h) return;
    const pad = { l: 8, r: 8, t: 22, b: 26 };
    const bins = h.real.length;
    const top = Math.max(1, ...h.real, ...h.generated);
    const bw = (W - pad.l - pad.r) / bins;
    const y = (c: number) => H - pad.b - ((H - pad.t - pad.b) * c) / top;
    const bars = (counts: number[], color: string, alpha: number) => {
      ctx.globalAlpha = alpha;
      ctx.fillStyle = color;
      counts.forEach((c, i) => c > 0 && ctx.fillRect(pad.l + i * bw, y(c), Math.max(1, bw - 1), H - pad.b - y(c)));
      ctx.globalAlpha = 1;
    };
    bars(h.real, COLORS.real, 0.55);
    bars(h.generated, COLORS.generated, 0.55);
    ctx.strokeStyle = '#444';
    ctx.beginPath();
    ctx.moveTo(pad.l, H - pad.b + 0.5);
    ctx.lineTo(W - pad.r, H - pad.b + 0.5);
    ctx.stroke();
    ctx.fillStyle = '#222';
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(h.edges[0].toPrecision(3), pad.l, H - pad.b + 4);
    ctx.textAlign = 'right';
    ctx.fillText(h.edges[bins].toPrecision(3), W - pad.r, H - pad.b + 4);
    ctx.textAlign = 'center';
    ctx.fillText(what, W / 2, H - pad.b + 4);
    ctx.textAlign = 'left';
    ctx.fillStyle = COLORS.real;
    ctx.fillText('■ real (held out)', pad.l, 4);
    ctx.fillStyle = COLORS.generated;
    ctx.textAlign = 'right';
    ctx.fillText('■ generated', W - pad.r, 4);
  }, [real, generated, what]);
  return <canvas ref={ref} width={420} height={150} className="score-histogram" role="img" aria-label={`Histogram of ${what} at real and generated digits`} data-testid="score-histogram" />;
}

export function DigitsCard({ store, compact = false }: { store: Store; compact?: boolean }) {
  const snapshot = useStore(store, (s) => (s.snapshot && s.snapshot.scores ? s.snapshot : null));
  const load = useStore(store, (s) => s.assetLoad ?? null);
  const logit = useStore(store, (s) => LOSS_INFO[s.settings.loss].output === 'logit');
  const what = logit ? 'discriminator logit' : 'critic score f(x)';
  const loading = load && !load.done;
  return (
    <section className={`card plane-card digits-card ${compact ? 'compact' : ''}`} aria-label="Digits">
      <div className="card-head">
        <h2>Digits</h2>
      </div>
      {loading && (
        <div className="asset-progress" data-testid="digits-progress">
          Loading the digits… {Math.round((100 * load.loaded) / Math.max(1, load.total))}%
          <progress max={load.total} value={load.loaded} aria-label="Loading the digits" />
        </div>
      )}
      {load?.error && <p className="asset-error">{load.error}</p>}
      <div className="digit-grids">
        <DigitGrid images={snapshot?.generated ?? null} label="64 generated digits (fixed z)" testId="digits-generated" />
        <DigitGrid images={snapshot?.target ?? null} label="64 real digits (held out)" testId="digits-real" />
      </div>
      <ScoreHistogramChart real={snapshot?.scores?.real ?? null} generated={snapshot?.scores?.generated ?? null} what={what} />
      {!compact && (
        <p className="card-note">
          Left, the generator’s digits from 64 fixed latent vectors: they change only as the generator learns. Right, real digits it never
          trains on. Below, the {what} at {snapshot?.scores?.real.length ?? 256} real and generated digits: apart, the critic tells them
          apart; overlapping, it cannot. Mode collapse shows as missing digits in the digit balance beside this card.
        </p>
      )}
    </section>
  );
}
