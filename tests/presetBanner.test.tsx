// @vitest-environment jsdom
// The preset banner says how far the run is towards the iterations its claim is about, and
// how long the rest takes at the speed measured now.
import { act, render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PresetBanner, timeLeft } from '../src/app/components/PresetBanner';
import { Store } from '../src/app/store';
import { PRESETS } from '../src/engine/presets';

describe('PresetBanner', () => {
  it('rounds the time left to what a student can read, and says nothing without a rate', () => {
    expect(timeLeft(1000, 100)).toBe(', about 10 s to go at this speed');
    expect(timeLeft(1000, 0)).toBe('');
    expect(timeLeft(0, 100)).toBe('');
    expect(timeLeft(9000, 50)).toBe(', about 3 min to go at this speed');
    expect(timeLeft(10, 100)).toBe(', about 1 s to go at this speed');
  });

  it('shows iteration N of the claim’s M, the time left while playing, and drops both once modified', () => {
    const preset = PRESETS.find((p) => p.id === 'wgan-gp-grid25')!;
    const store = new Store({ settings: preset.settings });
    store.setState({ preset: { id: preset.id, title: preset.title, explanation: preset.explanation, settings: preset.settings } });
    const view = render(<PresetBanner store={store} />);
    const progress = () => view.queryByTestId('preset-progress')?.textContent ?? null;
    expect(progress()).toMatch(/iteration 0 of the 10,000 the claim is about$/);
    act(() => store.setState({ status: { ...store.getState().status, iteration: 2500, playing: true, itPerSec: 125 } }));
    expect(progress()).toMatch(/iteration 2,500 of the 10,000 the claim is about, about 60 s to go at this speed/);
    act(() => store.setState({ status: { ...store.getState().status, iteration: 12000 } }));
    expect(progress()).toMatch(/iteration 12,000: past the 10,000/);
    act(() => store.setState({ settings: { ...preset.settings, lrD: 0.01 } }));
    expect(view.getByTestId('preset-banner').textContent).toMatch(/\(modified\)/);
    expect(progress()).toBeNull();
  });
});
