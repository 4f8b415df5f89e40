// Query pieces every customer query shares, on every engine: which customers are live, and the
// order of a sorted list.
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/tables.js';
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

/** In the list's order: by the sort's key, then by id, so equal keys keep one stable order. */
export function inListOrder<O>(
  query: SelectQueryBuilder<Database, 'customers', O>,
  sort: SortKey,
  dir: Direction,
): SelectQueryBuilder<Database, 'customers', O> {
  return query.orderBy(sortKeyColumn(sort), dir).orderBy('customers.id', dir);
}

/**
 * The list's filter on a customer row: folded state and city, added from and until (UTC instants).
 * Indexed (migrations/0014): state with city and dates, city alone, dates alone (the added index).
 */
export function filteredBy(keys: FilterKeys) {
  return (eb: ExpressionBuilder<Database, 'customers'>) =>
    eb.and([
      ...(keys.state !== undefined ? [eb('customers.state_key', '=', keys.state)] : []),
      ...(keys.city !== undefined ? [eb('customers.city_key', '=', keys.city)] : []),
      ...(keys.from !== undefined ? [eb('customers.created_at', '>=', keys.from)] : []),
      ...(keys.until !== undefined ? [eb('customers.created_at', '<', keys.until)] : []),
    ]);
}

/**
 * The order of the filter's index (migrations/0014): a count of the filter's matches reads them in it,
 * so PostgreSQL walks that index and stops at the cap instead of reading the table until it has
 * enough (it would, for a state that holds a fifth of the book).
 */
export function filterIndexOrder(keys: FilterKeys) {
  if (keys.state !== undefined)
    return ['customers.state_key', 'customers.city_key', 'customers.created_at'] as const;
  if (keys.city !== undefined) return ['customers.city_key', 'customers.id'] as const;
  return ['customers.created_at'] as const;
}
