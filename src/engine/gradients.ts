// What a training step needs from a gradient computation. Two implementations:
// autodiffGradients.ts (tfjs autodiff, any network, the reference) and fastGradients.ts
// (hand-derived backward passes for plain MLPs, few large ops, no tape), which the
// tests hold to the reference.
import type * as tf from '@tensorflow/tfjs-core';
import type { LossDef } from './losses';
import type { Generator, Mlp } from './networks';
import type { Settings } from './settings';

export interface PenaltyConfig {
  lambda: number;
  oneSided: boolean;
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
