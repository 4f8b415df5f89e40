// Migration 0023: on PostgreSQL a customer's search terms go with the customer through a trigger, not
// a foreign key. Deleted for good one at a time, several in one statement, or with their workspace,
// customers leave no terms behind, before and after going down and up again. On SQLite (FTS5 and its
// own delete trigger) the migration changes nothing, and the same deletes keep the index intact.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createMigrator, migrateToLatest } from '../db/migrator.js';
import { openTestDatabase, searchIndexIntact, testEngine } from '../testing/test-database.js';
import { withKeys } from './keys.js';
import { EMPTY_VALUES } from './schema.js';

const AT = '2026-11-27T12:00:00.000Z';

describe('migration 0023 (search terms without a foreign key)', () => {
  it('deleted customers take their search terms along, down and up again', async () => {
    const { db } = await openTestDatabase();
    const workspace = async (name: string) =>
      (
        await db
          .insertInto('workspaces')
          .values({ name, created_at: AT })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const customer = async (workspaceId: number, first: string, phone: string) =>
      (
        await db
          .insertInto('customers')
          .values({
            ...withKeys({ ...EMPTY_VALUES, first_name: first, last_name: 'Lovelace', phone }),
            workspace_id: workspaceId,
            created_at: AT,
            updated_at: AT,
            touched_at: AT,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    // The search terms stored for a customer (PostgreSQL's table; SQLite's FTS5 is checked whole).
    const termsOf = async (id: number) =>
      testEngine === 'postgres'
        ? Number(
            (
              await sql<{ n: number }>`SELECT count(*) AS n FROM customer_search_terms
                WHERE customer_id = ${id}`.execute(db)
            ).rows[0]!.n,
          )
        : null;
    const foreignKeys = async () =>
      testEngine === 'postgres'
        ? (
            await sql<{ name: string }>`SELECT conname AS name FROM pg_constraint
              WHERE conrelid = 'customer_search_terms'::regclass AND contype = 'f'`.execute(db)
          ).rows.map((row) => row.name)
        : [];

    const ours = await workspace('Ours');
    const theirs = await workspace('Theirs');
    const ada = await customer(ours, 'Ada', '+44 20 7946 0000');
    const grace = await customer(ours, 'Grace', '(703) 555-0100');
    const kept = await customer(ours, 'Kept', '555 0199');
    const gone = [await customer(theirs, 'Alan', ''), await customer(theirs, 'Joan', '')];
    expect(await foreignKeys()).toEqual([]);
    if (testEngine === 'postgres') expect(await termsOf(ada)).toBeGreaterThan(5);

    // One customer, then a workspace with its customers (its foreign key's cascade deletes them).
    await db.deleteFrom('customers').where('id', '=', ada).execute();
    await db.deleteFrom('workspaces').where('id', '=', theirs).execute();
    expect(await searchIndexIntact(db)).toBe(true);
    if (testEngine === 'postgres') {
      expect([await termsOf(ada), ...(await Promise.all(gone.map(termsOf)))]).toEqual([0, 0, 0]);
      expect(await termsOf(kept)).toBeGreaterThan(0);
    }

    // Down: the foreign key is back and cascades as before; up: the trigger again.
    const down = await createMigrator(db).migrateTo('0022_name_key_holds_the_city');
    expect(down.error).toBeUndefined();
    if (testEngine === 'postgres')
      expect(await foreignKeys()).toEqual(['customer_search_terms_customer_id_fkey']);
    await db.deleteFrom('customers').where('id', '=', grace).execute();
    expect(await searchIndexIntact(db)).toBe(true);
    await migrateToLatest(db);
    expect(await foreignKeys()).toEqual([]);
    // Two in one statement, one of them from the trash (its terms went when it was put there).
    const another = await customer(ours, 'Another', '555 0100');
    await db.updateTable('customers').set({ deleted_at: AT }).where('id', '=', another).execute();
    expect(await searchIndexIntact(db)).toBe(true);
    await db.deleteFrom('customers').where('id', 'in', [kept, another]).execute();
    expect(await searchIndexIntact(db)).toBe(true);
    if (testEngine === 'postgres')
      expect(
        Number(
          (await sql<{ n: number }>`SELECT count(*) AS n FROM customer_search_terms`.execute(db))
            .rows[0]!.n,
        ),
      ).toBe(0);
  });
});
