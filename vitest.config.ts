import { defineConfig } from 'vitest/config';

/**
 * Tests of the pure core (and of the texts and the import rules) touch no database, process,
 * port or shared module state, so their files share one module graph per worker: isolating each
 * file re-imported the catalog, zod and the divisions every time, most of those folders' cost.
 * Everything else keeps a fresh module graph per file.
 */
const SHARED_MODULES = [
  'tests/filing/**/*.test.ts',
  'tests/conversation/**/*.test.ts',
  'tests/review/**/*.test.ts',
  'tests/i18n/**/*.test.ts',
  'tests/architecture.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'core', include: SHARED_MODULES, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ['tests/**/*.test.ts'], exclude: SHARED_MODULES } },
    ],
  },
});
