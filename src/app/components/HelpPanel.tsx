// The '?' panel: keyboard shortcuts straight from the action registry.
import { useEffect, useRef } from 'react';
import { ACTIONS } from '../actions';

export function HelpPanel({ onClose }: { onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        tabIndex={-1}
        ref={ref}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape' || e.key === '?') {
            e.stopPropagation();
            onClose();
          }
        }}
        data-testid="help-panel"
      >
        <h2 id="help-title">Keyboard shortcuts</h2>
        <p>Shortcuts work while the playground has focus (click anywhere on it first when it is embedded).</p>
        <table>
          <tbody>
            {ACTIONS.map((a) => (
              <tr key={a.id}>
                <td>
                  <kbd>{a.keyLabel}</kbd>
                </td>
                <td>{a.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
