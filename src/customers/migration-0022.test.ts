// Migration 0022 on a book made before it: every name key gets its city, the name sort and the
// duplicates by name and city read the one index left, and going down gives the two indexes back.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createMigrator, migrateToLatest } from '../db/migrator.js';
import { openTestDatabase, testEngine } from '../testing/test-database.js';
import { CITY_SEPARATOR, customerKeys } from './keys.js';
import { parseListQuery } from './listing.js';
import { findCustomerPage } from './queries.js';
import { duplicateGroups } from './duplicates/queries.js';

describe('migration 0022 (the name key holds the city)', async () => {
  const { db } = await openTestDatabase({ migrated: false });
  const before = await createMigrator(db).migrateTo('0021_job_batch_counts');
  expect(before.error).toBeUndefined();
  const { id: workspaceId } = await db
    .insertInto('workspaces')
    .values({ name: 'Old', created_at: '2026-01-01T00:00:00Z' })
    .returning('id')
    .executeTakeFirstOrThrow();
  // As 0021's writers stored them: the name key without the city.
  const old = async (first: string, last: string, city: string, deleted = false) => {
    const values = {
      first_name: first,
      last_name: last,
      email: '',
      phone: '',
      address: '',
      city,
      state: '',
      zipcode: '',
    };
    const keys = customerKeys(values);
    const nameOnly = keys.name_key.slice(0, keys.name_key.indexOf(CITY_SEPARATOR));
    await db
      .insertInto('customers')
      .values({
        workspace_id: workspaceId,
        ...values,
        created_at: '2026-01-01T00:00:00.000Z',
        updated_at: '2026-01-01T00:00:00.000Z',
        touched_at: '2026-01-01T00:00:00.000Z',
        deleted_at: deleted ? '2026-01-02T00:00:00.000Z' : null,
        ...keys,
        name_key: nameOnly,
      })
      .execute();
  };
  await old('Ada', 'Lovelace', 'Paris');
  await old('Ada', 'Lovelace', 'London');
  await old('Ada', 'Lovelace', 'Paris');
  await old('Ada', 'Lovelace', '');
  await old('Ada', 'Lovelace', '');
  await old('Alan', 'Turing', 'Wilmslow', true);
  const oldKeys = await db.selectFrom('customers').select(['id', 'name_key']).execute();
  await migrateToLatest(db);

  it('gives every row, deleted ones too, the name key the app computes', async () => {
    const rows = await db.selectFrom('customers').selectAll().execute();
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(row.name_key).toBe(customerKeys(row).name_key);
    expect(rows[0]!.name_key).toBe('lovelace\u0001ada\u0002paris');
    expect(rows[3]!.name_key).toBe('lovelace\u0001ada\u0002');
  });

  it('sorts by name, then city, then id', async () => {
    const page = await findCustomerPage(db, workspaceId, parseListQuery({ sort: 'name' }));
    expect(page.customers.map((c) => [c.id, c.city])).toEqual([
      [4, ''],
      [5, ''],
      [2, 'London'],
      [1, 'Paris'],
      [3, 'Paris'],
    ]);
  });

  it('groups duplicates by name and city alone, never customers without a city', async () => {
    const { groups } = await duplicateGroups(db, workspaceId, 'name_city');
    expect(groups.map((group) => group.customers.map((c) => c.id))).toEqual([[1, 3]]);
  });

  it('goes down to two indexes and the name alone, and comes back up', async () => {
    const down = await createMigrator(db).migrateTo('0021_job_batch_counts');
    expect(down.error).toBeUndefined();
    expect(await db.selectFrom('customers').select(['id', 'name_key']).execute()).toEqual(oldKeys);
    const indexes = async () =>
      (testEngine === 'postgres'
        ? await sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes
            WHERE tablename = 'customers' AND indexname LIKE 'customers_workspace_name%' ORDER BY 1`.execute(
            db,
          )
        : await sql<{ name: string }>`SELECT name FROM sqlite_master
            WHERE type = 'index' AND name LIKE 'customers_workspace_name%' ORDER BY 1`.execute(db)
      ).rows.map((row) => row.name);
    expect(await indexes()).toEqual([
      'customers_workspace_name_city',
      'customers_workspace_name_key',
    ]);
    await migrateToLatest(db);
    expect(await indexes()).toEqual(['customers_workspace_name_key']);
    const rows = await db.selectFrom('customers').selectAll().execute();
    for (const row of rows) expect(row.name_key).toBe(customerKeys(row).name_key);
  });
});
