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

/** The :id of the URL; anything but a plain number is simply not found. */
export function idParam(c: Context<AppEnv>): number {
  const raw = c.req.param('id') ?? '';
  if (!/^\d{1,15}$/.test(raw)) throw new HTTPException(404);
  return Number(raw);
}

/** Who is acting and when, as queries that write (and log) take it. */
export function actorOf(
  c: Context<AppEnv>,
  user: SignedInUser,
): { workspaceId: number; userId: number; now: number } {
  return { workspaceId: user.workspaceId, userId: user.id, now: c.get('deps').now() };
}
