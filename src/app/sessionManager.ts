// Makes the runs behind the views, once each, outside React (so that React's double
// rendering and effect replays in development never make or kill a worker).
import { presetById } from '../engine/presets';
import { defaultSettings, type Settings } from '../engine/settings';
import { createSession, type Session } from './session';
import type { UrlState, View } from './urlState';
import { compareDefault } from './views/compareDefaults';
import { lineDefault } from './views/lineDefaults';

export interface Sessions {
  main?: Session;
  compareA?: Session;
  compareB?: Session;
  line?: Session;
}

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export class SessionManager {
  readonly sessions: Sessions = {};
  private first = true;

  constructor(
    readonly initial: UrlState,
    private readonly mainThread = false,
  ) {}

  /** The sessions of `view`, made if needed. */
  ensure(view: View): Session[] {
    const s = this.sessions;
    const init = this.initial;
    const made: Session[] = [];
    const make = (id: keyof Sessions, settings: Settings, points = init.customPoints) => {
      const session = createSession(id, { settings, customPoints: points, mainThread: this.mainThread });
      s[id] = session;
      made.push(session);
      return session;
    };
    if (view === 'playground' && !s.main) make('main', init.view === 'playground' ? init.settings : defaultSettings());
    if (view === 'compare' && !s.compareA) {
      const [a, b] =
        init.view === 'compare' && init.explicit ? [init.settings, init.compare ?? compareDefault(init.settings)[1]] : compareDefault(s.main?.store.getState().settings ?? null);
      make('compareA', a);
      make('compareB', { ...b, target: a.target, seed: a.seed });
    }
    if (view === 'line' && !s.line) make('line', init.view === 'line' && init.explicit ? lineDefault(init.settings) : lineDefault(null));
    if (this.first && view === init.view) {
      this.first = false;
      this.applyLinkExtras(made);
    }
    return this.active(view);
  }

  active(view: View): Session[] {
    const s = this.sessions;
    if (view === 'playground') return s.main ? [s.main] : [];
    if (view === 'compare') return s.compareA && s.compareB ? [s.compareA, s.compareB] : [];
    if (view === 'line') return s.line ? [s.line] : [];
    return [];
  }

  all(): Session[] {
    return Object.values(this.sessions) as Session[];
  }

  /** What else the link asked for: its warnings, the preset's banner, autoplay. */
  private applyLinkExtras(made: Session[]): void {
    const init = this.initial;
    const first = made[0];
    if (!first) return;
    const warnings = [...init.warnings];
    // the banner compares with the preset's own settings: keys the link changed show as "(modified)"
    const p = init.preset ? presetById(init.preset) : undefined;
    if (p) first.store.setState({ preset: { id: p.id, title: p.title, explanation: p.explanation, settings: { ...p.settings } } });
    // every warning is kept: one notice, the list one click away
    if (warnings.length === 1) first.store.notify('warning', warnings[0]);
    else if (warnings.length > 1) first.store.notify('warning', `The link had ${warnings.length} problems; the page used safe values instead.`, undefined, warnings);
    if (init.autoplay) {
      if (prefersReducedMotion()) first.store.notify('info', 'Autoplay is off because your system asks for reduced motion: press play to start.');
      else
        for (const m of made) {
          const unsubscribe = m.store.subscribe(() => {
            if (m.store.getState().status.phase === 'ready') {
              unsubscribe();
              m.controller.play();
            }
          });
        }
    }
  }
}
