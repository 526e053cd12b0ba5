// The playground: transport and readouts on top, settings on the left, the plane with the
// mode balance (per-mode bars, KL) beside it, and the metric charts on the right and below. In embed mode, a reduced version for an iframe.
import { useMemo, useState } from 'react';
import { LOSS_INFO } from '../../engine/lossInfo';
import { makeTarget } from '../../engine/targets';
import { actionById, type UiHooks } from '../actions';
import { DistanceChart } from '../charts/DistanceChart';
import { HealthChart } from '../charts/HealthChart';
import { LatentChart } from '../charts/LatentChart';
import { LossChart } from '../charts/LossChart';
import { ModeBalance, ModesChart } from '../charts/ModesChart';
import { DigitsCard } from '../charts/DigitsCard';
import { PlaneChart, type PlaneView } from '../charts/PlaneChart';
import { Notices } from '../components/Notices';
import { PresetBanner } from '../components/PresetBanner';
import { Readouts } from '../components/Readouts';
import { SettingsPanel } from '../components/SettingsPanel';
import { ActionButton, Transport } from '../components/Transport';
import { AppContext } from '../context';
import type { Session } from '../session';
import { useStore, type Store } from '../store';

export function PlaneCard({ store, title = 'The plane', compact = false }: { store: Store; title?: string; compact?: boolean }) {
  const [field, setField] = useState<PlaneView['field']>('heatmap');
  const [arrows, setArrows] = useState(true);
  const [transport, setTransport] = useState(false);
  const [reconstructions, setReconstructions] = useState(false);
  const presenter = useStore(store, (s) => s.presenter);
  const alae = useStore(store, (s) => s.settings.model === 'alae');
  const alaeEma = useStore(store, (s) => s.settings.model === 'alae' && s.settings.alaeEma);
  const view = useMemo(() => ({ field, arrows, transport, presenter, reconstructions: alae && reconstructions }), [field, arrows, transport, presenter, alae, reconstructions]);
  const loss = useStore(store, (s) => LOSS_INFO[s.settings.loss]);
  // images have no plane: the digits card shows generated and real digits instead
  const digits = useStore(store, (s) => s.settings.target === 'digits');
  if (digits) return <DigitsCard store={store} compact={compact} />;
  return (
    <section className={`card plane-card ${compact ? 'compact' : ''}`} aria-label={title}>
      <div className="card-head">
        <h2>{title}</h2>
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
          <label title="A line from each of 500 generated samples to the real sample the exact W1 matches it with; their mean length is the exact W1.">
            <input type="checkbox" checked={transport} onChange={(e) => setTransport(e.target.checked)} data-testid="toggle-transport" /> transport plan
          </label>
          {alae && (
            <label title="ALAE: a line from each of 200 real samples x to its reconstruction G(E(x)) (encode, then generate).">
              <input type="checkbox" checked={reconstructions} onChange={(e) => setReconstructions(e.target.checked)} data-testid="toggle-reconstructions" /> reconstructions
            </label>
          )}
        </div>
      </div>
      <PlaneChart store={store} view={view} />
      {!compact && (
        <p className="card-note">
          Real samples are blue rings, generated samples orange crosses drawn over them: a mode with bare rings is one the generator misses. The background is{' '}
          {alae
            ? 'ALAE’s discriminator on the encoded point, sigmoid(D(E(x))): its probability that x is real'
            : loss.output === 'logit'
              ? 'the discriminator’s probability that a point is real'
              : 'the critic’s score f(x) (higher: more real)'}
          ; arrows show ∇f at generated samples, the direction in which the generator is pushed.
          {alaeEma && ' Samples, field, arrows and reconstructions come from ALAE’s smoothed model (a moving average of the four networks’ weights, half-life 10,000 samples, as the authors draw from model_s); the losses are the trained model’s.'}
        </p>
      )}
    </section>
  );
}

export function ChartCard({ title, note, children }: { title: string; note?: string; children: React.ReactNode }) {
  return (
    <section className="card chart-card" aria-label={title}>
      <h2>{title}</h2>
      {children}
      {note && <p className="card-note">{note}</p>}
    </section>
  );
}

