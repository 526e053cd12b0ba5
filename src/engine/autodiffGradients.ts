// The reference gradient computation: tfjs autodiff, including the second-order gradient
// of the penalty. Works for every network (normalisation layers included).
import * as tf from '@tensorflow/tfjs-core';
import { criticLossValue, generatorLossValue } from './losses';
import { NORM_EPS, penaltyPoints, type GradientEngine, type Nets, type PenaltyConfig } from './gradients';

/**
 * λ · mean((‖g‖ − 1)²), or its one-sided form, for per-row gradients g (B x 2); for R1/R2,
 * λ/2 · mean(‖g‖²).
 */
export function penaltyFromInputGradients(g: tf.Tensor, p: PenaltyConfig): tf.Scalar {
  return tf.tidy(() => {
    if (p.kind === 'r1' || p.kind === 'r2') return tf.mul(p.lambda / 2, tf.mean(tf.sum(tf.square(g), 1))) as tf.Scalar;
    const norm = tf.sqrt(tf.add(tf.sum(tf.square(g), 1), NORM_EPS));
    const excess = p.oneSided ? tf.relu(tf.sub(norm, 1)) : tf.sub(norm, 1);
    return tf.mul(p.lambda, tf.mean(tf.square(excess))) as tf.Scalar;
  });
}

export function autodiffGradients(nets: Nets): GradientEngine {
  const { critic, generator, loss } = nets;
  return {
    name: 'autodiff',
    critic(real, fake, eps, penalty) {
      return tf.tidy(() => {
        const b = real.shape[0];
        let advLoss: tf.Scalar | null = null;
        let penTerm: tf.Scalar | null = null;
        const { grads } = tf.variableGrads(() => {
          const views = critic.params.tapedViews();
          const out = critic.forward(tf.concat([real, fake], 0), views);
          // keep: these are not the function's result, and gradients() disposes all else
          advLoss = tf.keep(criticLossValue(loss, tf.slice(out, [0, 0], [b, 1]), tf.slice(out, [b, 0], [b, 1])));
          let total: tf.Scalar = advLoss;
          if (penalty) {
            const where = penaltyPoints(penalty.kind);
            const at = where === 'real' ? real : where === 'fake' ? fake : tf.add(fake, tf.mul(eps, tf.sub(real, fake)));
            const inputGrad = tf.grad((x: tf.Tensor) => tf.sum(critic.forward(x, views)))(at);
            penTerm = tf.keep(penaltyFromInputGradients(inputGrad, penalty));
            total = tf.add(total, penTerm);
          }
          return total;
        }, [critic.params.flat]);
        return {
          grad: grads[critic.params.flat.name] as tf.Tensor1D,
          loss: advLoss!,
          penalty: penTerm ?? tf.scalar(0),
        };
      });
    },
    generator(z, real) {
      return tf.tidy(() => {
        const realOut = loss.generator.real && real ? critic.forward(real) : undefined;
        let value: tf.Scalar | null = null;
        const { grads } = tf.variableGrads(() => {
          const fakeOut = critic.forward(generator.forward(z, generator.params.tapedViews()));
          value = generatorLossValue(loss, fakeOut, realOut);
          return value;
        }, [generator.params.flat]);
        return { grad: grads[generator.params.flat.name] as tf.Tensor1D, loss: value! };
      });
    },
  };
}
