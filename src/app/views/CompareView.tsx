// Side by side: two runs with the same target and seed but different settings, trained
// together (one worker each) and drawn next to each other.
import { useEffect, useMemo, useState } from 'react';
import type { UiHooks } from '../actions';
import { DistanceChart } from '../charts/DistanceChart';
import { ChartIdScope } from '../charts/LiveChart';
import { LossChart } from '../charts/LossChart';
import { ModesChart } from '../charts/ModesChart';
import { LossPicker } from '../components/LossPicker';
import { Notices } from '../components/Notices';
import { Readouts } from '../components/Readouts';
import { SettingsPanel } from '../components/SettingsPanel';
import { Transport } from '../components/Transport';
import { AppContext } from '../context';
import { group, type Session } from '../session';
import { ChartCard, PlaneCard } from './PlaygroundView';
import { changedKeys } from '../../engine/settings';
import { COMPARE_PAIRS, DEFAULT_PAIR, pairPresets } from './compareDefaults';

const SHARED = ['target', 'seed'] as const;

function RunColumn({ session, side, ui }: { session: Session; side: 'left' | 'right'; ui: UiHooks }) {
  const ctx = useMemo(() => ({ store: session.store, controller: session.controller, ui }), [session, ui]);
  return (
    <AppContext.Provider value={ctx}>
      {/* each column's charts get their own element ids (their summaries are found by id) */}
      <ChartIdScope.Provider value={side}>
      <section className={`compare-column compare-${side}`} aria-label={`${side} run`} data-testid={`compare-${side}`}>
        <div className="card compare-head">
          <Readouts compact />
          <LossPicker />
          <details>
            <summary>All settings of this run</summary>
            <SettingsPanel />
          </details>
        </div>
        <Notices />
        <PlaneCard store={session.store} title={`The plane (${side})`} compact />
        <ChartCard title="Distance">
          <DistanceChart store={session.store} />
        </ChartCard>
        <ChartCard title="Mode coverage">
          <ModesChart store={session.store} />
        </ChartCard>
        <ChartCard title="Losses">
          <LossChart store={session.store} />
        </ChartCard>
      </section>
      </ChartIdScope.Provider>
    </AppContext.Provider>
  );
}

export function CompareView({ a, b, ui }: { a: Session; b: Session; ui: UiHooks }) {
  // Target, seed and the user's points are shared: a change on either side applies to both.
  useEffect(() => {
    const mirror = (from: Session, to: Session) =>
      from.store.subscribe(() => {
        const f = from.store.getState();
        const t = to.store.getState();
        const diff = SHARED.some((k) => f.settings[k] !== t.settings[k]) || (f.settings.target === 'custom' && f.customPoints !== t.customPoints);
        if (!diff) return;
        const next = { ...t.settings, target: f.settings.target, seed: f.settings.seed };
        if (next.target !== 'line' && next.generator === 'theta') next.generator = 'mlp';
        to.controller.applySettings(next, f.customPoints);
      });
    const u1 = mirror(a, b);
    const u2 = mirror(b, a);
    return () => {
      u1();
      u2();
    };
  }, [a, b]);

  const both = useMemo(() => group([a, b]), [a, b]);
  // The pair the runs started from, if they did (a link may open other settings)
  const [pair, setPair] = useState(() => {
    const seed = a.store.getState().settings.seed;
    const [l, r] = pairPresets(DEFAULT_PAIR, seed);
    return changedKeys(l.settings, a.store.getState().settings).length === 0 && changedKeys(r.settings, b.store.getState().settings).length === 0 ? DEFAULT_PAIR : '';
  });
  // A pair loads both presets (on the shared seed) and starts both runs afresh.
  const loadPair = (id: string) => {
    setPair(id);
    const [left, right] = pairPresets(id, a.store.getState().settings.seed);
    a.controller.loadPreset(left);
    b.controller.loadPreset(right);
  };
  const ctx = useMemo(() => ({ store: a.store, controller: a.controller, ui, target: both }), [a, ui, both]);
  return (
    <>
      <AppContext.Provider value={ctx}>
        <div className="control-bar">
          <Transport />
          <label className="compare-pair">
            Compare{' '}
            <select value={pair} onChange={(e) => loadPair(e.target.value)} data-testid="compare-pair">
              {pair === '' && <option value="">these runs’ own settings</option>}
              {COMPARE_PAIRS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <p className="compare-note">Both runs train together from the same target and seed; play, steps and reset act on both.</p>
        </div>
      </AppContext.Provider>
      <main className="compare-layout">
        <RunColumn session={a} side="left" ui={ui} />
        <RunColumn session={b} side="right" ui={ui} />
      </main>
    </>
  );
}
