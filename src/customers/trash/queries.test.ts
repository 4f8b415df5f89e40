// The trash's queries on either engine: what it lists and in what order, its 30-day window, search by
// name and email, keyset pages, deleting for good, and the hourly purge with notes and history.
import { describe, expect, it } from 'vitest';
import { createTestApp, signUp } from '../../testing/harness.js';
import { searchIndexIntact } from '../../testing/test-database.js';
import type { DB } from '../../db/database.js';
import { insertCustomers } from '../bulk.js';
import * as customers from '../queries.js';
import { EMPTY_VALUES, type CustomerValues } from '../schema.js';
import * as trash from './queries.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-11-24T12:00:00Z');

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
  const a = await workspaceOf(db, (await signUp(app, { name: 'Ann Owner' })).email);
  const b = await workspaceOf(db, (await signUp(app)).email);
  type Who = typeof a;
  /** A customer added a month and a half ago and, when `deletedAgo` is given, deleted that long ago. */
  const make = async (who: Who, values: Partial<CustomerValues>, deletedAgo?: number) => {
    const customer = await customers.createCustomer(
      db,
      { ...who, now: NOW - 45 * DAY },
      { ...EMPTY_VALUES, first_name: 'Ada', last_name: 'Lovelace', ...values },
    );
    if (deletedAgo !== undefined)
      await customers.deleteCustomer(db, { ...who, now: NOW - deletedAgo }, customer.id);
    return customer;
  };
  const page = async (query: Partial<trash.TrashQuery> = {}, who: Who = a) =>
    trash.findTrashPage(db, who.workspaceId, { q: '', ...query }, NOW);
  const names = (found: trash.TrashPage) => found.customers.map((c) => c.first_name);
  return { db, a, b, make, page, names };
}

describe('the trash list', () => {
  it('lists the workspace’s customers deleted in the last 30 days, newest deletion first, with who deleted them', async () => {
    const { a, b, make, page, names } = await setup();
    await make(a, { first_name: 'Live' });
    await make(a, { first_name: 'Older' }, 3 * DAY);
    await make(a, { first_name: 'Newest' }, 1000);
    await make(a, { first_name: 'Edge' }, 30 * DAY - 60_000);
    await make(a, { first_name: 'Expired' }, 30 * DAY + 60_000);
    await make(b, { first_name: 'Elsewhere' }, DAY);
    const found = await page();
    expect(names(found)).toEqual(['Newest', 'Older', 'Edge']);
    expect(found.customers[0]).toMatchObject({
      deleted_at: new Date(NOW - 1000).toISOString(),
      deleted_by_name: 'Ann Owner',
      deleted_by_deactivated_at: null,
    });
    expect(found.next).toBeUndefined();
    expect(found.prev).toBeUndefined();
  });

  it('counts what it lists (the window, this workspace)', async () => {
    const { db, a, b, make } = await setup();
    await make(a, {}, DAY);
    await make(a, {}, 2 * DAY);
    await make(a, {}, 31 * DAY);
    await make(a, {});
    await make(b, {}, DAY);
    expect(await trash.countTrash(db, a.workspaceId, NOW)).toEqual({ count: 2, capped: false });
  });

  it('marks who deleted a customer as a former member once they left', async () => {
    const { db, a, make, page } = await setup();
    await make(a, {}, DAY);
    await db
      .updateTable('users')
      .set({ deactivated_at: new Date(NOW).toISOString() })
      .where('id', '=', a.userId)
      .execute();
    expect((await page()).customers[0]!.deleted_by_deactivated_at).not.toBeNull();
  });

  it('walks a big trash 50 at a time by cursor, forwards and back, ties in deletion time by id', async () => {
    const { db, a, page } = await setup();
    const at = new Date(NOW - 45 * DAY).toISOString();
    await insertCustomers(
      db,
      a.workspaceId,
      a.userId,
      Array.from({ length: 120 }, (_, i) => ({
        ...EMPTY_VALUES,
        first_name: `P${String(i).padStart(3, '0')}`,
        last_name: 'Paged',
        created_at: at,
      })),
    );
    // Two customers share every deletion time.
    const rows = await db.selectFrom('customers').select('id').orderBy('id').execute();
    for (const [i, row] of rows.entries())
      await db
        .updateTable('customers')
        .set({ deleted_at: new Date(NOW - Math.floor(i / 2) * 60_000).toISOString() })
        .where('id', '=', row.id)
        .execute();
    // Newest deletion first; of two deleted at once, the higher id first.
    const expected = rows.flatMap((_, i) => (i % 2 === 0 ? [rows[i + 1]!.id, rows[i]!.id] : []));
    const one = await page();
    const two = await page({ after: one.next });
    const three = await page({ after: two.next });
    expect([one, two, three].map((p) => p.customers.length)).toEqual([50, 50, 20]);
    expect([...one.customers, ...two.customers, ...three.customers].map((c) => c.id)).toEqual(
      expected,
    );
    expect(three.next).toBeUndefined();
    expect(one.prev).toBeUndefined();
    const back = await page({ before: three.prev });
    expect(back.customers.map((c) => c.id)).toEqual(two.customers.map((c) => c.id));
    expect(back.next).toEqual(two.next);
  });
});

