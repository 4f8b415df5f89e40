// After a person's account is closed (they left, deleted it, or deleted their team): this browser's
// session cookie and CSRF token go, and they land on the sign-in page with a message.
import type { Context } from 'hono';
import { rotateCsrfToken } from '../http/csrf.js';
import type { AppEnv } from '../http/env.js';
import { setFlash } from '../http/flash.js';
import { clearSessionCookie } from './sessions.js';

export function signedOutWith(c: Context<AppEnv>, text: string) {
  clearSessionCookie(c);
  rotateCsrfToken(c);
  setFlash(c, { kind: 'info', text });
  return c.redirect('/login', 303);
}
