// Opening the database: a PostgreSQL that cannot be reached stops the start quickly with a message
// that names the host and the reason (never the password), and a lost connection does not crash.
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  cachingStatements,
  checkConnection,
  deleteInBatches,
  openDatabase,
  writeOnlyTransaction,
  writeTransaction,
  type DB,
} from './database.js';
import { parseDatabaseUrl } from '../config.js';
import { itOnPostgres, openTestDatabase } from '../testing/test-database.js';

async function startCheck(url: string): Promise<{ message: string; ms: number }> {
  const config = parseDatabaseUrl(url);
  const db = openDatabase(config);
  const started = Date.now();
  try {
    await checkConnection(db, config);
    return { message: 'connected', ms: Date.now() - started };
  } catch (error) {
    return { message: (error as Error).message, ms: Date.now() - started };
  } finally {
    await db.destroy();
  }
}

describe('the start-up check of a PostgreSQL URL', () => {
  it('names host and reason, within seconds, without the password', async () => {
    const { message, ms } = await startCheck('postgres://folio:hunter2-secret@127.0.0.1:1/folio');
    expect(message).toMatch(
      /^cannot connect to PostgreSQL at 127\.0\.0\.1:1\/folio: .*ECONNREFUSED/,
    );
    expect(message).not.toContain('hunter2');
    expect(ms).toBeLessThan(6000);
  });

  it('says when the host name is unknown', async () => {
    const { message } = await startCheck(
      'postgresql://folio:hunter2-secret@folio-db.invalid/folio',
    );
    expect(message).toMatch(
      /^cannot connect to PostgreSQL at folio-db\.invalid\/folio: .*ENOTFOUND/,
    );
    expect(message).not.toContain('hunter2');
  });

  itOnPostgres('says when the database does not exist on a server that answers', async () => {
    const { config } = await openTestDatabase();
    const url = (config as { url: string }).url.replace(/\/folio_test_[^?]*/, '/no_such_book');
    const { message } = await startCheck(url);
    expect(message).toMatch(/cannot connect to PostgreSQL at .*\/no_such_book: .*does not exist/);
  });
});

describe('a lost PostgreSQL connection', () => {
  itOnPostgres('is reported, not fatal: the next query connects afresh', async () => {
    const { config } = await openTestDatabase();
    const lost: Error[] = [];
    const db = openDatabase(config, { onPoolError: (error) => lost.push(error) });
    try {
      await sql`select 1`.execute(db);
      const other = openDatabase(config);
      // The server ends the pool's idle connection, as a restart would.
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid()`.execute(other);
      await other.destroy();
      await expect.poll(() => lost.length).toBeGreaterThan(0);
      const { rows } = await sql<{ answer: number }>`select 1 as answer`.execute(db);
      expect(rows).toEqual([{ answer: 1 }]);
    } finally {
      await db.destroy();
    }
  });
});

describe('a PostgreSQL connection lost while a request holds it', () => {
  itOnPostgres(
    'fails that request only; the process lives and the next query connects afresh',
    async () => {
      const { config } = await openTestDatabase();
      const db = openDatabase(config, { onPoolError: () => undefined });
      const uncaught: unknown[] = [];
      const onUncaught = (error: unknown) => uncaught.push(error);
      process.on('uncaughtException', onUncaught);
      try {
        // A transaction holds its connection between statements; the server ends it right there.
        const failed = db.transaction().execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
          const other = openDatabase(config);
          await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(other);
          await other.destroy();
          await new Promise((resolve) => setTimeout(resolve, 200)); // the client hears of it, idle
          await sql`select 1`.execute(trx);
        });
        await expect(failed).rejects.toThrow();
        expect(uncaught).toEqual([]);
        const { rows } = await sql<{ answer: number }>`select 1 as answer`.execute(db);
        expect(rows).toEqual([{ answer: 1 }]);
      } finally {
        process.off('uncaughtException', onUncaught);
        await db.destroy();
      }
    },
  );
});

describe('housekeeping deletes', () => {
  const addWorkspaces = async (db: DB, count: number) => {
    for (let i = 0; i < count; i++)
      await db
        .insertInto('workspaces')
        .values({ name: `Team ${i}`, created_at: '2026-11-25T00:00:00Z' })
        .execute();
  };
  const deleteSome = (sizes: number[]) => async (trx: DB, limit: number) => {
    const result = await trx
      .deleteFrom('workspaces')
      .where('id', 'in', (eb) => eb.selectFrom('workspaces').select('id').limit(limit))
      .executeTakeFirst();
    sizes.push(Number(result.numDeletedRows));
    return Number(result.numDeletedRows);
  };

  it('go in bounded batches until a batch comes back short', async () => {
    const { db } = await openTestDatabase();
    await addWorkspaces(db, 5);
    const sizes: number[] = [];
    expect(await deleteInBatches(db, 'test purge', deleteSome(sizes), { limit: 2 })).toBe(5);
    expect(sizes).toEqual([2, 2, 1]);
    expect(await db.selectFrom('workspaces').selectAll().execute()).toEqual([]);
  });

  itOnPostgres('are left to the instance already running the job', async () => {
    const { db, config } = await openTestDatabase();
    await addWorkspaces(db, 3);
    const other = openDatabase(config);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked = () => {};
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    // Another instance is in the middle of the same job: it holds the job's lock in its transaction.
    const busy = other.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('folio:test purge'))`.execute(trx);
      locked();
      await held;
    });
    try {
      await lockTaken;
      const sizes: number[] = [];
      expect(await deleteInBatches(db, 'test purge', deleteSome(sizes), { limit: 2 })).toBe(0);
      expect(sizes).toEqual([]);
      // Another job is not held up.
      expect(await deleteInBatches(db, 'another purge', deleteSome(sizes), { limit: 2 })).toBe(3);
    } finally {
      release();
      await busy;
      await other.destroy();
    }
  });
});

describe('write transactions on PostgreSQL', () => {
  // A create reads nothing before it writes: READ COMMITTED lets overlapping creates queue on the
  // workspace's counter row instead of failing one another under SERIALIZABLE and running again.
  itOnPostgres(
    'a write-only one is READ COMMITTED, one that reads first SERIALIZABLE',
    async () => {
      const { db } = await openTestDatabase();
      const isolation = (trx: DB) =>
        sql<{ level: string }>`SELECT current_setting('transaction_isolation') AS level`
          .execute(trx)
          .then(({ rows }) => rows[0]!.level);
      expect(await writeOnlyTransaction(db, isolation)).toBe('read committed');
      expect(await writeTransaction(db, isolation)).toBe('serializable');
    },
  );
});

describe('prepared statements kept by their text', () => {
  it('lets go of the one unused the longest when full, not the oldest prepared', () => {
    const sqlite = cachingStatements(new SQLite(':memory:'), 3);
    const [one, two] = [sqlite.prepare('select 1'), sqlite.prepare('select 2')];
    sqlite.prepare('select 3');
    expect(sqlite.prepare('select 1')).toBe(one); // used again: now the most recent
    sqlite.prepare('select 4'); // full: "select 2" goes
    expect(sqlite.prepare('select 1')).toBe(one);
    expect(sqlite.prepare('select 2')).not.toBe(two);
    sqlite.close();
  });
});
