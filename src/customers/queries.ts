// Every SQL statement of the customer book. Each one is scoped to a workspace; deleted rows stay out of
// sight except for restore.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Customer, Database } from '../db/tables.js';
import { writeOnlyTransaction, writeTransaction } from '../db/database.js';
import { CUSTOMER_FIELDS, valuesOf, type CustomerValues } from './schema.js';
import { changesBetween, recordEvent, type EventDetails } from './history/record.js';
import { writes, type SaveDecision, type StoredCustomer } from './merge.js';
import {
  PAGE_SIZE,
  SEARCH_COUNT_CAP,
  SORT_COLUMN,
  type Cursor,
  type Direction,
  type ListQuery,
  type SortKey,
} from './listing.js';
import { withKeys, type SearchPlan } from './keys.js';
import { inListOrder, liveCustomer, sortKeyColumn } from './query-parts.js';
import { customerSearch, type MatchCount, type MatchedCustomers } from './search/index.js';

// The views show a search's count; they read it from here with the rest of what the table shows.
export type { MatchCount } from './search/index.js';

type Executor = Kysely<Database>;

/** A customer with the names of the people who added it and last changed it (for the record page). */
export type CustomerWithAuthors = Customer & {
  created_by_name: string | null;
  updated_by_name: string | null;
  /** Set when that person is a former member (left, removed, or deleted their account). */
  created_by_deactivated_at: string | null;
  updated_by_deactivated_at: string | null;
};

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
  const row = await db
    .selectFrom('workspaces')
    .select('customer_count')
    .where('id', '=', workspaceId)
    .executeTakeFirst();
  return Number(row?.customer_count ?? 0);
}

/** A live customer of the workspace, or undefined (unknown, deleted, or another workspace's). */
export function getCustomer(
  db: Executor,
  workspaceId: number,
  id: number,
): Promise<Customer | undefined> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('id', '=', id)
    .where(liveCustomer(workspaceId))
    .executeTakeFirst();
}

export function getCustomerWithAuthors(
  db: Executor,
  workspaceId: number,
  id: number,
): Promise<CustomerWithAuthors | undefined> {
  return customerWithAuthors(db, workspaceId, id)
    .where('customers.deleted_at', 'is', null)
    .executeTakeFirst();
}

/** The event a write records, as the actor made it. */
function eventBy(actor: Actor, customerId: number) {
  return { workspaceId: actor.workspaceId, customerId, actorId: actor.userId, now: actor.now };
}

export function createCustomer(
  db: Executor,
  actor: Actor,
  values: CustomerValues,
): Promise<Customer> {
  const at = iso(actor.now);
  return writeOnlyTransaction(db, async (trx) => {
    const customer = await trx
      .insertInto('customers')
      .values({
        ...withKeys(values),
        workspace_id: actor.workspaceId,
        created_at: at,
        updated_at: at,
        touched_at: at,
        created_by: actor.userId,
        updated_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const changes = changesBetween(null, values);
    await recordEvent(trx, { ...eventBy(actor, customer.id), kind: 'created', changes });
    return customer;
  });
}

type UpdateResult =
  | { outcome: 'updated'; customer: Customer }
  /** Nothing to write: the stored values already are the submitted ones (a repeated save, say). */
  | { outcome: 'unchanged'; customer: Customer }
  /** Someone saved a newer version; nothing was written. */
  | { outcome: 'conflict'; current: CustomerWithAuthors }
  | { outcome: 'not-found' };

function sameValues(a: CustomerValues, b: CustomerValues): boolean {
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
        ...withKeys(values),
        updated_at: iso(actor.now),
        touched_at: iso(actor.now),
        updated_by: actor.userId,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .where(liveCustomer(actor.workspaceId))
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
    if (updated) {
      const changes = changesBetween(valuesOf(stored), values);
      await recordEvent(trx, { ...eventBy(actor, id), kind: 'changed', changes });
      return { outcome: 'updated', customer: updated } as const;
    }
    const current = await getCustomerWithAuthors(trx, actor.workspaceId, id);
    return current
      ? ({ outcome: 'conflict', current } as const)
      : ({ outcome: 'not-found' } as const);
  });
}

