// The page: header and navigation, the views, dialogs, keyboard shortcuts (only while the
// playground has focus), presenter and embed modes, and the URL kept in step with the
// settings (replaceState: no history flooding).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Preset } from '../engine/presets';
import type { Settings } from '../engine/settings';
import { actionForKey, spaceActsOn, typingTarget, type ActionTarget, type UiHooks } from './actions';
import { takeEarlyKeys } from './earlyKeys';
import { ExportDialog } from './components/ExportDialog';
import { HelpPanel } from './components/HelpPanel';
import { PresetMenu } from './components/PresetMenu';
import { ShareDialog } from './components/ShareDialog';
import { group, type Session } from './session';
import type { SessionManager } from './sessionManager';
import { toQuery, type UrlState, type View } from './urlState';
import { rememberPoints } from './pointsMemory';
import { CompareView } from './views/CompareView';
import { EmdLessonView } from './views/EmdLessonView';
import { LineLessonView } from './views/LineLessonView';
import { PlaygroundView } from './views/PlaygroundView';
import { SeedsPanel } from './views/SeedsPanel';
import { TransportLessonView } from './views/TransportLessonView';

// `short`: the label on a phone (screens.css), where the long ones did not fit in 390 px
const TABS: Array<{ view: View; label: string; short: string }> = [
  { view: 'playground', label: 'Playground', short: 'Playground' },
  { view: 'compare', label: 'Side by side', short: 'Side by side' },
  { view: 'line', label: 'Lesson: the vertical line', short: 'Vertical line' },
  { view: 'emd', label: 'Lesson: earth mover’s distance', short: 'EMD' },
  { view: 'transport', label: 'Lesson: two clouds (plan and critic)', short: 'Two clouds' },
];