describe('searching the trash', () => {
  it('finds by the start of the last name, the first name, both in either order, or the email, ignoring case and accents', async () => {
    const { a, b, make, page, names } = await setup();
    await make(
      a,
      { first_name: 'Élodie', last_name: 'Martin', email: 'e.martin@example.com' },
      DAY,
    );
    await make(a, { first_name: 'Marta', last_name: 'Østergaard', email: 'marta@oster.dk' }, DAY);
    await make(a, { first_name: 'Ben', last_name: 'Van der Berg', email: 'ben@berg.nl' }, DAY);
    await make(a, { first_name: 'Elodie', last_name: 'Live', email: 'live@example.com' });
    await make(b, { first_name: 'Elodie', last_name: 'Other' }, DAY);
    const search = async (q: string) => names(await page({ q })).sort();
    expect(await search('ÉLO')).toEqual(['Élodie']);
    expect(await search('elodie')).toEqual(['Élodie']);
    expect(await search('mart')).toEqual(['Marta', 'Élodie']);
    expect(await search('Elodie Mar')).toEqual(['Élodie']);
    expect(await search('martin  élodie')).toEqual(['Élodie']);
    expect(await search('oster')).toEqual(['Marta']);
    expect(await search('E.MARTIN@')).toEqual(['Élodie']);
    expect(await search('van der')).toEqual(['Ben']);
    expect(await search('ben van')).toEqual(['Ben']);
    expect(await search('example.com')).toEqual([]);
    expect(await search('rtin')).toEqual([]);
    expect(await search('   ')).toEqual(['Ben', 'Marta', 'Élodie']);
  });

  it('pages a search by the same cursor', async () => {
    const { a, make, page, names } = await setup();
    for (let i = 0; i < 53; i += 1) await make(a, { first_name: `Sam${i}` }, (i + 1) * 60_000);
    await make(a, { first_name: 'Other', last_name: 'Person' }, 30_000);
    const one = await page({ q: 'sam' });
    expect(one.customers).toHaveLength(50);
    const two = await page({ q: 'sam', after: one.next });
    expect(names(two)).toEqual(['Sam50', 'Sam51', 'Sam52']);
    expect(two.next).toBeUndefined();
  });
});

describe('deleting for good', () => {
  it('removes a customer in the trash with its notes and history; refuses a live one and another workspace’s', async () => {
    const { db, a, b, make } = await setup();
    const gone = await make(a, { first_name: 'Gone' }, DAY);
    const live = await make(a, { first_name: 'Live' });
    const theirs = await make(b, { first_name: 'Theirs' }, DAY);
    await addNote(db, a, gone.id);
    expect(await trash.deleteForever(db, { ...a, now: NOW }, gone.id)).toMatchObject({
      outcome: 'erased',
      customer: { id: gone.id },
    });
    expect(await trash.deleteForever(db, { ...a, now: NOW }, live.id)).toMatchObject({
      outcome: 'live',
    });
    expect(await trash.deleteForever(db, { ...a, now: NOW }, theirs.id)).toEqual({
      outcome: 'missing',
    });
    expect(await trash.deleteForever(db, { ...a, now: NOW }, gone.id)).toEqual({
      outcome: 'missing',
    });
    expect(await idsIn(db, 'customers')).toEqual([live.id, theirs.id]);
    expect(await customerIdsIn(db, 'customer_notes')).toEqual([]);
    expect(await customerIdsIn(db, 'customer_events')).toEqual([live.id, theirs.id, theirs.id]);
    // The team's log keeps who deleted whom forever (the customer's own history is gone).
    const logged = await db
      .selectFrom('activity')
      .select(['actor_id', 'action', 'details'])
      .where('action', '=', 'customer.deleted_forever')
      .execute();
    expect(logged).toEqual([
      {
        actor_id: a.userId,
        action: 'customer.deleted_forever',
        details: '{"name":"Gone Lovelace"}',
      },
    ]);
  });
});

