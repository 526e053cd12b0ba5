// @vitest-environment jsdom
// GanPlayground (src/embed/react.ts): props become the element's attributes, on<Event> props
// follow its events with the newest callback, the ref is the element.
import { cleanup, render } from '@testing-library/react';
import { createElement, createRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EVENT_TYPES } from '../src/embed/events';
import { EVENT_PROPS, GanPlayground, attributesOf } from '../src/embed/react';

afterEach(cleanup);

describe('GanPlayground (React)', () => {
  it('maps props to attributes: settings by name or link key, booleans as on / off, nothing for callbacks or unset ones', () => {
    expect(attributesOf({ preset: 'mode-collapse', nCritic: 5, lrd: 1e-4, keepRunning: true, exclusive: false, autoplay: undefined, seed: null, onPlay: () => {}, style: { width: 1 }, className: 'x' })).toEqual({
      preset: 'mode-collapse',
      ncritic: '5',
      lrd: '0.0001',
      'keep-running': 'on',
      exclusive: 'off',
    });
    // one prop per event, named after it
    expect(Object.values(EVENT_PROPS).sort()).toEqual([...EVENT_TYPES].sort());
    for (const [prop, type] of Object.entries(EVENT_PROPS)) expect(prop).toBe(`on${type[0].toUpperCase()}${type.slice(1)}`);
  });

  it('renders <gan-playground> with them, calls the newest callback with the detail, and lets go on unmount', () => {
    const ref = createRef<HTMLElement>();
    const first = vi.fn();
    const second = vi.fn();
    const { container, rerender, unmount } = render(createElement(GanPlayground, { preset: 'wgan-gp-covers', loss: 'wgan-gp', controls: 'none', className: 'demo', ref: ref as never, onEvaluation: first }));
    const el = container.querySelector('gan-playground')!;
    expect(ref.current).toBe(el);
    expect(el.getAttribute('preset')).toBe('wgan-gp-covers');
    expect(el.getAttribute('loss')).toBe('wgan-gp');
    expect(el.getAttribute('controls')).toBe('none');
    expect(el.className).toBe('demo');
    const detail = { iteration: 10, w1: 0.2 };
    el.dispatchEvent(new CustomEvent('evaluation', { detail }));
    expect(first).toHaveBeenCalledWith(detail, expect.any(CustomEvent));
    rerender(createElement(GanPlayground, { preset: 'mode-collapse', ref: ref as never, onEvaluation: second }));
    expect(el.getAttribute('preset')).toBe('mode-collapse');
    expect(el.hasAttribute('loss')).toBe(false);
    el.dispatchEvent(new CustomEvent('evaluation', { detail }));
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
    unmount();
    el.dispatchEvent(new CustomEvent('evaluation', { detail }));
    expect(second).toHaveBeenCalledTimes(1);
    expect(ref.current).toBeNull();
  });
});
