// The user's own target: draw points on the plane, or load / paste a CSV of x,y. A bad
// file gets a message naming its line, and the current run is kept.
import { useEffect, useRef, useState } from 'react';
import { MAX_CUSTOM_POINTS, parsePointsCsv, pointsToCsv } from '../../engine/customPoints';
import type { Points } from '../../engine/trainer';
import { COLORS } from '../charts/colors';
import { download } from '../download';
import { Dialog } from './Dialog';

const EXTENT = 2.5;
const SIZE = 440;

const toCanvas = (x: number, y: number): [number, number] => [((x + EXTENT) / (2 * EXTENT)) * SIZE, ((EXTENT - y) / (2 * EXTENT)) * SIZE];
const toPlane = (px: number, py: number): [number, number] => [Number(((px / SIZE) * 2 * EXTENT - EXTENT).toFixed(3)), Number((EXTENT - (py / SIZE) * 2 * EXTENT).toFixed(3))];

export function PointsEditor({ initial, onApply, onClose }: { initial: Points; onApply(points: Points): void; onClose(): void }) {
  const [points, setPoints] = useState<Array<readonly [number, number]>>(() => [...initial]);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const canvas = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ last: [number, number] } | null>(null);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.clearRect(0, 0, SIZE, SIZE);
    ctx.strokeStyle = '#e5e7eb';
    ctx.lineWidth = 1;
    for (let v = -2; v <= 2; v++) {
      const [gx] = toCanvas(v, 0);
      const [, gy] = toCanvas(0, v);
      ctx.beginPath();
      ctx.moveTo(gx, 0);
      ctx.lineTo(gx, SIZE);
      ctx.moveTo(0, gy);
      ctx.lineTo(SIZE, gy);
      ctx.stroke();
    }
    ctx.fillStyle = COLORS.real;
    for (const [x, y] of points) {
      const [px, py] = toCanvas(x, y);
      ctx.beginPath();
      ctx.arc(px, py, 3, 0, 2 * Math.PI);
      ctx.fill();
    }
  }, [points]);

  const at = (e: React.PointerEvent<HTMLCanvasElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * SIZE, ((e.clientY - r.top) / r.height) * SIZE];
  };

  const add = (px: number, py: number) => {
    setPoints((p) => (p.length >= MAX_CUSTOM_POINTS ? p : [...p, toPlane(px, py)]));
  };

  const removeNearest = (px: number, py: number) => {
    setPoints((p) => {
      if (!p.length) return p;
      let best = 0;
      let bestD = Infinity;
      p.forEach(([x, y], i) => {
        const [cx, cy] = toCanvas(x, y);
        const d = Math.hypot(cx - px, cy - py);
        if (d < bestD) {
          bestD = d;
          best = i;
        }
      });
      return p.filter((_, i) => i !== best);
    });
  };

  const loadText = (csv: string, source: string) => {
    const r = parsePointsCsv(csv);
    if (!r.ok) {
      setError(`${source}: ${r.error}. Nothing was changed.`);
      return;
    }
    setError(null);
    setPoints([...r.points]);
  };

  return (
    <Dialog title="Your own target" onClose={onClose} testId="points-editor" wide>
      <p>Click or drag on the plane to add points (shift-click removes the nearest). The generator will learn these points, each blurred by a little noise.</p>
      <div className="points-editor">
        <canvas
          ref={canvas}
          width={SIZE}
          height={SIZE}
          className="points-canvas"
          aria-label={`Drawing area with ${points.length} points; use the text box to enter points with the keyboard`}
          data-testid="points-canvas"
          onPointerDown={(e) => {
            const [px, py] = at(e);
            if (e.shiftKey) {
              removeNearest(px, py);
              return;
            }
            e.currentTarget.setPointerCapture(e.pointerId);
            add(px, py);
            drag.current = { last: [px, py] };
          }}
          onPointerMove={(e) => {
            if (!drag.current) return;
            const [px, py] = at(e);
            const [lx, ly] = drag.current.last;
            if (Math.hypot(px - lx, py - ly) >= 10) {
              add(px, py);
              drag.current.last = [px, py];
            }
          }}
          onPointerUp={() => {
            drag.current = null;
          }}
        />
        <div className="points-side">
          <p data-testid="points-count">
            {points.length.toLocaleString('en-US')} point{points.length === 1 ? '' : 's'} (at most {MAX_CUSTOM_POINTS.toLocaleString('en-US')})
          </p>
          <div className="export-buttons">
            <button type="button" onClick={() => setPoints((p) => p.slice(0, -1))} disabled={!points.length}>
              Undo
            </button>
            <button type="button" onClick={() => setPoints([])} disabled={!points.length}>
              Clear
            </button>
            <button type="button" onClick={() => download('gan-points.csv', pointsToCsv(points), 'text/csv')} disabled={!points.length}>
              Save as CSV
            </button>
          </div>
          <label className="file-label">
            Load a CSV of x,y
            <input
              type="file"
              accept=".csv,text/csv,text/plain"
              data-testid="points-file"
              onChange={async (e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (!f) return;
                if (f.size > 5 * 1024 * 1024) {
                  setError(`${f.name}: the file is too large (${(f.size / 1e6).toFixed(1)} MB). Nothing was changed.`);
                  return;
                }
                loadText(await f.text(), f.name);
              }}
            />
          </label>
          <label className="file-label">
            or type / paste x,y lines
            <textarea rows={5} value={text} onChange={(e) => setText(e.target.value)} placeholder={'x,y\n0.5,1\n-1,0.25'} data-testid="points-text" />
          </label>
          <button type="button" onClick={() => loadText(text, 'the text')} disabled={!text.trim()} data-testid="points-use-text">
            Use the text
          </button>
          {error && (
            <p className="setting-error" role="alert" data-testid="points-error">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button
              type="button"
              className="primary"
              disabled={!points.length}
              onClick={() => {
                onApply(points);
                onClose();
              }}
              data-testid="points-apply"
            >
              Train on these points
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </div>
      </div>
    </Dialog>
  );
}
