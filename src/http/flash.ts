// One-shot messages that survive a Post/Redirect/Get: set before the redirect, shown once after it.
// The cookie is signed (HMAC-SHA256) and bound to the browser's CSRF token: a cookie planted by someone
// else, or copied from another browser, is dropped unread (it could show any text, with a button that
// posts the victim's real CSRF token to a path of the planter's choosing).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from './env.js';
import { clearCookie, readCookie, writeCookie } from './cookies.js';
import { derivedKey } from './secret-key.js';

const COOKIE = 'folio_flash';

const FlashSchema = v.object({
  kind: v.picklist(['success', 'error', 'info']),
  text: v.pipe(v.string(), v.maxLength(500)),
  /** A link to copy, such as a new invite link; shown in a read-only field. */
  link: v.optional(v.pipe(v.string(), v.url(), v.maxLength(500))),
  /** An optional follow-up, such as Restore after a delete: a POST to a local path. */
  action: v.optional(
    v.object({
      label: v.pipe(v.string(), v.maxLength(40)),
      url: v.pipe(v.string(), v.regex(/^\/[^/\\]/, 'must be a local path'), v.maxLength(200)),
    }),
  ),
});

export type Flash = v.InferOutput<typeof FlashSchema>;

function signature(key: Buffer, csrfToken: string, payload: string): string {
  return createHmac('sha256', key).update(`${csrfToken}\n${payload}`).digest('base64url');
}

/** The cookie value for a flash: payload.signature, signed for this browser's CSRF token. */
export function signFlash(key: Buffer, csrfToken: string, flash: Flash): string {
  const payload = Buffer.from(JSON.stringify(flash)).toString('base64url');
  return `${payload}.${signature(key, csrfToken, payload)}`;
}

/** The flash in a cookie value, or null when it is malformed or not signed for this browser. */
function readFlash(key: Buffer, csrfToken: string, value: string): Flash | null {
  const [payload, mac, ...rest] = value.split('.');
  if (!payload || !mac || rest.length) return null;
  const expected = Buffer.from(signature(key, csrfToken, payload));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed = v.safeParse(
      FlashSchema,
      JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
    );
    return parsed.success ? parsed.output : null;
  } catch {
    return null; // Signed by us, so not expected; still never shown.
  }
}

/** Sets the flash for the next page; call it after any sign-in or sign-out (it binds to the new CSRF token). */
export function setFlash(c: Context<AppEnv>, flash: Flash): void {
  writeCookie(c, COOKIE, signFlash(c.get('flashKey'), c.get('csrfToken'), flash), { maxAge: 60 });
}

// Derived once per secret, not per request.
const keys = new Map<string, Buffer>();
function flashKey(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = derivedKey(secret, 'flash-cookie')));
  return key;
}

/** Reads and clears the flash cookie; one that is malformed or not signed for this browser is dropped, never shown. */
export const flashMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = flashKey(await c.get('deps').secretKey());
  c.set('flashKey', key);
  c.set('flash', null);
  const raw = readCookie(c, COOKIE);
  if (raw !== undefined) {
    clearCookie(c, COOKIE);
    c.set('flash', readFlash(key, c.get('csrfToken'), raw));
  }
  await next();
};
