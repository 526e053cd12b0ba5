// The plane's legend, in HTML under the plot: it never overlaps the axes or the points, and
// wraps on a phone. The symbols are drawn as the canvas draws them (planeRender.ts): hollow
// rings for the real samples, crosses on top of them for the generated ones.
import { COLORS } from './colors';

function Symbol({ kind }: { kind: 'real' | 'generated' | 'arrow' | 'plan' | 'recon' }) {
  return (
    <svg width="16" height="12" viewBox="0 0 16 12" aria-hidden="true" className="legend-symbol">
      {kind === 'real' && (
        <>
          <circle cx="8" cy="6" r="3.4" fill="none" stroke="white" strokeWidth="2.6" />
          <circle cx="8" cy="6" r="3.4" fill="none" stroke={COLORS.real} strokeWidth="1.3" />
        </>
      )}
      {kind === 'generated' && <path d="M5 3 L11 9 M11 3 L5 9" stroke={COLORS.generated} strokeWidth="1.6" />}
      {kind === 'arrow' && <path d="M1 9 L14 3 M10 2.6 L14 3 L11.6 6.4" stroke={COLORS.arrows} strokeWidth="1" fill="none" />}
      {kind === 'plan' && <path d="M1 6 L15 6" stroke={COLORS.exact} strokeWidth="1" />}
      {kind === 'recon' && <path d="M1 9 L15 3" stroke={COLORS.reconstruction} strokeWidth="1.2" />}
    </svg>
  );
}

export function PlaneLegend({ arrows, transport, reconstructions = false }: { arrows: boolean; transport: boolean; reconstructions?: boolean }) {
  return (
    <ul className="plane-legend" aria-label="Legend" data-testid="plane-legend">
      <li>
        <Symbol kind="real" /> real samples (rings)
      </li>
      <li>
        <Symbol kind="generated" /> generated samples (on top)
      </li>
      {arrows && (
        <li>
          <Symbol kind="arrow" /> ∇f at generated samples (one per spot)
        </li>
      )}
      {transport && (
        <li>
          <Symbol kind="plan" /> optimal plan (exact W1)
        </li>
      )}
      {reconstructions && (
        <li>
          <Symbol kind="recon" /> x → G(E(x)) (ALAE reconstructions)
        </li>
      )}
    </ul>
  );
}
