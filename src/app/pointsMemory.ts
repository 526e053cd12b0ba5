// Own points past what a link carries (MAX_URL_POINTS) are kept in this tab's session
// storage, so that a reload brings back the whole drawing; the link itself carries the first
// MAX_URL_POINTS and says how many there were.
import type { Points } from '../engine/trainerBase';
import { validatePoints } from '../engine/customPoints';
import { MAX_URL_POINTS, encodePoints } from './urlState';

const KEY = 'gan-playground-points';

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage blocked (privacy settings, sandboxed iframe)
  }
}

/** Keeps a drawing too large for a link; forgets it otherwise. */
export function rememberPoints(points: Points | null): void {
  const s = storage();
  if (!s) return;
  try {
    if (points && points.length > MAX_URL_POINTS) s.setItem(KEY, JSON.stringify(points));
    else s.removeItem(KEY);
  } catch {
    /* quota: the link's share of the points is what survives */
  }
}

/** The whole drawing whose first MAX_URL_POINTS the link's `pts` carries, if this tab kept it. */
export function recallPoints(pts: string): Points | null {
  const s = storage();
  const text = s?.getItem(KEY);
  if (!text) return null;
  try {
    const r = validatePoints(JSON.parse(text));
    return r.ok && encodePoints(r.points) === pts ? r.points : null;
  } catch {
    return null;
  }
}
