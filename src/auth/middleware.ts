// Validates the session cookie on every request, and guards the routes that need a signed-in person.
import { Hono, type MiddlewareHandler } from 'hono';
import { csrfProtection, sessionCsrfToken, useCsrfToken } from '../http/csrf.js';
import { HTTPException } from 'hono/http-exception';
import { isHtmx, type AppEnv } from '../http/env.js';
import { safeNextPath } from './schema.js';
import { clientAddress } from './throttle.js';
import {
  clearSessionCookie,
  readSessionCookie,
  setSessionCookie,
  validateSessionToken,
} from './sessions.js';

export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('user', null);
  c.set('sessionId', null);
  const token = readSessionCookie(c);
  if (token) {
    const { db } = c.get('deps');
    const session = await validateSessionToken(db, token, c.get('deps').now(), clientAddress(c));
    if (session) {
      c.set('user', session.user);
      c.set('sessionId', session.sessionId);
      useCsrfToken(c, sessionCsrfToken(token));
      if (session.renewedUntil !== null) setSessionCookie(c, token, session.renewedUntil);
    } else {
      clearSessionCookie(c);
    }
  }
  await next();
};

/** Pages send an anonymous visitor to sign in (and back afterwards); htmx and writes get 401. */
const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('user')) return next();
  if (c.req.method === 'GET' && !isHtmx(c)) {
    const url = new URL(c.req.url);
    const back = url.pathname + url.search;
    return c.redirect(back === '/' ? '/login' : `/login?next=${encodeURIComponent(back)}`, 303);
  }
  if (isHtmx(c)) {
    // htmx would only show the toast; send the whole page to sign in, and back to where the person was.
    const current = c.req.header('HX-Current-URL');
    let back = '';
    try {
      const url = current ? new URL(current) : undefined;
      if (url && url.host === new URL(c.req.url).host)
        back = safeNextPath(url.pathname + url.search);
    } catch {
      // Not a URL: no way back.
    }
    c.header(
      'HX-Redirect',
      back && back !== '/' ? `/login?next=${encodeURIComponent(back)}` : '/login',
    );
  }
  throw new HTTPException(401, { message: 'Your session has ended. Sign in again to continue.' });
};

/** A router whose every route needs a signed-in member and a valid CSRF token on writes. */
export function membersOnly(): Hono<AppEnv> {
  return new Hono<AppEnv>().use(requireUser, csrfProtection);
}
