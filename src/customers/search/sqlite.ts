// Searching customers on SQLite: everything engine-specific about finding them lives here (the FTS5
// match expression, the count, and how a page reads the matches), behind the CustomerSearch
// interface (index.ts). The terms themselves come from keys.ts.
//
// The full-text index (migrations/0006) holds each live customer's stored terms prefixed with its
// workspace's code, so a workspace's search reads only its own part of the index: its cost depends on
// its own book, whatever other workspaces hold, and the workspace is not a second term to AND with.
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/database.js';
import type { Database } from '../../db/tables.js';
import type { SearchPlan, Term } from '../keys.js';
import type { Direction, FilterKeys, SortKey } from '../listing.js';
import {
  compareInListOrder,
  countRows,
  filterIndexOrder,
  filteredBy,
  inListOrder,
  listedColumns,
  liveCustomer,
  sortKeyColumn,
  type FilterSeek,
  type ListedCustomer,
} from '../query-parts.js';
import { compiledOnce } from '../../db/compiled.js';
import type { CustomerSearch, CustomersQuery, MatchedCustomers, PageOrder } from './index.js';
import { strategyFor } from './strategy.js';

/** Fixed width, so the index's prefix lengths (code + kind + 1, 2 or 3 characters) line up. */
const CODE_WIDTH = 10;

/** The workspace's prefix on every indexed term (migrations/0006 writes it with printf('%010d')). */
export function workspaceCode(workspaceId: number): string {
  if (!Number.isSafeInteger(workspaceId) || workspaceId < 0 || workspaceId >= 10 ** CODE_WIDTH)
    throw new RangeError(`workspace id ${workspaceId} out of range`);
  return String(workspaceId).padStart(CODE_WIDTH, '0');
}

/**
 * The FTS5 MATCH expression for a workspace's search: each term a quoted prefix query. Terms hold only
 * letters and digits (keys.ts splits at everything else), so no FTS syntax can reach the index.
 */
export function matchExpression(workspaceId: number, plan: SearchPlan): string {
  const code = workspaceCode(workspaceId);
  const term = (t: Term) => `"${code}${t.kind}${t.text}"*`;
  return plan
    .map((alternative) =>
      alternative.map((group) => `(${group.map(term).join(' OR ')})`).join(' AND '),
    )
    .map((a) => `(${a})`)
    .join(' OR ');
}

/** How many of the workspace's live customers match, counting no further than `limit`. */
async function countMatches(
  db: DB,
  workspaceId: number,
  plan: SearchPlan,
  limit: number,
): Promise<number> {
  const [row] = await countOfMatches(db, matchExpression(workspaceId, plan), limit);
  return Number(row?.count ?? 0);
}

// Every search counts its matches: compiled once (the match expression is its one value).
const countOfMatches = compiledOnce((db: DB, match: string, limit: number) =>
  // The index holds only live customers, each under its own workspace's code: no join needed.
  db
    .selectFrom((eb) =>
      eb
        .selectFrom('customers_fts')
        .select('rowid')
        .where(sql<boolean>`customers_fts MATCH ${match}`)
        .limit(limit)
        .as('matches'),
    )
    .select((eb) => eb.fn.countAll<number>().as('count')),
);

/**
 * The workspace's customers the index matches, read from the index first: the sparse strategy sorts
 * these few. CROSS JOIN fixes SQLite's join order; left free, it may walk a sort index instead and
 * probe the index once per customer (seconds on a big book).
 */
function indexMatches(db: DB, match: string): CustomersQuery {
  return db
    .selectFrom('customers_fts')
    .crossJoin('customers')
    .whereRef('customers.id', '=', 'customers_fts.rowid')
    .where(sql<boolean>`customers_fts MATCH ${match}`);
}

/**
 * The customers whose ids the index matches: a walk of a sort index checks each entry's id. The `+`
 * keeps SQLite from reading the matches by id instead (and sorting them all): with ANALYZE's
 * statistics it chose that, at twice the CPU for "smi" on 100,000 customers.
 */
function matchedByIndex(db: DB, match: string): CustomersQuery {
  return db
    .selectFrom('customers')
    .where(
      sql<boolean>`+customers.id IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ${match})`,
    );
}

/**
 * The same test on the row itself, against its stored terms: " w" + word is a word prefix. The dense
 * strategy walks a sort index and keeps the rows that pass, so it never builds the (huge) match set.
 */
