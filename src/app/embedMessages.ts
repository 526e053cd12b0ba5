// The iframe embed (`?embed=1`) driven by its host page over postMessage: the commands and
// events of <gan-playground> (src/embed), for the origins the link lists, e.g.
//   <iframe src=".../?embed=1&preset=mode-collapse&origins=https://course.example.org">
// A command is checked as the element checks it (src/embed/commands.ts); events carry the
// element's payloads (src/embed/events.ts) and go to the listed origins only (postMessage's
// targetOrigin), so a page of another origin neither drives the run nor reads it.
import { patchSettings, playgroundPreset } from '../embed/commands';
import { bridgeEvents, playReasons, readyDetail, type GanPlaygroundEventMap } from '../embed/events';
import type { Settings } from '../engine/settings';
import type { Session } from './session';
import type { SessionManager } from './sessionManager';

/** The key every message of this protocol carries: its command, or 'event' / 'settings' for what the embed sends. */
export const MESSAGE_KEY = 'ganPlayground';

export type HostCommand =
  | { ganPlayground: 'play' | 'pause' | 'reset' }
  | { ganPlayground: 'loadPreset'; id: string }
  /** With `settings`: change those (as the element's `settings` property); without: only the answer. */
  | { ganPlayground: 'settings'; settings?: Record<string, unknown> };

export const COMMANDS = ['play', 'pause', 'reset', 'loadPreset', 'settings'] as const;

export type EmbedMessage =
  | { [K in keyof GanPlaygroundEventMap]: { ganPlayground: 'event'; type: K; detail: GanPlaygroundEventMap[K]['detail'] } }[keyof GanPlaygroundEventMap]
  /** The answer to a 'settings' command: the run's settings after it. */
  | { ganPlayground: 'settings'; settings: Settings };

/**
 * The link's `origins`: comma-separated origins (scheme, host and port, no path), each exact;
 * no wildcard, since the events show the run to whoever is allowed.
 */
export function parseOrigins(raw: string | null): { origins: string[]; problems: string[] } {
  const origins: string[] = [];
  const problems: string[] = [];
  for (const item of (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    let origin: string | null = null;
    try {
      const u = new URL(item);
      if ((u.protocol === 'https:' || u.protocol === 'http:') && u.origin === item.replace(/\/$/, '')) origin = u.origin;
    } catch {
      /* not a URL */
    }
    if (origin) origins.push(origin);
    else problems.push(`origins: '${item.length > 60 ? item.slice(0, 59) + '…' : item}' is not an origin (write it as https://host or https://host:port, no path, no wildcard)`);
  }
  return { origins, problems };
}

export function isHostCommand(data: unknown): data is HostCommand {
  return typeof data === 'object' && data !== null && typeof (data as Record<string, unknown>)[MESSAGE_KEY] === 'string';
}

interface Port {
  addEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
}
interface HostWindow {
  postMessage(message: unknown, targetOrigin: string): void;
}

/**
 * Connects a run to its host page: commands from `origins` (others ignored, with a console
 * warning for a message of this protocol, so an author sees a missing origin), events to
 * `host` for each origin. Returns the disconnect.
 */
export function connectHost(session: Session, origins: readonly string[], win: Port, host: HostWindow | null): () => void {
  const { store, controller } = session;
  const send = (message: EmbedMessage) => {
    if (!host) return;
    // the browser delivers it only where the host page's origin is this one
    for (const origin of origins) host.postMessage(message, origin);
  };
  const reasons = playReasons(controller);
  const stop = bridgeEvents(store, (type, detail) => send({ ganPlayground: 'event', type, detail } as EmbedMessage), reasons.current);
  const fail = (message: string) => send({ ganPlayground: 'event', type: 'error', detail: { message } });

  const run = (cmd: HostCommand) => {
    switch (cmd.ganPlayground) {
      case 'play':
        return reasons.because('api', () => controller.play());
      case 'pause':
        return reasons.because('api', () => controller.pause());
      case 'reset':
        return controller.reset();
      case 'loadPreset': {
        const preset = playgroundPreset(cmd.id);
        if (!preset.ok) return fail(preset.error);
        return controller.loadPreset(preset.value);
      }
      case 'settings': {
        if (cmd.settings !== undefined) {
          const next = patchSettings(store.getState().settings, cmd.settings);
          if (!next.ok) return fail(next.error);
          controller.applySettings(next.value);
        }
        return send({ ganPlayground: 'settings', settings: { ...store.getState().settings } });
      }
      default:
        return fail(`unknown command ${JSON.stringify((cmd as { ganPlayground: unknown }).ganPlayground)}; the commands are ${COMMANDS.join(', ')}`);
    }
  };

  const onMessage = (e: MessageEvent) => {
    if (!isHostCommand(e.data)) return;
    if (!origins.includes(e.origin)) {
      console.warn(`GAN Playground: ignored '${e.data.ganPlayground}' from ${e.origin}, which the link's origins do not list (${origins.join(', ') || 'none'})`);
      return;
    }
    run(e.data);
  };
  win.addEventListener('message', onMessage);
  // connected after the run was ready: say so now
  if (store.getState().status.phase === 'ready') send({ ganPlayground: 'event', type: 'ready', detail: readyDetail(store.getState()) });
  return () => {
    win.removeEventListener('message', onMessage);
    stop();
  };
}

/**
 * The page's part (main.tsx): in an embed whose link lists origins, connects the playground's
 * run to the page that frames it. A bad origin is said in the embed, not dropped in silence.
 */
export function connectEmbedMessages(manager: SessionManager): void {
  const init = manager.initial;
  if (!init.embed || !init.origins || typeof window === 'undefined') return;
  const { origins, problems } = parseOrigins(init.origins);
  if (init.view !== 'playground') {
    console.warn(`GAN Playground: the origins of an embed drive the playground view; this link shows the ${init.view} view`);
    return;
  }
  const [session] = manager.ensure('playground');
  for (const p of problems) {
    console.error(`GAN Playground: ${p}`);
    session.store.notify('warning', p);
  }
  if (!origins.length) return;
  connectHost(session, origins, window, window.parent !== window ? window.parent : null);
}
