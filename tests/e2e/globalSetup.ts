// Builds the site once for the whole e2e run (each test file runs in its own process, and
// a build per file repeated the same work); the files find it through BUILT_DIST.
import { rmSync } from 'node:fs';
import { buildSite } from './browser';

export default async function setup(): Promise<() => void> {
  if (process.env.BUILT_DIST) return () => undefined;
  const dist = await buildSite();
  process.env.BUILT_DIST = dist;
  return () => rmSync(dist, { recursive: true, force: true });
}
