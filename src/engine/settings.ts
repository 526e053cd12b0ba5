// The one table of every setting. It drives validation, the UI controls, the URL
// state and the CLI flags: add a setting here and every one of them knows it.

import { supportIssues } from './models/support';

export type Group = 'data' | 'loss' | 'optimizer' | 'networks' | 'runtime';

interface SpecBase {
  /** Short label for controls. */
  label: string;
  /** One sentence for tooltips, help and `--help`. */
  help: string;
  group: Group;
  /** True if a change applies to a running session without resetting it. */
  live: boolean;
  /** Key in the shareable URL (short so links stay short). */
  url: string;
}

export interface NumberSpec extends SpecBase {
  kind: 'int' | 'float';
  default: number;
  min: number;
  max: number;
  /** Log-scaled controls for rates spanning decades. */
  scale: 'linear' | 'log';
}

export interface BoolSpec extends SpecBase {
  kind: 'bool';
  default: boolean;
}

export interface ChoiceSpec<T extends string = string> extends SpecBase {
  kind: 'choice';
  default: T;
  choices: ReadonlyArray<{ value: T; label: string }>;
}

export type SettingSpec = NumberSpec | BoolSpec | ChoiceSpec;

const int = (s: Omit<NumberSpec, 'kind' | 'scale'> & { scale?: NumberSpec['scale'] }): NumberSpec => ({
  kind: 'int',
  scale: 'linear',
  ...s,
});
const float = (s: Omit<NumberSpec, 'kind' | 'scale'> & { scale?: NumberSpec['scale'] }): NumberSpec => ({
  kind: 'float',
  scale: 'linear',
  ...s,
});
const bool = (s: Omit<BoolSpec, 'kind'>): BoolSpec => ({ kind: 'bool', ...s });
const choice = <T extends string>(s: Omit<ChoiceSpec<T>, 'kind'>): ChoiceSpec<T> => ({ kind: 'choice', ...s });

export const TARGET_IDS = ['gaussian', 'two-gaussians', 'ring8', 'grid25', 'swissroll', 'line', 'custom', 'digits'] as const;
export type TargetId = (typeof TARGET_IDS)[number];
export const LOSS_IDS = ['minimax', 'nonsaturating', 'wgan', 'wgan-gp', 'hinge', 'lsgan'] as const;
export type LossId = (typeof LOSS_IDS)[number];

