// Migration 0006 on a book made before it: existing rows get their keys and terms, search and sort
// work on them at once, and going down gives 0004's search back.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createMigrator, migrateToLatest } from '../db/migrator.js';
import { openTestDatabase, tableColumns, testEngine } from '../testing/test-database.js';
import { customerKeys } from './keys.js';
import { parseListQuery } from './listing.js';
import { findCustomerPage } from './queries.js';

describe('migration 0006 (search terms and sort keys)', async () => {
  const { db } = await openTestDatabase({ migrated: false });
  const before = await createMigrator(db).migrateTo('0005_deleted_customers_index');
  expect(before.error).toBeUndefined();
  const { id: workspaceId } = await db
    .insertInto('workspaces')
    .values({ name: 'Old', created_at: '2026-01-01T00:00:00Z' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const old = (first: string, last: string, extra: Record<string, string | null> = {}) =>
    sql`INSERT INTO customers (workspace_id, first_name, last_name, email, phone, city, created_at, updated_at, deleted_at)
        VALUES (${workspaceId}, ${first}, ${last}, ${extra.email ?? ''}, ${extra.phone ?? ''}, ${extra.city ?? ''}, '2026-01-01', '2026-01-01', ${extra.deleted_at ?? null})`.execute(
      db,
    );
  await old('Wei', 'Zhou', { email: 'wei@example.com' });
  await old('Søren', 'Østergaard', { phone: '+1 (716) 555-7325' });
  await old('太郎', '東');
  await old('Gone', 'Deleted', { deleted_at: '2026-01-02' });
  await migrateToLatest(db);

  it('fills every row, deleted ones too, with what the app computes', async () => {
    const rows = await db.selectFrom('customers').selectAll().execute();
    expect(rows).toHaveLength(4);
    for (const row of rows)
      expect({
        name_key: row.name_key,
        email_key: row.email_key,
        city_key: row.city_key,
        // Filled by 0014, which runs after 0006 on the way to the latest.
        state_key: row.state_key,
        phone_key: row.phone_key,
        search_text: row.search_text,
      }).toEqual(customerKeys(row));
    expect(rows.map((row) => row.phone_key)).toContain('17165557325');
  });

  it('finds and sorts the existing rows', async () => {
    const find = async (params: Record<string, string>) =>
      (await findCustomerPage(db, workspaceId, parseListQuery(params))).customers.map(
        (c) => c.last_name,
      );
    expect(await find({ q: '東' })).toEqual(['東']);
    expect(await find({ q: '5557325' })).toEqual(['Østergaard']);
    expect(await find({ q: 'deleted' })).toEqual([]);
    expect(await find({ sort: 'name' })).toEqual(['Østergaard', 'Zhou', '東']);
    expect(await find({ sort: 'email' })).toEqual(['Zhou', 'Østergaard', '東']);
  });

  it('goes down to 0004’s search and comes back up', async () => {
    const down = await createMigrator(db).migrateTo('0005_deleted_customers_index');
    expect(down.error).toBeUndefined();
    expect((await tableColumns(db, 'customers')).map((c) => c.name)).not.toContain('name_key');
    // SQLite's 0004 search is FTS5; PostgreSQL's history starts with 0006's search.
    if (testEngine === 'sqlite') {
      const { rows } = await sql<{
        rowid: number;
      }>`SELECT rowid FROM customers_fts WHERE customers_fts MATCH 'zhou'`.execute(db);
      expect(rows).toHaveLength(1);
    }
    await migrateToLatest(db);
    expect(
      (await findCustomerPage(db, workspaceId, parseListQuery({ q: 'w' }))).customers.map(
        (c) => c.last_name,
      ),
    ).toEqual(['Zhou']);
  });
});