/**
 * A customer of the workspace as stored, deleted or not (a deleted one is restorable until purged), with
 * the names of who added and last changed it (for a deleted one: who deleted it).
 */
export function getCustomerRecord(
  db: Executor,
  workspaceId: number,
  id: number,
): Promise<CustomerWithAuthors | undefined> {
  return customerWithAuthors(db, workspaceId, id).executeTakeFirst();
}

/** One customer of the workspace, live or deleted, joined to the people who added and last changed it. */
function customerWithAuthors(db: Executor, workspaceId: number, id: number) {
  return db
    .selectFrom('customers')
    .leftJoin('users as creator', 'creator.id', 'customers.created_by')
    .leftJoin('users as editor', 'editor.id', 'customers.updated_by')
    .selectAll('customers')
    .select([
      'creator.name as created_by_name',
      'editor.name as updated_by_name',
      'creator.deactivated_at as created_by_deactivated_at',
      'editor.deactivated_at as updated_by_deactivated_at',
    ])
    .where('customers.id', '=', id)
    .where('customers.workspace_id', '=', workspaceId);
}

export interface SavedEdit<D> {
  decision: D;
  /** The customer as stored when the decision was made (undefined: unknown here). */
  stored: CustomerWithAuthors | undefined;
  /** The customer after the save, when it wrote. */
  saved?: Customer;
}

/**
 * Saves an edit: reads the stored customer and writes what `decide` makes of it, in one write
 * transaction, so no other save can land between the read and the write. A write of a deleted customer
 * brings it back (Restore with these values). The history records the changed fields, and `details`
 * (a restore from history says which event it put back).
 */
export async function saveCustomerEdit<D extends SaveDecision>(
  db: Executor,
  actor: Actor,
  id: number,
  decide: (stored: StoredCustomer | undefined) => D,
  details?: EventDetails,
): Promise<SavedEdit<D>> {
  return writeTransaction(db, async (trx) => {
    const stored = await getCustomerRecord(trx, actor.workspaceId, id);
    const decision = decide(stored);
    if (!stored || !writes(decision)) return { decision, stored };
    const saved = await trx
      .updateTable('customers')
      .set({
        ...withKeys(decision.values),
        deleted_at: null,
        deleted_by: null,
        updated_at: iso(actor.now),
        touched_at: iso(actor.now),
        updated_by: actor.userId,
        version: stored.version + 1,
      })
      .where('id', '=', id)
      .where('workspace_id', '=', actor.workspaceId)
      .where('version', '=', stored.version)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, {
      ...eventBy(actor, id),
      kind: stored.deleted_at ? 'restored' : 'changed',
      changes: changesBetween(valuesOf(stored), decision.values),
      details,
    });
    return { decision, stored, saved };
  });
}

/** Soft delete: the row stays, hidden, until restored or purged. Returns the deleted customer. */
export function deleteCustomer(
  db: Executor,
  actor: Actor,
  id: number,
): Promise<Customer | undefined> {
  const at = iso(actor.now);
  return writeTransaction(db, async (trx) => {
    const deleted = await trx
      .updateTable('customers')
      .set({ deleted_at: at, deleted_by: actor.userId, updated_at: at, updated_by: actor.userId })
      .where('id', '=', id)
      .where(liveCustomer(actor.workspaceId))
      .returningAll()
      .executeTakeFirst();
    if (deleted) await recordEvent(trx, { ...eventBy(actor, id), kind: 'deleted' });
    return deleted;
  });
}

/**
 * Brings a deleted customer back. Restoring one that is already live succeeds too (a second click on
 * Undo), so the answer only says whether the customer exists in this workspace.
 */
