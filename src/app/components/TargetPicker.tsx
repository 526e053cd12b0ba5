// The target picker: one card per target with a small preview drawn from the engine's own
// sampler, so the preview is exactly what the generator will be asked to imitate.
import { useEffect, useId, useRef, useState } from 'react';
import { choiceRefusal } from '../../engine/models/support';
import { Rng } from '../../engine/rng';
import { SETTINGS, type Settings, type TargetId } from '../../engine/settings';
import { makeTarget } from '../../engine/targets';
import type { Points } from '../../engine/trainer';
import { COLORS } from '../charts/colors';
import { useApp } from '../context';
import { useStore } from '../store';
import { PointsEditor } from './PointsEditor';

function Preview({ id, points }: { id: TargetId; points: Points }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const t = makeTarget(id, points);
    const size = canvas.width;
    if (t.image) {
      // the digits load only once chosen: a drawn sign instead of samples
      ctx.clearRect(0, 0, size, size);
      ctx.fillStyle = '#222';
      ctx.fillRect(0, 0, size, size);
      ctx.fillStyle = '#fff';
      ctx.font = `bold ${Math.round(size / 3)}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('2 7', size / 2, size * 0.3);
      ctx.fillText('0 9', size / 2, size * 0.72);
      return;
    }
    const [x0, x1, y0, y1] = t.extent;
    const span = Math.max(x1 - x0, y1 - y0);
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    ctx.clearRect(0, 0, size, size);
    ctx.fillStyle = COLORS.real;
    const s = t.sample(500, new Rng(1));
    for (let i = 0; i < 500; i++) {
      const px = ((s[2 * i] - cx) / span + 0.5) * size;
      const py = (0.5 - (s[2 * i + 1] - cy) / span) * size;
      ctx.fillRect(px - 1, py - 1, 2, 2);
    }
  }, [id, points]);
  return <canvas ref={ref} width={64} height={64} aria-hidden="true" />;
}

export function TargetPicker() {
  const { store, controller } = useApp();
  const target = useStore(store, (s) => s.settings.target);
  const settings = useStore(store, (s) => s.settings);
  const points = useStore(store, (s) => s.customPoints);
  const spec = SETTINGS.target;
  const [editing, setEditing] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  // the support table (engine/models/support.ts): targets the model cannot train are disabled; leaving the
  // line for another target gives g_θ's place to the MLP (the controller does so), so that is not refused
  const refusal = (t: TargetId): string | null =>
    t === target ? null : choiceRefusal({ ...settings, generator: t !== 'line' ? 'mlp' : settings.generator } as Settings, 'target', t);
  const choose = (t: TargetId) => setRefused(controller.setSetting('target', t));
  const group = useId(); // two pickers (side by side) must not share a radio group
  return (
    <fieldset className="target-picker" data-testid="setting-target">
      <legend>
        {spec.label}
        <span className="reset-mark" title="Changing this starts a new run" aria-label="(resets the run)">
          ↺
        </span>
      </legend>
      <div className="target-cards" role="radiogroup" aria-label="Target distribution">
        {spec.choices.map((c) => (
          <label
            key={c.value}
            className={`target-card ${c.value === target ? 'selected' : ''} ${refusal(c.value) ? 'disabled' : ''}`}
            title={refusal(c.value) ?? makeTarget(c.value, points).description}
            // dimmed where the model cannot train it (the note below says why)
            style={refusal(c.value) ? { opacity: 0.45, cursor: 'not-allowed' } : undefined}
          >
            <input
              type="radio"
              name={group}
              value={c.value}
              data-testid={`target-option-${c.value}`}
              checked={c.value === target}
              disabled={!!refusal(c.value)}
              onChange={() => choose(c.value)}
              onClick={() => c.value === 'custom' && setEditing(true)}
            />
            <Preview id={c.value} points={points} />
            <span>{c.label}</span>
          </label>
        ))}
      </div>
      {spec.choices.some((c) => refusal(c.value)) && (
        <p className="setting-note" data-testid="target-refusal">
          {refusal(spec.choices.find((c) => refusal(c.value))!.value)}.
        </p>
      )}
      {refused && (
        <p className="setting-note" role="alert" data-testid="target-refused">
          {refused}.
        </p>
      )}
      <button type="button" className="small-button draw-button" onClick={() => setEditing(true)} data-testid="edit-points">
        Draw or load your own points…
      </button>
      {editing && <PointsEditor initial={points} onApply={(p) => controller.setCustomPoints(p)} onClose={() => setEditing(false)} />}
    </fieldset>
  );
}
