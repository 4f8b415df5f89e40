// Query pieces every customer query shares, on every engine: which customers are live, and the
// order of a sorted list.
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/tables.js';
import { SORT_COLUMN, type Direction, type SortKey } from './listing.js';

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
