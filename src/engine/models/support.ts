// What each model supports: targets, losses, backends, generators and sizes, in one table.
// crossCheck (settings.ts) reads it, so the links, run and weights files, the CLI, the
// controller and the trainers all refuse the same combinations with the same message; the
// menus ask it which choices to disable. A third model is one more entry here.
// Only types come from settings.ts: settings.ts imports this module (no cycle).
import type { LossId, Settings, TargetId } from '../settings';

export type ModelId = Settings['model'];
export type BackendChoice = Settings['backend'];
export type GeneratorKind = Settings['generator'];

/** A combination the model cannot train, what to choose instead, and settings that would train. */
export interface SupportIssue {
  /** The setting the message is about (the one a control shows it beside). */
  key: keyof Settings;
  message: string;
  /** 'combination': a choice the model cannot take at all; 'size': too big for the memory. */
  kind: 'combination' | 'size';
  /** A change that removes this issue (links and the menus switch to it, with a notice). */
  fix: Partial<Settings>;
}

export interface ModelSupport {
  id: ModelId;
  /** The model as messages name it. */
  name: string;
  targets: readonly TargetId[];
  /** Why the other targets are refused (the start of the message). */
  targetsWhy: string;
  /** 'own': the model has its own losses and ignores the loss setting (every value is accepted). */
  losses: readonly LossId[] | 'own';
  backends: readonly BackendChoice[];
  /** Backends taken but run on another (ALAE: 'fused' runs on tfjs wasm), with why. */
  substitutes: Partial<Record<BackendChoice, { backend: BackendChoice; why: string }>>;
  generators: readonly GeneratorKind[];
  /** Estimated bytes one step holds at its peak, and the most allowed (null: no limit known). */
  peakBytes: ((s: Settings) => number) | null;
  maxBytes: number | null;
}

const TWO_D_TARGETS: readonly TargetId[] = ['gaussian', 'two-gaussians', 'ring8', 'grid25', 'swissroll', 'line', 'custom'];
const ALL_TARGETS: readonly TargetId[] = [...TWO_D_TARGETS, 'digits'];
const ALL_LOSSES: readonly LossId[] = ['minimax', 'nonsaturating', 'wgan', 'wgan-gp', 'hinge', 'lsgan'];

/** The one-parameter generator g_θ(z) = (θ, z) draws the vertical line only. */
const THETA_TARGETS: readonly TargetId[] = ['line'];

// Hidden layers of ALAE's mapping F and of D on w (alae.ts ALAE_MAP_LAYERS / ALAE_DISC_LAYERS;
// alae.ts pulls in the networks, which this table must not; a test keeps the two equal).
const ALAE_MAP_LAYERS = 2;
const ALAE_DISC_LAYERS = 2;

interface Mlp {
  inDim: number;
  hidden: number[];
  outDim: number;
}

const mlpParams = (m: Mlp) => {
  const dims = [m.inDim, ...m.hidden, m.outDim];
  let n = 0;
  for (let i = 0; i + 1 < dims.length; i++) n += dims[i] * dims[i + 1] + dims[i + 1];
  return n;
};

/** ALAE's four networks (alae.ts alaeSpecs) on the plane. */
function alaeNetworks(s: Settings): Mlp[] {
  const mlp = (inDim: number, layers: number, width: number, outDim: number): Mlp => ({ inDim, hidden: Array(layers).fill(width), outDim });
  return [
    mlp(s.latentDim, ALAE_MAP_LAYERS, s.gWidth, s.wDim),
    mlp(s.wDim, s.gLayers, s.gWidth, 2),
    mlp(2, s.dLayers, s.dWidth, s.wDim),
    mlp(s.wDim, ALAE_DISC_LAYERS, s.dWidth, 1),
  ];
}

/** Parameters of ALAE's four networks together. */
export function alaeParameterCount(s: Settings): number {
  return alaeNetworks(s).reduce((n, m) => n + mlpParams(m), 0);
}

/**
 * Bytes an ALAE step holds at its peak on tfjs: autodiff keeps every intermediate of step I
 * (R1's second derivative included) and the masked optimizer's temporaries, a few dozen
 * copies of the weights, more with more layers, plus copies of the batch's activations.
 * Fitted to tf.profile's peakBytes on tfjs wasm (Node), 8 x 1024 batch 256 and 512, 4 x 1024
 * batch 512, 8 x 512 batch 512, 2 x 1024 and 6 x 1024 batch 256 (w 64): within 3%.
 */
