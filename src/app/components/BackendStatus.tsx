// Which tfjs backend trains, why, and what 'auto' measured.
import { useApp } from '../context';
import { useStore } from '../store';

export function BackendStatus() {
  const { store } = useApp();
  const status = useStore(store, (s) => s.status);
  const b = status.backend;
  return (
    <div className="backend-status" data-testid="backend-status">
      <div>
        In use: <strong data-testid="backend-active">{b?.active ?? '…'}</strong>
        {status.mode === 'main-thread' ? ' on the main thread' : ' in a Web Worker'}
        {status.gradients && `, ${status.gradients} gradients`}
      </div>
      {b && b.measurements.length > 0 && (
        <div className="measurements">
          auto measured:{' '}
          {b.measurements
            .map((m) => `${m.backend} ${Number.isFinite(m.msPerIteration) ? `${m.msPerIteration.toFixed(1)} ms/it` : `failed (${m.error})`}`)
            .join(', ')}
        </div>
      )}
      {b?.fallback && <div className="fallback">{b.fallback}</div>}
    </div>
  );
}