export async function restoreCustomer(
  db: Executor,
  actor: Actor,
  id: number,
): Promise<Customer | undefined> {
  return writeTransaction(db, async (trx) => {
    const restored = await trx
      .updateTable('customers')
      .set({
        deleted_at: null,
        deleted_by: null,
        updated_at: iso(actor.now),
        touched_at: iso(actor.now),
        updated_by: actor.userId,
      })
      .where('id', '=', id)
      .where('workspace_id', '=', actor.workspaceId)
      .where('deleted_at', 'is not', null)
      .returningAll()
      .executeTakeFirst();
    if (!restored) return getCustomer(trx, actor.workspaceId, id);
    await recordEvent(trx, { ...eventBy(actor, id), kind: 'restored' });
    return restored;
  });
}

// --- finding: search, sort and keyset paging ---------------------------------------------------------

/** What a row of the table shows, and the stored keys its cursors carry: fewer columns read is less time per page. */
const LISTED_COLUMNS = [
  'id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'city',
  'state',
  'created_at',
  'touched_at',
  'name_key',
  'email_key',
  'city_key',
] as const;
export type ListedCustomer = Pick<Customer, (typeof LISTED_COLUMNS)[number]>;
const listed = LISTED_COLUMNS.map((column) => `customers.${column}` as const);

export interface FoundPage {
  customers: ListedCustomer[];
  /** More rows past the last one shown (in the sort's direction). */
  hasMore: boolean;
}

interface FindOptions {
  workspaceId: number;
  sort: SortKey;
  /** The direction rows come back in (reversed by the caller to page backwards). */
  dir: Direction;
  /** Reading the list backwards (dir is then the sort's direction reversed): customers without a value come first. */
  backwards?: boolean;
  /** Rows strictly after this position in the reading direction. */
  from?: Cursor;
  /** A search: where its matches are read from (the search module's choice). */
  search?: MatchedCustomers;
  limit: number;
}

/**
 * The two parts of every sorted list: rows with a sort value, then rows without one (no email, no
 * city), so empty values come last in both directions. Each part is one run of the sort's index.
 */
const PARTS = [
  { filled: true, test: (key: Key) => sql<boolean>`${key} > ''` },
  { filled: false, test: (key: Key) => sql<boolean>`${key} = ''` },
] as const;
type Key = ReturnType<typeof sql.ref>;

/**
 * One page of customers in sort order, starting after a cursor. Every path is an index seek, so the
 * hundredth page costs what the first does:
 * - no search: walk the sort's index from the cursor. Rows with the cursor's key are read by their own
 *   seek, then the keys past it by another (consecutive runs of the index, so no sort step at all).
 * - a search with many matches: the same walk, keeping the rows matched (on PostgreSQL, for so many
 *   rows before it reads the matches instead: search/index.ts, `bounded`);
 * - a search with few matches: read just the search index's matches by id and sort them.
 * The search module for the engine (search/) chooses which and builds the matching rows' source.
 * The filled part is read first, then (when the page is not full) the empty part.
 */
export async function findCustomers(db: Executor, options: FindOptions): Promise<FoundPage> {
  const whole: MatchedCustomers = { query: db.selectFrom('customers'), few: false };
  const search = options.search ?? whole;
  const page = await readPage(db, options, search);
  // A walk that gave up short of a page: the matches are few there (or, on the last page, at all).
  return search.bounded && !page.hasMore ? readPage(db, options, search.bounded.otherwise) : page;
}

