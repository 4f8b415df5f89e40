// db:copy: a book moved to an empty database holds the same rows (counts and checksums per table),
// keeps its ids and sequences, has a working search index, and its people sign in there with their
// old passwords and sessions; a target that holds data is refused and left as it was.
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { demoCustomers } from '../cli/demo-customers.js';
import { insertCustomers } from '../customers/bulk.js';
import { memberOf } from '../customers/testing.js';
import { createTestApp, signIn, TestClient, type TestApp } from '../testing/harness.js';
import type { DatabaseConfig } from '../config.js';
import {
  itOnPostgres,
  openTestDatabase,
  searchIndexIntact,
  testEngine,
  scratchFolder,
} from '../testing/test-database.js';
import { copyDatabase, CopyRefused, type CopyEvent, type TableReport } from './copy.js';
import { openDatabase, type DB } from './database.js';

const folder = scratchFolder('folio-copy-');

const PASSWORD = 'correct horse battery staple';

/** A small book with a bit of everything: people, a session, customers (one deleted, one purged), activity. */
async function book(test: TestApp) {
  const me = await memberOf(test.app, test.db, 'Grace Hopper');
  const email = (
    await test.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', me.userId)
      .executeTakeFirstOrThrow()
  ).email;
  const added = await me.client.post('/customers', {
    first_name: 'Åse',
    last_name: 'Østergaard',
    email: 'ase@example.com',
    phone: '+45 3312 9876',
    address: '',
    city: 'København',
    state: '',
    zipcode: '',
  });
  expect(added.status).toBe(303);
  const ase = (await test.db.selectFrom('customers').select('id').executeTakeFirstOrThrow()).id;
  await insertCustomers(test.db, me.workspaceId, me.userId, [...demoCustomers(1_200)]);
  const ids = await test.db.selectFrom('customers').select('id').orderBy('id').execute();
  // One in the trash, and the newest purged for good: its id must not be handed out again.
  expect((await me.client.post(`/customers/${ids[5]!.id}/delete`)).status).toBe(303);
  const purged = ids.at(-1)!.id;
  await test.db.deleteFrom('customers').where('id', '=', purged).execute();
  return { me, email, purged, ase };
}

