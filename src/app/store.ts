// Application state outside React: components read slices with useSyncExternalStore,
// charts subscribe directly and redraw at most once a frame. Training never causes a
// React render per step.
import { useSyncExternalStore } from 'react';
import type { HistoryRow } from '../engine/history';
import { defaultSettings, type SettingKey, type Settings } from '../engine/settings';
import type { Points, Snapshot, TrainerState } from '../engine/trainer';
import { DEFAULT_CUSTOM_POINTS } from '../engine/targets';
import type { BackendInfo } from '../worker/protocol';
import type { ClientMode } from './client';

export interface Notice {
  id: number;
  kind: 'info' | 'warning' | 'error';
  text: string;
  action?: { label: string; run: () => void };
  /** Further choices beside `action` (e.g. "Start anew" beside "Resume"). */
  more?: Array<{ label: string; run: () => void }>;
  /** Every item behind a grouped notice (e.g. each problem of a link), shown on request. */
  details?: string[];
}

export interface RunStatus {
  phase: 'starting' | 'ready' | 'dead';
  playing: boolean;
  iteration: number;
  criticSteps: number;
  itPerSec: number;
  backend: BackendInfo | null;
  gradients: string;
  mode: ClientMode;
}

export interface AppState {
  settings: Settings;
  customPoints: Points;
  status: RunStatus;
  history: HistoryRow[];
  /** The newest row, when the history did not keep it (rowThinning.ts): the curves' live tip. */
  liveRow: HistoryRow | null;
  snapshot: Snapshot | null;
  /** Bumped on every snapshot; charts compare it to skip redundant draws. */
  snapshotVersion: number;
  /** The optimal plan behind the last exact W1 (the plane's transport lines), or null. */
  transport: TransportShown | null;
  notices: Notice[];
  diverged: string | null;
  /** Why the worker died; the page offers a restart. */
  dead: string | null;
  /** The latest checkpoint of the run, used to restart a dead worker. */
  checkpoint: TrainerState | null;
  /** The preset the run came from (its banner explains what to watch). */
  preset: { id: string; title: string; explanation: string; settings: Settings } | null;
  /** Large fonts and thick markers. */
  presenter: boolean;
  /** The digits asset while it loads (fetched when the digits target is first chosen); null when idle. */
  assetLoad?: { loaded: number; total: number; done: boolean; error: string | null } | null;
}

/** A line from each evaluated generated sample (from) to its matched real sample (to); mean length = w1. */
export interface TransportShown {
  iteration: number;
  w1: number;
  from: Float32Array;
  to: Float32Array;
}

type Listener = () => void;

export class Store {
  private state: AppState;
  private readonly listeners = new Set<Listener>();

  constructor(initial: Partial<AppState> = {}) {
    this.state = {
      settings: defaultSettings(),
      customPoints: DEFAULT_CUSTOM_POINTS,
      status: { phase: 'starting', playing: false, iteration: 0, criticSteps: 0, itPerSec: 0, backend: null, gradients: '', mode: 'worker' },
      history: [],
      liveRow: null,
      snapshot: null,
      snapshotVersion: 0,
      transport: null,
      notices: [],
      diverged: null,
      dead: null,
      checkpoint: null,
      preset: null,
      presenter: false,
      ...initial,
    };
  }

  getState = (): AppState => this.state;

  setState(patch: Partial<AppState> | ((s: AppState) => Partial<AppState>)): void {
    const p = typeof patch === 'function' ? patch(this.state) : patch;
    this.state = { ...this.state, ...p };
    for (const l of [...this.listeners]) l();
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private nextNotice = 1;

  notify(kind: Notice['kind'], text: string, action?: Notice['action'], details?: string[], more?: Notice['more']): number {
    const id = this.nextNotice++;
    this.setState((s) => ({ notices: [...s.notices.filter((n) => n.text !== text), { id, kind, text, action, details, more }].slice(-4) }));
    return id;
  }

  dismiss(id: number): void {
    this.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  }

  setSetting<K extends SettingKey>(key: K, value: Settings[K]): void {
    this.setState((s) => ({ settings: { ...s.settings, [key]: value } }));
  }
}

/** A React hook reading one slice of the store; re-renders only when the slice changes. */
export function useStore<T>(store: Store, select: (s: AppState) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
