// The networks' shapes, parameter layouts and initial values as pure functions of the
// settings (no tfjs): the tfjs trainer and the fused-kernel trainer build the very same
// networks from a seed.
import { DIGIT_PIXELS } from './digits/digitsTarget';
import type { ParamEntry } from './params';
import type { Rng } from './rng';
import type { Settings } from './settings';

export type Activation = Settings['activation'];
export const LEAKY_SLOPE = 0.2;
/** The ε in batch and layer norm's 1/√(σ² + ε) (tfjs's and the fused kernels' forward). */
export const NORMALISATION_EPS = 1e-5;

export interface MlpSpec {
  inDim: number;
  hidden: number[];
  outDim: number;
  activation: Activation;
  /** Normalisation after each hidden layer's affine map, before the activation. */
  norm: 'none' | 'batch' | 'layer';
  /** The output layer's activation (absent: linear). Only the generator's may be a sigmoid. */
  output?: Settings['gOutput'];
}

export interface LayerIndex {
  kernel: number;
  bias: number;
  gamma?: number;
  beta?: number;
}

export interface InitialParams {
  layout: ParamEntry[];
  values: Float32Array;
  /** Per dense layer: indices into the layout. */
  layers: LayerIndex[];
}

/** Coordinates of one sample: 2 on the plane, 196 pixels for the 14 x 14 digits. */
export function dataDim(s: Pick<Settings, 'target'>): number {
  return s.target === 'digits' ? DIGIT_PIXELS : 2;
}

export function criticSpec(s: Settings): MlpSpec {
  return { inDim: dataDim(s), hidden: Array(s.dLayers).fill(s.dWidth), outDim: 1, activation: s.activation, norm: s.dLayerNorm ? 'layer' : 'none' };
}

export function generatorSpec(s: Settings): MlpSpec {
  return { inDim: s.latentDim, hidden: Array(s.gLayers).fill(s.gWidth), outDim: dataDim(s), activation: s.activation, norm: s.gBatchNorm ? 'batch' : 'none', output: s.gOutput };
}

/** PyTorch's default Linear init: U(−1/√fan_in, 1/√fan_in) for weights and biases. */
export function initMlp(spec: MlpSpec, rng: Rng, prefix: string): InitialParams {
  const layout: ParamEntry[] = [];
  const inits: Array<(out: Float32Array) => void> = [];
  let offset = 0;
  const add = (name: string, shape: number[], init: (out: Float32Array) => void) => {
    const size = shape.reduce((a, b) => a * b, 1);
    layout.push({ name, shape, offset, size });
    inits.push(init);
    offset += size;
    return layout.length - 1;
  };
  const dims = [spec.inDim, ...spec.hidden, spec.outDim];
  const layers: LayerIndex[] = [];
  for (let i = 0; i + 1 < dims.length; i++) {
    const bound = 1 / Math.sqrt(dims[i]);
    const uniform = (out: Float32Array) => rng.fillUniform(out, -bound, bound);
    const layer: LayerIndex = {
      kernel: add(`${prefix}/dense${i}/kernel`, [dims[i], dims[i + 1]], uniform),
      bias: add(`${prefix}/dense${i}/bias`, [dims[i + 1]], uniform),
    };
    if (i + 2 < dims.length && spec.norm !== 'none') {
      layer.gamma = add(`${prefix}/norm${i}/gamma`, [dims[i + 1]], (o) => o.fill(1));
      layer.beta = add(`${prefix}/norm${i}/beta`, [dims[i + 1]], (o) => o.fill(0));
    }
    layers.push(layer);
  }
  const values = new Float32Array(offset);
  layout.forEach((e, i) => inits[i](values.subarray(e.offset, e.offset + e.size)));
  return { layout, values, layers };
}

/** g_θ(z) = (θ, z): one parameter. */
export function initTheta(s: Settings): InitialParams {
  return { layout: [{ name: 'generator/theta', shape: [1], offset: 0, size: 1 }], values: new Float32Array([s.thetaInit]), layers: [] };
}

/** Both networks' initial parameters, drawn from the 'init' stream in a fixed order. */
export function initNetworks(s: Settings, rng: Rng): { critic: InitialParams; generator: InitialParams } {
  const critic = initMlp(criticSpec(s), rng, 'critic');
  const generator = s.generator === 'theta' ? initTheta(s) : initMlp(generatorSpec(s), rng, 'generator');
  return { critic, generator };
}

/** Columns of the generator's input z. */
export function latentDim(s: Settings): number {
  return s.generator === 'theta' ? 1 : s.latentDim;
}

/** n latent vectors (row-major): N(0, I) or U[−1, 1]^d for the MLP, U[0, 1] for g_θ. */
export function sampleLatent(s: Settings, n: number, rng: Rng): Float32Array {
  if (s.generator === 'theta') return rng.fillUniform(new Float32Array(n));
  const z = new Float32Array(n * s.latentDim);
  return s.latentDist === 'normal' ? rng.fillNormal(z) : rng.fillUniform(z, -1, 1);
}

/** The parameter layouts the settings imply (names, shapes, offsets). */
export function networkLayouts(s: Settings, rng: Rng): { critic: ParamEntry[]; generator: ParamEntry[] } {
  const { critic, generator } = initNetworks(s, rng);
  return { critic: critic.layout, generator: generator.layout };
}
