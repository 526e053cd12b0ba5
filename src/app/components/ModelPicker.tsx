// The model: a GAN, or ALAE (the lecture's Algorithm 1). Choosing ALAE loads the settings
// measured for it on the 2D targets; the paper's are one click away. ALAE trains on tfjs:
// the fused kernels do not cover its four networks, and the page says so here.
import { useId, useState } from 'react';
import { ALAE_2D, ALAE_PAPER } from '../../engine/alae';
import { choiceRefusal, describeFix, withSupportFixes } from '../../engine/models/support';
import { SETTINGS, type Settings } from '../../engine/settings';
import { useApp } from '../context';
import { useStore } from '../store';

type Model = Settings['model'];

export function ModelPicker() {
  const { store, controller } = useApp();
  const id = useId();
  const model = useStore(store, (s) => s.settings.model);
  const settings = useStore(store, (s) => s.settings);
  // the support table (engine/models/support.ts): models that cannot train the current target are disabled
  const refusals = Object.fromEntries(SETTINGS.model.choices.map((c) => [c.value, c.value === model ? null : choiceRefusal(settings, 'model', c.value)]));
  const [notice, setNotice] = useState<string | null>(null);
  const choose = (next: Model, extra: Partial<Settings> = {}) => {
    const s = store.getState().settings;
    const wanted = { ...s, ...(next === 'alae' ? ALAE_2D.settings : {}), ...extra, model: next };
    if (choiceRefusal(s, 'model', next)) return;
    // sizes the model cannot hold: switched to ones that fit, and said so
    const fixed = withSupportFixes(wanted);
    setNotice(fixed.changed.length ? fixed.changed.map((i) => `${i.message}; using ${describeFix(i.fix)}`).join('. ') : null);
    controller.applySettings(fixed.settings);
  };
  return (
    <div className="setting model-picker" data-testid="setting-model">
      <label htmlFor={id}>
        {SETTINGS.model.label}
        <span className="reset-mark" title="Changing this starts a new run" aria-label="(resets the run)">
          ↺
        </span>
      </label>
      <select id={id} data-testid="model-select" aria-label={SETTINGS.model.label} value={model} onChange={(e) => choose(e.target.value as Model)} aria-describedby={`${id}-note`}>
        {SETTINGS.model.choices.map((c) => (
          <option key={c.value} value={c.value} disabled={!!refusals[c.value]} title={refusals[c.value] ?? undefined}>
            {c.label}
            {refusals[c.value] ? ' (not for this target)' : ''}
          </option>
        ))}
      </select>
      {Object.entries(refusals).map(([value, why]) =>
        why ? (
          <p key={value} className="setting-note" data-testid={`model-refusal-${value}`}>
            {why}.
          </p>
        ) : null,
      )}
      {notice && (
        <p className="setting-note" role="status" data-testid="model-notice">
          {notice}.
        </p>
      )}
      <p className="loss-summary" id={`${id}-note`}>
        {model === 'alae' ? (
          <>
            Mapping F: z → w, generator G: w → x, encoder E: x → w, discriminator D: w → score. Step I trains E and D on softplus(D(E(G(F(z))))) + softplus(−D(E(x))) + γ/2·E‖∇ₓD(E(x))‖²;
            step II trains F and G on softplus(−D(E(G(F(z))))); step III trains E and G on ‖F(z) − E(G(F(z)))‖². The loss settings below do not apply.{' '}
            <span className="reference" data-testid="alae-backend-note">
              ALAE trains on tfjs (wasm, WebGL or CPU): the fused kernels do not cover its four networks, so backend “fused” uses tfjs wasm. Choosing ALAE loads settings
              measured on the 2D targets: {ALAE_2D.measured}.
            </span>
          </>
        ) : (
          SETTINGS.model.help
        )}
      </p>
      {model === 'alae' && (
        <div className="loss-buttons">
          <button type="button" className="link-button" onClick={() => choose('alae')} data-testid="load-alae-2d">
            Load ALAE’s 2D settings
          </button>
          <button type="button" className="link-button" onClick={() => choose('alae', ALAE_PAPER)} title="Pidhorskyi et al. 2020" data-testid="load-alae-paper">
            Load the paper’s settings (Adam β = (0, 0.99), lr 0.002, γ 10)
          </button>
        </div>
      )}
    </div>
  );
}
