// Turns a view into a response: the whole page for a browser, the fragment alone for htmx.
import type { Context } from 'hono';
import type { AppEnv } from './env.js';
import { Layout, type PageContext } from '../views/layout.js';
import { pickLocale, timeZoneNames, type Reader } from '../views/format.js';

type Status = 200 | 201 | 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 500 | 503;

export function pageContext(c: Context<AppEnv>): PageContext {
  return {
    user: c.get('user'),
    csrfToken: c.get('csrfToken'),
    flash: c.get('flash'),
    asset: (name) => c.get('deps').assets.url(name),
    path: c.req.path,
  };
}

/**
 * HTML as UTF-8 bytes, by Node's own encoder. A one-byte string (Latin-1: most pages, their constant
 * parts written that way by latin1Markup) is copied nearly as it is, and a small result comes from
 * Buffer's pool. ICU's conversion, used here before, was quicker only on a large string with a
 * character past U+00FF (0.45 against 0.65 ns a character in a loop), and it first copied the string
 * at twice its size (side by side, the Account page, 28 KB, read 0.986 without it).
 */
export function utf8(html: string): Uint8Array<ArrayBuffer> {
  // A lone surrogate (half an emoji cut off) is written as U+FFFD.
  return Buffer.from(html);
}

/**
 * Where a table's rows go in its page or fragment, given apart (`rows` of renderPage and
 * renderFragment). A comment, so the page around them is HTML on its own.
 */
export const ROWS_SLOT = '<!--rows-->';

/** A table row of a page: its HTML, or its HTML already in UTF-8 (customers/views/kept-rows.ts). */
export type PageRow = string | Uint8Array;

/**
 * Where the rows' bytes are written, one row after another, before the page takes its own copy:
 * reused (a page is built in one go, with no await between), grown for a page with more.
 */
let rowBytes = Buffer.allocUnsafe(256 * 1024);

/**
 * The page's UTF-8 bytes, with `rows` in place of its ROWS_SLOT, the same as if they had been in it.
 * Rows are kept out of the page's string and written one by one: joined, a table page of 50 rows is a
 * string of over 128 KB in UTF-16 as soon as one name on it has a letter past U+00FF, and V8 puts such
 * a string in its large-object space (500-900 µs to make one here). Written alone, a row of plain
 * Latin-1 (most of them, by far) is encoded straight from its one-byte string, and Node's character by
 * character encoding is paid only on a row with such a letter, on that row's 1-2 KB alone. A row
 * already in UTF-8 is copied as it is.
 */
export function pageBytes(html: string, rows?: readonly PageRow[]): Uint8Array<ArrayBuffer> {
  if (!rows) return utf8(html);
  const at = html.indexOf(ROWS_SLOT);
  if (at === -1) throw new Error('rows given for a page without a place for them (ROWS_SLOT)');
  const head = utf8(html.slice(0, at));
  const tail = utf8(html.slice(at + ROWS_SLOT.length));
  // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4).
  let most = 0;
  for (const row of rows) most += typeof row === 'string' ? row.length * 3 : row.length;
  if (most > rowBytes.length) rowBytes = Buffer.allocUnsafe(most);
  let written = 0;
  for (const row of rows) {
    if (typeof row === 'string') {
      written += rowBytes.write(row, written);
    } else {
      rowBytes.set(row, written);
      written += row.length;
    }
  }
  const bytes = Buffer.allocUnsafe(head.length + written + tail.length);
  bytes.set(head, 0);
  rowBytes.copy(bytes, head.length, 0, written);
  bytes.set(tail, head.length + written);
  return bytes;
}

const HTML = { 'Content-Type': 'text/html; charset=UTF-8' };

function html(c: Context<AppEnv>, body: JSX.Element, status: Status, rows?: readonly PageRow[]) {
  return typeof body === 'string'
    ? c.body(pageBytes(body, rows), status, HTML)
    : body.then((text) => c.body(pageBytes(text, rows), status, HTML));
}

/** A whole page in the layout; `rows`, a table's rows, go in at its ROWS_SLOT. */
export function renderPage(
  c: Context<AppEnv>,
  title: string,
  body: JSX.Element,
  status: Status = 200,
  rows?: readonly PageRow[],
) {
  return html(
    c,
    <Layout ctx={pageContext(c)} title={title}>
      {body}
    </Layout>,
    status,
    rows,
  );
}

/** The fragment alone, for htmx; `rows` as for renderPage. */
export function renderFragment(
  c: Context<AppEnv>,
  body: JSX.Element,
  status: Status = 200,
  rows?: readonly PageRow[],
) {
  return html(c, body, status, rows);
}

/** Who reads this response, and when: locale (dates, counts), time zone (or UTC), the app's clock. */
export function readerOf(c: Context<AppEnv>): Reader {
  const stored = c.get('user')?.timeZone;
  return {
    locale: pickLocale(c.req.header('Accept-Language')),
    // Stored zones were canonical when written; one this server's Intl no longer lists reads as UTC.
    timeZone: stored && timeZoneNames().has(stored) ? stored : 'UTC',
    now: c.get('deps').now(),
  };
}
