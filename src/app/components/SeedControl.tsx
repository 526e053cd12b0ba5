import { SettingControl } from './SettingControl';
import { useApp } from '../context';

export function SeedControl() {
  const { controller } = useApp();
  return (
    <div className="seed-control">
      <SettingControl k="seed" compact />
      <button type="button" className="small-button" onClick={() => controller.setSetting('seed', Math.floor(Math.random() * 1_000_000))} title="A new random seed (starts a new run)">
        New seed
      </button>
    </div>
  );
}
