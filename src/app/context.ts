import { createContext, useContext } from 'react';
import type { ActionTarget, UiHooks } from './actions';
import type { Controller } from './controller';
import type { Store } from './store';

export interface AppContextValue {
  store: Store;
  controller: Controller;
  ui: UiHooks;
  /** What the transport buttons act on (this run, or all runs of the view). */
  target?: ActionTarget;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('useApp outside <AppContext.Provider>');
  return v;
}
