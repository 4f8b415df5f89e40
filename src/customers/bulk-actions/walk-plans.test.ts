// A bulk action's batches walk its selection in id order: for every customer of the book, or the whole
// trash, each batch is one range of one index, never a read and sort of the workspace's customers
// (at 100,000 customers that made deleting them all take hours). On a database without statistics, as
// Folio's SQLite runs (no ANALYZE), where the planner once chose another index and a sort.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeOnSqlite } from '../../testing/test-database.js';
import type { BulkAction, Database } from '../../db/tables.js';
import { migrateToLatest } from '../../db/migrator.js';
import { demoCustomers } from '../../cli/demo-customers.js';
import { insertCustomers } from '../bulk.js';
import { NO_FILTER } from '../listing.js';
import { nextIds } from './queries.js';

describeOnSqlite('the walk of a bulk action', async () => {
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
    .values({ name: 'Walk', created_at: '2026-01-01T00:00:00Z' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto('users')
    .values({
      workspace_id: workspace.id,
      email: 'walk@example.com',
      name: 'W',
      password_hash: 'x',
      role: 'owner',
      created_at: '2026-01-01T00:00:00Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertCustomers(db, workspace.id, user.id, [...demoCustomers(2000)]);

  const at = '2026-11-26T00:00:00.000Z';
  describe.each([
    ['every customer', { list: { q: '', filter: NO_FILTER, timeZone: 'UTC' } }],
    ['the whole trash', { trash: { q: '' } }],
  ])('of %s', (_name, selection) => {
    it('reads one range of an index by id, with no sort', async () => {
      captured.length = 0;
      const action = {
        workspace_id: workspace.id,
        cursor: 500,
        selection: JSON.stringify(selection),
        selected_at: at,
      } as BulkAction;
      await nextIds(db, action, 200, Date.parse(at));
      const walks = captured.filter((query) => /order by/.test(query.sql));
      expect(walks).toHaveLength(1);
      const { sql, parameters } = walks[0]!;
      const lines = (
        sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(parameters as unknown[])) as {
          detail: string;
        }[]
      ).map((row) => row.detail);
      expect(lines, lines.join('\n')).toEqual([
        expect.stringMatching(
          /^SEARCH customers USING ((COVERING )?INDEX customers_workspace_(live|deleted)_id \(workspace_id=\? AND id>\?\)|INTEGER PRIMARY KEY \(rowid>\?\))$/,
        ),
      ]);
    });
  });
});
