// Play / pause, reset and single steps, from the action registry.
import { ACTIONS, type ActionDef } from '../actions';
import { useApp } from '../context';
import { useStore } from '../store';

const ICONS: Record<string, string> = {
  reset: '⟲',
  stepCritic: 'D+1',
  stepGenerator: 'G+1',
  stepIteration: '+1',
};
// ALAE's three steps by their numbers in the paper's Algorithm 1
const ALAE_ICONS: Record<string, string> = { ...ICONS, stepCritic: 'I', stepGenerator: 'II', stepReconstruction: 'III' };

export function ActionButton({ action, className, testId }: { action: ActionDef; className?: string; testId?: string }) {
  const { store, controller, ui, target } = useApp();
  const label = useStore(store, (s) => action.label(s));
  const enabled = useStore(store, (s) => (action.enabled ? action.enabled(s) : true));
  const icons = useStore(store, (s) => (s.settings.model === 'alae' ? ALAE_ICONS : ICONS));
  return (
    <button
      type="button"
      className={className}
      data-testid={testId ?? `action-${action.id}`}
      onClick={() => action.perform(target ?? controller, ui)}
      disabled={!enabled}
      title={`${action.description} (${action.keyLabel})`}
      aria-keyshortcuts={action.keyLabel === 'Space' ? 'Space' : action.keyLabel}
    >
      {icons[action.id] && (
        <span className="icon" aria-hidden="true">
          {icons[action.id]}
        </span>
      )}
      <span className={icons[action.id] ? 'sr-label' : ''}>{label}</span>
    </button>
  );
}

export function Transport() {
  const { store } = useApp();
  const playing = useStore(store, (s) => s.status.playing);
  const alae = useStore(store, (s) => s.settings.model === 'alae');
  const byId = Object.fromEntries(ACTIONS.map((a) => [a.id, a]));
  return (
    <div className="transport" role="toolbar" aria-label="Training controls">
      <ActionButton action={byId.reset} className="round-button" />
      <ActionButton action={byId.togglePlay} className={`play-button ${playing ? 'playing' : ''}`} testId="play" />
      <div className="step-buttons" role="group" aria-label="Single steps">
        <ActionButton action={byId.stepCritic} className="step-button" />
        <ActionButton action={byId.stepGenerator} className="step-button" />
        {alae && <ActionButton action={byId.stepReconstruction} className="step-button" />}
        <ActionButton action={byId.stepIteration} className="step-button" />
      </div>
    </div>
  );
}
