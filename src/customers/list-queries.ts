// Finding customers for the table: search, filter, sort and keyset paging, and the counts beside
// them. Every statement is scoped to a workspace and reads live customers only.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/tables.js';
import { compiledOnce } from '../db/compiled.js';
import {
  PAGE_SIZE,
  SEARCH_COUNT_CAP,
  SORT_COLUMN,
  type Cursor,
  type Direction,
  type ListQuery,
  type SortKey,
} from './listing.js';
import type { SearchPlan } from './keys.js';
import {
  countRows,
  filterIndexOrder,
  filteredBy,
  inListOrder,
  listedColumns,
  liveCustomer,
  sortKeyColumn,
  type ListedCustomer,
} from './query-parts.js';
import { customerSearch, type MatchCount, type MatchedCustomers } from './search/index.js';

type Executor = Kysely<Database>;

/** The workspace's live customers: a counter the database keeps in step with every write (see 0004). */
export async function countCustomers(db: Executor, workspaceId: number): Promise<number> {
  const [row] = await customerCount(db, workspaceId);
  return Number(row?.customer_count ?? 0);
}

// Read on every table page and every change of the count: compiled once.
const customerCount = compiledOnce((db: Executor, workspaceId: number) =>
  db.selectFrom('workspaces').select('customer_count').where('id', '=', workspaceId),
);

export type { ListedCustomer };

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
 * Where a run of the sort's index starts: at its part's start; at the cursor's key, after its id; past
 * the cursor's key; or (few matches, sorted anyway) after the cursor's key and id in one condition.
 */
type RunStart = 'start' | 'at' | 'past' | 'after';

function startConditions(
  start: RunStart,
  sort: SortKey,
  dir: Direction,
  from: Cursor,
): RawBuilder<boolean>[] {
  const key = sql.ref(sortKeyColumn(sort));
  const id = sql.ref('customers.id');
  const after = sql.raw(dir === 'asc' ? '>' : '<');
  if (start === 'at')
    return [sql<boolean>`${key} = ${from.key}`, sql<boolean>`${id} ${after} ${from.id}`];
  if (start === 'past') return [sql<boolean>`${key} ${after} ${from.key}`];
  if (start === 'after') return [sql<boolean>`(${key}, ${id}) ${after} (${from.key}, ${from.id})`];
  return [];
}

type CompiledRun = (
  db: Executor,
  value: string,
  workspaceId: number,
  limit: number,
  fromKey: string,
  fromId: number,
) => Promise<ListedCustomer[]>;
const compiledRuns = new Map<string, CompiledRun>();

/** Where a list of the whole book (no search, no filter) reads: the customers table. */
const WHOLE_BOOK: NonNullable<MatchedCustomers['compiled']> = {
  shape: 'book',
  value: '',
  source: (db) => db.selectFrom('customers'),
};

/**
 * A run of the sort's index over a source of one shape (the whole book, or a search whose SQL takes
 * one value), as readPage builds it: the table's every page, so compiled once per shape (source,
 * sort, direction, part, start).
 */
function compiledRun(
  source: NonNullable<MatchedCustomers['compiled']>,
  sort: SortKey,
  dir: Direction,
  part: (typeof PARTS)[number],
  start: RunStart,
): CompiledRun {
  const shape = `${source.shape} ${sort} ${dir} ${part.filled} ${start}`;
  let run = compiledRuns.get(shape);
  if (!run) {
    run = compiledOnce(
      (
        db: Executor,
        value: string,
        workspaceId: number,
        limit: number,
        fromKey: string,
        fromId: number,
      ) => {
        let rows = source
          .source(db, value)
          .select(listedColumns(sort))
          .where(liveCustomer(workspaceId))
          .where(part.test(sql.ref(sortKeyColumn(sort))));
        for (const condition of startConditions(start, sort, dir, { key: fromKey, id: fromId }))
          rows = rows.where(condition);
        return inListOrder(rows, sort, dir).limit(limit);
      },
    );
    compiledRuns.set(shape, run);
  }
  return run;
}

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
  const whole: MatchedCustomers = {
    query: db.selectFrom('customers'),
    few: false,
    compiled: WHOLE_BOOK,
  };
  const search = options.search ?? whole;
  const page = await readPage(db, options, search);
  // A walk that gave up short of a page: the matches are few where it walked; read them all instead.
  if (page) return page;
  return (await readPage(db, options, search.bounded!.otherwise))!;
}

