// GanPlayground: <gan-playground> as a React component, for React-based course sites
// (Docusaurus, Next.js...). A thin wrapper: props are the element's attributes (a setting by
// its name or link key, `preset`, `controls`...), `on<Event>` props its events, and the ref
// is the element itself (play(), pause(), settings...). It uses the host's React (external
// in the build) and does not load the element: load gan-playground.js once on the page (a
// <script type="module"> or `import('/gan/gan-playground.js')` in an effect); the element
// upgrades in place when it is defined.
import { createElement, useEffect, useRef, type CSSProperties, type Ref } from 'react';
import type { GanPlaygroundElement } from './GanPlaygroundElement';
import type { EvaluationDetail, IterationDetail, MessageDetail, PlayStateDetail, ReadyDetail } from './events';
import type { SettingKey } from '../engine/settings';

type Callback<D> = (detail: D, event: CustomEvent<D>) => void;

/** The event props and the events they follow (a prop's name is on + the event's). */
export const EVENT_PROPS = {
  onReady: 'ready',
  onIteration: 'iteration',
  onEvaluation: 'evaluation',
  onPlay: 'play',
  onPause: 'pause',
  onDiverged: 'diverged',
  onError: 'error',
} as const;

type AttributeValue = string | number | boolean | null | undefined;

export type GanPlaygroundProps = {
  preset?: string;
  controls?: 'none' | 'minimal' | 'full';
  theme?: 'auto' | 'light' | 'dark';
  autoplay?: boolean;
  keepRunning?: boolean;
  exclusive?: boolean;
  className?: string;
  style?: CSSProperties;
  id?: string;
  ref?: Ref<GanPlaygroundElement | null>;
  onReady?: Callback<ReadyDetail>;
  onIteration?: Callback<IterationDetail>;
  onEvaluation?: Callback<EvaluationDetail>;
  onPlay?: Callback<PlayStateDetail>;
  onPause?: Callback<PlayStateDetail>;
  onDiverged?: Callback<MessageDetail>;
  onError?: Callback<MessageDetail>;
} & { [K in SettingKey]?: AttributeValue } & Record<string, unknown>;

const PASSED = new Set(['className', 'style', 'id', 'ref', 'children']);

/** camelCase props to attribute names (keepRunning → keep-running); settings are read case-blind. */
const attributeName = (prop: string) => (prop === 'keepRunning' ? 'keep-running' : prop.toLowerCase());

/** The element's attributes for these props: booleans as on / off, null and undefined left out. */
export function attributesOf(props: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [prop, value] of Object.entries(props)) {
    if (PASSED.has(prop) || prop in EVENT_PROPS || value === undefined || value === null || typeof value === 'function' || typeof value === 'object') continue;
    out[attributeName(prop)] = typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);
  }
  return out;
}

export function GanPlayground(props: GanPlaygroundProps) {
  const el = useRef<GanPlaygroundElement | null>(null);
  // the newest callbacks, read when an event comes: no re-subscription per render
  const latest = useRef(props);
  latest.current = props;
  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const off = Object.entries(EVENT_PROPS).map(([prop, type]) => {
      const fn = (e: Event) => (latest.current[prop] as Callback<unknown> | undefined)?.((e as CustomEvent).detail, e as CustomEvent);
      node.addEventListener(type, fn);
      return () => node.removeEventListener(type, fn);
    });
    return () => off.forEach((f) => f());
  }, []);
  const { ref, className, style, id } = props;
  const setRef = (node: GanPlaygroundElement | null) => {
    el.current = node;
    if (typeof ref === 'function') ref(node);
    else if (ref && typeof ref === 'object') (ref as { current: GanPlaygroundElement | null }).current = node;
  };
  return createElement('gan-playground', { ...attributesOf(props), ref: setRef, className, style, id });
}
