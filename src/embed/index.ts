// The <gan-playground> script: `<script type="module" src=".../gan-playground.js">`.
// It defines the element and nothing else on the page; a second copy of the script finds
// the name taken and leaves it (every element then runs on the first copy).
import './plotlyGuard';
import { GanPlaygroundElement } from './GanPlaygroundElement';

export const TAG = 'gan-playground';

if (!customElements.get(TAG)) customElements.define(TAG, GanPlaygroundElement);

export { GanPlaygroundElement };
export type { EvaluationDetail, IterationDetail, MessageDetail, PlayReason, PlayStateDetail, ReadyDetail } from './events';

declare global {
  interface HTMLElementTagNameMap {
    'gan-playground': GanPlaygroundElement;
  }
}