// Defaults: WGAN-GP on the ring of 8 with its 2D settings (lossInfo.ts settings2d: the
// WGAN-GP authors' 2D toy code's betas and batch, gan_toy.py, with λ 1, lrD 5e-4, lrG 2e-4
// and one critic step per iteration, measured faster to high quality on ring8 in a given
// time); the paper's image settings (λ 10, β1 0, n_critic 5) are one click away as the
// loss's paper defaults. Networks are 3 x 64 instead of 3 x 512.
export const SETTINGS = {
  target: choice<TargetId>({
    label: 'Target',
    help: 'The distribution the generator learns to imitate: 2D points, or 14 x 14 MNIST digits.',
    group: 'data',
    live: false,
    url: 't',
    default: 'ring8',
    choices: [
      { value: 'gaussian', label: 'One Gaussian' },
      { value: 'two-gaussians', label: 'Two Gaussians' },
      { value: 'ring8', label: 'Ring of 8' },
      { value: 'grid25', label: 'Grid of 25' },
      { value: 'swissroll', label: 'Swiss roll' },
      { value: 'line', label: 'Vertical line (0, Z)' },
      { value: 'custom', label: 'Your own points' },
      { value: 'digits', label: 'Digits (MNIST)' },
    ],
  }),
  seed: int({
    label: 'Seed',
    help: 'Seeds every random draw (weights, data, noise): the same seed replays the same run.',
    group: 'data',
    live: false,
    url: 's',
    default: 1,
    min: 0,
    max: 2147483647,
  }),
  model: choice<'gan' | 'alae'>({
    label: 'Model',
    help: 'A GAN (generator and critic), or an Adversarial Latent Auto-Encoder (ALAE, Pidhorskyi et al. 2020): mapping F, generator G, encoder E and a discriminator D on the latent w, trained in three steps.',
    group: 'loss',
    live: false,
    url: 'm',
    default: 'gan',
    choices: [
      { value: 'gan', label: 'GAN' },
      { value: 'alae', label: 'ALAE (adversarial latent auto-encoder)' },
    ],
  }),
  loss: choice<LossId>({
    label: 'Loss',
    help: 'The adversarial objective; choosing one loads settings measured on the 2D targets (the paper’s are one click away).',
    group: 'loss',
    live: false,
    url: 'l',
    default: 'wgan-gp',
    choices: [
      { value: 'minimax', label: 'GAN (minimax, saturating)' },
      { value: 'nonsaturating', label: 'GAN (non-saturating)' },
      { value: 'wgan', label: 'WGAN (weight clipping)' },
      { value: 'wgan-gp', label: 'WGAN-GP (gradient penalty)' },
      { value: 'hinge', label: 'Hinge' },
      { value: 'lsgan', label: 'Least squares (LSGAN)' },
    ],
  }),
  lambda: float({
    label: 'Penalty weight λ',
    help: 'Weight of the gradient penalty (WGAN-GP).',
    group: 'loss',
    live: true,
    url: 'lam',
    default: 1,
    min: 0,
    max: 1000,
  }),
  penalty: choice<'two-sided' | 'one-sided'>({
    label: 'Penalty',
    help: 'Two-sided (‖∇f‖−1)² as in the paper, or one-sided max(0, ‖∇f‖−1)².',
    group: 'loss',
    live: true,
    url: 'pen',
    default: 'two-sided',
    choices: [
      { value: 'two-sided', label: 'two-sided' },
      { value: 'one-sided', label: 'one-sided' },
    ],
  }),
  ganPenalty: choice<'none' | 'r1' | 'r2'>({
    label: 'Gradient penalty (GANs)',
    help: 'R1: γ/2·E[‖∇D(x)‖²] at real samples (Mescheder et al. 2018; StyleGAN, ALAE); R2: the same at generated samples. For the GAN, hinge and least-squares losses.',
    group: 'loss',
    live: true,
    url: 'rp',
    default: 'none',
    choices: [
      { value: 'none', label: 'none' },
      { value: 'r1', label: 'R1 (at real samples)' },
      { value: 'r2', label: 'R2 (at generated samples)' },
    ],
  }),
  gamma: float({
    label: 'R1/R2 weight γ',
    help: 'Weight γ of the R1/R2 penalty γ/2·E[‖∇D‖²] (paper default 10).',
    group: 'loss',
    live: true,
    url: 'gam',
    default: 10,
    min: 0,
    max: 1000,
  }),
  clip: float({
    label: 'Clip value c',
    help: 'WGAN weight clipping: every critic weight is clipped into [−c, c] after each critic step.',
    group: 'loss',
    live: true,
    url: 'c',
    default: 0.01,
    min: 0.0001,
    max: 10,
    scale: 'log',
  }),
  optimizer: choice<'adam' | 'rmsprop' | 'sgd'>({
    label: 'Optimizer',
    help: 'Optimizer for both networks; a change restarts its moment estimates but keeps the weights.',
    group: 'optimizer',
    live: true,
    url: 'opt',
    default: 'adam',
    choices: [
      { value: 'adam', label: 'Adam' },
      { value: 'rmsprop', label: 'RMSProp' },
      { value: 'sgd', label: 'SGD' },
    ],
  }),
  lrD: float({
    label: 'Critic learning rate',
    help: 'Learning rate of the discriminator / critic.',
    group: 'optimizer',
    live: true,
    url: 'lrd',
    default: 5e-4,
    min: 1e-6,
    max: 1,
    scale: 'log',
  }),
  lrG: float({
    label: 'Generator learning rate',
    help: 'Learning rate of the generator.',
    group: 'optimizer',
    live: true,
    url: 'lrg',
    default: 2e-4,
    min: 1e-6,
    max: 1,
    scale: 'log',
  }),
  beta1: float({
    label: 'Adam β1',
    help: 'Adam first-moment decay (0 in the WGAN-GP paper).',
    group: 'optimizer',
    live: true,
    url: 'b1',
    default: 0.5,
    min: 0,
    max: 0.999,
  }),
  beta2: float({
    label: 'Adam β2 / RMSProp ρ',
    help: 'Second-moment decay of Adam, and the decay of RMSProp.',
    group: 'optimizer',
    live: true,
    url: 'b2',
    default: 0.9,
    min: 0,
    max: 0.9999,
  }),
  nCritic: int({
    label: 'Critic steps per iteration',
    help: 'n_critic: critic updates before each generator update.',
    group: 'optimizer',
    live: true,
    url: 'nc',
    default: 1,
    min: 1,
    max: 100,
  }),
  batchSize: int({
    label: 'Batch size',
    help: 'Real and generated samples per step.',
    group: 'optimizer',
    live: true,
    url: 'bs',
    default: 256,
    min: 2,
    max: 4096,
  }),
  generator: choice<'mlp' | 'theta'>({
    label: 'Generator',
    help: 'An MLP, or the one-parameter g_θ(z) = (θ, z) of the WGAN paper (vertical line only).',
    group: 'networks',
    live: false,
    url: 'gen',
    default: 'mlp',
    choices: [
      { value: 'mlp', label: 'MLP' },
      { value: 'theta', label: 'g_θ(z) = (θ, z)' },
    ],
  }),
  thetaInit: float({
    label: 'Initial θ',
    help: 'Starting θ of the one-parameter generator.',
    group: 'networks',
    live: false,
    url: 'th0',
    default: 1,
    min: -2,
    max: 2,
  }),
  gLayers: int({
    label: 'Generator hidden layers',
    help: 'Hidden layers of the generator MLP.',
    group: 'networks',
    live: false,
    url: 'gl',
    default: 3,
    min: 0,
    max: 8,
  }),
  gWidth: int({
    label: 'Generator width',
    help: 'Units per hidden layer of the generator.',
    group: 'networks',
    live: false,
    url: 'gw',
    default: 64,
    min: 1,
    max: 1024,
  }),
  dLayers: int({
    label: 'Critic hidden layers',
    help: 'Hidden layers of the discriminator / critic (0: a linear critic).',
    group: 'networks',
    live: false,
    url: 'dl',
    default: 3,
    min: 0,
    max: 8,
  }),
  dWidth: int({
    label: 'Critic width',
    help: 'Units per hidden layer of the discriminator / critic.',
    group: 'networks',
    live: false,
    url: 'dw',
    default: 64,
    min: 1,
    max: 1024,
  }),
  activation: choice<'relu' | 'leaky-relu' | 'tanh'>({
    label: 'Activation',
    help: 'Hidden-layer activation of both networks.',
    group: 'networks',
    live: false,
    url: 'act',
    default: 'relu',
    choices: [
      { value: 'relu', label: 'ReLU' },
      { value: 'leaky-relu', label: 'Leaky ReLU (0.2)' },
      { value: 'tanh', label: 'tanh' },
    ],
  }),
  latentDim: int({
    label: 'Latent dimension',
    help: 'Dimension of the generator input z.',
    group: 'networks',
    live: false,
    url: 'z',
    default: 2,
    min: 1,
    max: 128,
  }),
  wDim: int({
    label: 'ALAE latent w dimension',
    help: 'Dimension of ALAE\'s latent space w: the output of the mapping F and the encoder E, the input of the generator G and the discriminator D.',
    group: 'networks',
    live: false,
    url: 'wd',
    default: 4,
    min: 1,
    max: 64,
  }),
  alaeEma: bool({
    label: 'ALAE smoothed model (EMA)',
    help: 'Draw and evaluate ALAE from a moving average of its four networks’ weights (half-life 10,000 samples: β = 0.5^(batch/10,000) per iteration), as the authors’ code draws from its smoothed model_s; it lags the trained weights by about a half-life (78 iterations at batch 128) and does not flicker as they do. Training is unchanged, the losses are the trained model’s. Off: the trained weights themselves.',
    group: 'networks',
    live: true,
    url: 'ema',
    default: false,
  }),
  latentDist: choice<'normal' | 'uniform'>({
    label: 'Latent distribution',
    help: 'z ~ N(0, I) or z ~ U[−1, 1]^d.',
    group: 'networks',
    live: false,
    url: 'zd',
    default: 'normal',
    choices: [
      { value: 'normal', label: 'normal' },
      { value: 'uniform', label: 'uniform' },
    ],
  }),
  gOutput: choice<'linear' | 'sigmoid'>({
    label: 'Generator output',
    help: 'The generator\'s output layer: linear (any value, for the 2D targets), or a sigmoid that keeps every coordinate in (0, 1), as pixels are (choosing the digits loads it).',
    group: 'networks',
    live: false,
    url: 'go',
    default: 'linear',
    choices: [
      { value: 'linear', label: 'linear' },
      { value: 'sigmoid', label: 'sigmoid (0, 1)' },
    ],
  }),
  gBatchNorm: bool({
    label: 'Batch norm in generator',
    help: 'Batch normalisation after each hidden layer of the generator.',
    group: 'networks',
    live: false,
    url: 'gbn',
    default: false,
  }),
  dLayerNorm: bool({
    label: 'Layer norm in critic',
    help: 'Layer normalisation after each hidden layer of the critic (safe with the gradient penalty).',
    group: 'networks',
    live: false,
    url: 'dln',
    default: false,
  }),
  backend: choice<'auto' | 'fused' | 'webgl' | 'wasm' | 'cpu'>({
    label: 'Backend',
    help: 'What computes the steps: fused WebAssembly kernels, or a tfjs backend; auto measures them and picks the fastest. A switch keeps the run.',
    group: 'runtime',
    live: true,
    url: 'be',
    default: 'auto',
    choices: [
      { value: 'auto', label: 'auto (measure and pick)' },
      { value: 'fused', label: 'fused WebAssembly kernels (SIMD)' },
      { value: 'webgl', label: 'tfjs WebGL' },
      { value: 'wasm', label: 'tfjs WebAssembly' },
      { value: 'cpu', label: 'tfjs CPU (JS)' },
    ],
  }),
} as const;

