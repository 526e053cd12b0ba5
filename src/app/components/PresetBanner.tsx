// What the loaded preset shows, in one line, above the charts.
import { changedKeys } from '../../engine/settings';
import { useStore, type Store } from '../store';

export function PresetBanner({ store }: { store: Store }) {
  const preset = useStore(store, (s) => s.preset);
  const modified = useStore(store, (s) => (s.preset ? changedKeys(s.preset.settings, s.settings).filter((k) => k !== 'backend').length > 0 : false));
  if (!preset) return null;
  return (
    <div className="preset-banner" role="note" data-testid="preset-banner">
      <strong>{preset.title}</strong>
      {modified ? ' (modified)' : ''}: <span>{preset.explanation}</span>
      <button type="button" className="dismiss" aria-label="Dismiss the preset note" onClick={() => store.setState({ preset: null })}>
        ×
      </button>
    </div>
  );
}