function matchedByRow(plan: SearchPlan, table = 'customers'): RawBuilder<boolean> {
  // The index holds a customer's note words beside its own (migrations/0010): the row test reads both.
  const stored = sql`${sql.ref(`${table}.search_text`)} || ${sql.ref(`${table}.note_terms`)}`;
  const term = (t: Term) => sql`instr(${stored}, ${` ${t.kind}${t.text}`}) > 0`;
  const any = (parts: RawBuilder<unknown>[]) =>
    parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` OR `)})`;
  const every = (parts: RawBuilder<unknown>[]) =>
    parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` AND `)})`;
  return any(
    plan.map((alternative) => every(alternative.map((group) => any(group.map(term))))),
  ) as RawBuilder<boolean>;
}

/**
 * How far a walk of a sort's index goes before it reads the matches instead: 20,000 index entries
 * tested against the match set (2% of a book of a million, about 4 ms), or 10,000 rows read to test
 * their stored terms (about 40 ms). Reading the matches costs 2-4 µs each (10,000 "zhang" 36 ms at a
 * million). A setting, so tests can make a walk give up on a small book.
 */
export const walkLimits = { set: 20_000, terms: 10_000 };

/**
 * Sorts whose order follows the words a search matches: a name's or an email's matches sit together
 * in that order ("zhang" by name: after 97% of the book), so a walk for them may read most of it.
 * The other sorts spread any search's matches evenly.
 */
const CLUSTERING_SORTS: ReadonlySet<SortKey> = new Set(['name', 'email']);

/**
 * A bounded walk (index.ts, `bounded`): the run's first `entries` index entries, in order, then those
 * that match, with the columns a page lists, up to the page's limit. Each entry is tested as it is
 * walked (its id against the index's match set, from the index entry alone; or its row's stored
 * terms), so the walk stops at a full page. Short of a page, it gave up if the run goes on past them.
 */
export function walkAtMost(
  entries: number,
  test: 'set' | 'terms',
  match: string,
  plan: SearchPlan,
) {
  const keep =
    test === 'set'
      ? sql<boolean>`+walked.id IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ${match})`
      : matchedByRow(plan, 'walked');
  return async <O>(
    db: DB,
    run: SelectQueryBuilder<Database, 'customers', O>,
    page: PageOrder,
  ): Promise<{ rows: O[]; gaveUp: boolean }> => {
    const key = sortKeyColumn(page.sort);
    const stored = test === 'terms' ? (['search_text', 'note_terms'] as const) : [];
    const walked = run
      .clearSelect()
      .select([
        'customers.id',
        `${key} as walk_key`,
        ...stored.map((c) => `customers.${c}` as const),
      ])
      .limit(entries);
    // CROSS JOIN: the walk first, then each kept entry's row by id. The LIMIT in steps of 8, as the
    // page's other runs ask (one statement each: db/sqlite-limits.ts); rows past it are the page's next.
    const rows = (await db
      .selectFrom(walked.as('walked'))
      .crossJoin('customers')
      .whereRef('customers.id', '=', 'walked.id')
      .where(keep)
      .select(listedColumns(page.sort))
      .orderBy('walked.walk_key', page.dir)
      .orderBy('walked.id', page.dir)
      .limit(Math.ceil(page.limit / 8) * 8)
      .execute()) as O[];
    if (rows.length >= page.limit) return { rows, gaveUp: false };
    const past = await run
      .clearSelect()
      .select('customers.id')
      .limit(1)
      .offset(entries)
      .executeTakeFirst();
    return { rows, gaveUp: past !== undefined };
  };
}

/**
 * The customers with these ids, read by id: the ids first (CROSS JOIN fixes the join order), then each
 * row. Without statistics (Folio never runs ANALYZE), SQLite given a few matches' conditions walked
 * the sort's index through the whole workspace instead, testing each customer: 19 ms for the 4
 * customers of a city added this week, sorted by name, among 100,000.
 */
function readById(db: DB, ids: number[]): CustomersQuery {
  return db
    .selectFrom(sql<{ value: number }>`json_each(${JSON.stringify(ids)})`.as('found'))
    .crossJoin('customers')
    .whereRef('customers.id', '=', 'found.value');
}

/**
 * A search's first page by date added (search/index.ts, `byDateAdded`). Folio numbers customers as
 * it adds them, so a search's newest matches are nearly always its highest ids, and FTS5 reads a
 * prefix's ids highest first (lowest first, for the oldest) and stops: the page's worth of them, then
 * sorted by date. They are the page when no customer with an id past the farthest one read was added
 * after the page's last row (before it, oldest first): one walk of the date index down to that row
 * looks for one, the walk the set strategy takes anyway, without first reading every match into a set
 * (10,000 for "smi" at a million customers: 2-3 ms of its 3.5). Found (a customer dated out of its
 * id's order: a clock set back, two saves racing between taking the time and inserting), the page is
 * read as usual. The two reads are two statements, as the count and the page are: a customer deleted
 * between them may still be on the page, as it may be on any page read just before.
 */
