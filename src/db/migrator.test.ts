// Several instances starting at once on one new PostgreSQL database: the migrations run once (Kysely's
// migration lock), every instance starts, and the chain reads the same as on SQLite.
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { createMigrator, migrateToLatest } from './migrator.js';
import { itOnPostgres, openTestDatabase } from '../testing/test-database.js';

describe('the migration chain', () => {
  it('is one numbered list for both engines, all applied on a new database', async () => {
    const { db } = await openTestDatabase({ migrated: false });
    await migrateToLatest(db);
    const migrations = await createMigrator(db).getMigrations();
    expect(migrations.map((m) => m.name)).toEqual([...migrations.map((m) => m.name)].sort());
    expect(migrations.map((m) => m.name)).toContain('0006_search_terms_and_sort_keys');
    expect(migrations.every((m) => m.executedAt instanceof Date)).toBe(true);
  });

  itOnPostgres('runs once when three instances start at the same moment', async () => {
    const { config } = await openTestDatabase({ migrated: false });
    const instances = [1, 2, 3].map(() => openDatabase(config));
    try {
      const outcomes = await Promise.all(instances.map((db) => migrateToLatest(db)));
      const applied = outcomes.flatMap((outcome) => outcome.results ?? []);
      const names = (await createMigrator(instances[0]!).getMigrations()).map((m) => m.name);
      // Each migration applied by exactly one of them; the others found nothing left to do.
      expect(applied.map((result) => result.migrationName).sort()).toEqual(names);
      expect(applied.every((result) => result.status === 'Success')).toBe(true);
    } finally {
      for (const db of instances) await db.destroy();
    }
  });
});