export function alaePeakBytes(s: Settings): number {
  const nets = alaeNetworks(s);
  const params = nets.reduce((n, m) => n + mlpParams(m), 0);
  const layers = nets.reduce((n, m) => n + m.hidden.length, 0);
  const activations = nets.reduce((n, m) => n + m.hidden.reduce((a, w) => a + w, 0), 0);
  return 4 * (params * (17.4 + 2.05 * Math.max(0, layers - 2)) + 4.9 * s.batchSize * activations);
}

/**
 * tfjs's WebAssembly backend grows its memory to at most 4 GiB; past it a step fails with
 * "memory access out of bounds" (8 x 1024, batch 4096, w 64: about 5.4 GB). Kept a little
 * below, since the heap also holds the run's other tensors and fragments.
 */
export const TFJS_WASM_MAX_BYTES = 4.0e9;

export const MODEL_SUPPORT: Readonly<Record<ModelId, ModelSupport>> = {
  gan: {
    id: 'gan',
    name: 'the GAN',
    targets: ALL_TARGETS,
    targetsWhy: '',
    losses: ALL_LOSSES,
    backends: ['auto', 'fused', 'webgl', 'wasm', 'cpu'],
    substitutes: {},
    generators: ['mlp', 'theta'],
    // the fused kernels' arena and tfjs's fast path hold a few copies of the weights and the batch
    peakBytes: null,
    maxBytes: null,
  },
  alae: {
    id: 'alae',
    name: 'ALAE',
    targets: TWO_D_TARGETS,
    targetsWhy: 'ALAE trains on the 2D targets only (its encoder reads points of the plane, not 196-pixel images)',
    losses: 'own',
    backends: ['auto', 'fused', 'webgl', 'wasm', 'cpu'],
    substitutes: { fused: { backend: 'wasm', why: "the fused kernels do not cover ALAE's four networks" } },
    generators: ['mlp'],
    // the same tensors on every tfjs backend (wasm memory, WebGL textures, JS arrays): one bound
    peakBytes: alaePeakBytes,
    maxBytes: TFJS_WASM_MAX_BYTES,
  },
};

const TARGET_NAMES: Record<TargetId, string> = {
  gaussian: 'one Gaussian',
  'two-gaussians': 'two Gaussians',
  ring8: 'the ring of 8',
  grid25: 'the grid of 25',
  swissroll: 'the Swiss roll',
  line: 'the vertical line',
  custom: 'your own points',
  digits: 'the digits',
};

/** The other models that do train on `target`. */
function modelsFor(target: TargetId, except: ModelId): ModelSupport[] {
  return Object.values(MODEL_SUPPORT).filter((m) => m.id !== except && m.targets.includes(target));
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

/** The largest batch that fits (0: none does). */
function largestBatch(m: ModelSupport, s: Settings): number {
  if (!m.peakBytes || m.maxBytes === null) return Infinity;
  let lo = 0;
  let hi = 4096;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (m.peakBytes({ ...s, batchSize: mid }) <= m.maxBytes) lo = mid;
    else hi = mid - 1;
  }
  return lo < 2 ? 0 : lo;
}

function sizeIssue(m: ModelSupport, s: Settings): SupportIssue | null {
  if (!m.peakBytes || m.maxBytes === null) return null;
  const bytes = m.peakBytes(s);
  if (bytes <= m.maxBytes) return null;
  const batch = largestBatch(m, s);
  const sizes = `${s.gLayers} x ${s.gWidth} (generator), ${s.dLayers} x ${s.dWidth} (encoder), batch ${s.batchSize}${m.id === 'alae' ? `, w ${s.wDim}` : ''}`;
  const instead = batch ? `choose batch ${batch} or less, or fewer or narrower layers` : 'choose fewer or narrower layers';
  const small = { gLayers: 3, gWidth: 64, dLayers: 3, dWidth: 64 };
  return {
    key: 'batchSize',
    kind: 'size',
    message: `${m.name} at ${sizes} needs about ${gb(bytes)} while a step runs, past the ${gb(m.maxBytes)} its tfjs backends hold: ${instead}`,
    fix: batch ? { batchSize: batch } : { ...small, batchSize: Math.min(s.batchSize, Math.max(2, largestBatch(m, { ...s, ...small }))) },
  };
}

