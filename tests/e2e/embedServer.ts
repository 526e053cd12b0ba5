// A static server laid out like the repository, as a course site would hold a copy of it:
// /dist/ is the built site (with dist/embed/), /examples/ the example pages, so that
// examples/course-page.html loads ../dist/embed/gan-playground.js by its relative path.
// Optional extra pages are served from memory (a test's own host pages), and optional headers
// go with every response (a Content-Security-Policy, as a course site's server would send).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.bin': 'application/octet-stream',
};

export interface StaticSite {
  url: string;
  close(): Promise<void>;
}

export async function serveStatic(mounts: Record<string, string>, pages: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<StaticSite> {
  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (pages[path] !== undefined) {
      res.writeHead(200, { 'content-type': TYPES['.html'] });
      res.end(pages[path]);
      return;
    }
    const mount = Object.keys(mounts).find((m) => path.startsWith(m));
    if (!mount) {
      res.writeHead(404).end();
      return;
    }
    const file = normalize(join(mounts[mount], path.slice(mount.length)));
    if (!file.startsWith(normalize(mounts[mount])) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('static server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
