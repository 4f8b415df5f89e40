// Query pieces every customer query shares, on every engine: which customers are live, and the
// order of a sorted list.
import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Customer, Database } from '../db/tables.js';
import { SORT_COLUMN, type Direction, type FilterKeys, type SortKey } from './listing.js';

/**
 * The workspace's live customers: deleted ones stay out of sight except for restore and purge.
 * Qualified, so it also reads right when a query joins the search index.
 */
export function liveCustomer(workspaceId: number) {
  return (eb: ExpressionBuilder<Database, 'customers'>) =>
    eb.and([
      eb('customers.workspace_id', '=', workspaceId),
      eb('customers.deleted_at', 'is', null),
    ]);
}

/**
 * A sort's stored key: folded text (keys.ts), so ordering ignores case and accents while the
 * database compares plain bytes (BINARY in SQLite; the key columns are COLLATE "C" in PostgreSQL).
 */
export function sortKeyColumn(sort: SortKey) {
  return `customers.${SORT_COLUMN[sort]}` as const;
}

/** What a row of the table shows. */
export const SHOWN_COLUMNS = [
  'id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'city',
  'state',
  'created_at',
  'touched_at',
] as const;
export type ShownColumn = (typeof SHOWN_COLUMNS)[number];
export type SortColumn = (typeof SORT_COLUMN)[SortKey];

/**
 * The columns a list sorted so reads: what a row shows and the sort's key (the dates are shown
 * anyway). Fewer columns read is less time per page: the four other keys were a fifth of the read.
 */
const LISTED = Object.fromEntries(
  (Object.keys(SORT_COLUMN) as SortKey[]).map((sort) => {
    const key = SORT_COLUMN[sort];
    const columns: (ShownColumn | SortColumn)[] = [...SHOWN_COLUMNS];
    if (!columns.includes(key)) columns.push(key);
    return [sort, columns.map((column) => `customers.${column}` as const)];
  }),
) as Record<SortKey, `customers.${ShownColumn | SortColumn}`[]>;

/** A row of the table, with the stored key its sort's cursors carry (read for that sort only). */
export type ListedCustomer = Pick<Customer, ShownColumn> & Partial<Pick<Customer, SortColumn>>;

/** The columns a page of the list read so sorted selects. */
export function listedColumns(sort: SortKey) {
  return LISTED[sort];
}

/** How many rows a query of customers finds (as far as its LIMIT): it is read as a subquery. */
export async function countRows(
  db: Kysely<Database>,
  query: SelectQueryBuilder<Database, 'customers', { id: number }>,
): Promise<number> {
  const row = await db
    .selectFrom(query.as('counted'))
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** In the list's order: by the sort's key, then by id, so equal keys keep one stable order. */
export function inListOrder<O>(
  query: SelectQueryBuilder<Database, 'customers', O>,
  sort: SortKey,
  dir: Direction,
): SelectQueryBuilder<Database, 'customers', O> {
  return query.orderBy(sortKeyColumn(sort), dir).orderBy('customers.id', dir);
}

/**
 * A sorted list's order (inListOrder, with empty keys last either way: list-queries.ts) for rows
 * already read, to sort them in JavaScript. Keys compare as SQLite compares them, byte by byte: as
 * JavaScript compares the ASCII dates stored. Rows must hold the sort's key.
 */
export function compareInListOrder(sort: SortKey, dir: Direction) {
  const column = SORT_COLUMN[sort];
  const sign = dir === 'asc' ? 1 : -1;
  return (a: ListedCustomer, b: ListedCustomer): number => {
    const [x, y] = [a[column] ?? '', b[column] ?? ''];
    if ((x === '') !== (y === '')) return x === '' ? 1 : -1;
    return sign * (x < y ? -1 : x > y ? 1 : a.id - b.id);
  };
}

/**
 * Where a filter of both a place (state, city) and days added is sought: through the place's index or
 * the added index, the other's conditions tested on each entry found. Chosen where the planner cannot
 * tell which is narrower (search/index.ts, `filterSeek`); left to it otherwise.
 */
export type FilterSeek = 'place' | 'days';

/**
 * The list's filter on a customer row: folded state and city, added from and until (UTC instants).
 * Indexed (migrations/0014): state with city and dates, city alone, dates alone (the added index).
 * `seek` names the index to use; the other's conditions are written `+column` (SQLite reads a term so
 * written as a test, never an index seek).
 */
export function filteredBy(keys: FilterKeys, seek?: FilterSeek) {
  const column = (name: 'state_key' | 'city_key' | 'created_at', tested: boolean) =>
    tested ? sql<string>`+${sql.ref(`customers.${name}`)}` : sql.ref<string>(`customers.${name}`);
  const state = column('state_key', seek === 'days');
  const city = column('city_key', seek === 'days');
  // The state's index holds the city, then the day added: with both, it seeks the days too.
  const both = keys.state !== undefined && keys.city !== undefined;
  const added = column('created_at', seek === 'place' && !both);
  return (eb: ExpressionBuilder<Database, 'customers'>) =>
    eb.and([
      ...(keys.state !== undefined ? [eb(state, '=', keys.state)] : []),
      ...(keys.city !== undefined ? [eb(city, '=', keys.city)] : []),
      ...(keys.from !== undefined ? [eb(added, '>=', keys.from)] : []),
      ...(keys.until !== undefined ? [eb(added, '<', keys.until)] : []),
    ]);
}

/**
 * The order of the filter's index (migrations/0014): a count of the filter's matches reads them in it,
 * so PostgreSQL walks that index and stops at the cap instead of reading the table until it has
 * enough (it would, for a state that holds a fifth of the book).
 */
export function filterIndexOrder(keys: FilterKeys, seek?: FilterSeek) {
  if (seek === 'days') return ['customers.created_at'] as const;
  if (keys.state !== undefined)
    return ['customers.state_key', 'customers.city_key', 'customers.created_at'] as const;
  if (keys.city !== undefined) return ['customers.city_key', 'customers.id'] as const;
  return ['customers.created_at'] as const;
}
