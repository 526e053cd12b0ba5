// The digits configuration (issue 16): 14 x 14 digits, 2 hidden layers of 256 in both
// networks, batch 64, z in 64 dimensions, under the non-saturating GAN and WGAN-GP, on the
// fused kernels in Node, against one-thread PyTorch (bench/torch_digits.py, torch_ref.py's
// networks on the digits' shapes).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSettings, type LossId, type Settings } from '../src/engine/settings';
import { provideDigitsNode } from '../src/platform/digitsNode';
import { timeIterations, type Timing } from './nodeSpeed';
import type { PeerResult } from './peer';

const PYTHON = process.env.PEER_PYTHON ?? '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, 'torch_digits.py');

export function digitsSettings(loss: Extract<LossId, 'nonsaturating' | 'wgan-gp'>): Settings {
  const base: Settings = { ...defaultSettings(), target: 'digits', activation: 'relu', gLayers: 2, gWidth: 256, dLayers: 2, dWidth: 256, latentDim: 64, batchSize: 64, optimizer: 'adam' };
  return loss === 'wgan-gp'
    ? { ...base, loss, nCritic: 5, lrD: 1e-4, lrG: 1e-4, beta1: 0, beta2: 0.9, lambda: 10, penalty: 'two-sided' }
    : { ...base, loss, nCritic: 1, lrD: 2e-4, lrG: 2e-4, beta1: 0.5, beta2: 0.999, ganPenalty: 'none' };
}

export function torchDigitsSpeed(loss: 'nonsaturating' | 'wgan-gp'): PeerResult {
  if (!existsSync(PYTHON)) return { ok: false, reason: `${PYTHON} not found` };
  const r = spawnSync(PYTHON, [SCRIPT, loss], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } });
  if (r.status !== 0) return { ok: false, reason: `PyTorch peer did not run: ${(r.stderr || r.error?.message || '').trim().split('\n').pop() ?? ''}` };
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  return { ok: true, msPerIteration: out.ms_per_iter, version: `torch ${out.torch}` };
}

/** Our time per iteration on the fused kernels and the peer's, for both losses. */
export async function digitsSpeed(seconds: number): Promise<Array<{ loss: 'nonsaturating' | 'wgan-gp'; ours: Timing; peer: PeerResult }>> {
  provideDigitsNode();
  const out = [];
  for (const loss of ['nonsaturating', 'wgan-gp'] as const) {
    out.push({ loss, ours: await timeIterations(digitsSettings(loss), 'fused', seconds), peer: torchDigitsSpeed(loss) });
  }
  return out;
}