describe('the hourly purge', () => {
  it('removes customers deleted over 30 days ago with their notes and events, keeping younger ones, the live and other workspaces’', async () => {
    const { db, a, b, make } = await setup();
    const old = await make(a, { first_name: 'Old' }, 31 * DAY);
    const recent = await make(a, { first_name: 'Recent' }, 20 * DAY);
    const live = await make(a, { first_name: 'Live' });
    const theirs = await make(b, { first_name: 'Theirs' }, 29 * DAY);
    for (const customer of [old, recent, live]) await addNote(db, a, customer.id);
    await addNote(db, b, theirs.id);

    expect(await trash.purgeDeletedCustomers(db, NOW)).toBe(1);
    expect(await idsIn(db, 'customers')).toEqual([recent.id, live.id, theirs.id]);
    expect(await customerIdsIn(db, 'customer_notes')).toEqual([recent.id, live.id, theirs.id]);
    const events = await customerIdsIn(db, 'customer_events');
    expect(events).not.toContain(old.id);
    expect(new Set(events)).toEqual(new Set([recent.id, live.id, theirs.id]));
    expect(await customers.countCustomers(db, a.workspaceId)).toBe(1);
    expect(await customers.restoreCustomer(db, { ...a, now: NOW }, old.id)).toBeUndefined();
    expect(await searchIndexIntact(db)).toBe(true);
    // A second run finds nothing more.
    expect(await trash.purgeDeletedCustomers(db, NOW)).toBe(0);
  });

  // Moved here with the purge from customers/queries.ts; its assertions are unchanged.
  it('removes those deleted over 30 days ago, keeps the recently deleted and the live, and fixes the search index', async () => {
    const { db, a } = await setup();
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const at = (who: typeof a) => ({ ...who, now: (clock += 1000) });
    const person = (first: string) => ({ ...EMPTY_VALUES, first_name: first, last_name: 'Tester' });
    const start = Date.parse('2026-01-01T00:00:00Z');
    const old = await customers.createCustomer(db, { ...at(a), now: start }, person('Old'));
    const recent = await customers.createCustomer(db, { ...at(a), now: start }, person('Recent'));
    const live = await customers.createCustomer(db, { ...at(a), now: start }, person('Live'));
    await customers.deleteCustomer(db, { ...at(a), now: start }, old.id);
    await customers.deleteCustomer(db, { ...at(a), now: start + 20 * DAY }, recent.id);

    expect(await trash.purgeDeletedCustomers(db, start + 31 * DAY)).toBe(1);
    const left = await db.selectFrom('customers').select('id').orderBy('id').execute();
    expect(left.map((row) => row.id)).toEqual([recent.id, live.id]);
    expect(await customers.countCustomers(db, a.workspaceId)).toBe(1);
    expect(await customers.restoreCustomer(db, at(a), old.id)).toBeUndefined();
    expect(await searchIndexIntact(db)).toBe(true);
  });
});

/** A note and its event, put straight into the tables (notes have their own feature). */
async function addNote(db: DB, who: { workspaceId: number; userId: number }, customerId: number) {
  const at = new Date(NOW - 40 * DAY).toISOString();
  const note = await db
    .insertInto('customer_notes')
    .values({
      workspace_id: who.workspaceId,
      customer_id: customerId,
      author_id: who.userId,
      body: 'Called; wants a quote.',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('customer_events')
    .values({
      workspace_id: who.workspaceId,
      customer_id: customerId,
      occurred_at: at,
      actor_id: who.userId,
      kind: 'note',
      note_id: note.id,
    })
    .execute();
}

const idsIn = async (db: DB, table: 'customers') =>
  (await db.selectFrom(table).select('id').orderBy('id').execute()).map((row) => row.id);

const customerIdsIn = async (db: DB, table: 'customer_notes' | 'customer_events') =>
  (await db.selectFrom(table).select('customer_id').orderBy('customer_id').execute()).map(
    (row) => row.customer_id,
  );
