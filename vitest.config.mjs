// vitest: the suite runs on SQLite by default and on PostgreSQL with FOLIO_TEST_DB=postgres; the
// global setup starts (or finds) the PostgreSQL server and builds the migrated template database.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['src/testing/postgres-cluster.ts'],
  },
});
