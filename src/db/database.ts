// Opens the Kysely instance for the configured dialect, with the settings Folio relies on.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteAdapter, sql } from 'kysely';
import type { DatabaseConfig } from '../config.js';
import type { Database } from './tables.js';
import { BUSY_TIMEOUT_MS, WaitingSqliteDialect, type SqliteConnection } from './sqlite-waiting.js';
import { compiledOnce } from './compiled.js';
import { startCheckpointer } from './checkpointer.js';
import { writeTurn, writeTurnsBuffer } from './write-turns.js';

export type DB = Kysely<Database>;

export function openDatabase(
  config: DatabaseConfig,
  {
    onPoolError = reportPoolError,
    checkpoints = true,
  }: {
    onPoolError?: PoolErrorHandler;
    /**
     * SQLite: false where another connection's worker checkpoints: a second connection of the
     * process, or a cluster's request worker (the primary checkpoints).
     */
    checkpoints?: boolean;
  } = {},
): DB {
  if (config.dialect === 'postgres') return openPostgres(config, onPoolError);
  return openSqlite(config.path, checkpoints);
}

function openSqlite(file: string, checkpoints: boolean): DB {
  return new Kysely<Database>({
    dialect: new WaitingSqliteDialect(() => connectSqlite(file, checkpoints)),
  });
}

function connectSqlite(file: string, checkpoints: boolean): SqliteConnection {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  try {
    // WAL lets readers run beside the one writer. A second writer waits for the lock instead of
    // failing: briefly here (the wait blocks the process), then asynchronously (sqlite-waiting.ts).
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    sqlite.pragma('foreign_keys = ON');
    // NORMAL is durable across application crashes in WAL mode (only an OS crash can lose the last commit).
    sqlite.pragma('synchronous = NORMAL');
    // No checkpoint inside a COMMIT (it held the event loop for a request or an import batch): a
    // worker thread runs them (checkpointer.ts), and is stopped before this connection closes.
    if (file !== ':memory:') sqlite.pragma('wal_autocheckpoint = 0');
  } catch (error) {
    // Not a database, say: the query that opened it fails, and nothing stays open (Kysely tries
    // again at the next query).
    sqlite.close();
    throw error;
  }
  if (file === ':memory:' || !checkpoints) return { sqlite: cachingStatements(sqlite) };
  const checkpointer = startCheckpointer(file, { turns: writeTurnsBuffer() });
  return { sqlite: cachingStatements(sqlite), beforeClose: () => checkpointer.stop() };
}

/**
 * Kysely prepares every query afresh; the table's few query shapes repeat on every request, so
 * prepared statements are kept by their SQL text (a sixth of a page's time was spent preparing).
 * Safe because better-sqlite3 runs each statement to completion before the next one starts.
 */
export function cachingStatements(sqlite: SQLite.Database, limit = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      // Most recently used last, so a full cache lets go of the statement unused the longest.
      cache.delete(source);
    } else {
      statement = prepare(source);
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  }) as SQLite.Database['prepare'];
  return sqlite;
}

type Pg = typeof import('pg');
// Loaded on demand so the embedded default never loads the pg driver.
const loadPg = () => createRequire(import.meta.url)('pg') as Pg;

/** What PostgreSQL's pool does with an error of an idle connection (a restarted server): report it, never crash. */
export type PoolErrorHandler = (error: Error) => void;

const reportPoolError: PoolErrorHandler = (error) =>
  void process.stderr.write(`folio: PostgreSQL connection lost (${error.message}); reconnecting\n`);

function openPostgres(
  config: Extract<DatabaseConfig, { dialect: 'postgres' }>,
  onPoolError: PoolErrorHandler,
): DB {
  const pg = loadPg();
  // count(*) and bigint columns (epoch milliseconds) come back as int8, which pg hands over as strings
  // to keep precision past 2^53; Folio's values stay far below that and the code expects numbers.
  pg.types.setTypeParser(pg.types.builtins.INT8, Number);
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolMax,
    // A server that does not answer stops the start (or a request) within seconds, not minutes.
    connectionTimeoutMillis: 5_000,
  });
  // An idle client's error (the server restarted, a network cut) is emitted on the pool; unhandled,
  // it would end the process. The broken client is dropped and the next query connects afresh.
  pool.on('error', onPoolError);
  // A connection a request holds (between a transaction's statements) reports its loss on the client
  // itself, where the pool does not listen; unheard, it would end the process too. The request's next
  // statement fails (a 503) and the pool drops the broken client when it comes back.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Host, port and database of a PostgreSQL URL, for messages: never the user's password. */
export function describePostgresUrl(url: string): string {
  const requirePg = createRequire(createRequire(import.meta.url).resolve('pg'));
  const { parse } = requirePg('pg-connection-string') as {
    parse: (url: string) => {
      host?: string | null;
      port?: string | null;
      database?: string | null;
    };
  };
  try {
    const { host, port, database } = parse(url);
    return `${host || 'localhost'}${port ? `:${port}` : ''}/${database ?? ''}`;
  } catch {
    return 'the server in DATABASE_URL';
  }
}

