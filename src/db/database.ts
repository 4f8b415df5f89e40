// Opens the Kysely instance for the configured dialect, with the settings Folio relies on.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteAdapter, sql } from 'kysely';
import type { DatabaseConfig } from '../config.js';
import type { Database } from './tables.js';
import { BUSY_TIMEOUT_MS, WaitingSqliteDialect } from './sqlite-waiting.js';

export type DB = Kysely<Database>;

export function openDatabase(config: DatabaseConfig): DB {
  if (config.dialect === 'postgres') return openPostgres(config.url);
  return openSqlite(config.path);
}

function openSqlite(file: string): DB {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers run beside the one writer. A second writer waits for the lock instead of failing:
  // briefly here (the wait blocks the process), then asynchronously (sqlite-waiting.ts).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma('foreign_keys = ON');
  // NORMAL is durable across application crashes in WAL mode (only an OS crash can lose the last commit).
  sqlite.pragma('synchronous = NORMAL');
  return new Kysely<Database>({ dialect: new WaitingSqliteDialect(cachingStatements(sqlite)) });
}

/**
 * Kysely prepares every query afresh; the table's few query shapes repeat on every request, so
 * prepared statements are kept by their SQL text (a sixth of a page's time was spent preparing).
 * Safe because better-sqlite3 runs each statement to completion before the next one starts.
 */
function cachingStatements(sqlite: SQLite.Database, limit = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
      cache.set(source, statement);
    }
    return statement;
  }) as SQLite.Database['prepare'];
  return sqlite;
}

// Kept for the PostgreSQL step (see README, "Running in production"): config refuses postgres:// URLs
// until migrations/0004 has a PostgreSQL version, so this is not reached today.
function openPostgres(url: string): DB {
  // Loaded on demand so the embedded default never loads the pg driver.
  const { Pool } = createRequire(import.meta.url)('pg') as typeof import('pg');
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new Pool({ connectionString: url, max: 10 }) }),
  });
}

/**
 * A transaction that reads before it writes. SQLite's default BEGIN takes the write lock only at the
 * first write, and if another process committed in between, that upgrade fails at once with
 * SQLITE_BUSY (the busy timeout cannot help). BEGIN IMMEDIATE takes the write lock first, waiting
 * its turn, so the read and the write see the same database. (Several server processes share one file
 * with WEB_CONCURRENCY.)
 */
export async function writeTransaction<T>(db: DB, work: (trx: DB) => Promise<T>): Promise<T> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return db.transaction().execute(work);
  return db.connection().execute(async (connection) => {
    await sql`BEGIN IMMEDIATE`.execute(connection);
    try {
      const result = await work(connection);
      await sql`COMMIT`.execute(connection);
      return result;
    } catch (error) {
      await sql`ROLLBACK`.execute(connection);
      throw error;
    }
  });
}

/** Answers whether the database responds, for /healthz. */
export async function databaseAnswers(db: DB): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
