// A write waiting for SQLite's lock (held by another process) does not block the event loop, and
// readers in the same process go on while it waits; once the lock is free, the write goes through.
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { expect, it } from 'vitest';
import { describeOnSqlite, scratchFolder } from '../testing/test-database.js';
import { openDatabase, writeTransaction } from './database.js';
import { migrateToLatest } from './migrator.js';

const folder = scratchFolder('folio-lock-');

describeOnSqlite('waiting for the write lock', () => {
  it('keeps the event loop and readers going while a write waits for another connection, then writes', async () => {
    const file = path.join(folder, 'lock.db');
    const db = openDatabase({ dialect: 'sqlite', path: file });
    await migrateToLatest(db);
    await db
      .insertInto('workspaces')
      .values({ name: 'Before', created_at: '2026-11-25T00:00:00Z' })
      .execute();
    const outside = new SQLite(file); // another process, as far as locks go
    outside.exec('BEGIN IMMEDIATE');

    let settled = false;
    const write = db
      .insertInto('workspaces')
      .values({ name: 'Waiting', created_at: '2026-11-25T00:00:01Z' })
      .execute();
    const transaction = writeTransaction(db, (trx) =>
      trx
        .insertInto('workspaces')
        .values({ name: 'In a transaction', created_at: '2026-11-25T00:00:02Z' })
        .execute(),
    );
    void Promise.allSettled([write, transaction]).then(() => (settled = true));

    // Timers fire while both wait (a blocking wait would run them only after the writes had failed)...
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    // ...and a reader in this process is answered at once.
    expect(
      (await db.selectFrom('workspaces').select('name').execute()).map((row) => row.name),
    ).toEqual(['Before']);

    outside.exec('COMMIT');
    await write;
    await transaction;
    expect(
      (await db.selectFrom('workspaces').select('name').orderBy('id').execute()).map(
        (row) => row.name,
      ),
    ).toEqual(['Before', 'Waiting', 'In a transaction']);
    outside.close();
    await db.destroy();
  });
});
