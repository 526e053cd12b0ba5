// What computes the steps (the fused kernels or a tfjs backend), in plain words; what 'auto'
// measured and whether the choice is still provisional; the memory the trainer holds.
import type { BackendMeasurement } from '../../engine/autoBackend';
import { useApp } from '../context';
import { useStore } from '../store';

/** What a backend name means, for the line that says what computes the steps. */
function describeEngine(active: string, variant: string | null | undefined, normalised: boolean): string {
  if (active === 'fused') return `the playground’s own WebAssembly kernels (${variant === 'relaxed-simd' ? 'relaxed SIMD' : 'SIMD'}), the whole step in one call`;
  const backend = active === 'webgl' ? 'WebGL' : active === 'wasm' ? 'WebAssembly' : 'plain JavaScript (CPU)';
  return `tfjs on ${backend}, ${normalised ? 'gradients by tfjs autodiff (normalisation layers)' : 'hand-derived gradients'}`;
}

const rate = (m: BackendMeasurement) => `${m.backend} ${Number.isFinite(m.msPerIteration) ? `${m.msPerIteration.toFixed(1)} ms/it` : `failed (${m.error})`}`;

export function BackendStatus() {
  const { store, controller } = useApp();
  const status = useStore(store, (s) => s.status);
  const normalised = useStore(store, (s) => s.settings.gBatchNorm || s.settings.dLayerNorm);
  const memory = useStore(store, (s) => s.snapshot?.memory ?? null);
  const b = status.backend;
  const where = status.mode === 'main-thread' ? 'on the main thread' : 'in a Web Worker';
  return (
    <div className="backend-status" data-testid="backend-status">
      <div>
        Steps computed by <strong data-testid="backend-active">{b?.active ?? '…'}</strong>
        {b ? `: ${describeEngine(b.active, b.variant, normalised)}, ${where}.` : ` (starting, ${where})`}
      </div>
      {b?.requested === 'auto' && b.provisional && (
        <div className="auto-provisional" data-testid="auto-provisional">
          {status.mode === 'worker'
            ? `auto: started at once on ${b.active}; measuring the other backends in the background (the run moves if one is faster, nothing lost).`
            : `auto: ${b.active}, not measured (measuring needs a Web Worker).`}
        </div>
      )}
      {b && b.measurements.length > 0 && (
        <div className="measurements">
          auto measured{b.source === 'cache' ? ' (on this device, earlier)' : ''}: {b.measurements.map(rate).join(', ')}
          {b.switchedFrom ? `; moved the run from ${b.switchedFrom}` : ''}
          {b.measurements.every((m) => m.backend !== 'webgl') ? ' (WebGL not measured: missing here, or drawn in software, which is never faster than the CPU kernels)' : ''}{' '}
          {b.requested === 'auto' && (
            <button type="button" className="link-button" onClick={() => controller.measureBackendsAgain()} data-testid="measure-again">
              measure again
            </button>
          )}
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
