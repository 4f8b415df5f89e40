// Finding customers: search, sort and keyset paging (moves into queries.ts once the customer book lands).
import { sql, type Kysely } from 'kysely';
import type { Customer, Database } from '../db/schema.js';
import { SEARCH_COUNT_CAP, SORT_COLUMNS, type Cursor, type Direction, type SortKey } from './listing.js';
type Executor = Kysely<Database>;
// --- finding: search, sort and keyset paging ---------------------------------------------------------

/** A column as the table sorts it: text without regard to case (the sort indexes use NOCASE too). */
function sortExpression(column: (typeof SORT_COLUMNS)[SortKey][number]) {
  return column === 'created_at' ? sql.ref(`customers.${column}`) : sql`customers.${sql.ref(column)} COLLATE NOCASE`;
}

export interface FoundPage {
  customers: Customer[];
  /** More rows past the last one shown (in the sort's direction). */
  hasMore: boolean;
}

/** The workspace's live customers, from the counter the database keeps in step with every write. */
export async function countLiveCustomers(db: Executor, workspaceId: number): Promise<number> {
  const row = await db.selectFrom('workspaces').select('customer_count').where('id', '=', workspaceId).executeTakeFirst();
  return Number(row?.customer_count ?? 0);
}

export interface MatchCount {
  count: number;
  /** More than SEARCH_COUNT_CAP matched: the page says "1,000+", and the search counts as dense. */
  capped: boolean;
}

/** How many live customers of the workspace match, counting no further than the cap. */
export async function countMatches(db: Executor, workspaceId: number, match: string): Promise<MatchCount> {
  const row = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('customers_fts')
        .innerJoin('customers', 'customers.id', 'customers_fts.rowid')
        .select(sql`1`.as('one'))
        .where(sql<boolean>`customers_fts MATCH ${match}`)
        .where('customers.workspace_id', '=', workspaceId)
        .where('customers.deleted_at', 'is', null)
        .limit(SEARCH_COUNT_CAP + 1)
        .as('matches'),
    )
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  const count = Number(row.count);
  return count > SEARCH_COUNT_CAP ? { count: SEARCH_COUNT_CAP, capped: true } : { count, capped: false };
}

interface FindOptions {
  workspaceId: number;
  sort: SortKey;
  /** The direction rows come back in (reversed by the caller to page backwards). */
  dir: Direction;
  /** Rows strictly after this position in that direction. */
  from?: Cursor;
  /**
   * A search: its MATCH expression, and whether it matched more than the count cap. Then walking the
   * sort index fills a page sooner than sorting every match; under the cap, sorting the matches wins.
   */
  search?: { match: string; dense: boolean };
  limit: number;
}

/**
 * One page of customers in sort order, starting after a cursor. Every path is an index seek, so the
 * hundredth page costs what the first does:
 * - no search: walk the sort's index from the cursor. Rows with values equal to the cursor's are read
 *   by their own seek (a UNION ALL of one seek per sort column), never by scanning the equal run.
 * - a search with dense matches: the same walk, keeping rows whose id the full-text index matched.
 * - a search with sparse matches: read just those rows by id and sort them.
 */
export async function findCustomers(db: Executor, options: FindOptions): Promise<FoundPage> {
  const columns = [...SORT_COLUMNS[options.sort], 'id' as const];
  const keys = columns.map((column) => (column === 'id' ? sql.ref('customers.id') : sortExpression(column)));
  const ascending = options.dir === 'asc';
  const after = ascending ? '>' : '<';
  const fetch = options.limit + 1;
  const matched = (search: NonNullable<FindOptions['search']>) =>
    sql<boolean>`customers.id IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ${search.match})`;

  const base = () => {
    let query = db
      .selectFrom('customers')
      .selectAll('customers')
      .where('customers.workspace_id', '=', options.workspaceId)
      .where('customers.deleted_at', 'is', null);
    for (const key of keys) query = query.orderBy(key, options.dir);
    return query.limit(fetch);
  };

  let rows: Customer[];
  if (options.search && !options.search.dense) {
    // Few matches: start from the full-text index and sort what it found.
    let query = db
      .selectFrom('customers_fts')
      .innerJoin('customers', 'customers.id', 'customers_fts.rowid')
      .selectAll('customers')
      .where(sql<boolean>`customers_fts MATCH ${options.search.match}`)
      .where('customers.workspace_id', '=', options.workspaceId)
      .where('customers.deleted_at', 'is', null);
    if (options.from) {
      const values = [...options.from.values, options.from.id];
      query = query.where(sql<boolean>`(${sql.join(keys)}) ${sql.raw(after)} (${sql.join(values)})`);
    }
    for (const key of keys) query = query.orderBy(key, options.dir);
    rows = await query.limit(fetch).execute();
  } else if (!options.from) {
    const query = options.search ? base().where(matched(options.search)) : base();
    rows = await query.execute();
  } else {
    // Seek i keeps the first i sort values equal to the cursor's and moves past it on the next one.
    const values = [...options.from.values, options.from.id];
    const seeks = columns.map((_, i) => {
      let query = base();
      if (options.search) query = query.where(matched(options.search));
      for (let k = 0; k < i; k += 1) query = query.where(sql<boolean>`${keys[k]} = ${values[k]}`);
      return query.where(sql<boolean>`${keys[i]} ${sql.raw(after)} ${values[i]}`);
    });
    // Deepest seek first: rows equal on every column but id come before rows past the first column.
    const ordered = seeks.reverse().map((seek, i) => db.selectFrom(seek.as(`seek${i}`)).selectAll());
    let union = ordered[0]!;
    for (const next of ordered.slice(1)) union = union.unionAll(next);
    let query = db.selectFrom(union.as('page')).selectAll();
    for (const column of columns) {
      const ref = column === 'id' || column === 'created_at' ? sql.ref(`page.${column}`) : sql`page.${sql.ref(column)} COLLATE NOCASE`;
      query = query.orderBy(ref, options.dir);
    }
    rows = (await query.limit(fetch).execute()) as Customer[];
  }
  return { customers: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}

/** The cursor of a row for a sort: its sort values and id. */
export function cursorOf(customer: Customer, sort: SortKey): Cursor {
  return { values: SORT_COLUMNS[sort].map((column) => customer[column]), id: customer.id };
}

