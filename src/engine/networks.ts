// The generator and the discriminator/critic. Parameters live in a ParamVector; the
// forward pass here is written with plain tf ops so that autodiff can take it to the
// second order (the gradient penalty). The fast hand-derived backward pass for plain
// MLPs lives in fastStep.ts and is tested against this one.
import * as tf from '@tensorflow/tfjs-core';
import { LEAKY_SLOPE, NORMALISATION_EPS, criticSpec, generatorSpec, initMlp, initTheta, sampleLatent, type Activation, type LayerIndex, type MlpSpec } from './architecture';
import { ParamVector } from './params';
import type { Rng } from './rng';
import type { Settings } from './settings';

export { LEAKY_SLOPE, type Activation, type MlpSpec } from './architecture';
const NORM_EPS = NORMALISATION_EPS;

/**
 * Activations written so that tfjs autodiff gets their second derivative right (the
 * gradient penalty differentiates a gradient). tf.leakyRelu's gradient uses Greater,
 * which has no gradient; tf.tanh's gradient uses its saved output, which tfjs's tape
 * does not connect to the input (tensorflow/tfjs#3252), so second derivatives through
 * tf.tanh silently lose a term. sinh/cosh save their inputs instead; the clamp keeps
 * them finite (tanh(±15) is ±1 in float32).
 */
export function activate(x: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'relu':
      return tf.relu(x);
    case 'leaky-relu':
      return tf.add(tf.mul(LEAKY_SLOPE, x), tf.mul(1 - LEAKY_SLOPE, tf.relu(x)));
    case 'tanh': {
      // clamp to [-15, 15] with relus (clipByValue's gradient uses LogicalAnd: no gradient)
      const c = tf.add(tf.sub(x, tf.relu(tf.sub(x, 15))), tf.relu(tf.sub(-15, x)));
      return tf.div(tf.sinh(c), tf.cosh(c));
    }
  }
}

export class Mlp {
  readonly spec: MlpSpec;
  readonly params: ParamVector;
  readonly layers: LayerIndex[];

  constructor(spec: MlpSpec, rng: Rng, prefix: string) {
    this.spec = spec;
    const init = initMlp(spec, rng, prefix);
    this.layers = init.layers;
    this.params = new ParamVector(init.layout, init.values);
  }

  /** Forward pass with plain ops (differentiable to any order). */
  forward(x: tf.Tensor, views: tf.Tensor[] = this.params.views()): tf.Tensor {
    let h = x;
    this.layers.forEach((layer, i) => {
      let a = tf.add(tf.matMul(h, views[layer.kernel]), views[layer.bias]);
      const hidden = i + 1 < this.layers.length;
      if (!hidden) {
        // the generator's sigmoid output (pixels in (0, 1)); no penalty differentiates through G twice
        h = this.spec.output === 'sigmoid' ? tf.sigmoid(a) : a;
        return;
      }
      if (layer.gamma !== undefined && layer.beta !== undefined) {
        const axis = this.spec.norm === 'batch' ? 0 : 1;
        const { mean, variance } = tf.moments(a, axis, true);
        a = tf.add(tf.mul(tf.div(tf.sub(a, mean), tf.sqrt(tf.add(variance, NORM_EPS))), views[layer.gamma]), views[layer.beta]);
      }
      h = activate(a, this.spec.activation);
    });
    return h;
  }

  dispose(): void {
    this.params.dispose();
  }
}

export interface Generator {
  kind: 'mlp' | 'theta';
  params: ParamVector;
  /** Columns of z. */
  latentDim: number;
  sampleLatent(n: number, rng: Rng): Float32Array;
  forward(z: tf.Tensor, views?: tf.Tensor[]): tf.Tensor;
  /** The MLP behind the generator, when there is one (the fast path needs its structure). */
  mlp?: Mlp;
  dispose(): void;
}

export function mlpGenerator(s: Settings, rng: Rng): Generator {
  const mlp = new Mlp(generatorSpec(s), rng, 'generator');
  return {
    kind: 'mlp',
    params: mlp.params,
    latentDim: s.latentDim,
    mlp,
    sampleLatent: (n, r) => sampleLatent(s, n, r),
    forward: (z, views) => mlp.forward(z, views),
    dispose: () => mlp.dispose(),
  };
}

/** The WGAN paper's g_θ(z) = (θ, z), z ~ U[0, 1]: one real parameter. */
export function thetaGenerator(s: Settings): Generator {
  const init = initTheta(s);
  const params = new ParamVector(init.layout, init.values);
  return {
    kind: 'theta',
    params,
    latentDim: 1,
    sampleLatent: (n, r) => sampleLatent(s, n, r),
    forward(z, views = params.views()) {
      return tf.concat([tf.mul(tf.onesLike(z), views[0]), z], 1);
    },
    dispose: () => params.dispose(),
  };
}

export function makeGenerator(s: Settings, rng: Rng): Generator {
  return s.generator === 'theta' ? thetaGenerator(s) : mlpGenerator(s, rng);
}

export function makeCritic(s: Settings, rng: Rng): Mlp {
  return new Mlp(criticSpec(s), rng, 'critic');
}
