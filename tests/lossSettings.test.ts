// The loss switch loads settings measured on the 2D targets, in the CLI as in the page; the
// paper's settings (tuned for images) stay one flag away.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../cli/args';
import { LOSS_INFO } from '../src/engine/lossInfo';
import { LOSS_IDS, crossCheck, defaultSettings } from '../src/engine/settings';

describe('2D settings per loss', () => {
  it('every loss has valid 2D settings and says how they were measured', () => {
    for (const id of LOSS_IDS) {
      const s2d = LOSS_INFO[id].settings2d;
      expect(crossCheck({ ...defaultSettings(), ...s2d.settings, loss: id }), id).toEqual([]);
      expect(s2d.measured, id).toMatch(/ring8|ring of 8/);
    }
  });
  it('the playground starts on WGAN-GP’s 2D settings', () => {
    expect(defaultSettings()).toMatchObject({ loss: 'wgan-gp', ...LOSS_INFO['wgan-gp'].settings2d.settings });
  });
  it('--loss X loads the 2D settings, --paper the paper’s', () => {
    for (const id of LOSS_IDS) {
      const r = parseArgs(['--loss', id]);
      expect(r).toMatchObject({ kind: 'run', settings: { loss: id, ...LOSS_INFO[id].settings2d.settings } });
      const p = parseArgs(['--loss', id, '--paper']);
      expect(p).toMatchObject({ kind: 'run', settings: { loss: id, ...LOSS_INFO[id].defaults } });
    }
    expect(parseArgs(['--loss', 'wgan-gp', '--paper', '--lambda', '3'])).toMatchObject({ settings: { lambda: 3, beta1: 0 } }); // explicit flags win
  });
});