function byDateAdded(workspaceId: number, match: string) {
  return async (db: DB, page: PageOrder): Promise<ListedCustomer[] | null> => {
    const newest = page.dir === 'desc';
    const rows = await (newest ? highestIds : lowestIds)(db, match, workspaceId, page.limit);
    rows.sort(compareInListOrder('created', page.dir));
    // Fewer than asked for: every match.
    if (rows.length < page.limit) return rows;
    const last = rows.at(-1)!;
    const ids = rows.map((row) => row.id);
    const farthestIdRead = newest ? Math.min(...ids) : Math.max(...ids);
    const [outOfOrder] = await (newest ? addedLaterBelow : addedEarlierAbove)(
      db,
      workspaceId,
      last.created_at,
      last.id,
      farthestIdRead,
    );
    return outOfOrder ? null : rows;
  };
}

/**
 * The matches with the highest (lowest) ids, with the columns a page by date added lists. Its LIMIT
 * is a page and one, or an export's chunk and one: a statement each (db/sqlite-limits.ts).
 */
const matchesById = (dir: Direction) =>
  compiledOnce((db: DB, match: string, workspaceId: number, limit: number) =>
    db
      .selectFrom('customers_fts')
      .crossJoin('customers')
      .whereRef('customers.id', '=', 'customers_fts.rowid')
      .where(sql<boolean>`customers_fts MATCH ${match}`)
      .where(liveCustomer(workspaceId))
      .select(listedColumns('created'))
      // FTS5 reads its ids in this order itself: no sort, and it stops at the limit.
      .orderBy('customers_fts.rowid', dir)
      .limit(limit),
  );
const highestIds = matchesById('desc');
const lowestIds = matchesById('asc');

/**
 * A customer added after (before) the row at `key`, `id` whose id is below (above) `farthestIdRead`:
 * the walk of the date index from the newest (oldest) to that row, each entry's id compared.
 */
const outOfIdOrder = (dir: Direction) =>
  compiledOnce((db: DB, workspaceId: number, key: string, id: number, farthestIdRead: number) =>
    inListOrder(
      db
        .selectFrom('customers')
        .select('customers.id')
        .where(liveCustomer(workspaceId))
        .where(
          dir === 'desc'
            ? sql<boolean>`(customers.created_at, customers.id) > (${key}, ${id})`
            : sql<boolean>`(customers.created_at, customers.id) < (${key}, ${id})`,
        )
        // `+`: the id is tested on each entry of the date index, never sought by its own.
        .where(
          dir === 'desc'
            ? sql<boolean>`+customers.id < ${farthestIdRead}`
            : sql<boolean>`+customers.id > ${farthestIdRead}`,
        ),
      'created',
      dir,
    ).limit(1),
  );
const addedLaterBelow = outOfIdOrder('desc');
const addedEarlierAbove = outOfIdOrder('asc');

/** How far a filter's indexes are counted to tell which is cheaper to seek: 1.5 ms each at most. */
const FILTER_PROBE = 10_000;

/**
 * What an entry found through a place's index costs, in customers read through the days' index
 * (which reads their rows in the order they were added, nearly the table's): a city's index reads
 * each row to test the days, scattered through the table (2.8 µs against 0.3-0.6 at a million
 * customers); a state's index tests the days from its own entries.
 */
const PLACE_PRICE = { city: 5, state: 0.5 };

/**
 * For a filter of a place and days, which to seek. A state's index holds the city and the day added
 * after it (migrations/0014): it seeks a state, city and days together. Otherwise each way has a
 * price (PLACE_PRICE), and the cheaper is sought: the days' customers counted through their index up
 * to FILTER_PROBE, then the place's no further than it needs to cost more. Without statistics (Folio
 * never runs ANALYZE) SQLite rated a range of days above a city: it read half the book for Oakland's
 * customers since June (13 ms at 100,000); always through the city instead, Oakland's customers
 * added this week took 107 ms at a million.
 */
