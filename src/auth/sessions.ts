// Sessions in the design of Lucia's first sessions guide: a random token in the cookie, its SHA-256 as
// the session's id in the database, a 30-day expiry extended once half of it is gone. That guide,
// https://github.com/lucia-auth/lucia/blob/591ae81c71ce616c6d007ee25002c9b14b509471/pages/sessions/basic-api/sqlite.md,
// was replaced in June 2025 by an id plus a separately hashed secret, and lucia-auth.com now points to
// one file, https://github.com/lucia-auth/lucia/blob/main/code/auth_session.ts. The first design stays:
// timing the lookup by hash can reveal only hash prefixes, which lead to no token.
import type { Context } from 'hono';
import { createHash } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { DB } from '../db/database.js';
import type { AppEnv, SignedInUser } from '../http/env.js';
import { sessionCsrfToken, useCsrfToken } from '../http/csrf.js';
import { clearCookie, readCookie, writeCookie } from '../http/cookies.js';
import * as queries from './queries.js';
import { clientAddress } from './throttle.js';

const SESSION_COOKIE = 'folio_session';
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME = 30 * DAY;
/** A person's signed-in sessions at most; a new sign-in ends the oldest past this. */
const MAX_SESSIONS_PER_USER = 20;
/** "Last seen" is written at most this often, never on every request (a write per page view). */
const LAST_SEEN_EVERY = 5 * 60 * 1000;

/** A random secret for a cookie or a link: 20 bytes, base32 (sessions and invites). */
export function generateToken(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

/** What the database keeps of a token: its SHA-256 in hex (session ids, invite hashes). */
export function tokenHash(token: string): string {
  // node:crypto's native SHA-256: the same hex as @oslojs/crypto's, read on every signed-in request.
  return createHash('sha256').update(token).digest('hex');
}

export const sessionIdOf = tokenHash;

/** Where a session was signed in from, for the sessions list. */
interface SessionDevice {
  address: string;
  userAgent: string;
}

async function createSession(
  db: DB,
  userId: number,
  now: number,
  device: SessionDevice,
): Promise<{ token: string; expiresAt: number }> {
  const token = generateToken();
  const expiresAt = now + SESSION_LIFETIME;
  await queries.insertSessionKeepingNewest(
    db,
    {
      id: sessionIdOf(token),
      user_id: userId,
      expires_at: expiresAt,
      created_at: new Date(now).toISOString(),
      last_seen_at: now,
      address: device.address.slice(0, 64),
      user_agent: device.userAgent.slice(0, 500),
    },
    MAX_SESSIONS_PER_USER,
  );
  return { token, expiresAt };
}

interface ValidSession {
  sessionId: string;
  user: SignedInUser;
  /** Set when the expiry moved, so the cookie must be sent again. */
  renewedUntil: number | null;
}

/**
 * The session for a cookie token, or null; deletes it when expired, extends it past its half-life, and
 * notes when and from where it was last seen when that is older than LAST_SEEN_EVERY.
 */
export async function validateSessionToken(
  db: DB,
  token: string,
  now: number,
  address: string,
): Promise<ValidSession | null> {
  const sessionId = sessionIdOf(token);
  const row = await queries.findSessionWithUser(db, sessionId);
  if (!row) return null;
  if (now >= Number(row.expires_at)) {
    await queries.deleteSession(db, sessionId);
    return null;
  }
  let renewedUntil: number | null = null;
  if (now >= Number(row.expires_at) - SESSION_LIFETIME / 2) renewedUntil = now + SESSION_LIFETIME;
  const lastSeen = row.last_seen_at === null ? null : Number(row.last_seen_at);
  const seen = lastSeen === null || now - lastSeen >= LAST_SEEN_EVERY;
  if (renewedUntil !== null || seen) {
    await queries.touchSession(db, sessionId, {
      ...(renewedUntil !== null ? { expires_at: renewedUntil } : {}),
      ...(seen ? { last_seen_at: now, address: address.slice(0, 64) } : {}),
    });
  }
  const user: SignedInUser = {
    id: row.user_id,
    name: row.name,
    email: row.email,
    role: row.role,
    workspaceId: row.workspace_id,
    workspaceName: row.workspace_name,
    singleKeyShortcuts: row.single_key_shortcuts !== 0,
    timeZone: row.time_zone,
  };
  return { sessionId, user, renewedUntil };
}

/**
 * Signs the browser in as this user with a fresh session (never one from before: no fixation), and
 * the CSRF token that goes with it.
 */
export async function startSession(c: Context<AppEnv>, userId: number): Promise<void> {
  const { db, now } = c.get('deps');
  const previous = c.get('sessionId');
  if (previous) await queries.deleteSession(db, previous);
  const session = await createSession(db, userId, now(), {
    address: clientAddress(c),
    userAgent: c.req.header('User-Agent') ?? '',
  });
  setSessionCookie(c, session.token, session.expiresAt);
  useCsrfToken(c, sessionCsrfToken(session.token));
}

export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: number): void {
  writeCookie(c, SESSION_COOKIE, token, { expires: new Date(expiresAt) });
}

export function readSessionCookie(c: Context<AppEnv>): string | undefined {
  return readCookie(c, SESSION_COOKIE);
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  clearCookie(c, SESSION_COOKIE);
}
