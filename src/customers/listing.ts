// What the table is asked to show: search words, sort, direction and page cursor, read from the URL
// and written back into links. Pure functions; the SQL that answers them lives in queries.ts.
import * as v from 'valibot';
import { searchPlan, sortKey, type SearchPlan } from './keys.js';
import { startOfDay } from '../views/format.js';
import { MAX_ID } from '../http/params.js';

export const PAGE_SIZE = 50;
/** Past this many matches a search says "1,000+" rather than count every match on each keystroke. */
export const SEARCH_COUNT_CAP = 1000;

export type SortKey = 'created' | 'touched' | 'name' | 'email' | 'city';
export type Direction = 'asc' | 'desc';

/**
 * The stored column each sort orders by, before the id that breaks ties: a folded key (see keys.ts),
 * compared byte-wise. An empty key (no email, no city) sorts after every other in both directions.
 */
export const SORT_COLUMN: Record<
  SortKey,
  'created_at' | 'touched_at' | 'name_key' | 'email_key' | 'city_key'
> = {
  created: 'created_at',
  /** The last field change or note (history/, notes/). */
  touched: 'touched_at',
  name: 'name_key',
  email: 'email_key',
  city: 'city_key',
};

export const DEFAULT_DIRECTION: Record<SortKey, Direction> = {
  created: 'desc',
  touched: 'desc',
  name: 'asc',
  email: 'asc',
  city: 'asc',
};

/** A position in a sorted list: the stored sort key and id of the row the page starts after (or before). */
export interface Cursor {
  key: string;
  id: number;
}

/**
 * What the table is narrowed to besides the search, as typed (kept for the links and the form); '' is
 * no filter. Dates are the reader's calendar days (YYYY-MM-DD), both ends included.
 */
export interface ListFilter {
  state: string;
  city: string;
  added_after: string;
  added_before: string;
}
export const FILTER_NAMES = ['state', 'city', 'added_after', 'added_before'] as const;
export const NO_FILTER: ListFilter = { state: '', city: '', added_after: '', added_before: '' };

/** A filter as the queries compare it: folded keys and UTC instants (added from, added until excluded). */
export interface FilterKeys {
  state?: string;
  city?: string;
  from?: string;
  until?: string;
}

export interface ListQuery {
  q: string;
  filter: ListFilter;
  /** The filter as stored values compare it; null when nothing is filtered. */
  filterKeys: FilterKeys | null;
  /** What the search asks for; null when the box holds no word. */
  plan: SearchPlan | null;
  sort: SortKey;
  dir: Direction;
  after?: Cursor;
  before?: Cursor;
  /** Shown as "Page N"; carried in links, never trusted for the query. */
  page: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url');
}

/** A cursor's JSON: [key, id]. Built once (a schema built per call was 4% of a deep page's CPU). */
const CURSOR_SHAPE = v.tuple([
  v.pipe(v.string(), v.maxLength(4000)),
  v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_ID)),
]);

/** The cursor in a link, or null when it was tampered with. */
export function decodeCursor(raw: string): Cursor | null {
  // A folded key can be longer than the value it comes from (compatibility forms unfold).
  if (raw.length > 8000 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const result = v.safeParse(CURSOR_SHAPE, parsed);
  if (!result.success) return null;
  return { key: result.output[0], id: result.output[1] };
}

export class BadListQuery extends Error {}

const MAX_FILTER_LENGTH = 100;
const DATE_LABEL = { added_after: 'Added from', added_before: 'Added to' } as const;

/**
 * The years a day filter may name. Stored instants are ISO strings compared as text, and the day after
 * 9999-12-31 is written "+010000-…", which sorts before every other: past 9998 the list would empty.
 */
export const FILTER_YEARS = { first: 1900, last: 9998 } as const;

/** A calendar day typed as YYYY-MM-DD, or a message that says what is wrong with it. */
function calendarDay(raw: string, name: keyof typeof DATE_LABEL): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const day = match ? new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!)) : null;
  if (!match || !day || day.getUTCMonth() !== +match[2]! - 1)
    throw new BadListQuery(
      `“${DATE_LABEL[name]}” must be a date written as YYYY-MM-DD, like 2026-11-24.`,
    );
  const year = +match[1]!;
  if (year < FILTER_YEARS.first || year > FILTER_YEARS.last)
    throw new BadListQuery(
      `“${DATE_LABEL[name]}” must be a day between the years ${FILTER_YEARS.first} and ${FILTER_YEARS.last}.`,
    );
  return [year, +match[2]!, +match[3]!];
}

/**
 * The filter of the URL, checked, and its keys: state and city folded as stored, the days turned into
 * instants in the reader's time zone (from the first moment of the first day to the first moment
 * after the last).
 */