/** Every combination `s` asks for that its model cannot train, each with what to choose instead. */
export function supportIssues(s: Settings): SupportIssue[] {
  const m = MODEL_SUPPORT[s.model];
  const issues: SupportIssue[] = [];
  if (!m.targets.includes(s.target)) {
    const others = modelsFor(s.target, m.id);
    issues.push({
      key: 'target',
      kind: 'combination',
      message: `${m.targetsWhy}: choose ${m.targets.includes('ring8') ? 'a 2D target such as the ring of 8' : m.targets.map((t) => TARGET_NAMES[t]).join(' or ')} for ${m.name}${others.length ? `, or ${others.map((o) => o.name).join(' or ')} for ${TARGET_NAMES[s.target]}` : ''}`,
      fix: others.length ? { model: others[0].id } : { target: m.targets[0] },
    });
  }
  if (!m.generators.includes(s.generator)) {
    const others = Object.values(MODEL_SUPPORT).filter((o) => o.generators.includes(s.generator)).map((o) => o.name);
    issues.push({
      key: 'model',
      kind: 'combination',
      message: `${m.name} needs the MLP generator (g_θ has no latent w): choose the MLP generator${others.length ? `, or ${others.join(' or ')} for g_θ` : ''}`,
      fix: { generator: m.generators[0] },
    });
  } else if (s.generator === 'theta' && !THETA_TARGETS.includes(s.target)) {
    issues.push({
      key: 'generator',
      kind: 'combination',
      message: 'the one-parameter generator g_θ(z) = (θ, z) needs the vertical line target: choose the vertical line, or the MLP generator',
      fix: { generator: 'mlp' },
    });
  }
  if (m.losses !== 'own' && !m.losses.includes(s.loss)) {
    issues.push({ key: 'loss', kind: 'combination', message: `${m.name} does not train with the ${s.loss} loss: choose one of ${m.losses.join(', ')}`, fix: { loss: m.losses[0] } });
  }
  if (!m.backends.includes(s.backend)) {
    issues.push({ key: 'backend', kind: 'combination', message: `${m.name} does not run on the ${s.backend} backend: choose ${m.backends.join(', ')}`, fix: { backend: m.backends[0] } });
  }
  // sizes matter only once the combination itself trains
  if (!issues.length) {
    const size = sizeIssue(m, s);
    if (size) issues.push(size);
  }
  return issues;
}

/** Why `key` cannot take `value` under the other settings (null: it can), for disabling a menu's choice. */
export function choiceRefusal<K extends keyof Settings>(s: Settings, key: K, value: Settings[K]): string | null {
  const issue = supportIssues({ ...s, [key]: value }).find((i) => i.kind === 'combination');
  return issue ? issue.message : null;
}

/** The backend that runs `backend` for this model (ALAE: 'fused' runs on tfjs wasm), and why when it differs. */
export function substituteBackend(s: Settings, backend: BackendChoice): { backend: BackendChoice; why: string | null } {
  const sub = MODEL_SUPPORT[s.model].substitutes[backend];
  return sub ? { backend: sub.backend, why: sub.why } : { backend, why: null };
}

/** `s` with every issue's fix applied (up to a few rounds), and the messages of what was changed. */
export function withSupportFixes(s: Settings): { settings: Settings; changed: SupportIssue[] } {
  let settings = { ...s };
  const changed: SupportIssue[] = [];
  for (let round = 0; round < 4; round++) {
    const issues = supportIssues(settings);
    if (!issues.length) break;
    changed.push(issues[0]);
    settings = { ...settings, ...issues[0].fix };
  }
  return { settings, changed };
}

/** A fix in words, for "…; using …" notices. */
export function describeFix(fix: Partial<Settings>): string {
  return Object.entries(fix)
    .map(([key, value]) => {
      if (key === 'model') return value === 'gan' ? 'the GAN' : String(MODEL_SUPPORT[value as ModelId]?.name ?? value);
      if (key === 'generator') return value === 'mlp' ? 'the MLP generator' : 'g_θ';
      if (key === 'target') return TARGET_NAMES[value as TargetId] ?? String(value);
      if (key === 'batchSize') return `batch ${value}`;
      return `${key} ${String(value)}`;
    })
    .join(', ');
}
