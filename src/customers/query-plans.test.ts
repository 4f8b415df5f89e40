// Every query the table makes uses an index: no list, sort or search scans the customers table.
// Each query is captured as Kysely runs it and explained with EXPLAIN QUERY PLAN.
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import {
  describeOnPostgres,
  describeOnSqlite,
  openTestDatabase,
} from '../testing/test-database.js';
import { seedBooks } from '../testing/postgres-book.js';
import type { DB } from '../db/database.js';
import type { Database } from '../db/tables.js';
import { migrateToLatest } from '../db/migrator.js';
import { insertCustomers } from './bulk.js';
import { demoCustomers } from '../cli/demo-customers.js';
import { parseListQuery, encodeCursor, type SortKey } from './listing.js';
import * as queries from './queries.js';
import { phoneDigits, withKeys, type CustomerKeys } from './keys.js';
import { strategyFor } from './search/strategy.js';

/** A page link's cursor: a key (a sort's middle by default) and an id early in the book. */
const cursor = (sort: SortKey, key?: string) =>
  encodeCursor({ key: key ?? (sort === 'created' ? '2025-06-01T00:00:00.000Z' : 'm'), id: 1500 });

/** Every shape of list request the table makes: each sort and direction, first and deep pages, searches. */
function listShapes(): [string, Record<string, string>][] {
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
  for (const sort of ['email', 'city'] as const) {
    // Empty values come last: a page inside them, and one past the last filled key.
    cases.push([`a page among the empty ${sort}s`, { sort, after: cursor(sort, ''), page: '40' }]);
    cases.push([
      `the page where ${sort}s run out`,
      { sort, after: cursor(sort, 'zzzz'), page: '39' },
    ]);
    cases.push([`back from the empty ${sort}s`, { sort, before: cursor(sort, ''), page: '40' }]);
  }
  return cases;
}

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

  const cases = listShapes();

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

