// Folio's cookies: HttpOnly, SameSite=Lax, Path=/, and over https Secure with the __Host- prefix (so a
// sibling subdomain or a plain-http page cannot plant or overwrite them). Plain http (a laptop on
// http://127.0.0.1:8000) keeps the bare names, or the browser would refuse the cookies.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './env.js';
import { overHttps } from './origin.js';

const EVERY_COOKIE = { path: '/', httpOnly: true, sameSite: 'Lax' } as const;

function options(c: Context<AppEnv>) {
  return overHttps(c) ? ({ ...EVERY_COOKIE, secure: true, prefix: 'host' } as const) : EVERY_COOKIE;
}

export function readCookie(c: Context<AppEnv>, name: string): string | undefined {
  return getCookie(c, name, overHttps(c) ? 'host' : undefined);
}

export function writeCookie(
  c: Context<AppEnv>,
  name: string,
  value: string,
  lifetime: { expires?: Date; maxAge?: number } = {},
): void {
  setCookie(c, name, value, { ...options(c), ...lifetime });
}

export function clearCookie(c: Context<AppEnv>, name: string): void {
  deleteCookie(c, name, options(c));
}
