import { defineConfig } from 'vitest/config';

// Two projects: unit (engine, loop, CLI, components; in parallel) and e2e (the built page
// in Chromium; one file at a time, so that timing-sensitive browser runs get the CPU).
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 240_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
          exclude: ['tests/e2e/**'],
          setupFiles: ['tests/setup.ts'],
          testTimeout: 120_000,
          // tfjs keeps one global engine per process: isolate files in forks, two at a time.
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/globalSetup.ts'],
          testTimeout: 180_000,
          hookTimeout: 240_000,
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
    ],
  },
});
