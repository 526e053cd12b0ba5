// What the loaded preset shows, in one line, above the charts, and how far the run is towards
// the iterations its claim is about (a student sees whether to wait).
import { PRESET_CRITERIA } from '../../engine/presetCriteria';
import { changedKeys } from '../../engine/settings';
import { useStore, type Store } from '../store';

const nf = new Intl.NumberFormat('en-US');

/** ", about 2 min to go at this speed" while playing at a measured rate; nothing otherwise. */
export function timeLeft(iterations: number, perSecond: number): string {
  if (!(perSecond > 0) || iterations <= 0) return '';
  const s = iterations / perSecond;
  const text = s < 90 ? `${Math.max(1, Math.round(s / 5) * 5)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
  return `, about ${text} to go at this speed`;
}

export function PresetBanner({ store }: { store: Store }) {
  const preset = useStore(store, (s) => s.preset);
  const modified = useStore(store, (s) => (s.preset ? changedKeys(s.preset.settings, s.settings).filter((k) => k !== 'backend').length > 0 : false));
  const iteration = useStore(store, (s) => s.status.iteration);
  const rate = useStore(store, (s) => (s.status.playing ? s.status.itPerSec : 0));
  if (!preset) return null;
  const budget = PRESET_CRITERIA[preset.id]?.iterations;
  const done = budget ? Math.min(iteration, budget) : 0;
  return (
    <div className="preset-banner" role="note" data-testid="preset-banner">
      <strong>{preset.title}</strong>
      {modified ? ' (modified)' : ''}: <span>{preset.explanation}</span>
      {budget && !modified && (
        <span className="preset-progress" data-testid="preset-progress">
          {' '}
          <progress max={budget} value={done} aria-label="Iterations towards the claim" />{' '}
          {iteration >= budget
            ? `iteration ${nf.format(iteration)}: past the ${nf.format(budget)} the claim is about`
            : `iteration ${nf.format(iteration)} of the ${nf.format(budget)} the claim is about${timeLeft(budget - iteration, rate)}`}
        </span>
      )}
      <button type="button" className="dismiss" aria-label="Dismiss the preset note" onClick={() => store.setState({ preset: null })}>
        ×
      </button>
    </div>
  );
}
