// A run of the playground: its store and its controller (and, behind it, its worker).
// Views keep their sessions while the user visits another view, so nothing is lost.
import type { Settings } from '../engine/settings';
import type { Points } from '../engine/trainer';
import type { ActionTarget } from './actions';
import { Controller } from './controller';
import { sessionStore } from './resumeStore';
import { Store } from './store';
import type { StepKind } from '../worker/protocol';

export interface Session {
  id: string;
  store: Store;
  controller: Controller;
}

export interface SessionInit {
  settings: Settings;
  customPoints?: Points | null;
  mainThread?: boolean;
}

export function createSession(id: string, init: SessionInit): Session {
  const store = new Store({ settings: { ...init.settings }, ...(init.customPoints ? { customPoints: init.customPoints } : {}) });
  // the playground's run is kept for a reload (resumeStore.ts); the other views' runs are not
  const controller = new Controller(store, { mainThread: init.mainThread, keepForReload: id === 'main' ? { storage: sessionStore() } : undefined });
  controller.start();
  return { id, store, controller };
}

/** Several runs driven as one (the compare view): play, steps and reset go to all. */
export function group(sessions: Session[]): ActionTarget {
  return {
    togglePlay() {
      const anyPlaying = sessions.some((s) => s.store.getState().status.playing);
      for (const s of sessions) {
        if (anyPlaying) s.controller.pause();
        else s.controller.play();
      }
    },
    step(kind: StepKind) {
      for (const s of sessions) s.controller.step(kind);
    },
    reset() {
      for (const s of sessions) s.controller.reset();
    },
  };
}