// PostgreSQL's plans, on a book big enough (100,000 customers and a second workspace, ANALYZEd) that
// the planner prefers an index wherever one serves: on a small table it reads the table whole anyway.
describeOnPostgres('query plans on PostgreSQL', () => {
  const captured: CompiledQuery[] = [];
  let base: DB;
  let db: DB;
  let workspaceId: number;

  beforeAll(async () => {
    base = (await openTestDatabase()).db;
    // Every query the app's functions run, compiled as it is sent, parameters and all.
    const executor = base.getExecutor();
    db = base.withPlugin({
      transformQuery(args) {
        captured.push(executor.compileQuery(args.node, args.queryId));
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    });
    const started = performance.now();
    const [a, b] = await Promise.all(
      ['Plans', 'Neighbours'].map((name) => newWorkspace(base, name)),
    );
    await seedBooks(base, [
      { ...a!, count: 100_000 },
      { ...b!, count: 20_000 },
    ]);
    await sql`ANALYZE`.execute(base);
    console.log(
      `[query plans] 120,000 customers seeded and analyzed in ${Math.round(performance.now() - started)} ms`,
    );
    workspaceId = a!.workspaceId;
  }, 120_000);

  async function explain(query: CompiledQuery): Promise<PlanNode> {
    const { rows } = await base.executeQuery<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${query.sql}`, [...query.parameters]),
    );
    return rows[0]!['QUERY PLAN'][0]!.Plan;
  }

  /** Runs one table request; returns what the app decided and each query it made with its plan. */
  async function plansFor(params: Record<string, string>) {
    captured.length = 0;
    const query = parseListQuery(params);
    const page = await queries.findCustomerPage(db, workspaceId, query);
    const made = [...captured];
    const plans = await Promise.all(
      made.map(async (q) => ({ sql: q.sql, plan: await explain(q) })),
    );
    const strategy = query.plan ? strategyFor(query.plan, page.total) : undefined;
    return { page, plans, strategy };
  }

  it("the seeded book holds what the app's writers would have stored", async () => {
    const rows = await base
      .selectFrom('customers')
      .selectAll()
      .where(sql<boolean>`id % 397 = 0`)
      .execute();
    expect(rows.length).toBeGreaterThan(250);
    for (const row of rows) expect(pick(row), String(row.id)).toEqual(pick(withKeys(row)));
    // Their search terms, as the triggers keep them.
    const { rows: terms } = await sql<{ customer_id: number; terms: string }>`
      SELECT customer_id, string_agg(term, ' ' ORDER BY term) AS terms FROM customer_search_terms
      WHERE customer_id % 397 = 0 GROUP BY customer_id`.execute(base);
    const live = rows.filter((row) => row.deleted_at === null);
    expect(Object.fromEntries(terms.map((t) => [t.customer_id, t.terms]))).toEqual(
      Object.fromEntries(
        live.map((row) => [row.id, row.search_text.trim().split(' ').sort().join(' ')]),
      ),
    );
    expect(await queries.countCustomers(base, workspaceId)).toBe(98_000);
  });

  it.each(listShapes())('%s: no sequential scan of customers', async (_name, params) => {
    const { plans } = await plansFor(params);
    expect(plans.length).toBeGreaterThan(0);
    for (const { sql: text, plan } of plans) expect(scans(plan), text).toEqual([]);
  });

  // Searches whose matches take each of the page's ways (search/strategy.ts) in this book.
  it.each<[string, Record<string, string>, ReturnType<typeof strategyFor>]>([
    ['a one-letter search', { q: 's', sort: 'city' }, 'terms'],
    ['a dense three-letter search', { q: 'smi' }, 'set'],
    ['a dense three-letter search', { q: 'joh', sort: 'name', dir: 'desc' }, 'set'],
    ['a rare name of two words', { q: 'zoe oster' }, 'sparse'],
    [
      'a rare name, deep, by email',
      { q: 'zoe oster', sort: 'email', after: cursor('email') },
      'sparse',
    ],
    ['five digits from inside phone numbers', { q: '55501' }, 'set'],
    ['the end of a phone number', { q: '555-7919' }, 'sparse'],
  ])('%s (%j, %s): no sequential scan of customers', async (_name, params, expected) => {
    const { plans, strategy, page } = await plansFor(params);
    expect(strategy).toBe(expected);
    expect(page.customers.length).toBeGreaterThan(0);
    for (const { sql: text, plan } of plans) expect(scans(plan), text).toEqual([]);
  });

  // A cursor's run of one key (the rest of "new york" past the cursor's id) may be read by a bitmap
  // and sorted, depending on ANALYZE's sample: a read of that run, never of the table (the test
  // above). The first pages walk the index in order.
  it('the first pages need no sort step: the index gives the order', async () => {
    const pages: Record<string, string>[] = [
      {},
      { sort: 'created', dir: 'asc' },
      { sort: 'name', dir: 'desc' },
      { sort: 'city', dir: 'desc' },
      { sort: 'email' },
    ];
    for (const params of pages) {
      const { plans } = await plansFor(params);
      for (const { sql: text, plan } of plans)
        expect(
          [...nodesOf(plan)].map((node) => node['Node Type']),
          text,
        ).not.toContain('Sort');
    }
  });

  it('the hourly purge of long-deleted customers seeks them by index', async () => {
    captured.length = 0;
    await queries.purgeDeletedCustomers(db, Date.parse('2026-11-24T00:00:00Z'));
    const purge = captured.find((query) => /^delete/i.test(query.sql))!;
    expect(scans(await explain(purge))).toEqual([]);
  });
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function* nodesOf(plan: PlanNode): Generator<PlanNode> {
  yield plan;
  for (const child of plan.Plans ?? []) yield* nodesOf(child);
}

/** What a plan reads whole: sequential scans of the customers or their search terms, sorts over any. */
function scans(plan: PlanNode): string[] {
  const found: string[] = [];
  for (const node of nodesOf(plan)) {
    const relation = node['Relation Name'];
    if (node['Node Type'] === 'Seq Scan' && /^customer/.test(relation ?? ''))
      found.push(`Seq Scan on ${relation}`);
    if (node['Node Type'] === 'Sort')
      for (const below of nodesOf(node))
        if (below['Node Type'] === 'Seq Scan')
          found.push(`Sort over a Seq Scan on ${below['Relation Name']}`);
  }
  return found;
}

async function newWorkspace(db: DB, name: string) {
  const workspace = await db
    .insertInto('workspaces')
    .values({ name, created_at: '2026-01-01T00:00:00Z' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto('users')
    .values({
      workspace_id: workspace.id,
      email: `${name.toLowerCase()}@example.com`,
      name,
      password_hash: 'x',
      role: 'owner',
      created_at: '2026-01-01T00:00:00Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { workspaceId: workspace.id, userId: user.id };
}

const pick = ({ name_key, email_key, city_key, search_text }: CustomerKeys) => ({
  name_key,
  email_key,
  city_key,
  search_text,
});