/** findCustomers for one way of reading the matches; null when a bounded walk gave up. */
async function readPage(
  db: Executor,
  options: FindOptions,
  search: MatchedCustomers,
): Promise<FoundPage | null> {
  const key = sql.ref(sortKeyColumn(options.sort));
  const fetch = options.limit + 1;
  const from = options.from;
  const { sort, dir, workspaceId } = options;
  // A run after the first asks for the rows the page still lacks, in steps of 8 (rows past the page
  // are cut below): SQLite keeps a statement per LIMIT (db/sqlite-limits.ts), so a few of them
  // rather than one for every count. (A bounded walk is asked for what it lacks: it counts its own
  // bound.)
  const inSteps = (lacking: number) => Math.min(fetch, Math.ceil(lacking / 8) * 8);

  // A search's first page by date added, where the engine reads it from its index's ids. (Every
  // customer has a date added, so its list has no part of empty keys; and a page read backwards
  // always has a cursor.)
  if (search.byDateAdded && !from && !options.backwards && sort === 'created') {
    const rows = await search.byDateAdded(db, { sort, dir, limit: fetch });
    if (rows)
      return { customers: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
  }

  /** One run of the sort's index: a part, where in it it starts, up to `limit` rows. */
  const run =
    (part: (typeof PARTS)[number], start: RunStart) =>
    async (limit: number): Promise<{ rows: ListedCustomer[]; gaveUp: boolean }> => {
      if (search.compiled && !search.bounded) {
        const read = compiledRun(search.compiled, sort, dir, part, start);
        const { value } = search.compiled;
        return {
          rows: await read(db, value, workspaceId, inSteps(limit), from?.key ?? '', from?.id ?? 0),
          gaveUp: false,
        };
      }
      let rows = search.query
        .select(listedColumns(sort))
        .where(liveCustomer(workspaceId))
        .where(part.test(key));
      if (from)
        for (const condition of startConditions(start, sort, dir, from))
          rows = rows.where(condition);
      rows = inListOrder(rows, sort, dir);
      if (search.bounded) return search.bounded.walk(db, rows, { sort, dir, limit });
      return { rows: await rows.limit(inSteps(limit)).execute(), gaveUp: false };
    };

  // The page is read as consecutive runs of the index, each already in order, until it is full.
  const runs: ReturnType<typeof run>[] = [];
  const parts = options.backwards ? [...PARTS].reverse() : PARTS;
  const startPart = from ? parts.findIndex((part) => part.filled === (from.key !== '')) : 0;
  for (let i = startPart; i < parts.length; i += 1) {
    const part = parts[i]!;
    if (!from || i > startPart) {
      runs.push(run(part, 'start'));
    } else if (search.few) {
      // Few matches, sorted anyway: the cursor is one condition on them.
      runs.push(run(part, 'after'));
    } else {
      // The rest of the cursor's key (by id), then the keys past it: each its own seek, so a long run
      // of equal keys (a city shared by thousands) is never scanned to find the cursor.
      runs.push(run(part, 'at'));
      if (part.filled) runs.push(run(part, 'past'));
    }
  }
  const rows: ListedCustomer[] = [];
  for (const next of runs) {
    if (rows.length >= fetch) break;
    const found = await next(fetch - rows.length);
    // Rows it did not reach may come before the next run's: this way cannot tell the page.
    if (found.gaveUp) return null;
    rows.push(...found.rows);
  }
  return { customers: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}

/** The cursor of a row for a sort: its stored sort key and id. */
export function cursorOf(customer: ListedCustomer, sort: SortKey): Cursor {
  const key = customer[SORT_COLUMN[sort]];
  if (key === undefined) throw new Error(`a row read for another sort has no ${sort} key`);
  return { key, id: customer.id };
}

interface CustomerPage {
  customers: ListedCustomer[];
  /** Customers in the book, or matches of the search and filter (capped). */
  total: MatchCount;
  /** Searched or filtered: the count is of matches. */
  searching: boolean;
  /** Where the next and previous pages start, when there are such pages. */
  next?: Cursor;
  prev?: Cursor;
}

/** What a list asks for besides its page: a search, a filter, both or neither, and its sort. */
type Narrowing = Pick<ListQuery, 'plan' | 'filterKeys' | 'sort'>;

/**
 * Where a narrowed list reads its rows and how many there are (capped): the search module's choice
 * for a search (search/), with the filter's conditions added; for a filter alone, the filter's index
 * when its matches are few (read and sorted), else the sort's index walked testing each row.
 * `rows`: whether rows will be read from the source (a page, an export), or only the count is wanted.
 */
async function narrowed(
  db: Executor,
  workspaceId: number,
  { plan, filterKeys, sort }: Narrowing,
  { rows }: { rows: boolean },
): Promise<{ total: MatchCount; source?: MatchedCustomers }> {
  if (!plan && !filterKeys)
    return { total: { count: await countCustomers(db, workspaceId), capped: false } };
  const searched = plan ? await countSearch(db, workspaceId, plan) : undefined;
  // With a filter, the sort is left out: the search's matches are then counted and read with the
  // filter's conditions, not walked for a page of the whole search (the engine's choice, search/).
  const search: MatchedCustomers =
    plan && searched
      ? customerSearch(db).matchedCustomers(
          db,
          workspaceId,
          plan,
          searched,
          filterKeys ? undefined : sort,
        )
      : { query: db.selectFrom('customers'), few: false };
  if (!filterKeys) return { total: searched!, source: search };
  // Which of the filter's indexes to seek, where the engine chooses it (search/sqlite.ts); a search
  // with few matches reads them from its own index.
  const seek = search.few
    ? undefined
    : await customerSearch(db).filterSeek?.(db, workspaceId, filterKeys);
  const filter = filteredBy(filterKeys, seek);
  // A bounded walk's query is the rows walked, its test in the walk: the matches are `otherwise`.
  const walked = search.query.where(filter);
  const query = (search.bounded?.otherwise.query ?? search.query).where(filter);
  let matches = query
    .select('customers.id')
    .where(liveCustomer(workspaceId))
    .limit(SEARCH_COUNT_CAP + 1);
  if (!plan)
    for (const column of filterIndexOrder(filterKeys, seek)) matches = matches.orderBy(column);
  // Where the engine reads few matches by id (search/sqlite.ts, `byId`) and rows will be read,
  // the ids are the count: one read of the matches, not two.
  const { byId } = customerSearch(db);
  const ids = byId && rows ? await byId.ids(db, matches) : undefined;
  const count = ids ? ids.length : await countRows(db, matches);
  const total =
    count > SEARCH_COUNT_CAP ? { count: SEARCH_COUNT_CAP, capped: true } : { count, capped: false };
  // Few matches of both together are read and sorted, whichever index finds them; a walk that gives
  // up (search/index.ts, `bounded`) reads the matches of both too.
  if (search.few || !total.capped)
    return { total, source: { query: ids ? byId!.rows(db, ids) : query, few: true } };
  if (!search.bounded) return { total, source: { query, few: false } };
  const bounded = {
    walk: search.bounded.walk,
    otherwise: { query, few: true },
    tested: search.bounded.tested.where(filter),
  };
  return { total, source: { query: walked, few: false, bounded } };
}

/**
 * The customers a list holds, as one query for reads in any order: the source's query, except where
 * a bounded walk reads the sort's index (search/index.ts, `bounded`): its query is then the rows
 * walked, every customer, and the matches are `tested`. A bulk action read the walked rows once, and
 * deleted customers the search did not find.
 */
export function matchesOf(source: MatchedCustomers): MatchedCustomers['query'] {
  return source.bounded?.tested ?? source.query;
}

/** Where every row of a list (searched, filtered or neither) is read from, whatever its page. */
export async function listSource(
  db: Executor,
  workspaceId: number,
  query: Narrowing,
): Promise<MatchedCustomers | undefined> {
  return (await narrowed(db, workspaceId, query, { rows: true })).source;
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
  const searching = query.plan !== null || query.filterKeys !== null;
  const { total, source } = await narrowed(db, workspaceId, query, { rows: true });
  if (total.count === 0) return { customers: [], total, searching };
  const backwards = query.before !== undefined;
  const found = await findCustomers(db, {
    workspaceId,
    sort: query.sort,
    dir: backwards ? (query.dir === 'asc' ? 'desc' : 'asc') : query.dir,
    backwards,
    from: query.before ?? query.after,
    search: source,
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
    searching,
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

/** What the table's count says for a list (searched, filtered or neither): the book's size, or the capped matches. */
export async function countShown(
  db: Executor,
  workspaceId: number,
  list: Narrowing | null,
): Promise<{ count: number; search?: MatchCount }> {
  if (!list || (!list.plan && !list.filterKeys))
    return { count: await countCustomers(db, workspaceId) };
  const { total } = await narrowed(db, workspaceId, list, { rows: false });
  return { count: total.count, search: total };
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
