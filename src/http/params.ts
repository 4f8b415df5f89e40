// What every members-only route reads first: the signed-in person, and a numeric :id.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv, SignedInUser } from './env.js';

/** The signed-in person (membersOnly() routers have already turned anyone else away). */
export function signedInUser(c: Context<AppEnv>): SignedInUser {
  const user = c.get('user');
  if (!user) throw new HTTPException(401);
  return user;
}

/**
 * The largest id a row can have: PostgreSQL's serial ids are 32-bit, and a larger number sent to it is
 * an error (a 500), not "no such row".
 */
export const MAX_ID = 2_147_483_647;

/** Whether a text is an id a row could have: plain digits, at most MAX_ID. */
export const isId = (raw: string | undefined): raw is string =>
  raw !== undefined && /^\d{1,10}$/.test(raw) && Number(raw) <= MAX_ID;

/** A numeric parameter of the URL (`:id` unless named); anything but an id a row could have is simply not found. */
export function idParam(c: Context<AppEnv>, name = 'id'): number {
  const raw = c.req.param(name);
  if (!isId(raw)) throw new HTTPException(404);
  return Number(raw);
}

/** Who is acting and when, as queries that write (and log) take it. */
export function actorOf(
  c: Context<AppEnv>,
  user: SignedInUser,
): { workspaceId: number; userId: number; now: number } {
  return { workspaceId: user.workspaceId, userId: user.id, now: c.get('deps').now() };
}
