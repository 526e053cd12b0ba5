// The grid of 25's preset on two seeds (presetCases.ts): its own file, as its check takes
// minutes, so that it runs beside the other presets' (presets.test.ts).
import { describe } from 'vitest';
import { presetSeedTests, setUpPresetTests } from './presetCases';

setUpPresetTests();

describe('presets: the grid of 25', () => presetSeedTests('wgan-gp-grid25'));
