// <gan-playground>: one playground run in a shadow root, driven by attributes (the links'
// keys) and a small API, kind to the page: no worker until the element is near the viewport,
// paused off screen and in hidden tabs, and one playing at a time (exclusive).
import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { presetById } from '../engine/presets';
import type { SettingKey, Settings } from '../engine/settings';
import type { Session } from '../app/session';
import { Store } from '../app/store';
import { attributeNames, parseAttributes, type ElementOptions } from './attributes';
import { patchSettings, playgroundPreset } from './commands';
import { EmbedController } from './embedController';
import { EmbedView } from './EmbedView';
import { bridgeEvents, playReasons, type GanPlaygroundEventMap, type PlayReason } from './events';
import { claimExclusive, joinExclusive, type Exclusive } from './exclusive';
import { ROOT_CLASS, adoptStyles } from './styles';
import { watchVisibility, type VisibilityWatch } from './visibility';

interface Run {
  session: Session;
  reasons: ReturnType<typeof playReasons>;
  react: Root;
  watch: VisibilityWatch;
  /** Undo what setup did (observers, subscriptions, the worker). */
  cleanups: Array<() => void>;
  started: boolean;
}

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

export class GanPlaygroundElement extends HTMLElement implements Exclusive {
  static get observedAttributes(): string[] {
    return attributeNames();
  }

  readonly #root: HTMLDivElement;
  #run: Run | null = null;
  #options: ElementOptions = { controls: 'minimal', theme: 'auto', keepRunning: false, exclusive: true };
  #problems: string[] = [];
  /** Paused by leaving the screen (or asked to play while off it): plays when back, for this reason. */
  #resumeOnShow: PlayReason | null = null;
  #rebuildQueued = false;
  #darkQuery: MediaQueryList | null = null;
  readonly #onScheme = () => this.#applyTheme();

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    adoptStyles(shadow);
    this.#root = document.createElement('div');
    this.#root.className = ROOT_CLASS;
    this.#root.setAttribute('part', 'playground');
    shadow.append(this.#root);
  }

  // ---- lifecycle -------------------------------------------------------------------

