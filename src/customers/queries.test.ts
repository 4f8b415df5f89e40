import { describe, expect, it } from 'vitest';
import { UpdateQueryNode, type ColumnNode } from 'kysely';
import { createTestApp, signUp } from '../testing/harness.js';
import { searchIndexIntact } from '../testing/test-database.js';
import type { DB } from '../db/database.js';
import { insertCustomers } from './bulk.js';
import { customerKeys } from './keys.js';
import { parseListQuery } from './listing.js';
import * as queries from './queries.js';
import { EMPTY_VALUES, type CustomerValues } from './schema.js';

async function workspaceOf(db: DB, email: string) {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.toLowerCase())
    .executeTakeFirstOrThrow();
  return { workspaceId: user.workspace_id, userId: user.id };
}

async function setup() {
  const { app, db } = await createTestApp();
  const a = await workspaceOf(db, (await signUp(app)).email);
  const b = await workspaceOf(db, (await signUp(app)).email);
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const at = (who: { workspaceId: number; userId: number }) => ({ ...who, now: (clock += 1000) });
  return { db, a, b, at };
}

const person = (
  first: string,
  last = 'Tester',
  extra: Partial<CustomerValues> = {},
): CustomerValues => ({
  ...EMPTY_VALUES,
  first_name: first,
  last_name: last,
  ...extra,
});

