import { createContext, useContext } from 'react';
import type { UiHooks } from './actions';
import type { Controller } from './controller';
import type { Store } from './store';

export interface AppContextValue {
  store: Store;
  controller: Controller;
  ui: UiHooks;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('useApp outside <AppContext.Provider>');
  return v;
}