export type SettingKey = keyof typeof SETTINGS;
type ValueOf<S> = S extends ChoiceSpec<infer T> ? T : S extends BoolSpec ? boolean : number;
export type Settings = { -readonly [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/**
 * Whether `key` names a setting of the table itself: own keys only, so that names every
 * object inherits ('constructor', 'toString', '__proto__') are unknown like any other.
 */
export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTINGS, key);
}

export function specOf(key: SettingKey): SettingSpec {
  return SETTINGS[key] as SettingSpec;
}

export function defaultSettings(): Settings {
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) out[key] = SETTINGS[key].default;
  return out as Settings;
}

export interface SettingIssue {
  key: string;
  message: string;
  /** crossCheck: a change that removes the issue (what a link or a menu switches to). */
  fix?: Partial<Settings>;
}

export type CoerceResult<V> = { ok: true; value: V; warning?: string } | { ok: false; error: string };

/** Formats a number the way a user would type it (1e-4, 0.5, 256). */
export function formatNumber(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6) return v.toExponential().replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(v.toPrecision(6)));
}

/** A setting name from a file or link, cut for a message. */
const cutKey = (key: string) => (key.length > 30 ? key.slice(0, 29) + '…' : key);

function rangeText(spec: NumberSpec): string {
  return `${spec.kind === 'int' ? 'an integer' : 'a number'} from ${formatNumber(spec.min)} to ${formatNumber(spec.max)}`;
}

