// Opening the database: a PostgreSQL that cannot be reached stops the start quickly with a message
// that names the host and the reason (never the password), and a lost connection does not crash.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { checkConnection, openDatabase } from './database.js';
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
