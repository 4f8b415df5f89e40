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

export function renderPage(
  c: Context<AppEnv>,
  title: string,
  body: JSX.Element,
  status: Status = 200,
) {
  return c.html(
    <Layout ctx={pageContext(c)} title={title}>
      {body}
    </Layout>,
    status,
  );
}

export function renderFragment(c: Context<AppEnv>, body: JSX.Element, status: Status = 200) {
  return c.html(body, status);
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
