// The playground page: transport and readouts on top, settings on the left, the plane and
// the four metric charts on the right.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { actionForKey, type UiHooks } from './actions';
import { DistanceChart } from './charts/DistanceChart';
import { HealthChart } from './charts/HealthChart';
import { LossChart } from './charts/LossChart';
import { ModesChart } from './charts/ModesChart';
import { PlaneChart, type PlaneView } from './charts/PlaneChart';
import { HelpPanel } from './components/HelpPanel';
import { Notices } from './components/Notices';
import { Readouts } from './components/Readouts';
import { SettingsPanel } from './components/SettingsPanel';
import { Transport } from './components/Transport';
import { AppContext } from './context';
import type { Controller } from './controller';
import { useStore, type Store } from './store';
import { LOSS_INFO as LOSSES } from '../engine/lossInfo';

function PlaneCard({ store }: { store: Store }) {
  const [field, setField] = useState<PlaneView['field']>('heatmap');
  const [arrows, setArrows] = useState(true);
  const view = useMemo(() => ({ field, arrows }), [field, arrows]);
  const loss = useStore(store, (s) => LOSSES[s.settings.loss]);
  return (
    <section className="card plane-card" aria-labelledby="plane-title">
      <div className="card-head">
        <h2 id="plane-title">The plane</h2>
        <div className="view-options" role="group" aria-label="Plane display options">
          <label>
            Field{' '}
            <select value={field} onChange={(e) => setField(e.target.value as PlaneView['field'])} data-testid="field-style">
              <option value="heatmap">heatmap</option>
              <option value="contour">contours</option>
              <option value="none">hidden</option>
            </select>
          </label>
          <label>
            <input type="checkbox" checked={arrows} onChange={(e) => setArrows(e.target.checked)} data-testid="toggle-arrows" /> gradient arrows
          </label>
        </div>
      </div>
      <PlaneChart store={store} view={view} />
      <p className="card-note">
        Real samples are blue dots, generated samples orange crosses. The background is{' '}
        {loss.output === 'logit' ? 'the discriminator’s probability that a point is real' : 'the critic’s score f(x) (higher: more real)'}; arrows show ∇f at generated
        samples, the direction in which the generator is pushed.
      </p>
    </section>
  );
}

function ChartCard({ title, note, children }: { title: string; note: string; children: React.ReactNode }) {
  return (
    <section className="card chart-card">
      <h2>{title}</h2>
      {children}
      <p className="card-note">{note}</p>
    </section>
  );
}

export function App({ store, controller }: { store: Store; controller: Controller }) {
  const [help, setHelp] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const ui: UiHooks = useMemo(() => ({ toggleHelp: () => setHelp((h) => !h) }), []);
  const ctx = useMemo(() => ({ store, controller, ui }), [store, controller, ui]);

  const onKeyDown = useCallback(
    (e: React.KeyboardEvent) => {
      const action = actionForKey(e.nativeEvent);
      if (!action) return;
      // Buttons handle Space themselves; elsewhere Space would scroll the page.
      if (e.key === ' ' && e.target instanceof HTMLButtonElement) return;
      e.preventDefault();
      if (!action.enabled || action.enabled(store.getState())) action.perform(controller, ui);
    },
    [controller, store, ui],
  );

  useEffect(() => {
    root.current?.focus({ preventScroll: true });
  }, []);

  return (
    <AppContext.Provider value={ctx}>
      <div className="app" ref={root} tabIndex={-1} onKeyDown={onKeyDown} data-testid="playground">
        <header className="topbar">
          <div className="brand">
            <h1>GAN Playground</h1>
            <p>Train GANs and WGANs on 2D distributions, live in your browser.</p>
          </div>
          <nav className="top-actions">
            <button type="button" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
              ?
            </button>
          </nav>
        </header>
        <div className="control-bar">
          <Transport />
          <Readouts />
        </div>
        <Notices />
        <main className="layout">
          <aside className="sidebar" aria-label="Settings">
            <SettingsPanel />
          </aside>
          <div className="workspace">
            <div className="plane-area">
              <PlaneCard store={store} />
            </div>
            <div className="side-charts">
              <ChartCard title="Losses" note="The discriminator’s (critic’s) loss and the generator’s loss per iteration.">
                <LossChart store={store} />
              </ChartCard>
              <ChartCard
                title="Distance"
                note="The critic’s own estimate, the exact W1 between 500 generated and 500 real samples, and its floor: the exact W1 between two independent real samples, the best a perfect generator can score."
              >
                <DistanceChart store={store} />
              </ChartCard>
            </div>
            <div className="bottom-charts">
              <ChartCard title="Mode coverage" note="Modes with at least one sample within 3σ of their centre, and the share of such high-quality samples (2,500 samples; mixture targets).">
                <ModesChart store={store} />
              </ChartCard>
              <ChartCard title="Critic health" note="The critic’s mean gradient norm (log scale) and its weights per layer: clipping piles weights up at ±c.">
                <HealthChart store={store} />
              </ChartCard>
            </div>
          </div>
        </main>
        {help && <HelpPanel onClose={() => setHelp(false)} />}
      </div>
    </AppContext.Provider>
  );
}
