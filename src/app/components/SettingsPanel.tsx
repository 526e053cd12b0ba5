// Every setting of the engine's table, grouped as the table groups them.
import { SETTING_KEYS, specOf, type Group, type SettingKey } from '../../engine/settings';
import { useApp } from '../context';
import { useStore } from '../store';
import { BackendStatus } from './BackendStatus';
import { LossPicker } from './LossPicker';
import { ModelPicker } from './ModelPicker';
import { SeedControl } from './SeedControl';
import { SettingControl } from './SettingControl';
import { TargetPicker } from './TargetPicker';

const GROUPS: Array<{ id: Group; title: string }> = [
  { id: 'data', title: 'Data' },
  { id: 'loss', title: 'Loss' },
  { id: 'optimizer', title: 'Optimization' },
  { id: 'networks', title: 'Networks' },
  { id: 'runtime', title: 'Runtime' },
];

/** Settings with a dedicated widget instead of the generic control. */
const CUSTOM: Partial<Record<SettingKey, () => React.ReactNode>> = {
  target: () => <TargetPicker />,
  seed: () => <SeedControl />,
  model: () => <ModelPicker />,
  loss: () => <LossPicker />,
};

export function SettingsPanel() {
  const { store } = useApp();
  const diverged = useStore(store, (s) => !!s.diverged);
  return (
    <div className="settings-panel">
      {GROUPS.map((g) => (
        <details key={g.id} className="settings-group" open={g.id !== 'runtime' || diverged}>
          <summary>{g.title}</summary>
          {SETTING_KEYS.filter((k) => specOf(k).group === g.id).map((k) => {
            const custom = CUSTOM[k];
            return custom ? <div key={k}>{custom()}</div> : <SettingControl key={k} k={k} />;
          })}
          {g.id === 'runtime' && <BackendStatus />}
        </details>
      ))}
      <p className="legend-note">
        <span className="reset-mark">↺</span> starts a new run when changed; everything else applies live.
      </p>
    </div>
  );
}
