// What computes the steps (the fused kernels or a tfjs backend), why, what 'auto' measured,
// and the memory the trainer holds.
import { useApp } from '../context';
import { useStore } from '../store';

export function BackendStatus() {
  const { store } = useApp();
  const status = useStore(store, (s) => s.status);
  const memory = useStore(store, (s) => s.snapshot?.memory ?? null);
  const b = status.backend;
  return (
    <div className="backend-status" data-testid="backend-status">
      <div>
        In use: <strong data-testid="backend-active">{b?.active ?? '…'}</strong>
        {b?.variant ? ` (${b.variant === 'relaxed-simd' ? 'relaxed SIMD' : 'SIMD'})` : ''}
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
      {memory && (
        <div className="memory" title="A count that keeps growing while training is a leak">
          Memory: <span data-testid="tensor-count">{memory.tensors}</span> tfjs tensors, <span data-testid="offheap-mb">{(memory.bytes / 2 ** 20).toFixed(1)}</span> MB off the JS heap
        </div>
      )}
      {b?.fallback && <div className="fallback">{b.fallback}</div>}
    </div>
  );
}
