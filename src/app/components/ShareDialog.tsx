// Share the exact run as a link, or embed it in a course page with an iframe.
import { useMemo, useState } from 'react';
import { Dialog } from './Dialog';
import { MAX_URL_POINTS } from '../urlState';

function CopyField({ label, value, testId, rows = 1 }: { label: string; value: string; testId: string; rows?: number }) {
  const [copied, setCopied] = useState(false);
  const copy = async (el: HTMLTextAreaElement | null) => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // no clipboard permission: select the text so that Ctrl+C works
      el?.select();
    }
  };
  let area: HTMLTextAreaElement | null = null;
  return (
    <div className="copy-field">
      <label>
        {label}
        <textarea readOnly rows={rows} value={value} ref={(el) => {
          area = el;
        }} onFocus={(e) => e.currentTarget.select()} data-testid={testId} />
      </label>
      <button type="button" onClick={() => copy(area)}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

/** Says so when the link carries only part of the drawing (a link holds MAX_URL_POINTS points). */
function pointsLeftOut(u: URL): string | null {
  const total = Number(u.searchParams.get('ptsn'));
  if (!(total > MAX_URL_POINTS)) return null;
  return `Your drawing has ${total.toLocaleString('en-US')} points; a link carries the first ${MAX_URL_POINTS.toLocaleString('en-US')}. To share all of them, save them as CSV (your points → Save as CSV) and send the file with the link.`;
}

export function ShareDialog({ url, onClose }: { url: string; onClose(): void }) {
  const [autoplay, setAutoplay] = useState(false);
  const [height, setHeight] = useState(640);
  const absolute = new URL(url, location.href);
  const link = absolute.href;
  const embedUrl = useMemo(() => {
    const u = new URL(absolute.href);
    u.searchParams.set('embed', '1');
    if (autoplay) u.searchParams.set('autoplay', '1');
    else u.searchParams.delete('autoplay');
    return u.href;
  }, [absolute.href, autoplay]);
  const snippet = `<iframe src="${embedUrl}" title="GAN Playground" width="100%" height="${height}" style="border:1px solid #e5e7eb;border-radius:8px" loading="lazy" allow="clipboard-write"></iframe>`;
  return (
    <Dialog title="Share or embed this run" onClose={onClose} testId="share-dialog" wide>
      <p>The link holds every setting and the seed: opening it replays the same run.</p>
      {pointsLeftOut(absolute) && (
        <p className="card-note" role="note" data-testid="share-points-note">
          {pointsLeftOut(absolute)}
        </p>
      )}
      <CopyField label="Link" value={link} testId="share-link" rows={2} />
      <h3>Embed in a course page</h3>
      <div className="embed-options">
        <label>
          <input type="checkbox" checked={autoplay} onChange={(e) => setAutoplay(e.target.checked)} /> start playing on load (not for visitors who ask for reduced motion)
        </label>
        <label>
          height{' '}
          <input type="number" min={360} max={2000} step={20} value={height} onChange={(e) => setHeight(Math.max(360, Math.min(2000, Number(e.target.value) || 640)))} /> px
        </label>
      </div>
      <CopyField label="iframe" value={snippet} testId="embed-snippet" rows={4} />
      <p className="card-note">The embedded page shows the plane, the transport and the main numbers, with the settings a click away. Keyboard shortcuts work only while it has focus.</p>
    </Dialog>
  );
}
