// Compiles the AssemblyScript kernels (src/kernels/assembly) to src/kernels/build/kernels.wasm.
// Runs before dev, build, test, train and bench; skips the work when the output is newer
// than every source.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'src/kernels/assembly');
const builds = [
  { out: join(root, 'src/kernels/build/kernels.wasm'), features: ['--enable', 'simd'] },
  { out: join(root, 'src/kernels/build/kernels-relaxed.wasm'), features: ['--enable', 'simd', '--enable', 'relaxed-simd'] },
];
const sources = readdirSync(srcDir).filter((f) => f.endsWith('.ts')).map((f) => join(srcDir, f));
const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs), statSync(fileURLToPath(import.meta.url)).mtimeMs);
for (const { out, features } of builds) {
  if (!process.argv.includes('--force') && existsSync(out) && statSync(out).mtimeMs > newest) continue;
  mkdirSync(dirname(out), { recursive: true });
  const { error, stderr } = await asc.main([join(srcDir, 'index.ts'), '--outFile', out, '-O3', '--runtime', 'stub', ...features, '--noAssert', '--initialMemory', '16']);
  if (error) {
    console.error(stderr.toString());
    console.error(`kernel build failed: ${error.message}`);
    process.exit(1);
  }
  console.log(`built ${out.replace(root + '/', '')} (${statSync(out).size} bytes)`);
}
