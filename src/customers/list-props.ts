// What the table shows for a list query: the page of customers, its count and links, and for a search
// the notes that found customers their own fields do not explain. Read by the list itself and by
// answers that show the list again (a bulk action).
import type { DB } from '../db/database.js';
import { marksOf } from './highlight.js';
import { pageUrls, type ListQuery } from './listing.js';
import { foundByNotes, noteMatches } from './notes/matches.js';
import { recentNotesOf } from './notes/queries.js';
import * as queries from './queries.js';

export async function listProps(db: DB, workspaceId: number, query: ListQuery) {
  const found = await queries.findCustomerPage(db, workspaceId, query);
  const search = found.searching ? found.total : undefined;
  // Customers a note found (their own fields miss a search word): which note it was.
  const missing = query.plan ? foundByNotes(found.customers, marksOf(query.plan)) : undefined;
  const notes = missing?.size
    ? noteMatches(missing, await recentNotesOf(db, workspaceId, [...missing.keys()]))
    : undefined;
  const list = { query, count: found.total.count, search, ...pageUrls(query, found) };
  return { customers: found.customers, list, notes };
}
