// Turns a view into a response: the whole page for a browser, the fragment alone for htmx.
import { transcode } from 'node:buffer';
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
 * HTML as UTF-8 bytes. A page holding any character past U+00FF (an arrow, a curly quote, a name in
 * Polish) is a two-byte string, which Node measures and encodes character by character when it is
 * sent as a string: a third of the table page's CPU went there. ICU's UTF-16 to UTF-8 conversion does
 * it in a tenth of that time, and no slower for plain ASCII.
 */
export function utf8(html: string): Uint8Array<ArrayBuffer> {
  let bytes: Buffer;
  try {
    bytes = transcode(Buffer.from(html, 'utf16le'), 'utf16le', 'utf8');
  } catch {
    // A lone surrogate, which ICU refuses: Buffer writes U+FFFD for it, as Node's own encoding would.
    bytes = Buffer.from(html);
  }
  // Neither shares its memory (a SharedArrayBuffer): Hono's body type asks for a plain ArrayBuffer.
  return bytes as Uint8Array<ArrayBuffer>;
}

const HTML = { 'Content-Type': 'text/html; charset=UTF-8' };

function html(c: Context<AppEnv>, body: JSX.Element, status: Status) {
  return typeof body === 'string'
    ? c.body(utf8(body), status, HTML)
    : body.then((text) => c.body(utf8(text), status, HTML));
}

export function renderPage(
  c: Context<AppEnv>,
  title: string,
  body: JSX.Element,
  status: Status = 200,
) {
  return html(
    c,
    <Layout ctx={pageContext(c)} title={title}>
      {body}
    </Layout>,
    status,
  );
}

export function renderFragment(c: Context<AppEnv>, body: JSX.Element, status: Status = 200) {
  return html(c, body, status);
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
