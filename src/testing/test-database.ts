// The database a test runs on, from the one selector FOLIO_TEST_DB: SQLite in memory (the default), or
// with FOLIO_TEST_DB=postgres a fresh PostgreSQL database cloned from the migrated template that
// postgres-cluster.ts built (a file copy: far quicker than migrating each time). Every database a
// test file opens is closed and dropped when the file ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, inject, it } from 'vitest';
import { sql } from 'kysely';
import type { DatabaseConfig } from '../config.js';
import { openDatabase, type DB } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { databaseUrl } from '../cli/scratch-cluster.js';

export type TestEngine = 'sqlite' | 'postgres';
export const testEngine: TestEngine =
  process.env.FOLIO_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

/**
 * For tests of one engine's internals (FTS5, SQLite's plans and locking): they say where they apply
 * and are reported as skipped on the other engine. Behaviour tests run on both.
 */
export const describeOnSqlite = describe.skipIf(testEngine !== 'sqlite');
export const itOnSqlite = it.skipIf(testEngine !== 'sqlite');
export const describeOnPostgres = describe.skipIf(testEngine !== 'postgres');
export const itOnPostgres = it.skipIf(testEngine !== 'postgres');

export interface TestDatabase {
  db: DB;
  /** What the app's config says about it (the engine, and the URL for PostgreSQL). */
  config: DatabaseConfig;
}

let admin: DB | undefined;
const opened: { db?: DB; name?: string }[] = [];
let counter = 0;
/** A migrated database made ahead of the next openTestDatabase() call. */
let spare: Promise<string> | undefined;

/** A new database copied from the template (a file copy: far quicker than migrating). */
async function cloneDatabase(template: string): Promise<string> {
  counter += 1;
  const name = `folio_test_${process.pid}_${counter}`;
  await sql`CREATE DATABASE ${sql.id(name)} TEMPLATE ${sql.id(template)} STRATEGY FILE_COPY`.execute(
    admin!,
  );
  return name;
}

/**
 * A new database for the test engine, migrated unless `migrated: false` (for migration tests), or
 * the one `config` names (opened and migrated, closed at the end of the file like the others).
 */
export async function openTestDatabase({
  migrated = true,
  config: given,
}: { migrated?: boolean; config?: DatabaseConfig } = {}): Promise<TestDatabase> {
  if (given || testEngine === 'sqlite') {
    const config: DatabaseConfig = given ?? { dialect: 'sqlite', path: ':memory:' };
    const db = openDatabase(config);
    opened.push({ db });
    if (migrated) await migrateToLatest(db);
    return { db, config };
  }
  const server = inject('folioPostgres');
  if (!server) throw new Error('FOLIO_TEST_DB=postgres, but the vitest globalSetup did not run');
  admin ??= openDatabase({ dialect: 'postgres', url: server.adminUrl, poolMax: 1 });
  let name: string;
  if (migrated) {
    name = await (spare ?? cloneDatabase(server.template));
    // The next test's database is copied while this test runs: a copy takes a few hundred
    // milliseconds on a busy machine, mostly waiting for the disk.
    spare = cloneDatabase(server.template);
    spare.catch(() => undefined);
  } else {
    name = await cloneDatabase('template0');
  }
  const config: DatabaseConfig = {
    dialect: 'postgres',
    url: databaseUrl(server.adminUrl, name),
    poolMax: 4,
  };
  const db = openDatabase(config);
  opened.push({ db, name });
  return { db, config };
}

/**
 * Whether the search index holds exactly the live customers' stored terms: FTS5's integrity check on
 * SQLite; on PostgreSQL, customer_search_terms compared with the terms in customers.search_text.
 */
export async function searchIndexIntact(db: DB): Promise<boolean> {
  if (testEngine === 'sqlite') {
    await sql`INSERT INTO customers_fts(customers_fts, rank) VALUES ('integrity-check', 1)`.execute(
      db,
    );
    return true;
  }
  const { rows } = await sql<{ difference: number }>`
    WITH expected AS (
      SELECT c.workspace_id, term, c.id AS customer_id FROM customers c,
             unnest(string_to_array(ltrim(c.search_text, ' '), ' ')) AS term
      WHERE c.deleted_at IS NULL AND term <> ''),
    stored AS (SELECT workspace_id, term, customer_id FROM customer_search_terms)
    SELECT (SELECT count(*) FROM (SELECT * FROM expected EXCEPT SELECT * FROM stored) a)
         + (SELECT count(*) FROM (SELECT * FROM stored EXCEPT SELECT * FROM expected) b) AS difference
  `.execute(db);
  return Number(rows[0]?.difference) === 0;
}

export interface ColumnInfo {
  name: string;
  notNull: boolean;
  /** The default as the engine writes it ('1', or null for none). */
  defaultValue: string | null;
}

/** A table's columns, for migration tests: SQLite's table_info or PostgreSQL's information_schema. */
export async function tableColumns(db: DB, table: string): Promise<ColumnInfo[]> {
  if (testEngine === 'sqlite') {
    const { rows } = await sql<{
      name: string;
      notnull: number;
      dflt_value: string | null;
    }>`select name, "notnull", dflt_value from pragma_table_info(${table})`.execute(db);
    return rows.map((row) => ({
      name: row.name,
      notNull: row.notnull === 1,
      defaultValue: row.dflt_value,
    }));
  }
  const { rows } = await sql<{ name: string; is_nullable: string; column_default: string | null }>`
    select column_name as name, is_nullable, column_default from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(
    db,
  );
  return rows.map((row) => ({
    name: row.name,
    notNull: row.is_nullable === 'NO',
    defaultValue: row.column_default,
  }));
}

/**
 * Closes and drops the databases this test file opened. Run after every file by setup.ts (not here at
 * module level): with vitest's isolate off, a module's hooks would be registered for its first file only.
 */
export async function closeTestDatabases(): Promise<void> {
  const unused = await spare?.catch(() => undefined);
  spare = undefined;
  if (unused) opened.push({ name: unused });
  for (const { db, name } of opened.splice(0)) {
    // A test may have closed it already.
    await db?.destroy().catch(() => undefined);
    if (name && admin)
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin);
  }
  await admin?.destroy();
  admin = undefined;
}

/**
 * A temporary folder for a test file's database files, removed when the file ends: after the file's
 * databases are closed, since a SQLite file's checkpoint worker writes its WAL there until then.
 */
export function scratchFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(async () => {
    await closeTestDatabases();
    // Retried: a server process the file stopped may still be removing its WAL as the folder goes.
    rmSync(folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  });
  return folder;
}
