// "Starting one pauses the others": the playgrounds of this page that take part. Module
// state, not a global: a second copy of the script defines no element (index.ts), so every
// <gan-playground> on the page belongs to the first copy and to this one set.

export interface Exclusive {
  /** Takes part (attribute exclusive, on unless turned off). */
  readonly exclusive: boolean;
  /** Another playground started: pause, and do not resume on your own. */
  yieldTo(other: Exclusive): void;
}

const members = new Set<Exclusive>();

export function joinExclusive(m: Exclusive): () => void {
  members.add(m);
  return () => members.delete(m);
}

/** `m` starts: the others that take part pause. */
export function claimExclusive(m: Exclusive): void {
  if (!m.exclusive) return;
  for (const other of members) if (other !== m && other.exclusive) other.yieldTo(m);
}
