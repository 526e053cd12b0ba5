// The loss picker: choosing a loss loads its paper defaults (shown as such on the
// controls); where the authors' 2D toy code used other settings, one click loads those.
import { useId } from 'react';
import { LOSS_INFO as LOSSES } from '../../engine/lossInfo';
import { LOSS_IDS, SETTINGS, type LossId } from '../../engine/settings';
import { useApp } from '../context';
import { useStore } from '../store';

export function LossPicker() {
  const { store, controller } = useApp();
  const id = useId();
  const loss = useStore(store, (s) => s.settings.loss);
  const def = LOSSES[loss];
  return (
    <div className="setting loss-picker" data-testid="setting-loss">
      <label htmlFor={id}>
        {SETTINGS.loss.label}
        <span className="reset-mark" title="Changing this starts a new run" aria-label="(resets the run)">
          ↺
        </span>
      </label>
      <select id={id} data-testid="loss-select" aria-label={SETTINGS.loss.label} value={loss} onChange={(e) => controller.chooseLoss(e.target.value as LossId)} aria-describedby={`${id}-summary`}>
        {LOSS_IDS.map((id) => (
          <option key={id} value={id}>
            {LOSSES[id].label}
          </option>
        ))}
      </select>
      <p className="loss-summary" id={`${id}-summary`}>
        {def.summary} <span className="reference">Paper defaults: {def.reference}.</span>
      </p>
      <div className="loss-buttons">
        <button type="button" className="link-button" onClick={() => controller.chooseLoss(loss)} data-testid="load-paper-defaults">
          Load paper defaults
        </button>
        {def.toyDefaults && (
          <button type="button" className="link-button" onClick={() => controller.loadToyDefaults()} title={def.toyDefaults.reference} data-testid="load-toy-defaults">
            Load the authors’ 2D toy settings
          </button>
        )}
      </div>
    </div>
  );
}
