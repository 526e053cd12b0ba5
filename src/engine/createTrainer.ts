// Making a trainer for a backend: the fused WebAssembly kernels, or tfjs on its active
// backend (WebGL, wasm, cpu). Both share TrainerBase, so the loop, the CLI and the metrics
// do not care which one trains.
import { KernelTrainer } from '../kernels/kernelTrainer';
import type { BackendName } from './backends';
import { Trainer, type TrainerOptions } from './trainer';
import type { TrainerBase, TrainerState } from './trainerBase';
import type { Settings } from './settings';

export type AnyTrainer = TrainerBase;

/** The fused kernels cover plain MLPs; other networks train with tfjs wasm instead. */
export function effectiveBackend(backend: BackendName, s: Settings): BackendName {
  return backend === 'fused' && !KernelTrainer.supports(s) ? 'wasm' : backend;
}

export function makeTrainer(settings: Settings, backend: BackendName, opts: TrainerOptions = {}): AnyTrainer {
  return backend === 'fused' ? new KernelTrainer(settings, opts) : new Trainer(settings, opts);
}

export function trainerFromState(state: TrainerState, backend: BackendName): AnyTrainer {
  return backend === 'fused' ? KernelTrainer.fromState(state) : Trainer.fromState(state);
}