export function PlaygroundView({ session, ui, embed }: { session: Session; ui: UiHooks; embed: boolean }) {
  const { store, controller } = session;
  const ctx = useMemo(() => ({ store, controller, ui }), [store, controller, ui]);
  const [showSettings, setShowSettings] = useState(false);
  // mode coverage means something only for mixtures: its chart is hidden for the other targets
  const target = useStore(store, (s) => s.settings.target);
  const points = useStore(store, (s) => s.customPoints);
  const hasModes = useMemo(() => {
    const t = makeTarget(target, points ?? undefined);
    return !!t.modes || !!t.classes;
  }, [target, points]);
  const alae = useStore(store, (s) => s.settings.model === 'alae');
  const alaeEma = useStore(store, (s) => s.settings.model === 'alae' && s.settings.alaeEma);

  if (embed) {
    return (
      <AppContext.Provider value={ctx}>
        <div className="control-bar embed-bar">
          <Transport />
          <Readouts compact />
          <button type="button" className="small-button" aria-expanded={showSettings} onClick={() => setShowSettings((v) => !v)} data-testid="embed-settings">
            {showSettings ? 'Hide settings' : 'Settings'}
          </button>
        </div>
        <Notices />
        <PresetBanner store={store} />
        <main className={`embed-layout ${showSettings ? 'with-settings' : ''}`}>
          {showSettings && (
            <aside className="sidebar" aria-label="Settings">
              <SettingsPanel />
            </aside>
          )}
          <PlaneCard store={store} compact />
        </main>
      </AppContext.Provider>
    );
  }

  return (
    <AppContext.Provider value={ctx}>
      <div className="control-bar">
        <Transport />
        <ActionButton action={actionById('trySeeds')} className="small-button seeds-button" />
        <Readouts />
      </div>
      <Notices />
      <PresetBanner store={store} />
      <main className="layout">
        <aside className="sidebar" aria-label="Settings">
          <SettingsPanel />
        </aside>
        <div className="workspace">
          <div className="plane-area">
            <PlaneCard store={store} />
          </div>
          <div className="side-charts">
            {hasModes && (
              <ChartCard
                title={target === 'digits' ? 'Digit balance' : 'Mode balance'}
                note={`Bars: each ${target === 'digits' ? 'digit' : 'mode'}’s share of the high-quality samples, with the fair share (dashed) and a quarter of it (dotted); grey bars fall short of the quarter. KL to uniform: 0 when the shares are equal, ln k when one has them all.`}
              >
                <ModeBalance store={store} />
              </ChartCard>
            )}
            <ChartCard
              title="Losses"
              note={
                alae
                  ? 'ALAE’s three losses per iteration: step I (encoder and discriminator, with R1), step II (mapping and generator), step III (the latent reconstruction error, encoder and generator).'
                  : 'The discriminator’s (critic’s) loss and the generator’s loss per iteration.'
              }
            >
              <LossChart store={store} />
            </ChartCard>
            {alae && (
              <ChartCard
                title="ALAE latent space"
                note={`Where real samples land under the encoder, E(x) (blue dots), against the mapping’s output F(z) that the generator draws from (orange crosses). ALAE’s discriminator tells the two clouds apart in w, and step III makes E(G(w)) give back w: training brings the clouds together.${alaeEma ? ' Drawn from the smoothed model (setting “ALAE smoothed model”).' : ''}`}
              >
                <LatentChart store={store} />
              </ChartCard>
            )}
            <ChartCard
              title="Distance"
              note="The critic’s own estimate, the exact W1 between 500 generated and 500 real samples, and the floor band: the typical exact W1 between two independent sets of 500 real samples (mean ± spread of six draws). A perfect generator scores within the band, at times below its middle."
            >
              <DistanceChart store={store} />
            </ChartCard>
          </div>
          <div className="bottom-charts">
            {hasModes && (
              <ChartCard
                title="Mode coverage"
                note={
                  target === 'digits'
                    ? 'Each of 2,500 generated digits named by a small classifier trained on the training digits (97.6% right on the held-out ones): high quality when it names a digit with at least 90% confidence (it also answers “not a digit”, for noise and blends). Digits holding their share: at least a quarter of the fair 10% of the confidently named ones; covered: named at least once. The bars beside the digits show each digit’s share. Mode collapse shows as missing digits.'
                    : 'Modes holding their share (at least a quarter of a fair share of the high-quality samples, within 3σ of a mode), modes captured (one such sample is enough), and the share of high-quality samples (2,500 samples; mixture targets).'
                }
              >
                <ModesChart store={store} balance={false} />
              </ChartCard>
            )}
            <ChartCard title="Critic health" note="The critic’s mean gradient norm (log scale) and its weights per layer: clipping piles weights up at ±c.">
              <HealthChart store={store} />
            </ChartCard>
          </div>
        </div>
      </main>
    </AppContext.Provider>
  );
}