async function tables(db: DB): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['workspaces', 'users', 'sessions', 'customers', 'activity']) {
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

/** A new, empty database of the engine under test: a SQLite file, or a PostgreSQL database not yet migrated. */
async function emptyTarget(
  name: string,
): Promise<{ db: DB; config: DatabaseConfig; close: () => Promise<void> }> {
  if (testEngine === 'postgres') {
    const { db, config } = await openTestDatabase({ migrated: false });
    return { db, config, close: async () => {} }; // dropped with the test file's other databases
  }
  const config: DatabaseConfig = { dialect: 'sqlite', path: path.join(folder, name) };
  const db = openDatabase(config);
  return { db, config, close: () => db.destroy() };
}

/** Copies, and checks what the copy says about itself: every table, parents first, the same rows. */
async function copyChecked(source: DB, target: DB): Promise<TableReport[]> {
  const events: CopyEvent[] = [];
  const reports = await copyDatabase(source, target, {
    batchRows: 100,
    progress: (event) => events.push(event),
  });
  // Every table the migrations made, read from the database: none forgotten, none extra; the
  // engines' own search tables are not among them.
  expect(reports.map((r) => r.table).sort()).toEqual([
    'activity',
    'app_secrets',
    'bulk_action_customers',
    'bulk_actions',
    'customer_events',
    'customer_merge_moves',
    'customer_merges',
    'customer_notes',
    'customers',
    'import_rows',
    'imports',
    'invites',
    'jobs',
    'login_attempts',
    'password_resets',
    'register_attempts',
    'sessions',
    'users',
    'workspaces',
  ]);
  for (const report of reports) {
    expect(report.targetRows, report.table).toBe(report.sourceRows);
    expect(report.targetChecksum, report.table).toBe(report.sourceChecksum);
  }
  expect(reports.find((r) => r.table === 'customers')!.sourceRows).toBe(1_200);
  const order = reports.map((r) => r.table);
  expect(order.indexOf('workspaces')).toBeLessThan(order.indexOf('users'));
  expect(order.indexOf('users')).toBeLessThan(order.indexOf('customers'));
  expect(events[0]).toEqual({
    kind: 'migrated',
    migrations: expect.arrayContaining(['0001_accounts']) as string[],
  });
  expect(events).toContainEqual({ kind: 'rows', table: 'customers', copied: 1_200, total: 1_200 });
  return reports;
}

/** Folio on the copy: the old session and password work, search finds, counts and ids carry on. */
async function expectServes(
  config: DatabaseConfig,
  before: Record<string, number>,
  { me, email, purged, ase }: Awaited<ReturnType<typeof book>>,
): Promise<void> {
  const copied = await createTestApp({ database: config });
  expect(await tables(copied.db)).toEqual(before);
  const carried = new TestClient(copied.app, me.client.ip);
  for (const [name, value] of me.client.cookies) carried.cookies.set(name, value);
  const row = `id="customer-${ase}"`;
  const found = await carried.get('/customers?q=ase%20oster');
  expect(found.status).toBe(200);
  expect((await found.text()).includes(row), 'found by folded prefixes').toBe(true);
  const phone = await carried.get('/customers?q=33129');
  expect((await phone.text()).includes(row), 'found by phone digits').toBe(true);
  if (config.dialect === 'postgres') {
    // The search terms were made once after the load, for every live customer and no other.
    const { rows } = await sql<{ customers: number; ase: number }>`SELECT
        count(DISTINCT customer_id) AS customers,
        count(*) FILTER (WHERE customer_id = ${ase} AND term = 'p33129876') AS ase
        FROM customer_search_terms`.execute(copied.db);
    expect(rows[0]).toEqual({ customers: 1_199, ase: 1 });
    expect(await searchIndexIntact(copied.db)).toBe(true);
  }
  const counter = await copied.db
    .selectFrom('workspaces')
    .select('customer_count')
    .executeTakeFirstOrThrow();
  expect(counter.customer_count).toBe(1_199);
  // A new customer gets an id past the purged one.
  const created = await carried.post(
    '/customers',
    { first_name: 'New', last_name: 'One' },
    { htmx: true },
  );
  expect(created.status).toBe(201);
  const newest = await copied.db
    .selectFrom('customers')
    .select('id')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  expect(newest.id).toBe(purged + 1);
  // And the old password signs in from a new browser.
  const fresh = await signIn(new TestClient(copied.app, '192.0.2.44'), email, PASSWORD);
  expect(fresh.status).toBe(303);
  expect(fresh.headers.get('location')).toBe('/customers');
}

describe(`db:copy, SQLite to ${testEngine === 'postgres' ? 'PostgreSQL and back' : 'SQLite'}`, () => {
  it('copies every table with its ids; people sign in there with their passwords and sessions', async () => {
    const source = await createTestApp({
      database: { dialect: 'sqlite', path: path.join(folder, 'a.db') },
    });
    const made = await book(source);
    const before = await tables(source.db);
    const target = await emptyTarget('b.db');
    const there = await copyChecked(source.db, target.db);
    if (testEngine === 'postgres') {
      // And back to a SQLite file: the same checksums as the book it started from.
      const back = openDatabase({ dialect: 'sqlite', path: path.join(folder, 'back.db') });
      const home = await copyChecked(target.db, back);
      await back.destroy();
      expect(home.map((r) => [r.table, r.targetChecksum])).toEqual(
        there.map((r) => [r.table, r.sourceChecksum]),
      );
      await expectServes({ dialect: 'sqlite', path: path.join(folder, 'back.db') }, before, made);
    }
    await target.close();
    await expectServes(target.config, before, made);
  }, 60_000);

  // Both sides keep their own search terms: the target's triggers make them as customers arrive,
  // so the source's are not copied (they would collide with the target's own).
  itOnPostgres(
    'copies PostgreSQL to PostgreSQL, the search terms made by the target',
    async () => {
      const source = await createTestApp();
      const made = await book(source);
      const before = await tables(source.db);
      const target = await emptyTarget('unused.db');
      await copyChecked(source.db, target.db);
      await expectServes(target.config, before, made);
    },
    60_000,
  );

  it('refuses a target that already holds data, and changes nothing in it', async () => {
    const source = await createTestApp({
      database: { dialect: 'sqlite', path: path.join(folder, 'c.db') },
    });
    const other = await createTestApp(); // the engine under test
    try {
      await memberOf(source.app, source.db);
      await memberOf(other.app, other.db);
      const before = await tables(other.db);
      await expect(copyDatabase(source.db, other.db)).rejects.toThrow(CopyRefused);
      await expect(copyDatabase(source.db, other.db)).rejects.toThrow(
        /the target already holds data \(rows: .*users 1.*\); db:copy only fills an empty database. Nothing was changed./,
      );
      expect(await tables(other.db)).toEqual(before);
    } finally {
      await source.db.destroy();
    }
  });

  it('refuses a source that is not at the latest migration, and does not migrate it', async () => {
    const empty = openDatabase({ dialect: 'sqlite', path: path.join(folder, 'e.db') });
    const target = openDatabase({ dialect: 'sqlite', path: path.join(folder, 'f.db') });
    try {
      await expect(copyDatabase(empty, target)).rejects.toThrow(/not a Folio database/);
      const { rows } = await sql`SELECT name FROM sqlite_schema`.execute(empty);
      expect(rows).toEqual([]);
    } finally {
      await empty.destroy();
      await target.destroy();
    }
  });
});