export function Root({ manager }: { manager: SessionManager }) {
  const initial = manager.initial;
  const [view, setView] = useState<View>(() => {
    manager.ensure(initial.view);
    return initial.view;
  });
  const [dialog, setDialog] = useState<null | 'help' | 'presets' | 'share' | 'export'>(null);
  const [presenter, setPresenter] = useState(initial.presenter);
  // "Try 5 seeds" over the playground (src/app/views/SeedsPanel.tsx)
  const [seedsOpen, setSeedsOpen] = useState(false);
  const embed = initial.embed;
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!embed) root.current?.focus({ preventScroll: true });
  }, [embed]);

  const switchView = (v: View) => {
    // leaving a view pauses its runs; they are kept for when the user comes back
    for (const x of manager.all()) if (x.store.getState().status.playing) x.controller.pause();
    manager.ensure(v);
    setSeedsOpen(false);
    setView(v);
  };

  const s = manager.sessions;
  const active: Session[] = manager.active(view);
  const target: ActionTarget | null = active.length === 2 ? group(active) : (active[0]?.controller ?? null);

  useEffect(() => {
    document.documentElement.classList.toggle('presenter', presenter);
    for (const x of manager.all()) x.store.setState({ presenter });
  }, [presenter]);

  const ui: UiHooks = useMemo(
    () => ({
      toggleHelp: () => setDialog((d) => (d === 'help' ? null : 'help')),
      togglePresenter: () => setPresenter((p) => !p),
      toggleSeeds: () => setSeedsOpen((o) => !o),
    }),
    [],
  );

  // The URL follows the active view's settings.
  const urlFor = useCallback((): string => {
    const primary = active[0]?.store.getState();
    const state: Partial<UrlState> & { settings: Settings } = {
      view,
      settings: primary?.settings ?? initial.settings,
      compare: view === 'compare' ? active[1].store.getState().settings : null,
      customPoints: primary?.customPoints ?? null,
      embed,
      origins: initial.origins,
      presenter,
      // under a preset's banner the link names the preset and only what differs from it
      preset: primary?.preset?.id ?? null,
    };
    return `${location.pathname}?${toQuery(state)}${location.hash}`;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view, embed, presenter, active.map((a) => a.id).join()]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastWrite = -Infinity;
    const write = () => {
      timer = null;
      lastWrite = performance.now();
      const url = urlFor();
      if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', url);
      rememberPoints(active[0]?.store.getState().settings.target === 'custom' ? active[0].store.getState().customPoints : null);
    };
    // An edit is written at once (a reload right after it keeps it); a burst of edits (a
    // slider's drag) at most every 250 ms, the last one included.
    const sync = () => {
      if (timer) clearTimeout(timer);
      const since = performance.now() - lastWrite;
      if (since >= 250) write();
      else timer = setTimeout(write, 250 - since);
    };
    // leaving the page (closing the tab, following a link) while a write waits still saves it
    const flush = () => {
      if (timer) {
        clearTimeout(timer);
        write();
      }
    };
    window.addEventListener('pagehide', flush);
    sync();
    let last = active.map((a) => [a.store.getState().settings, a.store.getState().customPoints, a.store.getState().preset]);
    const unsubs = active.map((a, i) =>
      a.store.subscribe(() => {
        const st = a.store.getState();
        if (st.settings !== last[i][0] || st.customPoints !== last[i][1] || st.preset !== last[i][2]) {
          last = active.map((x) => [x.store.getState().settings, x.store.getState().customPoints, x.store.getState().preset]);
          sync();
        }
      }),
    );
    return () => {
      if (timer) clearTimeout(timer);
      window.removeEventListener('pagehide', flush);
      unsubs.forEach((u) => u());
    };
  }, [urlFor]); // eslint-disable-line react-hooks/exhaustive-deps

  const onKeyDown = useCallback(
    (e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target' | 'preventDefault'>) => {
      const action = actionForKey(e);
      if (!action) return;
      if (e.key === ' ' && spaceActsOn(e.target)) return;
      const needsRun = !['help', 'presenter'].includes(action.id);
      if (needsRun && !target) return;
      e.preventDefault();
      const state = active[0]?.store.getState();
      if (needsRun && action.enabled && state && !action.enabled(state)) return;
      action.perform(target ?? { togglePlay() {}, step() {}, reset() {} }, ui);
    },
    [target, ui], // eslint-disable-line react-hooks/exhaustive-deps
  );

  // Keys reach the playground also while nothing on the page has focus (the body), and those
  // pressed before the page was ready (kept by index.html) are acted on now.
  const keyHandler = useRef(onKeyDown);
  keyHandler.current = onKeyDown;
  useEffect(() => {
    const onBody = (e: KeyboardEvent) => {
      if (e.target === document.body || e.target === document.documentElement) keyHandler.current(e);
    };
    document.addEventListener('keydown', onBody);
    for (const key of takeEarlyKeys()) keyHandler.current({ key, ctrlKey: false, metaKey: false, altKey: false, target: null, preventDefault() {} });
    return () => document.removeEventListener('keydown', onBody);
  }, []);

  // Clicking the charts or the page's background takes focus out of a text field, so that the
  // next Space plays or pauses instead of typing into it.
  const onPointerDown = useCallback((e: React.PointerEvent) => {
    const el = e.target as HTMLElement;
    if (typingTarget(document.activeElement) && !el.closest('input, select, textarea, label, button, a, [contenteditable]')) root.current?.focus({ preventScroll: true });
  }, []);

  const pickPreset = (p: Preset) => {
    setDialog(null);
    const v: View = p.view;
    if (v !== view) switchView(v);
    manager.ensure(v);
    const session = v === 'line' ? manager.sessions.line! : manager.sessions.main!;
    session.controller.loadPreset(p);
  };

  return (
    <div className={`app ${embed ? 'embed' : ''} ${presenter ? 'presenter' : ''}`} ref={root} tabIndex={-1} onKeyDown={(e) => onKeyDown(e.nativeEvent)} onPointerDown={onPointerDown} data-testid="playground">
      {!embed && (
        <header className="topbar">
          <div className="brand">
            <h1>GAN Playground</h1>
            <p>Train GANs, WGANs and ALAE on 2D distributions and handwritten digits, live in your browser.</p>
          </div>
          <nav className="tabs" aria-label="Views">
            {TABS.map((t) => (
              <button key={t.view} type="button" className={t.view === view ? 'active' : ''} aria-current={t.view === view ? 'page' : undefined} onClick={() => switchView(t.view)} data-testid={`tab-${t.view}`} aria-label={t.label}>
                <span className="tab-long">{t.label}</span>
                <span className="tab-short">{t.short}</span>
              </button>
            ))}
          </nav>
          <div className="top-actions">
            <button type="button" onClick={() => setDialog('presets')} data-testid="open-presets">
              Presets
            </button>
            <button type="button" onClick={() => setDialog('share')} data-testid="open-share" disabled={view === 'emd' || view === 'transport'}>
              Share / embed
            </button>
            <button type="button" onClick={() => setDialog('export')} data-testid="open-export" disabled={view === 'emd' || view === 'transport'}>
              Export / load
            </button>
            <button type="button" aria-pressed={presenter} onClick={ui.togglePresenter} title="Presenter mode (P)" data-testid="toggle-presenter">
              Presenter
            </button>
            <button type="button" onClick={() => setDialog('help')} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
              ?
            </button>
          </div>
        </header>
      )}
      {view === 'playground' && s.main && <PlaygroundView session={s.main} ui={ui} embed={embed} />}
      {view === 'compare' && s.compareA && s.compareB && <CompareView a={s.compareA} b={s.compareB} ui={ui} />}
      {view === 'line' && s.line && <LineLessonView session={s.line} ui={ui} />}
      {view === 'emd' && <EmdLessonView />}
      {view === 'transport' && <TransportLessonView />}
      {embed && (
        <footer className="embed-footer">
          <a href={urlFor().replace(/([?&])embed=1&?/, '$1').replace(/[?&]$/, '')} target="_blank" rel="noopener" data-testid="open-full">
            Open in GAN Playground ↗
          </a>
        </footer>
      )}
      {seedsOpen && view === 'playground' && !embed && s.main && <SeedsPanel session={s.main} onClose={() => setSeedsOpen(false)} />}
      {dialog === 'help' && <HelpPanel onClose={() => setDialog(null)} />}
      {dialog === 'presets' && <PresetMenu onPick={pickPreset} onClose={() => setDialog(null)} />}
      {dialog === 'share' && <ShareDialog url={urlFor()} onClose={() => setDialog(null)} />}
      {dialog === 'export' && active[0] && <ExportDialog sessions={active} onClose={() => setDialog(null)} />}
    </div>
  );
}
