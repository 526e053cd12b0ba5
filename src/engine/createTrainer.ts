// Making a trainer for a backend: the fused WebAssembly kernels, or tfjs on its active
// backend (WebGL, wasm, cpu). Both share TrainerBase, so the loop, the CLI and the metrics
// do not care which one trains.
import { KernelTrainer } from '../kernels/kernelTrainer';
import { AlaeTrainer } from './alaeTrainer';
import { substituteBackend } from './models/support';
import type { BackendName } from './backends';
import { Trainer, type TrainerOptions } from './trainer';
import type { TrainerBase, TrainerState } from './trainerBase';
import type { Settings } from './settings';

export type AnyTrainer = TrainerBase;

/** The fused kernels cover the GANs (batch and layer norm included); ALAE trains with tfjs wasm instead (models/support.ts). */
export function effectiveBackend(backend: BackendName, s: Settings): BackendName {
  return backend === 'fused' && !fusedSupports(s) ? 'wasm' : backend;
}

/** Whether the fused kernels train these settings: the model support table substitutes none, and the kernels take them. */
export function fusedSupports(s: Settings): boolean {
  return substituteBackend(s, 'fused').backend === 'fused' && KernelTrainer.supports(s);
}

/** Why the fused kernels refuse these settings (null: they do not). */
export function fusedRefusal(s: Settings): string | null {
  const sub = substituteBackend(s, 'fused');
  if (sub.why) return sub.why;
  return KernelTrainer.supports(s) ? null : 'the fused kernels do not cover these settings';
}

export function makeTrainer(settings: Settings, backend: BackendName, opts: TrainerOptions = {}): AnyTrainer {
  if (settings.model === 'alae') return new AlaeTrainer(settings, opts);
  return backend === 'fused' ? new KernelTrainer(settings, opts) : new Trainer(settings, opts);
}

export function trainerFromState(state: TrainerState, backend: BackendName): AnyTrainer {
  if (state.settings.model === 'alae') return AlaeTrainer.fromState(state);
  return backend === 'fused' ? KernelTrainer.fromState(state) : Trainer.fromState(state);
}
