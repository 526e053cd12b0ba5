// The presets gallery: each reproduces a phenomenon with a fixed seed.
import { PRESET_CRITERIA } from '../../engine/presetCriteria';
import { PRESETS, type Preset } from '../../engine/presets';
import { Dialog } from './Dialog';

export function PresetMenu({ onPick, onClose }: { onPick(p: Preset): void; onClose(): void }) {
  return (
    <Dialog title="Presets" onClose={onClose} testId="preset-menu" wide>
      <p>
        Each preset opens on its own seed and shows its phenomenon on at least 9 of seeds 1-10, by the check written under it (<code>npm run presets</code> runs them). Loading one always
        starts a new run.
      </p>
      <ul className="preset-list">
        {PRESETS.map((p) => (
          <li key={p.id}>
            <button type="button" onClick={() => onPick(p)} data-testid={`preset-${p.id}`}>
              <strong>{p.title}</strong>
              <span>{p.explanation}</span>
              {p.view === 'line' && <em>Opens the vertical-line lesson.</em>}
              {PRESET_CRITERIA[p.id] && <small className="preset-check">Checked: {PRESET_CRITERIA[p.id].text}.</small>}
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
