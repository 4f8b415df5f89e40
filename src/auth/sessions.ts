// Sessions as the Lucia guide describes them: a random token in the cookie, only its SHA-256 stored,
// sliding expiry. https://lucia-auth.com/sessions/basic
import type { Context } from 'hono';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { DB } from '../db/database.js';
import type { AppEnv, SignedInUser } from '../http/env.js';
import { sessionCsrfToken, useCsrfToken } from '../http/csrf.js';
import { clearCookie, readCookie, writeCookie } from '../http/cookies.js';
import * as queries from './queries.js';

export const SESSION_COOKIE = 'folio_session';
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME = 30 * DAY;

/** A random secret for a cookie or a link: 20 bytes, base32 (sessions and invites). */
export function generateToken(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

/** What the database keeps of a token: its SHA-256 in hex (session ids, invite hashes). */
export function tokenHash(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export const sessionIdOf = tokenHash;

export async function createSession(db: DB, userId: number, now: number): Promise<{ token: string; expiresAt: number }> {
  const token = generateToken();
  const expiresAt = now + SESSION_LIFETIME;
  await queries.insertSession(db, {
    id: sessionIdOf(token),
    user_id: userId,
    expires_at: expiresAt,
    created_at: new Date(now).toISOString(),
  });
  return { token, expiresAt };
}

export interface ValidSession {
  sessionId: string;
  user: SignedInUser;
  /** Set when the expiry moved, so the cookie must be sent again. */
  renewedUntil: number | null;
}

/** The session for a cookie token, or null; deletes it when expired and extends it past its half-life. */
export async function validateSessionToken(db: DB, token: string, now: number): Promise<ValidSession | null> {
  const sessionId = sessionIdOf(token);
  const row = await queries.findSessionWithUser(db, sessionId);
  if (!row) return null;
  if (now >= Number(row.expires_at)) {
    await queries.deleteSession(db, sessionId);
    return null;
  }
  let renewedUntil: number | null = null;
  if (now >= Number(row.expires_at) - SESSION_LIFETIME / 2) {
    renewedUntil = now + SESSION_LIFETIME;
    await queries.extendSession(db, sessionId, renewedUntil);
  }
  const user: SignedInUser = {
    id: row.user_id,
    name: row.name,
    email: row.email,
    role: row.role,
    workspaceId: row.workspace_id,
    workspaceName: row.workspace_name,
    singleKeyShortcuts: row.single_key_shortcuts !== 0,
  };
  return { sessionId, user, renewedUntil };
}

/**
 * Signs the browser in as this user with a fresh session (never one from before: no fixation), and
 * the CSRF token that goes with it.
 */
export async function startSession(c: Context<AppEnv>, userId: number): Promise<void> {
  const { db, now } = c.var.deps;
  if (c.var.sessionId) await queries.deleteSession(db, c.var.sessionId);
  const session = await createSession(db, userId, now());
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
