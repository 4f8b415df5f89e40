// Every SQL statement of the customer book. Each one is scoped to a workspace; deleted rows stay out of
// sight except for restore.
import { sql, type Kysely } from 'kysely';
import type { Customer, Database } from '../db/schema.js';
import { writeTransaction } from '../db/database.js';
import { CUSTOMER_FIELDS, type CustomerValues } from './schema.js';
import { PAGE_SIZE, SEARCH_COUNT_CAP, SORT_COLUMNS, matchExpression, type Cursor, type Direction, type ListQuery, type SortKey } from './listing.js';

type Executor = Kysely<Database>;

/** A customer with the names of the people who added it and last changed it (for the record page). */
export type CustomerWithAuthors = Customer & { created_by_name: string | null; updated_by_name: string | null };

/** Who is writing and when: every write records both. */
export interface Actor {
  workspaceId: number;
  userId: number;
  /** Milliseconds since the epoch. */
  now: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The workspace's live customers: a counter the database keeps in step with every write (see 0004). */
export async function countCustomers(db: Executor, workspaceId: number): Promise<number> {
  const row = await db.selectFrom('workspaces').select('customer_count').where('id', '=', workspaceId).executeTakeFirst();
  return Number(row?.customer_count ?? 0);
}

/** A live customer of the workspace, or undefined (unknown, deleted, or another workspace's). */
export function getCustomer(db: Executor, workspaceId: number, id: number): Promise<Customer | undefined> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export function getCustomerWithAuthors(db: Executor, workspaceId: number, id: number): Promise<CustomerWithAuthors | undefined> {
  return db
    .selectFrom('customers')
    .leftJoin('users as creator', 'creator.id', 'customers.created_by')
    .leftJoin('users as editor', 'editor.id', 'customers.updated_by')
    .selectAll('customers')
    .select(['creator.name as created_by_name', 'editor.name as updated_by_name'])
    .where('customers.id', '=', id)
    .where('customers.workspace_id', '=', workspaceId)
    .where('customers.deleted_at', 'is', null)
    .executeTakeFirst();
}

export function createCustomer(db: Executor, actor: Actor, values: CustomerValues): Promise<Customer> {
  const at = iso(actor.now);
  return db
    .insertInto('customers')
    .values({
      ...values,
      workspace_id: actor.workspaceId,
      created_at: at,
      updated_at: at,
      created_by: actor.userId,
      updated_by: actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type UpdateResult =
  | { outcome: 'updated'; customer: Customer }
  /** Nothing to write: the stored values already are the submitted ones (a repeated save, say). */
  | { outcome: 'unchanged'; customer: Customer }
  /** Someone saved a newer version; nothing was written. */
  | { outcome: 'conflict'; current: CustomerWithAuthors }
  | { outcome: 'not-found' };

export function sameValues(a: CustomerValues, b: CustomerValues): boolean {
  return CUSTOMER_FIELDS.every((field) => a[field] === b[field]);
}

/**
 * Saves new values over the version the person was editing. The UPDATE only matches that version, so a
 * save based on a stale copy can never overwrite someone else's change, however the requests interleave.
 */
export async function updateCustomer(
  db: Executor,
  actor: Actor,
  id: number,
  expectedVersion: number,
  values: CustomerValues,
): Promise<UpdateResult> {
  return writeTransaction(db, async (trx) => {
    const stored = await getCustomer(trx, actor.workspaceId, id);
    if (!stored) return { outcome: 'not-found' } as const;
    if (sameValues(stored, values)) return { outcome: 'unchanged', customer: stored } as const;
    const updated = await trx
      .updateTable('customers')
      .set((eb) => ({
        ...values,
        updated_at: iso(actor.now),
        updated_by: actor.userId,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .where('workspace_id', '=', actor.workspaceId)
      .where('deleted_at', 'is', null)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
    if (updated) return { outcome: 'updated', customer: updated } as const;
    const current = await getCustomerWithAuthors(trx, actor.workspaceId, id);
    return current ? ({ outcome: 'conflict', current } as const) : ({ outcome: 'not-found' } as const);
  });
}

/** Soft delete: the row stays, hidden, until restored or purged. Returns the deleted customer. */
export function deleteCustomer(db: Executor, actor: Actor, id: number): Promise<Customer | undefined> {
  const at = iso(actor.now);
  return db
    .updateTable('customers')
    .set({ deleted_at: at, updated_at: at, updated_by: actor.userId })
    .where('id', '=', id)
    .where('workspace_id', '=', actor.workspaceId)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Brings a deleted customer back. Restoring one that is already live succeeds too (a second click on
 * Undo), so the answer only says whether the customer exists in this workspace.
 */
export async function restoreCustomer(db: Executor, actor: Actor, id: number): Promise<Customer | undefined> {
  const restored = await db
    .updateTable('customers')
    .set({ deleted_at: null, updated_at: iso(actor.now), updated_by: actor.userId })
    .where('id', '=', id)
    .where('workspace_id', '=', actor.workspaceId)
    .where('deleted_at', 'is not', null)
    .returningAll()
    .executeTakeFirst();
  return restored ?? getCustomer(db, actor.workspaceId, id);
}

// --- finding: search, sort and keyset paging ---------------------------------------------------------

/** A column as the table sorts it: text without regard to case (the sort indexes use NOCASE too). */
function sortExpression(column: (typeof SORT_COLUMNS)[SortKey][number]) {
  return column === 'created_at' ? sql.ref(`customers.${column}`) : sql`customers.${sql.ref(column)} COLLATE NOCASE`;
}

/** What a row of the table shows (and sorts by): fewer columns read is less time per page. */
export const LISTED_COLUMNS = ['id', 'first_name', 'last_name', 'email', 'phone', 'city', 'state', 'created_at'] as const;
export type ListedCustomer = Pick<Customer, (typeof LISTED_COLUMNS)[number]>;
const listed = LISTED_COLUMNS.map((column) => `customers.${column}` as const);

export interface FoundPage {
  customers: ListedCustomer[];
  /** More rows past the last one shown (in the sort's direction). */
  hasMore: boolean;
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
      .select(listed)
      .where('customers.workspace_id', '=', options.workspaceId)
      .where('customers.deleted_at', 'is', null);
    for (const key of keys) query = query.orderBy(key, options.dir);
    return query.limit(fetch);
  };

  let rows: ListedCustomer[];
  if (options.search && !options.search.dense) {
    // Few matches: start from the full-text index and sort what it found.
    let query = db
      .selectFrom('customers_fts')
      .innerJoin('customers', 'customers.id', 'customers_fts.rowid')
      .select(listed)
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
    rows = (await query.limit(fetch).execute()) as ListedCustomer[];
  }
  return { customers: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}

/** The cursor of a row for a sort: its sort values and id. */
export function cursorOf(customer: ListedCustomer, sort: SortKey): Cursor {
  return { values: SORT_COLUMNS[sort].map((column) => customer[column]), id: customer.id };
}

export interface CustomerPage {
  customers: ListedCustomer[];
  /** Customers in the book, or matches of the search (capped). */
  total: MatchCount;
  searching: boolean;
  /** Where the next and previous pages start, when there are such pages. */
  next?: Cursor;
  prev?: Cursor;
}

/**
 * The page of the table a list query asks for: the count (the workspace's counter, or the capped
 * number of matches), then the rows. A page backwards is read in the opposite order and turned round.
 */
export async function findCustomerPage(db: Executor, workspaceId: number, query: ListQuery): Promise<CustomerPage> {
  const match = matchExpression(query.q, query.words);
  const total = match ? await countMatches(db, workspaceId, match) : { count: await countCustomers(db, workspaceId), capped: false };
  if (total.count === 0) return { customers: [], total, searching: match !== null };
  const backwards = query.before !== undefined;
  const found = await findCustomers(db, {
    workspaceId,
    sort: query.sort,
    dir: backwards ? (query.dir === 'asc' ? 'desc' : 'asc') : query.dir,
    from: query.before ?? query.after,
    search: match ? { match, dense: total.capped } : undefined,
    limit: PAGE_SIZE,
  });
  const customers = backwards ? found.customers.reverse() : found.customers;
  const first = customers[0];
  const last = customers.at(-1);
  // Going backwards we came from a later page; going forwards, from an earlier one if a cursor was given.
  const hasNext = backwards || found.hasMore;
  const hasPrev = backwards ? found.hasMore : query.after !== undefined;
  return {
    customers,
    total,
    searching: match !== null,
    next: hasNext && last ? cursorOf(last, query.sort) : undefined,
    prev: hasPrev && first ? cursorOf(first, query.sort) : undefined,
  };
}

/** Deleted customers stay restorable this long, then go for good (the hourly housekeeping). */
export const KEEP_DELETED_FOR = 30 * 24 * 60 * 60 * 1000;

/** Removes customers deleted before the cutoff, in every workspace; returns how many went. */
export async function purgeDeletedCustomers(db: Executor, now: number): Promise<number> {
  const result = await db
    .deleteFrom('customers')
    .where('deleted_at', 'is not', null)
    .where('deleted_at', '<', iso(now - KEEP_DELETED_FOR))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
