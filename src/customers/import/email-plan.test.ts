// An import batch finds the book's customers with its rows' emails by seeks in the email index, on a
// database without statistics, as Folio's SQLite runs (no ANALYZE): ordered by id alone, the planner
// walked the workspace's every live customer by id instead (90 ms a batch at 100,000 customers).
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { expect, it } from 'vitest';
import { describeOnSqlite } from '../../testing/test-database.js';
import type { Database } from '../../db/tables.js';
import { migrateToLatest } from '../../db/migrator.js';
import { demoCustomers } from '../../cli/demo-customers.js';
import { insertCustomers } from '../bulk.js';
import { customersByEmail } from './job.js';

describeOnSqlite('the email lookup of an import batch', async () => {
  const sqlite = new SQLite(':memory:');
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (event) => {
      if (event.level === 'query')
        captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  await migrateToLatest(db);
  const workspace = await db
    .insertInto('workspaces')
    .values({ name: 'Emails', created_at: '2026-01-01T00:00:00Z' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto('users')
    .values({
      workspace_id: workspace.id,
      email: 'emails@example.com',
      name: 'E',
      password_hash: 'x',
      role: 'owner',
      created_at: '2026-01-01T00:00:00Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const book = [...demoCustomers(2000)];
  await insertCustomers(db, workspace.id, user.id, book);

  it('seeks each email in the email index and finds the oldest customer per email', async () => {
    const email = book.find((customer) => customer.email !== '')!.email;
    // The same person twice: the older one is the match.
    await insertCustomers(db, workspace.id, user.id, [{ ...book[0]!, email }]);
    captured.length = 0;
    const found = await customersByEmail(db, workspace.id, [email.toLowerCase(), 'no@example.com']);
    expect([...found.keys()]).toEqual([email.toLowerCase()]);
    expect(found.get(email.toLowerCase())!.id).toBe(
      book.indexOf(book.find((c) => c.email === email)!) + 1,
    );
    expect(captured).toHaveLength(1);
    const { sql, parameters } = captured[0]!;
    const lines = (
      sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(parameters as unknown[])) as {
        detail: string;
      }[]
    ).map((row) => row.detail);
    expect(lines, lines.join('\n')).toEqual([
      'SEARCH customers USING INDEX customers_workspace_email_key (workspace_id=? AND email_key=?)',
    ]);
  });
});
