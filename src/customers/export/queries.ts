// Reads the whole list a table shows (its search, filter and sort), in chunks: each chunk is one keyset read of
// the same queries the table's pages use, so memory stays constant at any size and no read holds
// SQLite's snapshot (and so its WAL checkpoints) open for longer than one chunk.
import type { DB } from '../../db/database.js';
import type { Cursor, ListQuery } from '../listing.js';
import { cursorOf, findCustomers, listSource } from '../queries.js';
import type { MatchedCustomers } from '../search/index.js';
import { EXPORT_COLUMNS, type ExportedCustomer } from './csv.js';

export const EXPORT_CHUNK = 500;

/**
 * Narrows an export to a selection: the customers ticked (`ids`, at most a thousand), or the list's
 * customers added by the moment the selection was made (`addedBy`, an ISO instant).
 */
export interface ExportSelection {
  ids?: number[];
  addedBy?: string;
}

/** Every customer of the list (or of a selection), in the list's order, a chunk at a time. */
export async function* exportedCustomers(
  db: DB,
  workspaceId: number,
  query: Pick<ListQuery, 'plan' | 'filterKeys' | 'sort' | 'dir'>,
  chunk = EXPORT_CHUNK,
  selection: ExportSelection = {},
): AsyncGenerator<ExportedCustomer[]> {
  // Ticked customers are read by id and sorted as the table sorts them (the few-matches path).
  const search: MatchedCustomers | undefined = selection.ids
    ? { query: db.selectFrom('customers').where('customers.id', 'in', selection.ids), few: true }
    : await listSource(db, workspaceId, query);
  let from: Cursor | undefined;
  for (;;) {
    const page = await findCustomers(db, {
      workspaceId,
      sort: query.sort,
      dir: query.dir,
      from,
      search,
      limit: chunk,
    });
    if (page.customers.length === 0) return;
    // The page holds the listed columns; the rest of each row is read by id (the primary key).
    const ids = page.customers.map((customer) => customer.id);
    const rows = await db
      .selectFrom('customers')
      .select(['id', ...EXPORT_COLUMNS.map((column) => column.key)])
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids)
      .execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    const { addedBy } = selection;
    // A customer deleted between the two reads is left out, and one added after the selection was made.
    yield ids.flatMap((id) => {
      const row = byId.get(id);
      return row && (!addedBy || row.created_at <= addedBy) ? [row] : [];
    });
    if (!page.hasMore) return;
    from = cursorOf(page.customers.at(-1)!, query.sort);
  }
}
