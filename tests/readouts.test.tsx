// @vitest-environment jsdom
// The readouts: an exact W1 older than its cadence while training is marked stale with its
// iteration; the critic's estimate says what it estimates, for every loss; the modes readout
// leads with the modes that hold their share.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Readouts, STALE_MS } from '../src/app/components/Readouts';
import { AppContext } from '../src/app/context';
import { Controller } from '../src/app/controller';
import { Store } from '../src/app/store';
import type { HistoryRow } from '../src/engine/history';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const row = (iteration: number, extra: Partial<HistoryRow> = {}): HistoryRow => ({
  iteration,
  criticSteps: 5 * iteration,
  dLoss: -0.5,
  penalty: 0,
  gLoss: 0.1,
  w1Estimate: 0.5,
  jsEstimate: null,
  exactW1: null,
  floor: null,
  modes: null,
  modesTotal: null,
  hq: null,
  modesWell: null,
  modesKL: null,
  perMode: null,
  theta: null,
  ...extra,
});

function mount() {
  const store = new Store();
  const controller = new Controller(store);
  render(
    <AppContext.Provider value={{ store, controller, ui: { toggleHelp: () => undefined, togglePresenter: () => undefined } }}>
      <Readouts />
    </AppContext.Provider>,
  );
  return store;
}

describe('readouts', () => {
  it('marks the exact W1 stale, with its iteration, once it is older than its cadence while training', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance'] });
    const store = mount();
    act(() => store.setState((s) => ({ history: [row(10, { exactW1: 0.5, floor: 0.09, floorSpread: 0.02 })], status: { ...s.status, playing: true, iteration: 12 } })));
    expect(screen.getByTestId('readout-w1').dataset.stale).toBe('false');
    expect(screen.getByTestId('metric-w1-note').textContent).toBe('floor 0.090 ± 0.020 · it. 10');
    // training goes on, no new evaluation arrives
    act(() => store.setState((s) => ({ history: [...s.history, row(40)], status: { ...s.status, iteration: 40 } })));
    act(() => vi.advanceTimersByTime(STALE_MS + 600));
    expect(screen.getByTestId('readout-w1').dataset.stale).toBe('true');
    expect(screen.getByTestId('metric-w1-note').textContent).toMatch(/stale, from it\. 10$/);
    // a new evaluation: fresh again
    act(() => store.setState((s) => ({ history: [...s.history, row(45, { exactW1: 0.4, floor: 0.09, floorSpread: 0.02 })], status: { ...s.status, iteration: 45 } })));
    expect(screen.getByTestId('readout-w1').dataset.stale).toBe('false');
    // paused: an old value is simply the latest
    act(() => vi.advanceTimersByTime(10_000));
    act(() => store.setState((s) => ({ status: { ...s.status, playing: false, iteration: 50 } })));
    expect(screen.getByTestId('readout-w1').dataset.stale).toBe('false');
  });

  it('labels the critic’s estimate by what it estimates, with significant digits', () => {
    const store = mount();
    act(() => store.setState((s) => ({ settings: { ...s.settings, loss: 'hinge' }, history: [row(3, { dLoss: 1.5 })] })));
    expect(screen.getByTestId('metric-estimate').textContent).toBe('TV est. 0.250');
    expect(screen.getByTestId('metric-estimate-note').textContent).toMatch(/total variation/);
    act(() => store.setState((s) => ({ settings: { ...s.settings, loss: 'wgan' }, history: [row(3, { dLoss: -3.2e-4 })] })));
    expect(screen.getByTestId('metric-estimate').textContent).toBe('K·W1 est. 3.20e−4'); // the clipped critic's own scale
    act(() => store.setState((s) => ({ settings: { ...s.settings, loss: 'lsgan' }, history: [row(3, { dLoss: 0.4 })] })));
    expect(screen.getByTestId('metric-estimate').textContent).toBe('Δ est. 0.400');
  });

  it('leads the modes readout with the modes that hold their share, then the lenient “captured”', () => {
    const store = mount();
    expect(screen.getByTestId('metric-modes').textContent).toBe('—');
    // every mode captured, but only 2 hold a quarter of their fair share: the partial collapse leads
    act(() => store.setState(() => ({ history: [row(500, { exactW1: 0.3, floor: 0.09, modes: 8, modesTotal: 8, modesWell: 2, hq: 0.6, modesKL: 1.1, perMode: [700, 600, 5, 5, 4, 3, 2, 1] })] })));
    expect(screen.getByTestId('metric-modes').textContent).toBe('2 of 8');
    expect(screen.getByTestId('metric-modes-note').textContent).toBe('hold their share · 8/8 captured');
    expect(screen.getByTestId('readout-modes').textContent).toMatch(/Modes2 of 8hold their share/);
  });
});
