// The presets gallery: each reproduces a phenomenon with a fixed seed.
import { PRESETS, type Preset } from '../../engine/presets';
import { Dialog } from './Dialog';

export function PresetMenu({ onPick, onClose }: { onPick(p: Preset): void; onClose(): void }) {
  return (
    <Dialog title="Presets" onClose={onClose} testId="preset-menu" wide>
      <p>Each preset reproduces a phenomenon every time (fixed seed). Loading one starts a new run.</p>
      <ul className="preset-list">
        {PRESETS.map((p) => (
          <li key={p.id}>
            <button type="button" onClick={() => onPick(p)} data-testid={`preset-${p.id}`}>
              <strong>{p.title}</strong>
              <span>{p.explanation}</span>
              {p.view === 'line' && <em>Opens the vertical-line lesson.</em>}
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