export function parseFilter(
  params: Record<string, string | undefined>,
  timeZone: string,
): { filter: ListFilter; filterKeys: FilterKeys | null } {
  const filter = { ...NO_FILTER };
  for (const name of FILTER_NAMES) filter[name] = (params[name] ?? '').trim();
  for (const name of ['state', 'city'] as const)
    if (filter[name].length > MAX_FILTER_LENGTH)
      throw new BadListQuery(`A ${name} to filter by is at most ${MAX_FILTER_LENGTH} characters.`);
  const keys: FilterKeys = {};
  if (filter.state) keys.state = sortKey(filter.state);
  if (filter.city) keys.city = sortKey(filter.city);
  if (filter.added_after) {
    const [y, m, d] = calendarDay(filter.added_after, 'added_after');
    keys.from = new Date(startOfDay(y, m, d, timeZone)).toISOString();
  }
  if (filter.added_before) {
    const [y, m, d] = calendarDay(filter.added_before, 'added_before');
    keys.until = new Date(startOfDay(y, m, d + 1, timeZone)).toISOString();
  }
  if (keys.from && keys.until && keys.from >= keys.until)
    throw new BadListQuery('“Added from” must be on or before “Added to”.');
  return { filter, filterKeys: Object.keys(keys).length > 0 ? keys : null };
}

/**
 * Reads ?q= &sort= &dir= &after= | &before= &page= and the filter (&state= &city= &added_after=
 * &added_before=, days read in `timeZone`). Unknown sorts fall back to the default; a broken cursor
 * or filter is refused.
 */
export function parseListQuery(
  params: Record<string, string | undefined>,
  timeZone = 'UTC',
): ListQuery {
  const q = (params.q ?? '').slice(0, 1000);
  const sort: SortKey =
    params.sort && Object.hasOwn(SORT_COLUMN, params.sort) ? (params.sort as SortKey) : 'created';
  const dir: Direction =
    params.dir === 'asc' || params.dir === 'desc' ? params.dir : DEFAULT_DIRECTION[sort];
  const pageNumber = /^\d{1,6}$/.test(params.page ?? '') ? Number(params.page) : 1;
  const query: ListQuery = {
    q,
    plan: searchPlan(q),
    ...parseFilter(params, timeZone),
    sort,
    dir,
    page: Math.max(1, pageNumber),
  };
  for (const side of ['after', 'before'] as const) {
    const raw = params[side];
    if (raw === undefined || raw === '') continue;
    const cursor = decodeCursor(raw);
    if (!cursor)
      throw new BadListQuery(
        'That page link is broken or out of date. Start again from the first page.',
      );
    query[side] = cursor;
  }
  if (query.after && query.before)
    throw new BadListQuery('A page link cannot go both forwards and backwards.');
  if (!query.after && !query.before) query.page = 1;
  return query;
}

/** The /customers URL for a list state, leaving out what is default so links stay short. */
export function listUrl(
  query: Pick<ListQuery, 'q' | 'sort' | 'dir'> & { filter?: ListFilter },
  extra: { after?: Cursor; before?: Cursor; page?: number } = {},
): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  for (const name of FILTER_NAMES) if (query.filter?.[name]) params.set(name, query.filter[name]);
  if (query.sort !== 'created') params.set('sort', query.sort);
  if (query.dir !== DEFAULT_DIRECTION[query.sort]) params.set('dir', query.dir);
  if (extra.after) params.set('after', encodeCursor(extra.after));
  if (extra.before) params.set('before', encodeCursor(extra.before));
  if (extra.page && extra.page > 1) params.set('page', String(extra.page));
  const search = params.toString();
  return search ? `/customers?${search}` : '/customers';
}

/** Links to the pages beside the one shown (page 2's previous is the plain first page). */
export function pageUrls(
  query: ListQuery,
  around: { next?: Cursor | undefined; prev?: Cursor | undefined },
): { nextUrl: string | undefined; prevUrl: string | undefined } {
  return {
    nextUrl: around.next ? listUrl(query, { after: around.next, page: query.page + 1 }) : undefined,
    prevUrl: around.prev
      ? listUrl(query, query.page > 2 ? { before: around.prev, page: query.page - 1 } : {})
      : undefined,
  };
}

/**
 * The list a whole-page write returns to (a `back` field or parameter), rebuilt from its search, sort and
 * direction so it can only ever be a /customers list; the plain list when absent or broken.
 */
export function listBack(raw: string | undefined): string {
  if (!raw?.startsWith('/customers?')) return '/customers';
  try {
    return listUrl(
      parseListQuery(Object.fromEntries(new URLSearchParams(raw.slice('/customers?'.length)))),
    );
  } catch {
    return '/customers';
  }
}

/**
 * The list a page shows, from its URL: htmx sends it (HX-Current-URL) with every request, so an inline
 * create, delete or undo can keep the count about the matches shown (its search and filter). Null for
 * any other page, or a broken list link (count the book).
 */
export function listOfPage(pageUrl: string | undefined, timeZone = 'UTC'): ListQuery | null {
  if (!pageUrl) return null;
  try {
    const url = new URL(pageUrl);
    return url.pathname === '/customers'
      ? parseListQuery(Object.fromEntries(url.searchParams), timeZone)
      : null;
  } catch {
    return null;
  }
}

/** The search of the list a page shows (see listOfPage), or null. */
export function searchOfPage(pageUrl: string | undefined): SearchPlan | null {
  return listOfPage(pageUrl)?.plan ?? null;
}
