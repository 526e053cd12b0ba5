// One control per setting of the engine's table: its kind picks the widget, its range is
// shown, bad values are refused with the table's message, and the control says whether
// a change applies live or resets the run.
import { useId, useState, type KeyboardEvent } from 'react';
import { LOSS_INFO as LOSSES } from '../../engine/lossInfo';
import { formatNumber, irrelevance, specOf, type NumberSpec, type SettingKey, type Settings } from '../../engine/settings';
import { useApp } from '../context';
import { useStore } from '../store';
import { COST_KEYS, costWarning, estimateIterationMs } from '../../engine/cost';

function badge(key: SettingKey, s: Settings): string | null {
  const loss = LOSSES[s.loss];
  const paper = loss.defaults[key];
  if (paper !== undefined && paper === s[key]) return 'paper';
  const toy = loss.toyDefaults?.settings[key];
  if (toy !== undefined && toy === s[key]) return 'toy code';
  return null;
}

/** The normalisation settings: what they cost, said next to the setting (npm run bench measures it). */
const NORM_NOTE: Partial<Record<SettingKey, true>> = { gBatchNorm: true, dLayerNorm: true };

function normNote(on: boolean): string {
  return on
    ? 'Trained by the fused kernels like the plain network, the gradient penalty through layer norm included: with batch norm in G and layer norm in D an iteration of WGAN-GP 3x64 took 1.2-1.8 times the plain network’s in Node. The tfjs backends run it through autodiff, 14-25 times slower than the fused kernels.'
    : 'The fused kernels cover it: with batch norm in G and layer norm in D an iteration of WGAN-GP 3x64 takes 1.2-1.8 times the plain network’s.';
}

function toSlider(spec: NumberSpec, v: number): number {
  return spec.scale === 'log' ? Math.log10(v) : v;
}

function fromSlider(spec: NumberSpec, x: number): number {
  if (spec.scale === 'log') return Number(Math.pow(10, x).toPrecision(2));
  return spec.kind === 'int' ? Math.round(x) : Number(x.toPrecision(3));
}

/**
 * What an iteration would cost with this control at the value being edited (the draft, before
 * it is applied) or at its value: a sentence past a second, else null.
 */
function costNote(k: SettingKey, settings: Settings, draft: string | null, itPerSec: number): string | null {
  if (!(COST_KEYS as readonly string[]).includes(k)) return null;
  const drafted = draft !== null && Number.isFinite(Number(draft)) ? Number(draft) : null;
  const at = drafted !== null ? ({ ...settings, [k]: drafted } as Settings) : settings;
  const measured = itPerSec > 0 ? { settings, msPerIteration: 1000 / itPerSec } : null;
  return costWarning(estimateIterationMs(at, measured));
}

export function SettingControl({ k, compact = false }: { k: SettingKey; compact?: boolean }) {
  const { store, controller } = useApp();
  const settings = useStore(store, (s) => s.settings);
  const spec = specOf(k);
  const value = settings[k];
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const unused = irrelevance(k, settings);
  const mark = badge(k, settings);
  const itPerSec = useStore(store, (s) => s.status.itPerSec);
  const cost = costNote(k, settings, draft, itPerSec);

  const commit = (raw: unknown) => {
    const err = controller.setSetting(k, raw);
    setError(err);
    if (!err) setDraft(null);
  };

  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [helpId, error ? errorId : ''].filter(Boolean).join(' ');
  let widget: React.ReactNode;
  let range: string | null = null;

  if (spec.kind === 'choice') {
    widget = (
      <select id={id} value={String(value)} disabled={!!unused} aria-label={spec.label} aria-describedby={describedBy} onChange={(e) => commit(e.target.value)}>
        {spec.choices.map((c) => (
          <option key={c.value} value={c.value} disabled={k === 'generator' && c.value === 'theta' && settings.target !== 'line'}>
            {c.label}
          </option>
        ))}
      </select>
    );
  } else if (spec.kind === 'bool') {
    widget = <input id={id} type="checkbox" checked={value as boolean} disabled={!!unused} aria-label={spec.label} aria-describedby={describedBy} onChange={(e) => commit(e.target.checked)} />;
  } else {
    const num = value as number;
    range = `${formatNumber(spec.min)} – ${formatNumber(spec.max)}`;
    const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
      if (e.key === 'Enter') commit(e.currentTarget.value);
      if (e.key === 'Escape') {
        setDraft(null);
        setError(null);
      }
    };
    const sliderMin = toSlider(spec, spec.scale === 'log' ? spec.min : spec.min);
    const sliderMax = toSlider(spec, spec.max);
    widget = (
      <div className="number-control">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          className={error ? 'invalid' : ''}
          value={draft ?? formatNumber(num)}
          disabled={!!unused}
          aria-invalid={!!error}
          aria-label={spec.label}
          aria-describedby={describedBy}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={(e) => draft !== null && commit(e.target.value)}
          onKeyDown={onKey}
        />
        {!compact && spec.max - spec.min > 0 && (
          <input
            type="range"
            aria-label={`${spec.label} slider`}
            min={sliderMin}
            max={sliderMax}
            step={spec.scale === 'log' ? 0.05 : spec.kind === 'int' ? 1 : (spec.max - spec.min) / 200}
            value={toSlider(spec, draft !== null && Number.isFinite(Number(draft)) && Number(draft) > 0 ? Number(draft) : num)}
            disabled={!!unused}
            onChange={(e) => setDraft(formatNumber(fromSlider(spec, Number(e.target.value))))}
            onPointerUp={(e) => commit(fromSlider(spec, Number(e.currentTarget.value)))}
            onKeyUp={(e) => commit(fromSlider(spec, Number(e.currentTarget.value)))}
          />
        )}
      </div>
    );
  }

  return (
    <div className={`setting ${unused ? 'unused' : ''}`} data-testid={`setting-${k}`}>
      <label htmlFor={id}>
        {spec.label}
        {!spec.live && (
          <span className="reset-mark" title="Changing this starts a new run" aria-label="(resets the run)">
            ↺
          </span>
        )}
        {mark && <span className={`badge badge-${mark.replace(' ', '-')}`}>{mark}</span>}
      </label>
      {widget}
      <div className="setting-meta" id={helpId}>
        {range && (
          <span className="range" data-testid={`range-${k}`}>
            {range}
          </span>
        )}
        <span className="help">{unused ? `(${unused})` : spec.help}</span>
        {!spec.live && <span className="sr-only"> Changing it starts a new run.</span>}
      </div>
      {NORM_NOTE[k] && (
        <div className={`setting-note ${value ? 'on' : ''}`} data-testid={`norm-note-${k}`}>
          {normNote(value as boolean)}
        </div>
      )}
      {cost && (
        <div className="setting-cost" role="status" data-testid={`cost-${k}`}>
          {cost}
        </div>
      )}
      {error && (
        <div className="setting-error" role="alert" id={errorId} data-testid={`error-${k}`}>
          {error}
        </div>
      )}
    </div>
  );
}
