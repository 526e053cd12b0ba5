// What the element shows, by its `controls` attribute, from the app's own components:
//   none     the plane (and messages) only: the host page drives it through the element's API;
//   minimal  the plane, play / pause and reset, and the readouts;
//   full     the app's embed view (single steps, settings on demand).
import { useMemo } from 'react';
import { actionById, type UiHooks } from '../app/actions';
import { ActionButton } from '../app/components/Transport';
import { Notices } from '../app/components/Notices';
import { PresetBanner } from '../app/components/PresetBanner';
import { Readouts } from '../app/components/Readouts';
import { AppContext } from '../app/context';
import { useStore, type Store } from '../app/store';
import type { Session } from '../app/session';
import { PlaneCard, PlaygroundView } from '../app/views/PlaygroundView';
import type { Controls } from './attributes';

// the page-level dialogs (help, presenter, seeds) have no place inside a host's page
const NO_UI: UiHooks = { toggleHelp() {}, togglePresenter() {} };

/** The app's transport without the single steps. */
function PlayReset({ store }: { store: Store }) {
  const playing = useStore(store, (s) => s.status.playing);
  return (
    <div className="transport" role="toolbar" aria-label="Training controls">
      <ActionButton action={actionById('reset')} className="round-button" />
      <ActionButton action={actionById('togglePlay')} className={`play-button ${playing ? 'playing' : ''}`} testId="play" />
    </div>
  );
}

export function EmbedView({ session, controls }: { session: Session; controls: Controls }) {
  const { store, controller } = session;
  const ctx = useMemo(() => ({ store, controller, ui: NO_UI }), [store, controller]);
  if (controls === 'full') return <PlaygroundView session={session} ui={NO_UI} embed />;
  return (
    <AppContext.Provider value={ctx}>
      {controls === 'minimal' && (
        <div className="control-bar embed-bar">
          <PlayReset store={store} />
          <Readouts compact />
        </div>
      )}
      <Notices />
      {controls === 'minimal' && <PresetBanner store={store} />}
      <div className="gp-embed-layout">
        <PlaneCard store={store} compact />
      </div>
    </AppContext.Provider>
  );
}
