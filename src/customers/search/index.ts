// Finding customers, whatever the engine: the interface each engine's search module implements
// (sqlite.ts, postgres.ts) and the choice of module for a database.
//
// What a search asks for (a SearchPlan of folded words and phone runs, keys.ts) and what the table
// shows (sort, keyset cursors, the count's cap, queries.ts and listing.ts) are the same on every
// engine. Only how matches are found differs: which index holds the terms, how they are counted, and
// how a page reads them when they are few (read them from the index and sort them) or many (walk
// the sort's index and keep the rows that match). Each engine keeps that choice explicit, since a
// planner misjudges how many rows a prefix matches.
import { SqliteAdapter, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/database.js';
import type { Database } from '../../db/tables.js';
import type { SearchPlan } from '../keys.js';
import type { Direction, FilterKeys, SortKey } from '../listing.js';
import type { FilterSeek, ListedCustomer } from '../query-parts.js';
import { postgresSearch } from './postgres.js';
import { sqliteSearch } from './sqlite.js';

/** How many customers a search matched, as the table shows it ("1,000+" when capped). */
export interface MatchCount {
  count: number;
  /** More than SEARCH_COUNT_CAP matched: the count stopped there. */
  capped: boolean;
}

/** A query of customers (maybe joined to a search index) that a page completes. */
export type CustomersQuery = SelectQueryBuilder<Database, 'customers', object>;

/** Where a page of a search reads its rows from. */
export interface MatchedCustomers {
  /**
   * The workspace's customers the plan matches. The page adds the rest: the live-customer condition
   * (query-parts.ts), which part of the sort it reads (filled or empty keys), the cursor, the order by the
   * folded sort key and id, and the limit.
   */
  query: CustomersQuery;
  /**
   * True when the matches are few (the count was not capped) and the query reads them (from the
   * search index, or by id), to be sorted: the page's cursor is then one row-value comparison. False
   * when the query walks the sort's index and keeps the rows that match: the cursor is split into
   * index seeks.
   */
  few: boolean;
  /**
   * Where `query` depends on nothing but one string it passes as a parameter (SQLite's match
   * expression): its shape and how to build it from that value, so a page's query is built and
   * compiled once per shape (db/compiled.ts) instead of on every request.
   */
  compiled?: { shape: string; value: string; source: (db: DB, value: string) => CustomersQuery };
  /**
   * A walk that tests each entry it reads (PostgreSQL reads each row to test it; SQLite tests an
   * entry's id, or reads its row for a word of one or two letters) gives up after so many entries of
   * the sort's index without a full page, and the whole page is read from `otherwise` (the
   * matches read from the search index and sorted). Where matches cluster far from where the walk
   * starts ("smi" sorted by name Z-A walks every name from Z to Smith), that costs the matches, not
   * the distance. Then `query` is the rows walked, not the matches: the test is in `walk`, and only
   * `otherwise` reads the matches alone.
   */
  bounded?: {
    /** Reads a run of the sort's index (in order, with the columns a page lists) as far as allowed. */
    walk: <O>(
      db: DB,
      run: SelectQueryBuilder<Database, 'customers', O>,
      page: PageOrder,
    ) => Promise<{ rows: O[]; gaveUp: boolean }>;
    otherwise: MatchedCustomers;
    /**
     * The matches as a test on each customer, for reads in another order than the sort's (a bulk
     * action's batches, in id order, from where the last one stopped): `otherwise` would read every
     * match for each batch.
     */
    tested: CustomersQuery;
  };
  /**
   * The first page in the order customers were added (no cursor), read in id order from the search
   * index, where the engine can show those are the page (Folio numbers customers as it adds them);
   * null where it cannot, and the page is read as usual. `page.limit` rows at most.
   */
  byDateAdded?: (db: DB, page: PageOrder) => Promise<ListedCustomer[] | null>;
}

/** The order and size of the page a walk reads. */
export interface PageOrder {
  sort: SortKey;
  dir: Direction;
  limit: number;
}

/** One engine's way of finding customers. Every function takes `db` first, like the queries. */
export interface CustomerSearch {
  /** How many of the workspace's live customers the plan matches, counting no further than `limit`. */
  countMatches(db: DB, workspaceId: number, plan: SearchPlan, limit: number): Promise<number>;
  /**
   * How a page reads the plan's matches, chosen from how many there are (the capped count) and, where
   * given, the list's sort (the pages of a search alone; with a filter it is left out).
   */
  matchedCustomers(
    db: DB,
    workspaceId: number,
    plan: SearchPlan,
    total: MatchCount,
    sort?: SortKey,
  ): MatchedCustomers;
  /**
   * Few matches read by id, for the page to sort: the ids a query of them finds (as far as its LIMIT:
   * a list's SEARCH_COUNT_CAP + 1, so they are the count too), and the customers with those ids, each
   * read by its id. Absent where the engine's planner, with its statistics, reads so few matches well
   * from their conditions (PostgreSQL).
   */
  byId?: {
    ids: (
      db: DB,
      ids: SelectQueryBuilder<Database, 'customers', { id: number }>,
    ) => Promise<number[]>;
    rows: (db: DB, ids: number[]) => CustomersQuery;
  };
  /**
   * For a filter of both a place and days added, which of the two to seek (the other tested on each
   * customer found). Absent where the planner's statistics tell (PostgreSQL).
   */
  filterSeek?: (db: DB, workspaceId: number, keys: FilterKeys) => Promise<FilterSeek | undefined>;
  /** Whether the plan matches this live customer of the workspace. */
  matches(db: DB, workspaceId: number, plan: SearchPlan, id: number): Promise<boolean>;
  /**
   * Merges up to about `pages` pages of the search index's segments (merging.ts); true when there was
   * merging to do. Run it in a write transaction: it writes, and it reads the connection's change count.
   * Absent where the index keeps itself in order (PostgreSQL's B-tree of terms).
   */
  mergeIndex?: (db: DB, pages: number) => Promise<boolean>;
}

/** The search module for the database's engine. */
export function customerSearch(db: DB): CustomerSearch {
  return db.getExecutor().adapter instanceof SqliteAdapter ? sqliteSearch : postgresSearch;
}
