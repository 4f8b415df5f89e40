// Every SQL statement of a person's own account settings: their name, password, keyboard setting and
// the list of their sessions.
import { writeTransaction, type DB } from '../db/database.js';
import { compiledOnce } from '../db/compiled.js';
import { recordActivity } from '../team/activity.js';
import type { Actor } from '../team/queries.js';

export async function renameSelf(db: DB, actor: Actor, name: string): Promise<void> {
  await writeTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('users')
      .select('name')
      .where('id', '=', actor.userId)
      .executeTakeFirstOrThrow();
    if (before.name === name) return;
    await trx.updateTable('users').set({ name }).where('id', '=', actor.userId).execute();
    await recordActivity(trx, {
      workspaceId: actor.workspaceId,
      actorId: actor.userId,
      action: 'member.renamed',
      subjectId: actor.userId,
      details: { from: before.name, to: name },
      at: actor.now,
    });
  });
}

export async function updatePasswordHash(
  db: DB,
  userId: number,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('id', '=', userId)
    .execute();
}

export async function setSingleKeyShortcuts(db: DB, userId: number, on: boolean): Promise<void> {
  await db
    .updateTable('users')
    .set({ single_key_shortcuts: on ? 1 : 0 })
    .where('id', '=', userId)
    .execute();
}

export async function setTimeZone(db: DB, userId: number, zone: string): Promise<void> {
  await db.updateTable('users').set({ time_zone: zone }).where('id', '=', userId).execute();
}

/** A person's sessions for the sessions list, most recently seen first: compiled once (every view of the Account page reads it). */
export const listUserSessions = compiledOnce((db: DB, userId: number) =>
  db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'address', 'user_agent'])
    .where('user_id', '=', userId)
    .orderBy('last_seen_at', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id'),
);

/** Ends one session, only if it is this user's. */
export async function deleteUserSession(
  db: DB,
  userId: number,
  sessionId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('sessions')
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Ends every session of a user, except optionally the one in use. */
export async function deleteUserSessions(
  db: DB,
  userId: number,
  exceptSessionId?: string,
): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}
