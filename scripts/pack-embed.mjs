// The npm package of the <gan-playground> element (packages/gan-playground): builds the element
// and its React component with vite.embed.config.ts into the package's dist/ (the scripts and
// every asset they load relative to import.meta.url: the worker, the wasm files, the digits),
// then runs `npm pack --dry-run --json` there and prints what the package holds, its size and
// the element script's gzip size. Figures are printed, not asserted.
//
//   npm run pack:embed                      build, then a dry run of npm pack
//   npm run pack:embed -- --no-build        reuse the package's dist/ when it is newer than its sources
//   npm run pack:embed -- --pack-destination DIR   write the tarball to DIR (instead of a dry run)
//   node scripts/pack-embed.mjs --build-only        build only (the package's prepack)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(root, 'packages/gan-playground');
const distDir = join(pkgDir, 'dist');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return null;
  if (!args[i + 1] || args[i + 1].startsWith('--')) fail(`${name} needs a folder`);
  return resolve(args[i + 1]);
};

function fail(message) {
  console.error(`pack-embed: ${message}`);
  process.exit(1);
}

function run(cmd, cmdArgs, cwd = root, capture = false) {
  const r = spawnSync(cmd, cmdArgs, { cwd, stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8' });
  if (r.error) fail(`${cmd} ${cmdArgs.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) fail(`${[cmd, ...cmdArgs].map((a) => relative(root, a) || a).join(' ')} exited with ${r.status}`);
  return r.stdout;
}

/** The newest modification time of the files under these paths (folders walked). */
function newest(paths) {
  let t = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else t = Math.max(t, s.mtimeMs);
  };
  paths.forEach(walk);
  return t;
}

/** What the build reads: the sources (with the built kernels and digits), the configs, the packages. */
const BUILD_INPUTS = ['src', 'vite.config.ts', 'vite.embed.config.ts', 'package-lock.json'].map((p) => join(root, p));

function build() {
  // the kernels and the digits, as npm run build's prebuild (each skips its work when up to date)
  run(process.execPath, [join(root, 'scripts/build-kernels.mjs')]);
  run(process.execPath, [join(root, 'scripts/build-digits.mjs')]);
  run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.embed.config.ts', '--outDir', distDir, '--emptyOutDir', '--logLevel', 'warn']);
}

/** Every file an "exports" entry or "types" names (wildcard entries left out). */
function targets() {
  const out = new Set([pkg.types]);
  const walk = (v) => {
    if (typeof v === 'string') {
      if (!v.includes('*')) out.add(v);
    } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(pkg.exports);
  return [...out].map((t) => t.replace(/^\.\//, ''));
}

const fresh = existsSync(join(distDir, 'gan-playground.js')) && statSync(join(distDir, 'gan-playground.js')).mtimeMs > newest(BUILD_INPUTS);
if (flag('--no-build') && fresh) console.log('pack-embed: reusing packages/gan-playground/dist (newer than its sources)');
else {
  if (flag('--no-build')) console.log('pack-embed: packages/gan-playground/dist is missing or older than its sources: building');
  build();
}
const missing = targets().filter((t) => !existsSync(join(pkgDir, t)));
if (missing.length) fail(`package.json names files the build did not make: ${missing.join(', ')}`);
if (flag('--build-only')) process.exit(0);

// npm itself, as `npm run` gives it (npm_execpath), or the one on the PATH; --ignore-scripts: the
// package's prepack would build a second time
const npm = process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath) ? [process.execPath, process.env.npm_execpath] : ['npm'];
const destination = option('--pack-destination');
const packArgs = ['pack', '--json', '--ignore-scripts', ...(destination ? ['--pack-destination', destination] : ['--dry-run'])];
const json = run(npm[0], [...npm.slice(1), ...packArgs], pkgDir, true);
const report = JSON.parse(json.slice(json.indexOf('[')))[0];

const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
const width = Math.max(...report.files.map((f) => f.path.length));
console.log(`\n${report.name}@${report.version}: ${report.entryCount} files${destination ? `, ${join(destination, report.filename)}` : ' (npm pack --dry-run)'}`);
for (const f of [...report.files].sort((a, b) => a.path.localeCompare(b.path))) console.log(`  ${f.path.padEnd(width)}  ${kB(f.size).padStart(10)}`);
const packed = new Set(report.files.map((f) => f.path));
const unpacked = targets().filter((t) => !packed.has(t));
if (unpacked.length) fail(`the package leaves out files its package.json names: ${unpacked.join(', ')}`);
const gz = (file) => gzipSync(readFileSync(join(pkgDir, file)), { level: 9 }).length;
console.log(`\npackage: ${kB(report.size)} packed (gzip tarball), ${kB(report.unpackedSize)} unpacked`);
console.log(`element script dist/gan-playground.js: ${kB(statSync(join(distDir, 'gan-playground.js')).size)}, ${kB(gz('dist/gan-playground.js'))} gzip`);
console.log(`React component dist/gan-playground-react.js: ${kB(statSync(join(distDir, 'gan-playground-react.js')).size)}, ${kB(gz('dist/gan-playground-react.js'))} gzip`);
