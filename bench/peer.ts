// The speed peer: ../shared/bench/torch_ref.py (PyTorch on one CPU thread, the WGAN-GP
// authors' 2D toy setup). Optional: when PyTorch or the script is missing, say why and go on.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const PEER_SCRIPT = process.env.TORCH_REF ?? join(import.meta.dirname, '..', '..', 'shared', 'bench', 'torch_ref.py');
const PYTHON = process.env.PEER_PYTHON ?? '/usr/bin/python3';

export type PeerResult = { ok: true; msPerIteration: number; version: string } | { ok: false; reason: string };

/** PyTorch's time per WGAN-GP iteration (5 critic steps with the penalty + 1 generator step). */
export function torchSpeed(width: number, layers: number): PeerResult {
  if (!existsSync(PEER_SCRIPT)) return { ok: false, reason: `peer script not found at ${PEER_SCRIPT}` };
  if (!existsSync(PYTHON)) return { ok: false, reason: `${PYTHON} not found` };
  const r = spawnSync(PYTHON, [PEER_SCRIPT, 'speed', String(width), String(layers)], {
    encoding: 'utf8',
    timeout: 120_000,
    // one BLAS thread, as the peer's README asks
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (r.status !== 0) {
    const err = (r.stderr || r.error?.message || '').trim().split('\n').pop() ?? '';
    const hint = /No module named 'torch'/.test(err) ? ' (install: apt-get install -y python3-torch libopenblas0-pthread)' : '';
    return { ok: false, reason: `PyTorch peer did not run: ${err}${hint}` };
  }
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  return { ok: true, msPerIteration: out.ms_per_iter, version: `torch ${out.torch}` };
}
