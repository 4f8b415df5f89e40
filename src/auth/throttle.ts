// Sign-in throttle: 5 failures per email or 20 per address in 15 minutes, counted in the database so
// every app instance sees the same numbers.
import type { Context } from 'hono';
import type { AppEnv } from '../http/env.js';
import { writeTransaction, type DB } from '../db/database.js';
import * as queries from './queries.js';

export const THROTTLE_WINDOW = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

/** Seconds until another attempt is allowed, or null when it is allowed now. */
export async function retryAfterSeconds(db: DB, email: string, ip: string, now: number): Promise<number | null> {
  const { byEmail, byIp } = await queries.countRecentFailures(db, email, ip, now - THROTTLE_WINDOW);
  const waits: number[] = [];
  if (byEmail.count >= MAX_FAILURES_PER_EMAIL && byEmail.oldest !== null) waits.push(byEmail.oldest + THROTTLE_WINDOW - now);
  if (byIp.count >= MAX_FAILURES_PER_ADDRESS && byIp.oldest !== null) waits.push(byIp.oldest + THROTTLE_WINDOW - now);
  if (waits.length === 0) return null;
  return Math.max(1, Math.ceil(Math.max(...waits) / 1000));
}

/**
 * Checks the limits and, when the attempt may go ahead, records it, in one write transaction: many
 * guesses sent at once are counted one after another, so none slips past the limit while the (slow)
 * password check of the others runs. A successful sign-in clears the email's record.
 * Returns the seconds to wait when refused, or null.
 */
export function claimSignInAttempt(db: DB, email: string, ip: string, now: number): Promise<number | null> {
  return writeTransaction(db, async (trx) => {
    const wait = await retryAfterSeconds(trx, email, ip, now);
    if (wait === null) await queries.recordFailedLogin(trx, email, ip, now);
    return wait;
  });
}

/**
 * The client's address: the socket's, or, when TRUST_PROXY says so, the last X-Forwarded-For entry:
 * the one our proxy added. Entries before it came from the client and prove nothing.
 */
export function clientAddress(c: Context<AppEnv>): string {
  if (c.var.deps.config.trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