/**
 * Turns a raw value (a string from a URL or the command line, or a typed value) into a
 * valid one. In 'strict' mode an out-of-range number is an error; in 'clamp' mode it is
 * clamped and a warning says so. Unparsable values are always errors.
 */
export function coerceSetting(key: SettingKey, raw: unknown, mode: 'strict' | 'clamp' = 'strict'): CoerceResult<unknown> {
  // a caller that cast an arbitrary name to SettingKey gets a refusal, not Object.prototype's members
  if (!isSettingKey(key)) return { ok: false, error: `unknown setting '${cutKey(key)}'` };
  const spec = specOf(key);
  // a long value (a pasted paragraph in a link) is cut, so messages stay one line
  const text = raw === undefined ? 'nothing' : typeof raw === 'string' ? raw : typeof raw === 'object' && raw !== null ? (JSON.stringify(raw) ?? String(raw)) : String(raw);
  const shown = `${typeof raw === 'string' ? "'" : ''}${text.length > 40 ? text.slice(0, 39) + '…' : text}${typeof raw === 'string' ? "'" : ''}`;
  if (spec.kind === 'choice') {
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (spec.choices.some((c) => c.value === value)) return { ok: true, value };
    return { ok: false, error: `${key} must be one of ${spec.choices.map((c) => c.value).join(', ')} (got ${shown})` };
  }
  if (spec.kind === 'bool') {
    if (typeof raw === 'boolean') return { ok: true, value: raw };
    const s = String(raw).trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(s)) return { ok: true, value: true };
    if (['0', 'false', 'no', 'off'].includes(s)) return { ok: true, value: false };
    return { ok: false, error: `${key} must be true or false (got ${shown})` };
  }
  const num = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw.trim()) : NaN;
  if (!Number.isFinite(num)) return { ok: false, error: `${key} must be ${rangeText(spec)} (got ${shown})` };
  if (spec.kind === 'int' && !Number.isInteger(num)) {
    if (mode === 'strict') return { ok: false, error: `${key} must be ${rangeText(spec)} (got ${shown})` };
  }
  let value = spec.kind === 'int' ? Math.round(num) : num;
  if (value < spec.min || value > spec.max) {
    if (mode === 'strict') return { ok: false, error: `${key} must be ${rangeText(spec)} (got ${shown})` };
    const clamped = Math.min(spec.max, Math.max(spec.min, value));
    const warning = `${key} ${formatNumber(value)} is out of range; using ${formatNumber(clamped)}`;
    value = clamped;
    return { ok: true, value, warning };
  }
  if (spec.kind === 'int' && value !== num) {
    return { ok: true, value, warning: `${key} ${shown} is not an integer; using ${value}` };
  }
  return { ok: true, value };
}