/**
 * Checks at start that the database answers: a PostgreSQL URL that cannot connect (wrong host, server
 * down, bad password, no such database) stops the start within seconds, naming host and reason.
 */
export async function checkConnection(db: DB, config: DatabaseConfig): Promise<void> {
  if (config.dialect !== 'postgres') return;
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // pg's messages name the user at most; the URL (with its password) is kept out all the same.
    throw new Error(
      `cannot connect to PostgreSQL at ${describePostgresUrl(config.url)}: ${reason.replaceAll(config.url, 'DATABASE_URL')}`,
      { cause: error },
    );
  }
}

/** Serialization failure and deadlock: PostgreSQL rolled the transaction back; it may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_TRIES = 20;

/**
 * A transaction that reads before it writes, run as if it were alone.
 * SQLite: its default BEGIN takes the write lock only at the first write, and if another process
 * committed in between, that upgrade fails at once with SQLITE_BUSY (the busy timeout cannot help).
 * BEGIN IMMEDIATE takes the write lock first, waiting its turn, so the read and the write see the same
 * database. (Several server processes share one file with WEB_CONCURRENCY.)
 * PostgreSQL has no database-wide write lock; SERIALIZABLE gives the same guarantee (the outcome is
 * that of some one-at-a-time order) whatever the work reads, where row locks (FOR UPDATE) could not
 * cover a read that finds no row, such as the sign-in throttle's count before its insert. A
 * transaction that lost a race is rolled back by PostgreSQL and run again here, so `work` touches
 * nothing but the database.
 */
export async function writeTransaction<T>(db: DB, work: (trx: DB) => Promise<T>): Promise<T> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return serializable(db, work);
  // Its turn (write-turns.ts): after the job thread's write in progress and the WAL's RESTART.
  const done = await writeTurn();
  try {
    return await db.connection().execute(async (connection) => {
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
  } finally {
    done();
  }
}

/**
 * A transaction that writes without reading first (an insert and its history event), so no other
 * write can change what it decided. SQLite: as writeTransaction. PostgreSQL: READ COMMITTED, where a
 * row its triggers update (the workspace's customer counter, which every create in the workspace
 * updates) is waited for; under SERIALIZABLE two overlapping creates fail one another and run again
 * ("could not serialize access due to concurrent update"), over and over with many writers.
 */
export function writeOnlyTransaction<T>(db: DB, work: (trx: DB) => Promise<T>): Promise<T> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return writeTransaction(db, work);
  return db.transaction().execute(work);
}

async function serializable<T>(db: DB, work: (trx: DB) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction().setIsolationLevel('serializable').execute(work);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (attempt >= MAX_TRIES || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
      // A short random pause, growing with each try, so the same racers do not collide again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 4 * attempt));
    }
  }
}

/** Housekeeping deletes at most this many rows per transaction, so no write waits long behind it. */
export const PURGE_BATCH = 1000;

/**
 * Housekeeping's deletes: bounded batches (`deleteBatch` deletes at most `limit` rows and says how
 * many), each a short transaction of its own, until a batch comes back short. Several instances run
 * the hourly housekeeping; on PostgreSQL each batch first takes a transaction-level advisory lock
 * named after the job, and an instance that finds it taken stops, leaving the job to the instance
 * holding it. (On SQLite one process keeps house, and BEGIN IMMEDIATE puts writers in a row anyway.)
 * Once `signal` is aborted (the server stopping) no further batch starts. Returns how many rows went.
 */
export async function deleteInBatches(
  db: DB,
  job: string,
  deleteBatch: (trx: DB, limit: number) => Promise<number>,
  { limit = PURGE_BATCH, signal }: { limit?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  let total = 0;
  for (;;) {
    if (signal?.aborted) return total;
    const deleted = sqlite
      ? await writeTransaction(db, (trx) => deleteBatch(trx, limit))
      : await db.transaction().execute(async (trx) => {
          const { rows } = await sql<{
            ours: boolean;
          }>`select pg_try_advisory_xact_lock(hashtext(${`folio:${job}`})) as ours`.execute(trx);
          return rows[0]?.ours ? deleteBatch(trx, limit) : null;
        });
    if (deleted === null) return total;
    total += deleted;
    if (deleted < limit) return total;
  }
}

// The health probe's question, asked every few seconds: compiled once, and on SQLite a plain SELECT
// (sqlite-waiting.ts reads it without taking the connection's mutex).
const oneRow = compiledOnce((db: DB) => db.selectNoFrom(sql<number>`1`.as('one')));

/** Answers whether the database responds, for /healthz. */
export async function databaseAnswers(db: DB): Promise<boolean> {
  try {
    await oneRow(db);
    return true;
  } catch {
    return false;
  }
}
