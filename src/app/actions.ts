// Every user action in one registry (label, shortcut, perform): the buttons, the keyboard
// shortcuts and the help panel all read it, so they can never disagree.
import type { StepKind } from '../worker/protocol';
import type { AppState } from './store';

export interface UiHooks {
  toggleHelp(): void;
  togglePresenter(): void;
  /** Open or close "Try 5 seeds" (the playground only). */
  toggleSeeds?(): void;
}

/** What actions act on: one run's controller, or both runs of the compare view. */
export interface ActionTarget {
  togglePlay(): void;
  step(kind: StepKind): void;
  reset(): void;
}

export interface ActionDef {
  id: string;
  label(s: AppState): string;
  /** KeyboardEvent.key values that trigger the action. */
  keys: string[];
  /** How the shortcut is shown. */
  keyLabel: string;
  description: string;
  perform(c: ActionTarget, ui: UiHooks): void;
  enabled?(s: AppState): boolean;
}

const ready = (s: AppState) => s.status.phase === 'ready';
const alae = (s: AppState) => s.settings.model === 'alae';

export const ACTIONS: ActionDef[] = [
  {
    id: 'togglePlay',
    label: (s) => (s.status.playing ? 'Pause' : 'Play'),
    keys: [' '],
    keyLabel: 'Space',
    description: 'Play or pause training',
    perform: (c) => c.togglePlay(),
    // usable while the loop starts: the command waits in the client's queue until it is ready
    enabled: (s) => s.status.phase !== 'dead',
  },
  {
    id: 'stepCritic',
    label: (s) => (alae(s) ? 'Step I (E, D)' : 'Critic step'),
    keys: ['d', 'D'],
    keyLabel: 'D',
    description: 'One update of the discriminator / critic only (ALAE: step I, the encoder E and discriminator D)',
    perform: (c) => c.step('critic'),
    enabled: ready,
  },
  {
    id: 'stepGenerator',
    label: (s) => (alae(s) ? 'Step II (F, G)' : 'Generator step'),
    keys: ['g', 'G'],
    keyLabel: 'G',
    description: 'One update of the generator only (ALAE: step II, the mapping F and generator G)',
    perform: (c) => c.step('generator'),
    enabled: ready,
  },
  {
    id: 'stepReconstruction',
    label: () => 'Step III (E, G)',
    keys: ['e', 'E'],
    keyLabel: 'E',
    description: 'ALAE only: step III, the encoder E and generator G on the latent reconstruction ‖F(z) − E(G(F(z)))‖²',
    perform: (c) => c.step('reconstruction'),
    enabled: (s) => ready(s) && alae(s),
  },
  {
    id: 'stepIteration',
    label: () => 'One iteration',
    keys: ['s', 'S'],
    keyLabel: 'S',
    description: 'n_critic critic steps, then one generator step (ALAE: steps I, II and III)',
    perform: (c) => c.step('iteration'),
    enabled: ready,
  },
  {
    id: 'reset',
    label: () => 'Reset',
    keys: ['r', 'R'],
    keyLabel: 'R',
    description: 'Start the run again from the same seed',
    perform: (c) => c.reset(),
    enabled: ready,
  },
  {
    id: 'trySeeds',
    label: () => 'Try 5 seeds',
    keys: ['5'],
    keyLabel: '5',
    description: 'Run the current settings on 5 seeds (this seed and the next four) for the same number of iterations each, side by side, with the spread',
    perform: (_c, ui) => ui.toggleSeeds?.(),
    enabled: ready,
  },
  {
    id: 'presenter',
    label: () => 'Presenter mode',
    keys: ['p', 'P'],
    keyLabel: 'P',
    description: 'Large fonts and thick markers for a projector',
    perform: (_c, ui) => ui.togglePresenter(),
  },
  {
    id: 'help',
    label: () => 'Keyboard shortcuts',
    keys: ['?'],
    keyLabel: '?',
    description: 'Show or hide this list',
    perform: (_c, ui) => ui.toggleHelp(),
  },
];

export function actionById(id: string): ActionDef {
  const a = ACTIONS.find((x) => x.id === id);
  if (!a) throw new Error(`no action ${id}`);
  return a;
}

/** True when a key press belongs to a form control and must not trigger a shortcut. */
export function typingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable) return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'range', 'button'].includes(type);
  }
  return false;
}

/**
 * True when Space pressed on `target` has its own meaning there: it presses a button, ticks a
 * checkbox, opens a select. Space then does that, not play or pause.
 */
export function spaceActsOn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLButtonElement || target instanceof HTMLSelectElement || target.tagName === 'SUMMARY') return true;
  if (target instanceof HTMLInputElement) return ['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'color'].includes(target.type);
  return ['button', 'checkbox', 'switch', 'radio', 'tab', 'menuitem', 'option'].includes(target.getAttribute('role') ?? '');
}

/** The action a key press triggers, if any (no modifiers other than Shift). */
export function actionForKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>): ActionDef | null {
  if (e.ctrlKey || e.metaKey || e.altKey || typingTarget(e.target)) return null;
  return ACTIONS.find((a) => a.keys.includes(e.key)) ?? null;
}