async function filterSeek(
  db: DB,
  workspaceId: number,
  keys: FilterKeys,
): Promise<FilterSeek | undefined> {
  const dated = keys.from !== undefined || keys.until !== undefined;
  if (!dated || (keys.state === undefined && keys.city === undefined)) return undefined;
  if (keys.state !== undefined && keys.city !== undefined) return 'place';
  const counted = (filter: FilterKeys, limit: number) => {
    let ids = db
      .selectFrom('customers')
      .select('customers.id')
      .where(liveCustomer(workspaceId))
      .where(filteredBy(filter))
      .limit(limit);
    for (const column of filterIndexOrder(filter)) ids = ids.orderBy(column);
    return countRows(db, ids);
  };
  const price = keys.state !== undefined ? PLACE_PRICE.state : PLACE_PRICE.city;
  const days = await counted({ from: keys.from, until: keys.until }, FILTER_PROBE);
  // The place costs more than the days counted once it has this many.
  const dearer = Math.floor(days / price) + 1;
  const probed = Math.min(dearer, FILTER_PROBE);
  const place = await counted({ state: keys.state, city: keys.city }, probed);
  if (place < probed) return 'place';
  if (dearer <= FILTER_PROBE) return 'days';
  // Both past the probe: the index whose entries cost less.
  return price < 1 ? 'place' : 'days';
}

/** The ids a query of customers' ids finds, read as one text (each row an object costs more). */
async function idsOf(
  db: DB,
  ids: SelectQueryBuilder<Database, 'customers', { id: number }>,
): Promise<number[]> {
  const { found } = await db
    .selectFrom(ids.as('matches'))
    .select(sql<string | null>`group_concat(matches.id)`.as('found'))
    .executeTakeFirstOrThrow();
  return found ? found.split(',').map(Number) : [];
}

export const sqliteSearch: CustomerSearch = {
  countMatches,
  byId: { ids: idsOf, rows: readById },
  filterSeek,

  matchedCustomers(db, workspaceId, plan, total, sort) {
    const strategy = strategyFor(plan, total);
    const value = matchExpression(workspaceId, plan);
    // The index's matches (few, sorted; or a set each entry of the walk is checked against): one
    // shape each, whatever the search, with the match expression as its value. Built only when asked
    // for: a page of the whole search runs the compiled query instead.
    const fromIndex = (shape: 'sparse' | 'set'): MatchedCustomers => {
      const source = shape === 'sparse' ? indexMatches : matchedByIndex;
      return {
        get query() {
          return source(db, value);
        },
        few: shape === 'sparse',
        compiled: { shape: `sqlite ${shape}`, value, source },
      };
    };
    if (strategy === 'sparse') return fromIndex('sparse');
    // Sorted by name or email, a walk that finds no page within its bound reads the matches instead.
    // Left unbounded, "zh" by name read 970,000 rows at a million customers (3.9 s), "zhang" 160 ms.
    if (sort !== undefined && CLUSTERING_SORTS.has(sort)) {
      const walk = walkAtMost(walkLimits[strategy], strategy, value, plan);
      const tested =
        strategy === 'set'
          ? matchedByIndex(db, value)
          : db.selectFrom('customers').where(matchedByRow(plan));
      return {
        query: db.selectFrom('customers'),
        few: false,
        bounded: { walk, otherwise: fromIndex('sparse'), tested },
      };
    }
    const walked: MatchedCustomers =
      strategy === 'terms'
        ? { query: db.selectFrom('customers').where(matchedByRow(plan)), few: false }
        : fromIndex('set');
    // By date added, whichever walk it would take: "sm" walked 5,700 rows testing their terms for
    // a page at 100,000 customers (2.7 ms, 0.8 from the index's ids), "smi" tested as many entries
    // against a set of every match.
    if (sort === 'created') walked.byDateAdded = byDateAdded(workspaceId, value);
    return walked;
  },

  async matches(db, workspaceId, plan, id) {
    const row = await indexMatches(db, matchExpression(workspaceId, plan))
      .select('customers.id')
      .where('customers.id', '=', id)
      .executeTakeFirst();
    return row !== undefined;
  },

  async mergeIndex(db, pages) {
    // FTS5's 'merge' command: only where a level holds 4 segments (usermerge) or a merge is under
    // way, so the index keeps the shape its own merging gave it. It did work when it changed more
    // than one row (FTS5's documented test).
    const before = await totalChanges(db);
    await sql`INSERT INTO customers_fts(customers_fts, rank) VALUES ('merge', ${pages})`.execute(
      db,
    );
    return (await totalChanges(db)) - before >= 2;
  },
};

async function totalChanges(db: DB): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT total_changes() AS n`.execute(db);
  return rows[0]!.n;
}
