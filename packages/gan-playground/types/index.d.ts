// Types of `gan-playground` (dist/gan-playground.js): the <gan-playground> element, its events
// and its settings. Written by hand to match the playground's src/embed/ (GanPlaygroundElement.ts,
// events.ts, index.ts) and src/engine/settings.ts; the playground's tests/embedPackage.test.ts
// checks them against that code (every member, event, export and setting).

export type TargetId = 'gaussian' | 'two-gaussians' | 'ring8' | 'grid25' | 'swissroll' | 'line' | 'custom' | 'digits';
export type LossId = 'minimax' | 'nonsaturating' | 'wgan' | 'wgan-gp' | 'hinge' | 'lsgan';

/** Every setting of a run (the playground's settings table; see docs/settings.md). */
export interface Settings {
  target: TargetId;
  seed: number;
  model: 'gan' | 'alae';
  loss: LossId;
  lambda: number;
  penalty: 'two-sided' | 'one-sided';
  ganPenalty: 'none' | 'r1' | 'r2';
  gamma: number;
  clip: number;
  optimizer: 'adam' | 'rmsprop' | 'sgd';
  lrD: number;
  lrG: number;
  beta1: number;
  beta2: number;
  nCritic: number;
  batchSize: number;
  generator: 'mlp' | 'theta';
  thetaInit: number;
  gLayers: number;
  gWidth: number;
  dLayers: number;
  dWidth: number;
  activation: 'relu' | 'leaky-relu' | 'tanh';
  latentDim: number;
  wDim: number;
  alaeEma: boolean;
  latentDist: 'normal' | 'uniform';
  gOutput: 'linear' | 'sigmoid';
  gBatchNorm: boolean;
  dLayerNorm: boolean;
  backend: 'auto' | 'fused' | 'webgl' | 'wasm' | 'cpu';
}
export type SettingKey = keyof Settings;

export interface ReadyDetail {
  settings: Settings;
  /** The backend in use, e.g. `fused`. */
  backend: string | null;
}
export interface IterationDetail {
  iteration: number;
  criticSteps: number;
  playing: boolean;
  /** 0 while paused. */
  itPerSec: number;
}
export interface EvaluationDetail {
  iteration: number;
  /** Exact W1 between 500 generated and 500 target samples. */
  w1: number;
  /** The typical W1 between two sets of 500 target samples (the figure's floor). */
  floor: number | null;
  /** Modes captured and the mixture's modes (null for targets without modes). */
  modes: number | null;
  modesTotal: number | null;
  /** Share of high-quality samples (within 3σ of a mode; digits: named with ≥ 90% confidence). */
  highQuality: number | null;
}
/**
 * Why training started or stopped: `api` (play() / pause()), `control` (the element's own button
 * or keys), `autoplay`, `hidden` / `shown` (scrolled out of view or back, tab hidden or shown),
 * `exclusive` (another playground of the page started), `stopped` (diverged or failed).
 */
export type PlayReason = 'api' | 'control' | 'autoplay' | 'hidden' | 'shown' | 'exclusive' | 'stopped';
export interface PlayStateDetail {
  iteration: number;
  reason: PlayReason;
}
export interface MessageDetail {
  message: string;
  /** The run stopped (a bad attribute, a dead worker): it needs a fix, a reset or a restart. */
  fatal?: boolean;
}

/** The element's events; each is a CustomEvent with its detail. */
export interface GanPlaygroundEventMap {
  ready: CustomEvent<ReadyDetail>;
  iteration: CustomEvent<IterationDetail>;
  evaluation: CustomEvent<EvaluationDetail>;
  play: CustomEvent<PlayStateDetail>;
  pause: CustomEvent<PlayStateDetail>;
  diverged: CustomEvent<MessageDetail>;
  error: CustomEvent<MessageDetail>;
}

/** `<gan-playground>`, defined by importing this package (or loading dist/gan-playground.js). */
export declare class GanPlaygroundElement extends HTMLElement {
  /** Every attribute the element reads: its own, `preset` / `view` / `autoplay`, each setting by name and link key. */
  static get observedAttributes(): string[];
  /** Starts training (the worker first if needed); held until the element is on screen, unless `keep-running`. */
  play(): void;
  /** Pauses; it stays paused when scrolled back into view. */
  pause(): void;
  /** A new run from the current settings and seed. */
  reset(): void;
  /** Loads a preset of the playground view and starts its run, paused; throws a RangeError (and dispatches `error`) for an unknown id. */
  loadPreset(id: string): void;
  /** The run's settings (a copy), or null while an attribute needs fixing. */
  get settings(): Settings | null;
  /** Changes the settings given (validated as the controls do); a bad value throws a RangeError and changes nothing. */
  set settings(patch: Partial<Record<SettingKey, unknown>>);
  /** Whether the run's worker has started (when the element first comes near the viewport, or on play()). */
  get started(): boolean;
  /** Whether it is training. */
  get playing(): boolean;
  /** Generator steps so far. */
  get iteration(): number;
  /** What is wrong with the attributes, one line each (empty when the element runs). */
  get problems(): string[];
  /** Whether starting this one pauses the others of the page (the `exclusive` attribute; assigning reflects to it). */
  get exclusive(): boolean;
  set exclusive(on: boolean | string);
  /** Called by another playground of the page that starts (exclusive): pauses this one. */
  yieldTo(): void;
  connectedCallback(): void;
  disconnectedCallback(): void;
  attributeChangedCallback(name: string, old: string | null, value: string | null): void;

  addEventListener<K extends keyof GanPlaygroundEventMap>(type: K, listener: (this: GanPlaygroundElement, ev: GanPlaygroundEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof GanPlaygroundEventMap>(type: K, listener: (this: GanPlaygroundElement, ev: GanPlaygroundEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** The element's tag name. */
export declare const TAG: 'gan-playground';

declare global {
  interface HTMLElementTagNameMap {
    'gan-playground': GanPlaygroundElement;
  }
}
