// Throttles for guessing passwords and for signing up, counted in the database so every process and
// instance sees the same numbers, and claimed in one write transaction so parallel requests are
// counted one after another (none slips past a limit while the slow password check of others runs).
//
// Signing in (15-minute window):
// - 5 failures for one email from one address refuse that pair: a guesser is stopped, the owner elsewhere is not.
// - 20 failures from one address, across emails, refuse the address (spraying many accounts).
// - An email with 10 or more failures is under attack from many addresses: an address that has already
//   failed for it must wait between guesses, one second per failure past the ninth, up to a minute,
//   counted from the email's last failure. That slows a botnet to a guess a minute after each address's
//   first; an address that has not failed for the email (the owner's) is not held back, so the owner
//   is never locked out by someone who only knows the email.
// Addresses are counted per IPv4 address and per IPv6 /64 (what one customer line usually gets).
import { isIPv4, isIPv6 } from 'node:net';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env.js';
import { writeTransaction, type DB } from '../db/database.js';
import * as queries from './queries.js';

export const THROTTLE_WINDOW = 15 * 60 * 1000;
const MAX_FAILURES_PER_PAIR = 5;
const MAX_FAILURES_PER_ADDRESS = 20;
const UNDER_ATTACK_FAILURES = 10;
const MAX_ATTACK_GAP = 60 * 1000;

export const REGISTER_WINDOW = 60 * 60 * 1000;
const MAX_REGISTRATIONS_PER_ADDRESS = 10;

function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
}

/** The wait between guesses from failing addresses on an email under attack, given its failures. */
function attackGap(emailFailures: number): number {
  if (emailFailures < UNDER_ATTACK_FAILURES) return 0;
  return Math.min(MAX_ATTACK_GAP, (emailFailures - UNDER_ATTACK_FAILURES + 1) * 1000);
}

interface Claim {
  /** Seconds to wait when refused; null when the attempt may go ahead. */
  wait: number | null;
}

/**
 * Checks the limits and, when the attempt may go ahead, records it as a failure, in one write
 * transaction. A successful sign-in takes it back with forgiveSignIn(). `slowWhenUnderAttack: false`
 * leaves out the per-email slow-down: the password-change form is reached only from a signed-in
 * session, so outsiders guessing at the sign-in form must not hold the owner back there.
 */
export function claimSignInAttempt(
  db: DB,
  email: string,
  address: string,
  now: number,
  { slowWhenUnderAttack = true }: { slowWhenUnderAttack?: boolean } = {},
): Promise<Claim> {
  const key = addressKey(address);
  return writeTransaction(db, async (trx) => {
    const counts = await queries.countRecentFailures(trx, email, key, now - THROTTLE_WINDOW);
    const waits: number[] = [];
    if (counts.pair.count >= MAX_FAILURES_PER_PAIR)
      waits.push(counts.pair.oldest! + THROTTLE_WINDOW);
    if (counts.address.count >= MAX_FAILURES_PER_ADDRESS)
      waits.push(counts.address.oldest! + THROTTLE_WINDOW);
    const gap = attackGap(counts.email.count);
    if (slowWhenUnderAttack && gap > 0 && counts.pair.count > 0 && counts.email.last! + gap > now)
      waits.push(counts.email.last! + gap);
    if (waits.length) return { wait: secondsUntil(Math.max(...waits), now) };
    await queries.recordFailedLogin(trx, email, key, now);
    return { wait: null };
  });
}

/** A correct password: this address's failures for this email are forgiven (others' stay counted). */
export function forgiveSignIn(db: DB, email: string, address: string): Promise<void> {
  return queries.clearFailedLogins(db, email, addressKey(address));
}

/** Counts a sign-up attempt from this address, or says how long to wait: the same claim, per address. */
export function claimRegistration(db: DB, address: string, now: number): Promise<Claim> {
  const key = addressKey(address);
  return writeTransaction(db, async (trx) => {
    const recent = await queries.countRecentRegistrations(trx, key, now - REGISTER_WINDOW);
    if (recent.count >= MAX_REGISTRATIONS_PER_ADDRESS)
      return { wait: secondsUntil(recent.oldest! + REGISTER_WINDOW, now) };
    await queries.recordRegistration(trx, key, now);
    return { wait: null };
  });
}

/** "Wait 3 minutes" / "Wait 40 seconds", for a Retry-After in seconds. */
export function waitPhrase(seconds: number): string {
  if (seconds < 60) return `Wait ${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `Wait ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** The 8 groups of an IPv6 address, or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  if (!isIPv6(address)) return null;
  let text = address.replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text =
      text.slice(0, -v4[1]!.length) +
      `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const front = part(head);
  const back = part(tail);
  return tail === undefined
    ? front
    : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/** What the throttles count: an IPv4 address (also when IPv4-mapped), an IPv6 address's /64. */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(address)) return address;
  const groups = ipv6Groups(address);
  if (groups)
    return `${groups
      .slice(0, 4)
      .map((g) => g.toString(16))
      .join(':')}::/64`;
  return address.slice(0, 64);
}

/**
 * The client's address: the socket's, or, when TRUST_PROXY says so, the last X-Forwarded-For entry:
 * the one our proxy added. Entries before it came from the client and prove nothing.
 */
export function clientAddress(c: Context<AppEnv>): string {
  if (c.get('deps').config.trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