/** findCustomers for one way of reading the matches. */
async function readPage(
  db: Executor,
  options: FindOptions,
  search: MatchedCustomers,
): Promise<FoundPage> {
  const key = sql.ref(sortKeyColumn(options.sort));
  const id = sql.ref('customers.id');
  const after = sql.raw(options.dir === 'asc' ? '>' : '<');
  const fetch = options.limit + 1;

  /** One run of the sort's index: a part, where in it (the cursor's conditions), up to `limit` rows. */
  const run =
    (part: (typeof PARTS)[number], ...where: RawBuilder<boolean>[]) =>
    (limit: number): Promise<ListedCustomer[]> => {
      let rows = search.query
        .select(listed)
        .where(liveCustomer(options.workspaceId))
        .where(part.test(key));
      for (const condition of where) rows = rows.where(condition);
      rows = inListOrder(rows, options.sort, options.dir);
      if (!search.bounded) return rows.limit(limit).execute();
      return search.bounded.walk(db, rows, { sort: options.sort, dir: options.dir, limit });
    };

  // The page is read as consecutive runs of the index, each already in order, until it is full.
  const runs: ((limit: number) => Promise<ListedCustomer[]>)[] = [];
  const from = options.from;
  const parts = options.backwards ? [...PARTS].reverse() : PARTS;
  const startPart = from ? parts.findIndex((part) => part.filled === (from.key !== '')) : 0;
  for (let i = startPart; i < parts.length; i += 1) {
    const part = parts[i]!;
    if (!from || i > startPart) {
      runs.push(run(part));
    } else if (search.few) {
      // Few matches, sorted anyway: the cursor is one condition on them.
      runs.push(run(part, sql<boolean>`(${key}, ${id}) ${after} (${from.key}, ${from.id})`));
    } else {
      // The rest of the cursor's key (by id), then the keys past it: each its own seek, so a long run
      // of equal keys (a city shared by thousands) is never scanned to find the cursor.
      runs.push(
        run(part, sql<boolean>`${key} = ${from.key}`, sql<boolean>`${id} ${after} ${from.id}`),
      );
      if (part.filled) runs.push(run(part, sql<boolean>`${key} ${after} ${from.key}`));
    }
  }
  const rows: ListedCustomer[] = [];
  for (const next of runs) {
    if (rows.length >= fetch) break;
    rows.push(...(await next(fetch - rows.length)));
  }
  return { customers: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}

/** The cursor of a row for a sort: its stored sort key and id. */
export function cursorOf(customer: ListedCustomer, sort: SortKey): Cursor {
  return { key: customer[SORT_COLUMN[sort]], id: customer.id };
}

interface CustomerPage {
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
export async function findCustomerPage(
  db: Executor,
  workspaceId: number,
  query: ListQuery,
): Promise<CustomerPage> {
  const plan = query.plan;
  const total: MatchCount = plan
    ? await countSearch(db, workspaceId, plan)
    : { count: await countCustomers(db, workspaceId), capped: false };
  if (total.count === 0) return { customers: [], total, searching: plan !== null };
  const backwards = query.before !== undefined;
  const found = await findCustomers(db, {
    workspaceId,
    sort: query.sort,
    dir: backwards ? (query.dir === 'asc' ? 'desc' : 'asc') : query.dir,
    backwards,
    from: query.before ?? query.after,
    search: plan ? customerSearch(db).matchedCustomers(db, workspaceId, plan, total) : undefined,
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
    searching: plan !== null,
    next: hasNext && last ? cursorOf(last, query.sort) : undefined,
    prev: hasPrev && first ? cursorOf(first, query.sort) : undefined,
  };
}

/** A search's matches, counted no further than the cap. */
async function countSearch(
  db: Executor,
  workspaceId: number,
  plan: SearchPlan,
): Promise<MatchCount> {
  const counted = await customerSearch(db).countMatches(
    db,
    workspaceId,
    plan,
    SEARCH_COUNT_CAP + 1,
  );
  return counted > SEARCH_COUNT_CAP
    ? { count: SEARCH_COUNT_CAP, capped: true }
    : { count: counted, capped: false };
}

/** What the table's count says for a search (or none): the book's size, or the capped matches. */
export async function countShown(
  db: Executor,
  workspaceId: number,
  plan: SearchPlan | null,
): Promise<{ count: number; search?: MatchCount }> {
  if (!plan) return { count: await countCustomers(db, workspaceId) };
  const search = await countSearch(db, workspaceId, plan);
  return { count: search.count, search };
}

/** Whether a search matches this customer (a new one is shown either way, marked when it does not). */
export function searchMatches(
  db: Executor,
  workspaceId: number,
  plan: SearchPlan,
  id: number,
): Promise<boolean> {
  return customerSearch(db).matches(db, workspaceId, plan, id);
}
