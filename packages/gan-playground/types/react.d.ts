// Types of `gan-playground/react` (dist/gan-playground-react.js): GanPlayground, the element as a
// React (19+) component. Written by hand to match the playground's src/embed/react.ts; its
// tests/embedPackage.test.ts checks them against that code.
import type { CSSProperties, ReactElement, Ref } from 'react';
import type { EvaluationDetail, GanPlaygroundElement, IterationDetail, MessageDetail, PlayStateDetail, ReadyDetail, SettingKey } from './index.js';

/** An event prop: called with the event's detail (and the event). */
export type GanPlaygroundCallback<D> = (detail: D, event: CustomEvent<D>) => void;

type AttributeValue = string | number | boolean | null | undefined;

/**
 * The element's attributes as props (a setting by its name, e.g. `nCritic={5}`, or its link key;
 * booleans become `on` / `off`; null and undefined are left out), `on<Event>` props for its
 * events, and `ref` for the element itself.
 */
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
  onReady?: GanPlaygroundCallback<ReadyDetail>;
  onIteration?: GanPlaygroundCallback<IterationDetail>;
  onEvaluation?: GanPlaygroundCallback<EvaluationDetail>;
  onPlay?: GanPlaygroundCallback<PlayStateDetail>;
  onPause?: GanPlaygroundCallback<PlayStateDetail>;
  onDiverged?: GanPlaygroundCallback<MessageDetail>;
  onError?: GanPlaygroundCallback<MessageDetail>;
} & { [K in SettingKey]?: AttributeValue } & Record<string, unknown>;

/** Renders `<gan-playground>`; it does not load the element: import `gan-playground` once, on the client. */
export declare function GanPlayground(props: GanPlaygroundProps): ReactElement;

/** The event props and the events they follow. */
export declare const EVENT_PROPS: {
  readonly onReady: 'ready';
  readonly onIteration: 'iteration';
  readonly onEvaluation: 'evaluation';
  readonly onPlay: 'play';
  readonly onPause: 'pause';
  readonly onDiverged: 'diverged';
  readonly onError: 'error';
};

/** The element's attributes for these props. */
export declare function attributesOf(props: Record<string, unknown>): Record<string, string>;
