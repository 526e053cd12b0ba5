// Export the run (settings and metric history as JSON or CSV, the charts as PNG, the
// trained networks' weights) and load a saved run back.
import { useRef, useState } from 'react';
import { chartsPng, download, runCsv, runJson } from '../download';
import type { Session } from '../session';
import { Dialog } from './Dialog';

const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

/** After this long without an answer the dialog says what it waits for. */
const WAIT_NOTICE_MS = 1000;
const WAITING =
  'Waiting for the training worker: it answers between training steps, so a long step finishes first. If the worker has stopped, this says so as soon as its watchdog notices.';

export function ExportDialog({ sessions, onClose }: { sessions: Session[]; onClose(): void }) {
  const [status, setStatus] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const names = sessions.length > 1 ? ['left', 'right'] : [''];

  // Buttons stay enabled while busy (a disabled button drops keyboard focus); clicks are ignored instead.
  const guard = async (fn: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setStatus(null);
    // an answer within a second, or a word on why it takes longer (a dead worker answers at once with its reason)
    const slow = setTimeout(() => setStatus({ kind: 'info', text: WAITING }), WAIT_NOTICE_MS);
    try {
      await fn();
      // answered: the waiting notice goes (a success message set by fn stays)
      setStatus((now) => (now?.text === WAITING ? null : now));
    } catch (e) {
      setStatus({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
    } finally {
      clearTimeout(slow);
      setBusy(false);
    }
  };

  const load = (f: File) =>
    guard(async () => {
      if (f.size > 200 * 1024 * 1024) throw new Error(`${f.name} is too large (${(f.size / 1e6).toFixed(0)} MB)`);
      let json: unknown;
      try {
        json = JSON.parse(await f.text());
      } catch {
        throw new Error(`${f.name} is not a JSON file`);
      }
      const format = (json as { format?: string } | null)?.format;
      const target = sessions[0];
      if (format === 'gan-playground-run') {
        const { readRunFile } = await import('../../engine/runFile');
        let run: ReturnType<typeof readRunFile>;
        try {
          run = readRunFile(json);
        } catch (e) {
          throw new Error(`${f.name}: ${e instanceof Error ? e.message : String(e)}. The current run is unchanged.`);
        }
        // a run file has no weights: its settings (and own points) start a new run
        target.controller.applySettings(run.settings, run.customPoints ?? undefined);
        target.controller.reset();
        const clamped = run.warnings.length ? ` Adjusted: ${run.warnings.join('; ')}.` : '';
        setStatus({ kind: 'info', text: `Loaded the settings of ${f.name}${run.customPoints ? ` with its ${run.customPoints.length} points` : ''} (a run file has no weights): a new run starts.${clamped}` });
        return;
      }
      const error = await target.controller.loadWeights(json);
      if (error) throw new Error(`${f.name}: ${error}. The current run is unchanged.`);
      setStatus({ kind: 'info', text: `Restored the run from ${f.name}.` });
    });

  return (
    <Dialog title="Export and load" onClose={onClose} testId="export-dialog" wide>
      <div aria-busy={busy}>
      {sessions.map((s, i) => (
        <section key={s.id} className="export-section">
          {names[i] && <h3>The {names[i]} run</h3>}
          <div className="export-buttons">
            <button type="button" onClick={() => download(`gan-run-${stamp()}.json`, runJson(s.store.getState()))} data-testid={`export-json${names[i] ? '-' + names[i] : ''}`}>
              Settings and metrics (JSON)
            </button>
            <button type="button" onClick={() => download(`gan-history-${stamp()}.csv`, runCsv(s.store.getState()), 'text/csv')} data-testid={`export-csv${names[i] ? '-' + names[i] : ''}`}>
              Metric history (CSV)
            </button>
            <button
              type="button"
             
              onClick={() =>
                guard(async () => {
                  const f = await s.controller.exportWeights();
                  download(`gan-weights-${stamp()}.json`, JSON.stringify(f));
                })
              }
              data-testid={`export-weights${names[i] ? '-' + names[i] : ''}`}
            >
              Trained networks (tf.io weights)
            </button>
          </div>
        </section>
      ))}
      <section className="export-section">
        <h3>Charts</h3>
        <button type="button" onClick={() => guard(async () => download(`gan-charts-${stamp()}.png`, await chartsPng(document)))} data-testid="export-png">
          All charts (PNG)
        </button>
        <p className="card-note">Each chart also has a camera button (top right, on hover) that saves it alone.</p>
      </section>
      <section className="export-section">
        <h3>Load</h3>
        <p className="card-note">A weights file restores the run exactly (networks, optimizer state, random streams); a run file (JSON) restores its settings.</p>
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          aria-label="Load a weights or run file"
          data-testid="load-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void load(f);
            e.target.value = '';
          }}
        />
      </section>
      </div>
      {status && (
        <p className={status.kind === 'error' ? 'setting-error' : 'card-note'} role={status.kind === 'error' ? 'alert' : 'status'} data-testid="export-status">
          {status.text}
        </p>
      )}
    </Dialog>
  );
}