  connectedCallback(): void {
    if (!this.#run && this.#problems.length === 0) this.#setup();
  }

  disconnectedCallback(): void {
    // a move in the document disconnects and connects again at once: keep the run then
    queueMicrotask(() => {
      if (!this.isConnected) this.#teardown();
    });
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    // during the upgrade every attribute is reported once, before connectedCallback sets up
    if (old === value || !this.isConnected || (!this.#run && this.#problems.length === 0)) return;
    if (name === 'theme' || name === 'keep-running' || name === 'exclusive') {
      this.#options = parseAttributes(this.#attributes()).options;
      this.#applyTheme();
      return;
    }
    // settings, preset, view, autoplay, controls: a new run, once for a batch of changes
    if (this.#rebuildQueued) return;
    this.#rebuildQueued = true;
    queueMicrotask(() => {
      this.#rebuildQueued = false;
      if (!this.isConnected) return;
      this.#teardown();
      this.#setup();
    });
  }

  #attributes(): Record<string, string> {
    return Object.fromEntries(Array.from(this.attributes, (a) => [a.name, a.value]));
  }

  #setup(): void {
    const parsed = parseAttributes(this.#attributes());
    this.#options = parsed.options;
    this.#problems = parsed.problems;
    this.#applyTheme();
    if (parsed.problems.length) {
      this.#showProblems(parsed.problems);
      return;
    }
    const { state } = parsed;
    const store = new Store({ settings: { ...state.settings }, ...(state.customPoints ? { customPoints: state.customPoints } : {}) });
    const preset = state.preset ? presetById(state.preset) : undefined;
    if (preset) store.setState({ preset: { id: preset.id, title: preset.title, explanation: preset.explanation, settings: { ...state.settings } } });
    const controller = new EmbedController(store, () => this.#beforePlay());
    const session: Session = { id: 'embed', store, controller };
    this.#root.replaceChildren();
    const react = createRoot(this.#root);
    react.render(createElement(EmbedView, { session, controls: this.#options.controls }));
    const cleanups: Array<() => void> = [];
    const reasons = playReasons(controller);
    cleanups.push(bridgeEvents(store, (type, detail) => this.dispatchEvent(new CustomEvent(type, { detail })), reasons.current));
    cleanups.push(joinExclusive(this));
    if (state.autoplay) {
      const unsubscribe = store.subscribe(() => {
        if (store.getState().status.phase !== 'ready') return;
        unsubscribe();
        if (reducedMotion()) store.notify('info', 'Autoplay is off because your system asks for reduced motion: press play to start.');
        else reasons.because('autoplay', () => controller.play());
      });
      cleanups.push(unsubscribe);
    }
    const run: Run = { session, reasons, react, watch: null as unknown as VisibilityWatch, cleanups, started: false };
    this.#run = run;
    // the worker starts when the element comes near the viewport (or is asked to play)
    run.watch = watchVisibility(this, { onNear: () => this.#start(), onShownChange: (shown) => this.#shownChanged(shown) });
  }

  #teardown(): void {
    const run = this.#run;
    this.#run = null;
    this.#problems = [];
    this.#resumeOnShow = null;
    this.#darkQuery?.removeEventListener('change', this.#onScheme);
    this.#darkQuery = null;
    if (!run) return;
    run.watch.dispose();
    for (const c of run.cleanups) c();
    run.react.unmount();
    run.session.controller.dispose();
  }

  /** Runs `fn` (a play or pause) with the reason its event gives. */
  #because(reason: PlayReason, fn: () => void): void {
    if (this.#run) this.#run.reasons.because(reason, fn);
  }

  #start(): void {
    const run = this.#run;
    if (!run || run.started) return;
    run.started = true;
    run.session.controller.start();
  }

  // ---- visibility and exclusivity --------------------------------------------------

  /** Asked before every start of training (EmbedController.play). */
  #beforePlay(): boolean {
    const run = this.#run;
    if (!run) return false;
    if (!this.#options.keepRunning && !run.watch.shown()) {
      // held until the element is on screen; then it plays for the reason it was asked
      this.#resumeOnShow = run.reasons.current() ?? 'control';
      return false;
    }
    this.#resumeOnShow = null;
    this.#start();
    claimExclusive(this);
    return true;
  }

  #shownChanged(shown: boolean): void {
    const run = this.#run;
    if (!run || this.#options.keepRunning) return;
    if (!shown) {
      if (run.session.store.getState().status.playing) {
        this.#resumeOnShow = 'shown';
        this.#because('hidden', () => run.session.controller.pause());
      }
    } else if (this.#resumeOnShow) {
      const why = this.#resumeOnShow;
      this.#resumeOnShow = null;
      this.#because(why, () => run.session.controller.play());
    }
  }

  get exclusive(): boolean {
    return this.#options.exclusive;
  }

  /** Reflects to the attribute (React 19 sets a custom element's props as properties where they exist). */
  set exclusive(on: boolean | string) {
    this.setAttribute('exclusive', on === false || ['0', 'false', 'no', 'off'].includes(String(on).trim().toLowerCase()) ? 'off' : 'on');
  }

  yieldTo(): void {
    this.#resumeOnShow = null;
    const run = this.#run;
    if (run?.session.store.getState().status.playing) this.#because('exclusive', () => run.session.controller.pause());
  }

  // ---- look ------------------------------------------------------------------------

  #applyTheme(): void {
    const theme = this.#options.theme;
    if (theme === 'auto' && !this.#darkQuery && typeof matchMedia === 'function') {
      this.#darkQuery = matchMedia('(prefers-color-scheme: dark)');
      this.#darkQuery.addEventListener('change', this.#onScheme);
    }
    const dark = theme === 'dark' || (theme === 'auto' && !!this.#darkQuery?.matches);
    this.#root.classList.toggle('dark', dark);
  }

  #showProblems(problems: string[]): void {
    const box = document.createElement('div');
    box.className = 'gp-error';
    box.setAttribute('role', 'alert');
    box.dataset.testid = 'embed-error';
    const title = document.createElement('h2');
    title.textContent = problems.length === 1 ? 'GAN Playground: an attribute needs fixing' : `GAN Playground: ${problems.length} attributes need fixing`;
    const list = document.createElement('ul');
    for (const p of problems) {
      const item = document.createElement('li');
      item.textContent = p;
      list.append(item);
      console.error(`<gan-playground>: ${p}`);
    }
    box.append(title, list);
    this.#root.replaceChildren(box);
    this.dispatchEvent(new CustomEvent('error', { detail: { message: problems.join('; '), fatal: true } }));
  }

  #fail(message: string): never {
    console.error(`<gan-playground>: ${message}`);
    this.dispatchEvent(new CustomEvent('error', { detail: { message } }));
    throw new RangeError(message);
  }

  // ---- API -------------------------------------------------------------------------

  /** Starts training (the worker first if needed); held until the element is on screen. */
  play(): void {
    this.#because('api', () => this.#run?.session.controller.play());
  }

  pause(): void {
    this.#resumeOnShow = null;
    this.#because('api', () => this.#run?.session.controller.pause());
  }

  /** A new run from the current settings and seed. */
  reset(): void {
    this.#run?.session.controller.reset();
  }

  /** Loads a preset of the playground (its settings and seed) and starts a new run, paused. */
  loadPreset(id: string): void {
    const preset = playgroundPreset(id);
    if (!preset.ok) this.#fail(preset.error);
    this.#run?.session.controller.loadPreset(preset.value);
  }

  /** The run's settings (a copy), or null while attributes need fixing. */
  get settings(): Settings | null {
    return this.#run ? { ...this.#run.session.store.getState().settings } : null;
  }

  /** Changes some settings (validated as the controls do); a bad value throws and changes nothing. */
  set settings(patch: Partial<Record<SettingKey, unknown>>) {
    const run = this.#run;
    if (!run) this.#fail('settings: the element has no run (fix its attributes first)');
    const next = patchSettings(run.session.store.getState().settings, patch ?? {});
    if (!next.ok) this.#fail(next.error);
    run.session.controller.applySettings(next.value);
  }

  /** Whether the run's worker has been started (it is when the element first comes near the viewport). */
  get started(): boolean {
    return !!this.#run?.started;
  }

  get playing(): boolean {
    return !!this.#run?.session.store.getState().status.playing;
  }

  get iteration(): number {
    return this.#run?.session.store.getState().status.iteration ?? 0;
  }

  /** What is wrong with the attributes (empty when the element runs). */
  get problems(): string[] {
    return [...this.#problems];
  }
}

export interface GanPlaygroundElement {
  addEventListener<K extends keyof GanPlaygroundEventMap>(type: K, listener: (this: GanPlaygroundElement, ev: GanPlaygroundEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}
