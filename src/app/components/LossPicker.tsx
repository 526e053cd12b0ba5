// The loss picker: choosing a loss loads settings measured to work on the 2D targets; the
// paper's settings (tuned for images, marked "paper" on the controls) are one click away,
// and where the authors' 2D toy code used other settings, one click loads those.
import { useId } from 'react';
import { LOSS_INFO as LOSSES } from '../../engine/lossInfo';
import { MODEL_SUPPORT, choiceRefusal } from '../../engine/models/support';
import { LOSS_IDS, SETTINGS, type LossId } from '../../engine/settings';
import { useApp } from '../context';
import { useStore } from '../store';

export function LossPicker() {
  const { store, controller } = useApp();
  const id = useId();
  const loss = useStore(store, (s) => s.settings.loss);
  const settings = useStore(store, (s) => s.settings);
  const def = LOSSES[loss];
  // the support table (engine/models/support.ts): losses the model refuses are disabled; a model with its own losses ignores the choice
  const own = MODEL_SUPPORT[settings.model].losses === 'own';
  return (
    <div className="setting loss-picker" data-testid="setting-loss">
      <label htmlFor={id}>
        {SETTINGS.loss.label}
        <span className="reset-mark" title="Changing this starts a new run" aria-label="(resets the run)">
          ↺
        </span>
      </label>
      <select id={id} data-testid="loss-select" aria-label={SETTINGS.loss.label} value={loss} onChange={(e) => controller.chooseLoss(e.target.value as LossId)} aria-describedby={`${id}-summary`}>
        {LOSS_IDS.map((id) => {
          const why = id === loss ? null : choiceRefusal(settings, 'loss', id);
          return (
            <option key={id} value={id} disabled={!!why} title={why ?? undefined}>
              {LOSSES[id].label}
            </option>
          );
        })}
      </select>
      {own && (
        <p className="setting-note" data-testid="loss-own-note">
          {MODEL_SUPPORT[settings.model].name} has its own losses: this choice applies to the GAN.
        </p>
      )}
      <p className="loss-summary" id={`${id}-summary`}>
        {def.summary}{' '}
        <span className="reference" data-testid="loss-settings-note">
          Choosing it loads settings measured on the 2D targets: {def.settings2d.measured}. Paper: {def.reference}.
        </span>
      </p>
      <div className="loss-buttons">
        <button type="button" className="link-button" onClick={() => controller.chooseLoss(loss)} data-testid="load-2d-defaults">
          Load the 2D settings
        </button>
        <button type="button" className="link-button" onClick={() => controller.loadPaperDefaults()} title={def.reference} data-testid="load-paper-defaults">
          Load the paper’s settings (tuned for images)
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
