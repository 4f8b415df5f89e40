// Applies the migrations in /migrations (compiled to dist/migrations when built), in name order.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { DB } from './database.js';

// src/db -> ../../migrations, and dist/src/db -> dist/migrations: the same relative step works for both.
const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Like Kysely's FileMigrationProvider, but the import() happens in our own module, so test runners
 * that compile TypeScript on the fly (vitest) can load the .ts migrations too.
 */
const folderProvider: MigrationProvider = {
  async getMigrations() {
    const migrations: Record<string, Migration> = {};
    for (const file of (await readdir(MIGRATIONS_FOLDER)).sort()) {
      if (!/\.(js|ts)$/.test(file) || file.endsWith('.d.ts')) continue;
      const module = (await import(
        pathToFileURL(path.join(MIGRATIONS_FOLDER, file)).href
      )) as Migration;
      migrations[file.replace(/\.(js|ts)$/, '')] = module;
    }
    return migrations;
  },
};

export function createMigrator(db: DB): Migrator {
  return new Migrator({ db, provider: folderProvider });
}

/** Throws with the failing migration's name when one fails, so start-up stops loudly. */
function check({ error, results }: MigrationResultSet): void {
  if (!error) return;
  const failed = results?.find((result) => result.status === 'Error');
  const reason = error instanceof Error ? error.message : JSON.stringify(error);
  throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`, { cause: error });
}

export async function migrateToLatest(db: DB): Promise<MigrationResultSet> {
  const outcome = await createMigrator(db).migrateToLatest();
  check(outcome);
  return outcome;
}

export async function migrateDown(db: DB): Promise<MigrationResultSet> {
  const outcome = await createMigrator(db).migrateDown();
  check(outcome);
  return outcome;
}
