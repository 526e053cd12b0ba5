// A modal dialog: focus moves in, Escape and the backdrop close it, focus returns after.
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';

export function Dialog({ title, onClose, children, testId, wide = false }: { title: string; onClose(): void; children: React.ReactNode; testId?: string; wide?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    // Escape closes the dialog even when focus has wandered out of it (e.g. to the page body)
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !ref.current?.contains(document.activeElement)) close.current();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      previous?.focus?.({ preventScroll: true });
    };
  }, []);
  // A portal: a dialog opened from inside the (sticky, hence stacking) sidebar must still cover the page.
  return createPortal(
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className={`modal ${wide ? 'wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        tabIndex={-1}
        ref={ref}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          e.stopPropagation(); // keys typed here are not shortcuts
          if (e.key === 'Escape') onClose();
        }}
        data-testid={testId}
      >
        <div className="modal-head">
          <h2>{title}</h2>
          <button type="button" className="dismiss" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        {children}
      </div>
    </div>,
    document.querySelector('.app') ?? document.body,
  );
}