describe('customer queries', () => {
  it('lists and counts only the workspace’s live customers, newest first', async () => {
    const { db, a, b, at } = await setup();
    const first = await queries.createCustomer(db, at(a), person('First'));
    const second = await queries.createCustomer(db, at(a), person('Second'));
    const third = await queries.createCustomer(db, at(a), person('Third'));
    await queries.createCustomer(db, at(b), person('Elsewhere'));
    await queries.deleteCustomer(db, at(a), second.id);

    const { customers: list } = await queries.findCustomerPage(
      db,
      a.workspaceId,
      parseListQuery({}),
    );
    expect(list.map((c) => c.first_name)).toEqual(['Third', 'First']);
    expect(list.map((c) => c.id)).toEqual([third.id, first.id]);
    expect(await queries.countCustomers(db, a.workspaceId)).toBe(2);
    expect(await queries.countCustomers(db, b.workspaceId)).toBe(1);
  });

  it('breaks ties in creation time by id, newest first', async () => {
    const { db, a } = await setup();
    const same = { ...a, now: Date.parse('2026-02-02T00:00:00Z') };
    const one = await queries.createCustomer(db, same, person('One'));
    const two = await queries.createCustomer(db, same, person('Two'));
    expect(
      (await queries.findCustomerPage(db, a.workspaceId, parseListQuery({}))).customers.map(
        (c) => c.id,
      ),
    ).toEqual([two.id, one.id]);
  });

  it('records who created a customer and when, at version 1', async () => {
    const { db, a } = await setup();
    const created = await queries.createCustomer(
      db,
      { ...a, now: Date.parse('2026-03-04T05:06:07.089Z') },
      person('Ada'),
    );
    expect(created).toMatchObject({
      workspace_id: a.workspaceId,
      created_by: a.userId,
      updated_by: a.userId,
      created_at: '2026-03-04T05:06:07.089Z',
      updated_at: '2026-03-04T05:06:07.089Z',
      version: 1,
      deleted_at: null,
    });
  });

  it('finds a customer only in its own workspace and only while live', async () => {
    const { db, a, b, at } = await setup();
    const ada = await queries.createCustomer(db, at(a), person('Ada'));
    expect((await queries.getCustomer(db, a.workspaceId, ada.id))?.first_name).toBe('Ada');
    expect(await queries.getCustomer(db, b.workspaceId, ada.id)).toBeUndefined();
    expect(await queries.getCustomerWithAuthors(db, b.workspaceId, ada.id)).toBeUndefined();
    await queries.deleteCustomer(db, at(a), ada.id);
    expect(await queries.getCustomer(db, a.workspaceId, ada.id)).toBeUndefined();
    expect(await queries.getCustomerWithAuthors(db, a.workspaceId, ada.id)).toBeUndefined();
  });

  describe('updateCustomer', () => {
    it('saves over the expected version and moves the version on', async () => {
      const { db, a, at } = await setup();
      const ada = await queries.createCustomer(db, at(a), person('Ada'));
      const result = await queries.updateCustomer(db, at(a), ada.id, 1, person('Ada', 'Byron'));
      expect(result.outcome).toBe('updated');
      const stored = await queries.getCustomer(db, a.workspaceId, ada.id);
      expect(stored).toMatchObject({ last_name: 'Byron', version: 2, updated_by: a.userId });
      expect(stored!.updated_at > stored!.created_at).toBe(true);
    });

    it('refuses a stale version, writes nothing, and returns the newer version with its author', async () => {
      const { db, a, at } = await setup();
      const ada = await queries.createCustomer(db, at(a), person('Ada'));
      await queries.updateCustomer(db, at(a), ada.id, 1, person('Ada', 'Byron'));
      const result = await queries.updateCustomer(db, at(a), ada.id, 1, person('Ada', 'King'));
      expect(result.outcome).toBe('conflict');
      if (result.outcome !== 'conflict') return;
      expect(result.current).toMatchObject({
        last_name: 'Byron',
        version: 2,
        updated_by_name: expect.any(String) as string,
      });
      expect((await queries.getCustomer(db, a.workspaceId, ada.id))?.last_name).toBe('Byron');
    });

    it('treats a save of the values already stored as unchanged, even from an older version', async () => {
      const { db, a, at } = await setup();
      const ada = await queries.createCustomer(db, at(a), person('Ada'));
      await queries.updateCustomer(db, at(a), ada.id, 1, person('Ada', 'Byron'));
      const again = await queries.updateCustomer(db, at(a), ada.id, 1, person('Ada', 'Byron'));
      expect(again.outcome).toBe('unchanged');
      expect((await queries.getCustomer(db, a.workspaceId, ada.id))?.version).toBe(2);
    });

    it('does not find another workspace’s customer or a deleted one', async () => {
      const { db, a, b, at } = await setup();
      const ada = await queries.createCustomer(db, at(a), person('Ada'));
      expect((await queries.updateCustomer(db, at(b), ada.id, 1, person('Eve'))).outcome).toBe(
        'not-found',
      );
      await queries.deleteCustomer(db, at(a), ada.id);
      expect((await queries.updateCustomer(db, at(a), ada.id, 1, person('Eve'))).outcome).toBe(
        'not-found',
      );
      const row = await db
        .selectFrom('customers')
        .selectAll()
        .where('id', '=', ada.id)
        .executeTakeFirstOrThrow();
      expect(row.first_name).toBe('Ada');
    });
  });

  describe('delete and restore', () => {
    it('soft-deletes, then restores in place, without touching the values or the version', async () => {
      const { db, a, at } = await setup();
      const ada = await queries.createCustomer(
        db,
        at(a),
        person('Ada', 'Lovelace', { city: 'London' }),
      );
      const deleted = await queries.deleteCustomer(db, at(a), ada.id);
      expect(deleted?.deleted_at).toEqual(expect.any(String));
      expect(await queries.deleteCustomer(db, at(a), ada.id)).toBeUndefined();
      const restored = await queries.restoreCustomer(db, at(a), ada.id);
      expect(restored).toMatchObject({
        deleted_at: null,
        city: 'London',
        version: 1,
        created_at: ada.created_at,
      });
      // A second Undo is harmless.
      expect((await queries.restoreCustomer(db, at(a), ada.id))?.id).toBe(ada.id);
    });

    it('cannot delete or restore another workspace’s customer', async () => {
      const { db, a, b, at } = await setup();
      const ada = await queries.createCustomer(db, at(a), person('Ada'));
      expect(await queries.deleteCustomer(db, at(b), ada.id)).toBeUndefined();
      await queries.deleteCustomer(db, at(a), ada.id);
      expect(await queries.restoreCustomer(db, at(b), ada.id)).toBeUndefined();
      expect(await queries.restoreCustomer(db, at(a), 999_999)).toBeUndefined();
    });
  });
});

