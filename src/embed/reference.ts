// What docs/embedding-reference.md says about the element beyond the settings table: its own
// attributes, its API, its events' payloads, the iframe embed's messages. Data only, read by
// scripts/gen-docs.ts; tests check it against the code (every attribute, event, command and
// API member listed, none extra), so the page cannot drift from what the element does.
import type { ELEMENT_ATTRIBUTES, LINK_ATTRIBUTES } from './attributes';
import type { EVENT_TYPES } from './events';

export interface Doc {
  /** The name as written (an attribute, a member's signature, an event, a command). */
  name: string;
  text: string;
}

export const ATTRIBUTE_DOCS: Record<(typeof ELEMENT_ATTRIBUTES)[number] | (typeof LINK_ATTRIBUTES)[number], { values: string; text: string }> = {
  preset: { values: 'a preset id of the playground view', text: "Loads the preset's settings and seed (and its banner with the claim to watch); setting attributes go on top of it." },
  view: { values: '`playground`', text: 'Only the playground view is embeddable as an element (the lessons have their own pages).' },
  autoplay: { values: 'present, or `on` / `off`', text: 'Plays once the worker is ready (and the element on screen). Off when the system asks for reduced motion.' },
  controls: { values: '`none`, `minimal` (default), `full`', text: 'How much of the page shows: `none` the plane only (the host drives it), `minimal` the plane, play / pause, reset and the readouts, `full` the embed view with single steps and the settings.' },
  theme: { values: '`auto` (default), `light`, `dark`', text: "`auto` follows the host's `prefers-color-scheme`." },
  'keep-running': { values: 'present, or `on` / `off` (default off)', text: 'Keeps training when scrolled out of view or in a hidden tab (by default it pauses within a second and resumes when back).' },
  exclusive: { values: '`on` (default) / `off`', text: 'Starting this playground pauses the others of the page that take part.' },
};

export const API_DOCS: Doc[] = [
  { name: 'play()', text: 'Starts training (the worker first, if it has not started). Held until the element is on screen, unless `keep-running`.' },
  { name: 'pause()', text: 'Pauses; it stays paused when scrolled back into view.' },
  { name: 'reset()', text: 'A new run from the current settings and seed.' },
  { name: 'loadPreset(id)', text: "Loads a preset of the playground view and starts its run, paused. Throws a `RangeError` for an unknown id (and dispatches `error`)." },
  { name: 'settings', text: 'The run\'s settings (a copy), or `null` while an attribute needs fixing. Assigning an object of setting name → value changes those (validated as the controls do; a bad value throws and changes nothing).' },
  { name: 'playing', text: 'Whether it is training (read-only).' },
  { name: 'iteration', text: 'Generator steps so far (read-only).' },
  { name: 'started', text: 'Whether its worker has started (it starts when the element comes within 300 px of the viewport, or on `play()`).' },
  { name: 'problems', text: 'What is wrong with the attributes, one line each (empty when it runs).' },
];

export const EVENT_DOCS: Record<(typeof EVENT_TYPES)[number], { when: string; detail: string }> = {
  ready: { when: 'The worker is ready to train (after each start of a worker).', detail: '`settings` (all of them), `backend` (the backend in use, e.g. `fused`)' },
  iteration: { when: 'Training moved on, or started or stopped: at most one every 250 ms, the last one always sent.', detail: '`iteration`, `criticSteps`, `playing`, `itPerSec` (0 when paused)' },
  evaluation: { when: 'A new exact evaluation (about every 2 s while training).', detail: '`iteration`, `w1` (exact W1 between 500 generated and 500 target samples), `floor` (W1 between two target samples of that size), `modes`, `modesTotal` (null without modes), `highQuality` (share within 3σ of a mode; digits: recognised with ≥ 90 % confidence)' },
  play: { when: 'Training started.', detail: '`iteration`, `reason`: `api` (`play()` or a host message), `control` (its own button or keys), `autoplay`, `shown` (back in view or tab shown)' },
  pause: { when: 'Training stopped.', detail: '`iteration`, `reason`: `api`, `control`, `hidden` (scrolled out of view or tab hidden), `exclusive` (another playground started), `stopped` (diverged or failed)' },
  diverged: { when: 'The losses became non-finite; the run needs a reset.', detail: '`message`' },
  error: { when: 'Something failed: a bad attribute (`fatal`: true, the element shows it), a bad command, a worker that stopped (`fatal`: true).', detail: '`message`, `fatal`' },
};

export const COMMAND_DOCS: Doc[] = [
  { name: "{ ganPlayground: 'play' }", text: 'As `play()`.' },
  { name: "{ ganPlayground: 'pause' }", text: 'As `pause()`.' },
  { name: "{ ganPlayground: 'reset' }", text: 'As `reset()`.' },
  { name: "{ ganPlayground: 'loadPreset', id }", text: 'As `loadPreset(id)`; a bad id answers with an `error` event.' },
  { name: "{ ganPlayground: 'settings', settings? }", text: "Changes the settings given (as assigning `settings`), then answers `{ ganPlayground: 'settings', settings }` with all of them; without `settings` it only answers. A bad value answers with an `error` event and changes nothing." },
];

/**
 * The Content-Security-Policy the element is tested under (tests/e2e/embed.test.ts): WebAssembly
 * needs 'wasm-unsafe-eval' (no 'unsafe-eval'); Plotly writes inline styles. The worker, the
 * wasm files and the digits come from the script's own origin.
 */
export const CSP_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self' 'unsafe-inline'";
