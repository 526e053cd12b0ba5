// What a training step needs from a gradient computation. Two implementations:
// autodiffGradients.ts (tfjs autodiff, any network, the reference) and fastGradients.ts
// (hand-derived backward passes for plain MLPs, few large ops, no tape), which the
// tests hold to the reference.
import type * as tf from '@tensorflow/tfjs-core';
import type { LossInfo } from './lossInfo';
import type { LossDef } from './losses';
import type { Generator, Mlp } from './networks';
import type { Settings } from './settings';

export interface PenaltyConfig {
  /**
   * 'gp' (the default): λ E[(‖∇f(x̂)‖ − 1)²] at interpolates x̂ between real and generated
   * samples (WGAN-GP). 'r1' / 'r2': λ/2 E[‖∇D(x)‖²] at the real / the generated samples
   * (Mescheder et al. 2018), with λ = γ.
   */
  kind?: PenaltyKind;
  lambda: number;
  /** One-sided GP: max(0, ‖∇f‖ − 1)² (ignored by R1/R2). */
  oneSided: boolean;
}

export type PenaltyKind = 'gp' | 'r1' | 'r2';

/** The penalty a run's settings ask for, or null: WGAN-GP's, or R1/R2 on the other losses but WGAN. */
export function penaltyOf(s: Settings, constraint: LossInfo['constraint']): PenaltyConfig | null {
  if (constraint === 'penalty') return s.lambda > 0 ? { kind: 'gp', lambda: s.lambda, oneSided: s.penalty === 'one-sided' } : null;
  if (constraint === 'none' && s.ganPenalty !== 'none' && s.gamma > 0) return { kind: s.ganPenalty, lambda: s.gamma, oneSided: false };
  return null;
}

/** Where the penalty is taken: interpolates (GP), the real rows (R1) or the generated rows (R2). */
export function penaltyPoints(kind: PenaltyKind | undefined): 'interpolates' | 'real' | 'fake' {
  return kind === 'r1' ? 'real' : kind === 'r2' ? 'fake' : 'interpolates';
}

export interface CriticGradResult {
  /** Gradient of the full critic loss w.r.t. the critic's flat parameters. */
  grad: tf.Tensor1D;
  /** Critic loss without the penalty (the adversarial part). */
  loss: tf.Scalar;
  /** The penalty term λE[...] (0 when there is none). */
  penalty: tf.Scalar;
}

export interface GeneratorGradResult {
  grad: tf.Tensor1D;
  loss: tf.Scalar;
}

export interface GradientEngine {
  readonly name: 'autodiff' | 'fast';
  /**
   * real, fake: B x 2. eps: B x 1 interpolation weights (used when penalty is set).
   * All returned tensors are owned by the caller.
   */
  critic(real: tf.Tensor2D, fake: tf.Tensor2D, eps: tf.Tensor2D, penalty: PenaltyConfig | null): CriticGradResult;
  /** z: B x latentDim. real: B x 2, only for losses whose reported G loss has a real term. */
  generator(z: tf.Tensor2D, real: tf.Tensor2D | null): GeneratorGradResult;
}

export interface Nets {
  critic: Mlp;
  generator: Generator;
  loss: LossDef;
}

/** Guards the 1e-12 inside √(‖g‖² + ε): keeps the norm's gradient finite at g = 0. */
export const NORM_EPS = 1e-12;

/** True when the fast path covers this configuration (plain MLPs without normalisation). */
export function fastPathSupports(s: Settings): boolean {
  return !s.dLayerNorm && !(s.generator === 'mlp' && s.gBatchNorm);
}
