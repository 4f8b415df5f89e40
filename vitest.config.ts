// Vitest: unit and HTTP-level tests live beside the code in src/ (browser tests are Playwright's, in
// e2e/); what every test needs is registered once in the setup file. The suite runs on SQLite, or on
// PostgreSQL with FOLIO_TEST_DB=postgres: the global setup then starts (or finds) the server and
// builds the migrated template database every test database is cloned from.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    dir: 'src',
    include: ['**/*.test.{ts,tsx}'],
    setupFiles: ['src/testing/setup.ts'],
    globalSetup: ['src/testing/postgres-cluster.ts'],
    // Vitest's default leaves a core idle (one worker on two cores); these tests spend much of their
    // time waiting on the database and timers, so a worker per core halves the run.
    maxWorkers: availableParallelism(),
    // Test files share their worker's imported modules instead of importing the app afresh for each
    // file (the import was over half of the run). Per-file state is reset by setup.ts's hooks.
    isolate: false,
    // The CI machine is shared and noisy: a test that takes 1 s alone has been seen to take over 5 s
    // (vitest's default limit) there. A hang still fails, after 15 s instead of 5.
    testTimeout: 15_000,
    hookTimeout: 30_000,
  },
});
