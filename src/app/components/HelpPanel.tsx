// The '?' panel: keyboard shortcuts straight from the action registry.
import { ACTIONS } from '../actions';
import { Dialog } from './Dialog';

export function HelpPanel({ onClose }: { onClose(): void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} testId="help-panel">
      <p>Shortcuts work while the playground has focus (click anywhere on it first when it is embedded in another page).</p>
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
    </Dialog>
  );
}