/**
 * Checks that hold between settings; returns one message per violated rule, each saying what
 * to choose instead. The rules are the model support table's (models/support.ts): which
 * targets, losses, backends, generators and sizes each model trains.
 */
export function crossCheck(s: Settings): SettingIssue[] {
  return supportIssues(s).map((i) => ({ key: i.key, message: i.message, fix: i.fix }));
}

export interface ParsedSettings {
  settings: Settings;
  errors: SettingIssue[];
  warnings: SettingIssue[];
}

/**
 * Builds full settings from a base and raw overrides (any subset of keys, raw values).
 * Unknown keys are errors. In 'clamp' mode bad values fall back to the base value with
 * an error, and out-of-range ones are clamped with a warning.
 */
export function parseSettings(
  raw: Record<string, unknown>,
  mode: 'strict' | 'clamp' = 'strict',
  base: Settings = defaultSettings(),
): ParsedSettings {
  const settings = { ...base } as Record<string, unknown>;
  const errors: SettingIssue[] = [];
  const warnings: SettingIssue[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!isSettingKey(key)) {
      errors.push({ key, message: `unknown setting '${cutKey(key)}'` });
      continue;
    }
    const r = coerceSetting(key as SettingKey, value, mode);
    if (r.ok) {
      settings[key] = r.value;
      if (r.warning) warnings.push({ key, message: r.warning });
    } else {
      errors.push({ key, message: r.error });
    }
  }
  const full = settings as Settings;
  errors.push(...crossCheck(full));
  return { settings: full, errors, warnings };
}

/**
 * Why a setting has no effect under the others (null: it matters). The page dims such
 * settings and says why, rather than hiding them.
 */
export function irrelevance(key: SettingKey, s: Settings): string | null {
  if (s.model === 'alae') {
    const why = alaeIrrelevance(key);
    if (why !== undefined) return why;
  }
  switch (key) {
    case 'wDim':
    case 'alaeEma':
      return s.model === 'alae' ? null : 'used by ALAE only';
    case 'lambda':
    case 'penalty':
      return s.loss === 'wgan-gp' ? null : 'used by WGAN-GP only';
    case 'ganPenalty':
      return s.loss === 'wgan' || s.loss === 'wgan-gp' ? 'for the GAN, hinge and least-squares losses (WGANs have their own constraint)' : null;
    case 'gamma':
      if (s.loss === 'wgan' || s.loss === 'wgan-gp') return 'for the GAN, hinge and least-squares losses only';
      return s.ganPenalty === 'none' ? 'used by the R1/R2 penalty only' : null;
    case 'clip':
      return s.loss === 'wgan' ? null : 'used by WGAN (weight clipping) only';
    case 'beta1':
      return s.optimizer === 'adam' ? null : 'used by Adam only';
    case 'beta2':
      return s.optimizer === 'sgd' ? 'not used by SGD' : null;
    case 'thetaInit':
      return s.generator === 'theta' ? null : 'used by the one-parameter generator only';
    case 'generator':
      return s.target === 'line' ? null : 'g_θ needs the vertical line target';
    case 'gLayers':
    case 'gWidth':
    case 'latentDim':
    case 'latentDist':
    case 'gBatchNorm':
    case 'gOutput':
      return s.generator === 'mlp' ? null : 'the one-parameter generator has no network';
    default:
      return null;
  }
}

/** Settings that ALAE's own three steps ignore or use differently (undefined: as for the GANs). */
function alaeIrrelevance(key: SettingKey): string | null | undefined {
  switch (key) {
    case 'loss':
    case 'lambda':
    case 'penalty':
    case 'ganPenalty':
    case 'clip':
      return "ALAE has its own losses: non-saturating softplus with R1 (γ) in D's step";
    case 'gamma':
      return null;
    case 'nCritic':
      return 'ALAE takes one step I, II and III per iteration';
    case 'gBatchNorm':
    case 'dLayerNorm':
      return "ALAE's networks have no normalisation layers";
    case 'generator':
      return 'ALAE uses the MLP generator';
    case 'gOutput':
      return "ALAE's generator keeps a linear output";
    default:
      return undefined;
  }
}

/** The keys whose change needs a new session (networks rebuilt), given old and new settings. */
export function changedKeys(a: Settings, b: Settings): SettingKey[] {
  return SETTING_KEYS.filter((k) => a[k] !== b[k]);
}

export function needsReset(a: Settings, b: Settings): boolean {
  return changedKeys(a, b).some((k) => !SETTINGS[k].live);
}