describe('stored sort keys and search terms', () => {
  const keysOf = (db: DB, id: number) =>
    db
      .selectFrom('customers')
      .select([
        'first_name',
        'last_name',
        'email',
        'phone',
        'city',
        'state',
        'zipcode',
        'name_key',
        'email_key',
        'city_key',
        'state_key',
        'phone_key',
        'search_text',
      ])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const expectKeysOf = async (db: DB, id: number) => {
    const row = await keysOf(db, id);
    expect({
      name_key: row.name_key,
      email_key: row.email_key,
      city_key: row.city_key,
      state_key: row.state_key,
      phone_key: row.phone_key,
      search_text: row.search_text,
    }).toEqual(customerKeys(row));
    return row;
  };

  it('every writer stores the keys of the values it writes: create, update, delete and restore, bulk', async () => {
    const { db, a, at } = await setup();
    const created = await queries.createCustomer(
      db,
      at(a),
      person('Søren', 'Østergaard', {
        email: 'S@Example.DK',
        phone: '+45 3312 3456',
        city: 'København',
      }),
    );
    expect((await expectKeysOf(db, created.id)).name_key).toBe(
      'ostergaard\u0001soren\u0002kobenhavn',
    );
    const updated = await queries.updateCustomer(
      db,
      at(a),
      created.id,
      1,
      person('Søren', 'Kierkegaard', { city: 'Århus' }),
    );
    expect(updated.outcome).toBe('updated');
    expect((await expectKeysOf(db, created.id)).city_key).toBe('arhus');
    await queries.deleteCustomer(db, at(a), created.id);
    await queries.restoreCustomer(db, at(a), created.id);
    await expectKeysOf(db, created.id);
    const found = await queries.findCustomerPage(
      db,
      a.workspaceId,
      parseListQuery({ q: 'kierk arh' }),
    );
    expect(found.customers.map((c) => c.id)).toEqual([created.id]);

    await insertCustomers(db, a.workspaceId, a.userId, [
      { ...person('Bulk', 'Zoë', { phone: '555 0100' }), created_at: '2026-01-01T00:00:00Z' },
    ]);
    const bulk = await db
      .selectFrom('customers')
      .select('id')
      .where('first_name', '=', 'Bulk')
      .executeTakeFirstOrThrow();
    expect((await expectKeysOf(db, bulk.id)).search_text).toContain(' p5550100');
    // The search index followed every one of those writes, a soft delete included.
    expect(await searchIndexIntact(db)).toBe(true);
    await queries.deleteCustomer(db, at(a), bulk.id);
    expect(await searchIndexIntact(db)).toBe(true);
    expect(await queries.countCustomers(db, a.workspaceId)).toBe(1);
  });

  it('an edit sets only the columns it changes (the address alone: no keys, no search terms)', async () => {
    const { db, a, at } = await setup();
    const ada = await queries.createCustomer(
      db,
      at(a),
      person('Ada', 'Lovelace', { city: 'London' }),
    );
    const sets: string[][] = [];
    const watched = db.withPlugin({
      transformQuery: ({ node }) => {
        if (UpdateQueryNode.is(node))
          sets.push(
            (node.updates ?? []).map((update) => (update.column as ColumnNode).column.name),
          );
        return node;
      },
      transformResult: ({ result }) => Promise.resolve(result),
    });
    const address = { city: 'London', address: '12 St James Square' };
    const saved = await queries.saveCustomerEdit(watched, at(a), ada.id, () => ({
      outcome: 'ok' as const,
      values: person('Ada', 'Lovelace', address),
      changed: true,
      restored: false,
    }));
    expect(saved.saved?.address).toBe('12 St James Square');
    const updated = await queries.updateCustomer(
      watched,
      at(a),
      ada.id,
      2,
      person('Ada', 'King', address),
    );
    expect(updated.outcome).toBe('updated');
    expect(sets).toEqual([
      ['address', 'updated_at', 'touched_at', 'updated_by', 'version'],
      ['last_name', 'name_key', 'search_text', 'updated_at', 'touched_at', 'updated_by', 'version'],
    ]);
    expect((await expectKeysOf(db, ada.id)).last_name).toBe('King');
    expect(await searchIndexIntact(db)).toBe(true);
  });
});
