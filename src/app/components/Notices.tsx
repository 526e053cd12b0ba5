// Messages: fallbacks, resets, a diverged run, a dead worker (with a restart).
import { useEffect } from 'react';
import { useApp } from '../context';
import { useStore } from '../store';

export function Notices() {
  const { store, controller } = useApp();
  const notices = useStore(store, (s) => s.notices);
  const dead = useStore(store, (s) => s.dead);
  useEffect(() => {
    // informational notices fade after a while; warnings, errors and questions (notices with
    // several choices) stay until answered or dismissed
    const timers = notices.filter((n) => n.kind === 'info' && !n.more?.length).map((n) => setTimeout(() => store.dismiss(n.id), 6000));
    return () => timers.forEach(clearTimeout);
  }, [notices, store]);
  return (
    <div className="notices" aria-live="polite">
      {dead && (
        <div className="notice notice-error" role="alert" data-testid="worker-dead">
          <span>Training stopped: {dead}. Your settings are kept.</span>
          <button type="button" onClick={() => controller.restart()} data-testid="restart">
            Restart training
          </button>
        </div>
      )}
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          {n.details && (
            <details className="notice-details" data-testid="notice-details">
              <summary>Show all {n.details.length}</summary>
              <ul>
                {n.details.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            </details>
          )}
          {[...(n.action ? [n.action] : []), ...(n.more ?? [])].map((a) => (
            <button
              key={a.label}
              type="button"
              onClick={() => {
                a.run();
                store.dismiss(n.id);
              }}
            >
              {a.label}
            </button>
          ))}
          <button type="button" className="dismiss" aria-label="Dismiss" onClick={() => store.dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
