// @vitest-environment jsdom
// Component tests of the controls: every setting renders with its valid range, bad values
// are refused with a message, and choosing a loss loads its 2D settings (the paper's one click away).
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsPanel } from '../src/app/components/SettingsPanel';
import { AppContext } from '../src/app/context';
import { Controller } from '../src/app/controller';
import { Store } from '../src/app/store';
import { LOSS_INFO } from '../src/engine/lossInfo';
import { SETTINGS, SETTING_KEYS, defaultSettings, formatNumber, specOf } from '../src/engine/settings';

afterEach(cleanup);

function mount() {
  const store = new Store();
  const controller = new Controller(store); // not started: no worker, settings only
  render(
    <AppContext.Provider value={{ store, controller, ui: { toggleHelp: () => undefined, togglePresenter: () => undefined } }}>
      <SettingsPanel />
    </AppContext.Provider>,
  );
  return { store, controller };
}

describe('settings panel', () => {
  it('renders every setting of the table, numbers with their range', () => {
    mount();
    for (const key of SETTING_KEYS) {
      const el = screen.getByTestId(`setting-${key}`);
      expect(el, key).toBeTruthy();
      const spec = specOf(key);
      if (spec.kind === 'int' || spec.kind === 'float') {
        expect(within(el).getByTestId(`range-${key}`).textContent).toBe(`${formatNumber(spec.min)} – ${formatNumber(spec.max)}`);
      }
    }
  });

  it('refuses a bad value with the table’s message and keeps the old one', () => {
    const { store } = mount();
    const input = within(screen.getByTestId('setting-lrD')).getByRole('textbox');
    fireEvent.change(input, { target: { value: 'fast' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByTestId('error-lrD').textContent).toBe("lrD must be a number from 1e-6 to 1 (got 'fast')");
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(store.getState().settings.lrD).toBe(SETTINGS.lrD.default); // the old value is kept
    fireEvent.change(input, { target: { value: '5' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByTestId('error-lrD').textContent).toMatch(/from 1e-6 to 1/);
    fireEvent.change(input, { target: { value: '3e-4' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.queryByTestId('error-lrD')).toBeNull();
    expect(store.getState().settings.lrD).toBe(3e-4);
  });

  it('names each control by its setting alone (no badge text) and lets the keyboard reach every slider', () => {
    mount();
    for (const key of SETTING_KEYS) {
      const spec = specOf(key);
      const el = screen.getByTestId(`setting-${key}`);
      const control = el.querySelector('input:not([type=range]):not([type=radio]), select');
      if (!control) continue; // the target's picture cards are radios named by their targets
      // the name comes from aria-label (over the label, whose badges and marks are visual)
      expect(control.getAttribute('aria-label'), key).toBe(spec.label);
      const slider = el.querySelector('input[type=range]');
      if (slider) expect(slider.getAttribute('tabindex'), key).not.toBe('-1');
    }
    // a setting showing a badge: its name is still just the label
    expect(screen.getByRole('textbox', { name: specOf('lrD').label })).toBeTruthy();
  });

  it('says next to the normalisation settings what they cost on the fused kernels', () => {
    const { controller } = mount();
    expect(screen.getByTestId('norm-note-dLayerNorm').textContent).toMatch(/fused kernels cover it/);
    act(() => void controller.setSetting('dLayerNorm', true));
    const note = screen.getByTestId('norm-note-dLayerNorm').textContent;
    expect(note).toMatch(/Trained by the fused kernels/);
    expect(note).not.toMatch(/do not cover/);
    expect(screen.getByTestId('norm-note-gBatchNorm').textContent).toMatch(/fused kernels cover it/);
  });

  it('refuses a non-integer where an integer is needed', () => {
    const { store } = mount();
    const input = within(screen.getByTestId('setting-nCritic')).getByRole('textbox');
    fireEvent.change(input, { target: { value: '2.5' } });
    fireEvent.blur(input);
    expect(screen.getByTestId('error-nCritic').textContent).toMatch(/integer from 1 to 100/);
    expect(store.getState().settings.nCritic).toBe(defaultSettings().nCritic); // unchanged
  });

  it('choosing a loss loads its 2D settings; the paper’s (tuned for images) are one click away, marked as such', () => {
    const { store } = mount();
    fireEvent.change(screen.getByTestId('loss-select'), { target: { value: 'wgan-gp' } });
    expect(store.getState().settings).toMatchObject({ loss: 'wgan-gp', ...LOSS_INFO['wgan-gp'].settings2d.settings });
    expect(screen.getByTestId('loss-settings-note').textContent).toContain(LOSS_INFO['wgan-gp'].settings2d.measured);
    fireEvent.click(screen.getByTestId('load-paper-defaults'));
    expect(store.getState().settings).toMatchObject({ loss: 'wgan-gp', ...LOSS_INFO['wgan-gp'].defaults });
    fireEvent.click(screen.getByTestId('load-2d-defaults'));
    expect(store.getState().settings).toMatchObject(LOSS_INFO['wgan-gp'].settings2d.settings);
    fireEvent.change(screen.getByTestId('loss-select'), { target: { value: 'wgan' } });
    fireEvent.click(screen.getByTestId('load-paper-defaults'));
    const s = store.getState().settings;
    expect(s).toMatchObject({ loss: 'wgan', ...LOSS_INFO.wgan.defaults });
    for (const key of Object.keys(LOSS_INFO.wgan.defaults)) {
      expect(within(screen.getByTestId(`setting-${key}`)).getByText('paper'), key).toBeTruthy();
    }
    // the clip value is now in use, the penalty weight is not
    expect(within(screen.getByTestId('setting-clip')).getByRole('textbox')).not.toHaveProperty('disabled', true);
    expect(within(screen.getByTestId('setting-lambda')).getByRole('textbox')).toHaveProperty('disabled', true);
    expect(screen.getByTestId('setting-lambda').textContent).toMatch(/used by WGAN-GP only/);
  });

  it('WGAN-GP offers the authors’ 2D toy settings as a second set of defaults', () => {
    const { store } = mount();
    fireEvent.change(screen.getByTestId('loss-select'), { target: { value: 'wgan-gp' } });
    fireEvent.click(screen.getByTestId('load-paper-defaults'));
    expect(store.getState().settings.lambda).toBe(10);
    fireEvent.click(screen.getByTestId('load-toy-defaults'));
    expect(store.getState().settings).toMatchObject(LOSS_INFO['wgan-gp'].toyDefaults!.settings);
    expect(within(screen.getByTestId('setting-lambda')).getByText('toy code')).toBeTruthy();
  });

  it('marks the settings whose change resets the run', () => {
    mount();
    expect(within(screen.getByTestId('setting-dWidth')).getByLabelText('(resets the run)')).toBeTruthy();
    expect(within(screen.getByTestId('setting-lrD')).queryByLabelText('(resets the run)')).toBeNull();
  });

  it('picks a target from the previews; the one-parameter generator needs the line', () => {
    const { store } = mount();
    const gen = within(screen.getByTestId('setting-generator')).getByRole('combobox');
    expect(gen).toHaveProperty('disabled', true);
    act(() => {
      fireEvent.click(screen.getByLabelText(/Vertical line/));
    });
    expect(store.getState().settings.target).toBe('line');
    fireEvent.change(within(screen.getByTestId('setting-generator')).getByRole('combobox'), { target: { value: 'theta' } });
    expect(store.getState().settings.generator).toBe('theta');
    act(() => {
      fireEvent.click(screen.getByLabelText(/Ring of 8/));
    });
    expect(store.getState().settings).toMatchObject({ target: 'ring8', generator: 'mlp' });
  });

  it('a checkbox setting toggles', () => {
    const { store } = mount();
    fireEvent.click(within(screen.getByTestId('setting-dLayerNorm')).getByRole('checkbox'));
    expect(store.getState().settings.dLayerNorm).toBe(true);
  });
});
