// CSRF defence: a same-origin check plus a token. A signed-in member's token is derived from their
// session token (so it is per session and cannot be planted); a visitor's comes from a random cookie.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { encodeBase64urlNoPadding } from '@oslojs/encoding';
import type { AppEnv } from './env.js';
import { publicOrigin } from './origin.js';
import { readCookie, writeCookie } from './cookies.js';

const COOKIE = 'folio_csrf';
export const CSRF_FIELD = '_csrf';
const CSRF_HEADER = 'X-CSRF-Token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Random bytes for visitors' tokens, drawn 4 KB at a time: one call into OpenSSL costs 4-5 µs here
// whatever its size, and a visitor without a token is every first page of a browser (or client)
// with no cookies. Node's randomUUID keeps such a pool for the same reason.
const TOKEN_BYTES = 32;
const randomPool = new Uint8Array(TOKEN_BYTES * 128);
let poolAt = randomPool.length;

function newToken(): string {
  if (poolAt === randomPool.length) {
    crypto.getRandomValues(randomPool);
    poolAt = 0;
  }
  // Encoded at once, before the pool is drawn from again: no two tokens share a byte.
  return encodeBase64urlNoPadding(randomPool.subarray(poolAt, (poolAt += TOKEN_BYTES)));
}

/** The token of a signed-in session: one-way from the session token, which only the browser holds. */
export function sessionCsrfToken(sessionToken: string): string {
  // node:crypto's native SHA-256: the same bytes as @oslojs/crypto's, a fraction of the CPU.
  return createHash('sha256').update(`folio-csrf:${sessionToken}`).digest('base64url');
}

/** Uses this token for the request's pages; the cookie mirrors it (re-sent only when it changes). */
export function useCsrfToken(c: Context<AppEnv>, token: string): void {
  if (readCookie(c, COOKIE) !== token) writeCookie(c, COOKIE, token);
  c.set('csrfToken', token);
}

/** After sign-out: a fresh visitor token, so nothing shown to the session works afterwards. */
export function rotateCsrfToken(c: Context<AppEnv>): void {
  useCsrfToken(c, newToken());
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function crossSite(c: Context<AppEnv>): boolean {
  const site = c.req.header('Sec-Fetch-Site');
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = c.req.header('Origin');
  if (!origin) return false;
  try {
    return new URL(origin).host !== publicOrigin(c).host;
  } catch {
    return true; // "null" or garbage: not us.
  }
}

async function submittedToken(c: Context<AppEnv>): Promise<string | undefined> {
  const header = c.req.header(CSRF_HEADER);
  if (header) return header;
  const type = c.req.header('Content-Type') ?? '';
  // A file upload carries its token in the address: finding it in the body would mean reading the
  // whole file (20 MB) before the handler streams it. Other bodies are small forms.
  if (type.startsWith('multipart/form-data')) return c.req.query(CSRF_FIELD);
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined;
  const body: Record<string, unknown> = await c.req.parseBody({ all: true }).catch(() => ({}));
  const value = body[CSRF_FIELD];
  return typeof value === 'string' ? value : undefined;
}

/** Gives a visitor without a session a token (for forms and htmx headers); the session check set members'. */
export const csrfToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('user')) {
    const existing = readCookie(c, COOKIE);
    if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) c.set('csrfToken', existing);
    else useCsrfToken(c, newToken());
  }
  await next();
};

export const csrfProtection: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) {
    if (crossSite(c)) {
      throw new HTTPException(403, {
        message: 'This request came from another site and was refused.',
      });
    }
    const token = await submittedToken(c);
    // A member's token is their session's (a cookie could be planted); a visitor's is their cookie.
    const expected = c.get('user') ? c.get('csrfToken') : readCookie(c, COOKIE);
    if (!token || !expected || !sameToken(token, expected)) {
      throw new HTTPException(403, {
        message: 'This form has expired or was not sent by Folio. Reload the page and try again.',
      });
    }
  }
  await next();
};
