// One-shot messages that survive a Post/Redirect/Get: set before the redirect, shown once after it.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as v from 'valibot';
import type { AppEnv } from './env.js';

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

export function setFlash(c: Context<AppEnv>, flash: Flash): void {
  setCookie(c, COOKIE, Buffer.from(JSON.stringify(flash)).toString('base64url'), {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.var.deps.config.production,
    maxAge: 60,
  });
}

/** Reads and clears the flash cookie; a malformed one is dropped, never shown. */
export const flashMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const raw = getCookie(c, COOKIE);
  c.set('flash', null);
  if (raw !== undefined) {
    deleteCookie(c, COOKIE, { path: '/' });
    try {
      const parsed = v.safeParse(FlashSchema, JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
      if (parsed.success) c.set('flash', parsed.output);
    } catch {
      // Not JSON: ignore it.
    }
  }
  await next();
};
