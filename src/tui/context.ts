import { createContext, useContext, type Dispatch } from 'react';
import type { Keymap } from './keys.js';
import type { TuiSession } from './session/types.js';
import type { UiAction } from './state/ui-state.js';

/** What every pane reads besides its props: the session, the keymap and the dispatcher. */
export interface AppEnv {
  session: TuiSession;
  keymap: Keymap;
  dispatch: Dispatch<UiAction>;
}

export const AppContext = createContext<AppEnv | undefined>(undefined);

export function useApp(): AppEnv {
  const env = useContext(AppContext);
  if (!env) throw new Error('AppContext missing');
  return env;
}
