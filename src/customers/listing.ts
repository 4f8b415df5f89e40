// What the table is asked to show: search words, sort, direction and page cursor, read from the URL
// and written back into links. Pure functions; the SQL that answers them lives in queries.ts.
import * as v from 'valibot';

export const PAGE_SIZE = 50;
/** Past this many matches a search says "1,000+" rather than count every match on each keystroke. */
export const SEARCH_COUNT_CAP = 1000;

export type SortKey = 'created' | 'name' | 'email' | 'city';
export type Direction = 'asc' | 'desc';

/** The columns each sort orders by, before the id that breaks ties. */
export const SORT_COLUMNS: Record<SortKey, readonly ('created_at' | 'last_name' | 'first_name' | 'email' | 'city')[]> = {
  created: ['created_at'],
  name: ['last_name', 'first_name'],
  email: ['email'],
  city: ['city'],
};

export const DEFAULT_DIRECTION: Record<SortKey, Direction> = { created: 'desc', name: 'asc', email: 'asc', city: 'asc' };

/** A position in a sorted list: the sort values and id of the row the page starts after (or before). */
export interface Cursor {
  values: string[];
  id: number;
}

export interface ListQuery {
  q: string;
  words: string[];
  sort: SortKey;
  dir: Direction;
  after?: Cursor;
  before?: Cursor;
  /** Shown as "Page N"; carried in links, never trusted for the query. */
  page: number;
}

const MAX_WORDS = 8;
const MAX_WORD_LENGTH = 40;

/**
 * The words of a search, as plain text: everything that is not a letter or digit separates words, so
 * FTS syntax (quotes, *, NEAR, -, OR, parentheses) and control characters can never reach the index.
 */
export function searchWords(q: string): string[] {
  return q
    .slice(0, 1000)
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    // A single letter would match most of the book and costs the most to look up; initials add little.
    .filter((word) => word.length > 1)
    .slice(0, MAX_WORDS)
    .map((word) => word.slice(0, MAX_WORD_LENGTH));
}

/**
 * The FTS5 MATCH expression: every word as a quoted prefix, all required. A query that looks like a
 * phone number also matches its digits run together, so "555 0100" and "5550100" find "+1 (555) 0100".
 */
export function matchExpression(q: string, words: string[]): string | null {
  const all = words.map((word) => `"${word}"*`).join(' ');
  const digits = q.replace(/\D/g, '').slice(0, MAX_WORD_LENGTH);
  const phoneLike = /^[\d\s+().-]+$/.test(q.trim()) && digits.length >= 4;
  if (phoneLike && words.length === 0) return `"${digits}"*`;
  if (phoneLike && !(words.length === 1 && words[0] === digits)) return `"${digits}"* OR (${all})`;
  return all || null;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([...cursor.values, cursor.id])).toString('base64url');
}

/** The cursor in a link, or null when it was tampered with or belongs to another sort. */
export function decodeCursor(raw: string, sort: SortKey): Cursor | null {
  if (raw.length > 600 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const size = SORT_COLUMNS[sort].length;
  const shape = v.tuple([...Array.from({ length: size }, () => v.pipe(v.string(), v.maxLength(200))), v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER))]);
  const result = v.safeParse(shape, parsed);
  if (!result.success) return null;
  const values = result.output.slice(0, size) as string[];
  return { values, id: result.output[size] as number };
}

export class BadListQuery extends Error {}

/** Reads ?q= &sort= &dir= &after= | &before= &page=. Unknown sorts fall back to the default; a broken cursor is refused. */
export function parseListQuery(params: Record<string, string | undefined>): ListQuery {
  const q = (params.q ?? '').slice(0, 1000);
  const sort: SortKey = params.sort && Object.hasOwn(SORT_COLUMNS, params.sort) ? (params.sort as SortKey) : 'created';
  const dir: Direction = params.dir === 'asc' || params.dir === 'desc' ? params.dir : DEFAULT_DIRECTION[sort];
  const pageNumber = /^\d{1,6}$/.test(params.page ?? '') ? Number(params.page) : 1;
  const query: ListQuery = { q, words: searchWords(q), sort, dir, page: Math.max(1, pageNumber) };
  for (const side of ['after', 'before'] as const) {
    const raw = params[side];
    if (raw === undefined || raw === '') continue;
    const cursor = decodeCursor(raw, sort);
    if (!cursor) throw new BadListQuery('That page link is broken or out of date. Start again from the first page.');
    query[side] = cursor;
  }
  if (query.after && query.before) throw new BadListQuery('A page link cannot go both forwards and backwards.');
  if (!query.after && !query.before) query.page = 1;
  return query;
}

/** The /customers URL for a list state, leaving out what is default so links stay short. */
export function listUrl(query: Pick<ListQuery, 'q' | 'sort' | 'dir'>, extra: { after?: Cursor; before?: Cursor; page?: number } = {}): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.sort !== 'created') params.set('sort', query.sort);
  if (query.dir !== DEFAULT_DIRECTION[query.sort]) params.set('dir', query.dir);
  if (extra.after) params.set('after', encodeCursor(extra.after));
  if (extra.before) params.set('before', encodeCursor(extra.before));
  if (extra.page && extra.page > 1) params.set('page', String(extra.page));
  const search = params.toString();
  return search ? `/customers?${search}` : '/customers';
}
