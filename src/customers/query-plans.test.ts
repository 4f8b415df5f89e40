// Every query the table makes uses an index: no list, sort or search scans the customers table.
// Each query is captured as Kysely runs it and explained with EXPLAIN QUERY PLAN.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { expect, it } from 'vitest';
import { describeOnSqlite } from '../testing/test-database.js';
import type { Database } from '../db/tables.js';
import { migrateToLatest } from '../db/migrator.js';
import { insertCustomers } from './bulk.js';
import { demoCustomers } from '../cli/demo-customers.js';
import { parseListQuery, encodeCursor, type SortKey } from './listing.js';
import * as queries from './queries.js';
import { phoneDigits } from './keys.js';

// SQLite's plans; PostgreSQL's planner needs a bigger book before it prefers an index.
describeOnSqlite('query plans', async () => {
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
    .values({ name: 'Plans', created_at: '2026-01-01T00:00:00Z' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto('users')
    .values({
      workspace_id: workspace.id,
      email: 'plans@example.com',
      name: 'P',
      password_hash: 'x',
      role: 'owner',
      created_at: '2026-01-01T00:00:00Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertCustomers(db, workspace.id, user.id, [...demoCustomers(3000)]);
  sqlite.exec('ANALYZE');

  const plan = (sql: string, parameters: readonly unknown[]) =>
    (
      sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(parameters as unknown[])) as {
        detail: string;
      }[]
    ).map((row) => row.detail);

  /** Runs one table request and returns the plans of the customer queries it made. */
  async function plansFor(params: Record<string, string>): Promise<string[][]> {
    captured.length = 0;
    await queries.findCustomerPage(db, workspace.id, parseListQuery(params));
    return captured
      .filter((query) => /customers/.test(query.sql))
      .map((query) => plan(query.sql, query.parameters));
  }

  const cursor = (sort: SortKey) =>
    encodeCursor({ key: sort === 'created' ? '2025-06-01T00:00:00.000Z' : 'm', id: 1500 });
  const cases: [string, Record<string, string>][] = [];
  for (const sort of ['created', 'name', 'email', 'city'] as const) {
    for (const dir of ['asc', 'desc']) {
      cases.push([`first page by ${sort} ${dir}`, { sort, dir }]);
      cases.push([`deep page by ${sort} ${dir}`, { sort, dir, after: cursor(sort), page: '30' }]);
      cases.push([`page back by ${sort} ${dir}`, { sort, dir, before: cursor(sort), page: '30' }]);
    }
  }
  cases.push(['a dense search (over the count cap)', { q: 'an' }]);
  cases.push([
    'a dense search, deep, by name',
    { q: 'an', sort: 'name', after: cursor('name'), page: '3' },
  ]);
  cases.push(['a sparse search', { q: 'grace' }]);
  cases.push([
    'a sparse search, deep, by city',
    { q: 'smith', sort: 'city', after: cursor('city'), page: '2' },
  ]);
  cases.push(['a phone search', { q: '555 0100' }]);
  cases.push(['a one-letter search', { q: 's' }]);
  cases.push([
    'a dense search of a longer word (the match set walk)',
    { q: 'exa', sort: 'city', dir: 'desc' },
  ]);
  cases.push([
    'a dense search of a longer word, deep, by email',
    { q: 'exa', sort: 'email', after: cursor('email'), page: '4' },
  ]);
  cases.push([
    'a one-letter search, deep, by email backwards',
    { q: 's', sort: 'email', dir: 'desc', before: cursor('email'), page: '3' },
  ]);
  cases.push(['a run of 4 phone digits', { q: '7325' }]);
  cases.push([
    'a run of phone digits, deep, by name',
    { q: '5557', sort: 'name', after: cursor('name'), page: '2' },
  ]);

  it.each(cases)('%s: every customers access is an index seek', async (_name, params) => {
    const plans = await plansFor(params);
    expect(plans.length).toBeGreaterThan(0);
    for (const lines of plans) {
      for (const line of lines) {
        // Any SCAN of customers itself, even along an index, reads the whole table (the FTS index, a
        // subquery or the union of seeks are other things and may be scanned).
        expect(line, lines.join('\n')).not.toMatch(/^SCAN (customers|c)\b(?!_fts)/);
      }
    }
  });

  it('the plain table and its deep pages need no sort step: the index gives the order', async () => {
    const pages: Record<string, string>[] = [
      {},
      { sort: 'name', after: cursor('name') },
      { sort: 'city', dir: 'desc', after: cursor('city') },
      { sort: 'email', before: cursor('email') },
    ];
    for (const params of pages) {
      const plans = await plansFor(params);
      // A page is read as consecutive runs of one index (the cursor's key, the keys past it, then the
      // customers without a value), each already in order: no query sorts, not even the page.
      for (const lines of plans) {
        expect(
          lines.filter((line) => line.includes('TEMP B-TREE')),
          lines.join('\n'),
        ).toEqual([]);
        expect(
          lines.some((line) => /SEARCH customers USING INDEX customers_workspace_/.test(line)),
          lines.join('\n'),
        ).toBe(true);
      }
    }
  });

  // A run of 5 digits from inside a phone number in the book.
  const run = phoneDigits([...demoCustomers(3000)].find((customer) => customer.phone)!.phone).slice(
    -6,
    -1,
  );
  it.each<Record<string, string>>([
    { q: 'grace' },
    { q: run },
    { q: 'smith', sort: 'city', after: cursor('city') },
    { q: 'lovelace', sort: 'email', dir: 'desc', before: cursor('email') },
  ])(
    'a sparse search (%j) starts from the full-text index and reads customers by id, never along a sort index',
    async (params) => {
      const plans = await plansFor(params);
      const pages = plans.filter(
        (lines) =>
          lines.some((line) => /customers_fts VIRTUAL TABLE/.test(line)) &&
          lines.some((line) => /customers USING INTEGER PRIMARY KEY/.test(line)),
      );
      expect(pages.length, plans.map((lines) => lines.join('\n')).join('\n\n')).toBeGreaterThan(0);
      for (const lines of pages) {
        expect(lines[0], lines.join('\n')).toMatch(/^SCAN customers_fts VIRTUAL TABLE/);
        expect(
          lines.some((line) => /customers_workspace_/.test(line)),
          lines.join('\n'),
        ).toBe(false);
      }
    },
  );

  it('the hourly purge of long-deleted customers seeks them by index', async () => {
    captured.length = 0;
    await queries.purgeDeletedCustomers(db, Date.parse('2026-11-24T00:00:00Z'));
    // A batch's DELETE (its transaction's BEGIN and COMMIT are captured too).
    const purge = captured.find((query) => /^delete/i.test(query.sql))!;
    const lines = plan(purge.sql, purge.parameters);
    expect(lines.join('\n')).toMatch(/SEARCH customers USING (COVERING )?INDEX customers_deleted/);
  });

  it('the count is read from the workspace, not counted', async () => {
    captured.length = 0;
    await queries.countCustomers(db, workspace.id);
    expect(captured[0]!.sql).toMatch(/from "workspaces"/);
  });
});
