// Kysely's SQLite dialect, changed in how a statement waits for SQLite's lock. better-sqlite3 runs
// statements synchronously, so a long busy_timeout blocks the whole process while one write waits for
// another process's lock (a static file took 4.7 s behind one such write). Here the synchronous wait
// is short (BUSY_TIMEOUT_MS) and a statement refused with SQLITE_BUSY is tried again after an
// asynchronous pause, up to BUSY_WAIT_MS in all: the event loop keeps serving in between.
// Kysely shares the one connection through a mutex; plain SELECTs outside any transaction skip it
// (each statement runs whole, and WAL lets reads go beside a writer), so readers in this process are
// not queued behind a write that waits for the lock. Every statement's LIMIT is written into its SQL
// (sqlite-limits.ts: a bound one makes SQLite prepare the statement again on every run).
import type SQLite from 'better-sqlite3';
import {
  DeleteQueryNode,
  InsertQueryNode,
  SelectQueryNode,
  SqliteDialect,
  UpdateQueryNode,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { limitsWritten } from './sqlite-limits.js';
import { writeTurn } from './write-turns.js';

/** The longest a statement blocks the process waiting for the lock, per try. */
export const BUSY_TIMEOUT_MS = 20;
/** The longest a statement waits for the lock in all before SQLITE_BUSY reaches the caller. */
export const BUSY_WAIT_MS = 10_000;

function isBusy(error: unknown): boolean {
  // Only plain SQLITE_BUSY: SQLITE_BUSY_SNAPSHOT (a stale read transaction) cannot succeed by waiting.
  return (error as { code?: unknown } | null)?.code === 'SQLITE_BUSY';
}

async function patiently<T>(run: () => T | Promise<T>): Promise<T> {
  const deadline = Date.now() + BUSY_WAIT_MS;
  for (let pause = 2; ; pause = Math.min(pause * 2, 100)) {
    try {
      return await run();
    } catch (error) {
      if (!isBusy(error) || Date.now() + pause > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** A statement's column names, or null when they cannot all be plain keys of an object. */
const columnNames = new WeakMap<SQLite.Statement, string[] | null>();

function namesOf(statement: SQLite.Statement): string[] | null {
  let names = columnNames.get(statement);
  if (names === undefined) {
    names = statement.columns().map((column) => column.name);
    if (names.includes('__proto__')) names = null;
    columnNames.set(statement, names);
  }
  return names;
}

/**
 * A SELECT's rows as the objects better-sqlite3 would build (the same keys in the same order, a
 * repeated name keeping its last value), but read raw and built here: better-sqlite3 adds each
 * property through V8's API, which cost 40% of reading the table's page of 51 rows, where rows built
 * in a loop over the same names share one hidden class.
 */
function readRows(statement: SQLite.Statement, parameters: readonly unknown[]): unknown[] {
  const names = namesOf(statement);
  if (!names) return statement.all(...parameters);
  // The statement is shared (database.ts keeps them by SQL text): raw only for this call.
  statement.raw(true);
  let values: unknown[][];
  try {
    values = statement.all(...parameters) as unknown[][];
  } finally {
    statement.raw(false);
  }
  return values.map((value) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i += 1) row[names[i]!] = value[i];
    return row;
  });
}

const isWrite = (node: CompiledQuery['query']) =>
  InsertQueryNode.is(node) || UpdateQueryNode.is(node) || DeleteQueryNode.is(node);

/** One user of the connection: takes Kysely's mutex only for writes and transactions. */
class Handle implements DatabaseConnection {
  connection: DatabaseConnection | null = null;
  /** The end of the write turn of a transaction begun through Kysely (db.transaction()). */
  turnDone: (() => void) | undefined;
  constructor(
    private readonly inner: Driver,
    private readonly sqlite: SQLite.Database,
  ) {}

  async lock(): Promise<DatabaseConnection> {
    this.connection ??= await this.inner.acquireConnection();
    return this.connection;
  }

  async release(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    // A transaction's turn lasts as long as it holds the connection: past a failed COMMIT, through
    // Kysely's ROLLBACK, to here, where Kysely always ends.
    this.turnDone?.();
    this.turnDone = undefined;
    if (connection) await this.inner.releaseConnection(connection);
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const query = limitsWritten(compiled);
    // No connection held: not in a transaction of this user's (another user's may be open).
    if (!this.connection) {
      if (SelectQueryNode.is(query.query) && !this.sqlite.inTransaction) {
        return patiently(() => ({
          rows: readRows(this.sqlite.prepare(query.sql), query.parameters) as R[],
        }));
      }
      // A write on its own (a failed sign-in's attempt, a session's last seen, a job's times) takes
      // its turn as a write transaction does (database.ts), instead of meeting a job's batch in the
      // busy handler, which blocks the thread.
      if (isWrite(query.query)) {
        const done = await writeTurn();
        try {
          const connection = await this.lock();
          return await patiently(() => connection.executeQuery<R>(query));
        } finally {
          done();
        }
      }
    }
    const connection = await this.lock();
    return patiently(() => connection.executeQuery<R>(query));
  }

  async *streamQuery<R>(
    query: CompiledQuery,
    chunkSize?: number,
  ): AsyncIterableIterator<QueryResult<R>> {
    yield* (await this.lock()).streamQuery<R>(limitsWritten(query), chunkSize);
  }
}

class WaitingDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly opened: { connection?: SqliteConnection },
  ) {}
  init(): Promise<void> {
    return this.inner.init();
  }
  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(new Handle(this.inner, this.opened.connection!.sqlite));
  }
  // A transaction begun through Kysely (db.transaction(); writeTransaction begins its own) takes a
  // write turn as writeTransaction does, from its BEGIN until it lets the connection go (release).
  async beginTransaction(handle: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const user = handle as Handle;
    const done = await writeTurn();
    try {
      const connection = await user.lock();
      await patiently(() => this.inner.beginTransaction(connection, settings));
      user.turnDone = done;
    } catch (error) {
      done();
      throw error;
    }
  }
  async commitTransaction(handle: DatabaseConnection): Promise<void> {
    const connection = await (handle as Handle).lock();
    await patiently(() => this.inner.commitTransaction(connection));
  }
  async rollbackTransaction(handle: DatabaseConnection): Promise<void> {
    await this.inner.rollbackTransaction(await (handle as Handle).lock());
  }
  async savepoint(
    handle: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.savepoint!(await (handle as Handle).lock(), name, compile);
  }
  async rollbackToSavepoint(
    handle: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.rollbackToSavepoint!(await (handle as Handle).lock(), name, compile);
  }
  async releaseSavepoint(
    handle: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.releaseSavepoint!(await (handle as Handle).lock(), name, compile);
  }
  async releaseConnection(handle: DatabaseConnection): Promise<void> {
    await (handle as Handle).release();
  }
  async destroy(): Promise<void> {
    await this.opened.connection?.beforeClose?.();
    return this.inner.destroy();
  }
}

/** An open connection, and what must happen before it closes. */
export interface SqliteConnection {
  sqlite: SQLite.Database;
  beforeClose?: () => Promise<void>;
}

export class WaitingSqliteDialect extends SqliteDialect {
  readonly #opened: { connection?: SqliteConnection };
  /**
   * `open` runs at the first query. Kysely closes only a database it has used, so one opened here up
   * front and never queried kept its connection and its checkpoint worker after `destroy()`.
   */
  constructor(open: () => SqliteConnection) {
    const opened: { connection?: SqliteConnection } = {};
    super({ database: () => Promise.resolve((opened.connection = open()).sqlite) });
    this.#opened = opened;
  }
  override createDriver(): Driver {
    return new WaitingDriver(super.createDriver(), this.#opened);
  }
}
