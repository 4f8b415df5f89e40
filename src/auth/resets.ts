// One-time password reset links: made by a team owner for a member, or by an operator from the command
// line; valid for an hour, used once. Only the token's hash is stored, as with invites and sessions.
import { writeTransaction, type DB } from '../db/database.js';
import { recordActivity } from '../team/activity.js';
import { generateToken, tokenHash } from './sessions.js';

const RESET_LIFETIME = 60 * 60 * 1000;

/**
 * Makes a reset link's token for an active user of the workspace; any older open link of theirs stops
 * working (the newest one is the one that was sent). `createdBy` null means an operator. Returns the
 * token (shown once, never stored), or null when there is no such active user.
 */
export async function createPasswordReset(
  db: DB,
  input: { workspaceId: number; userId: number; createdBy: number | null; now: number },
): Promise<string | null> {
  const token = generateToken();
  const created = await writeTransaction(db, async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select('id')
      .where('id', '=', input.userId)
      .where('workspace_id', '=', input.workspaceId)
      .where('deactivated_at', 'is', null)
      .executeTakeFirst();
    if (!user) return false;
    await trx
      .deleteFrom('password_resets')
      .where('user_id', '=', input.userId)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .insertInto('password_resets')
      .values({
        workspace_id: input.workspaceId,
        user_id: input.userId,
        token_hash: tokenHash(token),
        created_by: input.createdBy,
        created_at: new Date(input.now).toISOString(),
        expires_at: new Date(input.now + RESET_LIFETIME).toISOString(),
      })
      .execute();
    await recordActivity(trx, {
      workspaceId: input.workspaceId,
      actorId: input.createdBy,
      action: 'reset.created',
      subjectId: input.userId,
      at: input.now,
    });
    return true;
  });
  return created ? token : null;
}

/** The person an open (unused, unexpired) reset link is for, or undefined. */
export function findOpenReset(db: DB, token: string, now: number) {
  return db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select(['password_resets.id', 'users.id as user_id', 'users.name', 'users.email'])
    .where('password_resets.token_hash', '=', tokenHash(token))
    .where('password_resets.used_at', 'is', null)
    .where('password_resets.expires_at', '>', new Date(now).toISOString())
    .where('users.deactivated_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Spends the link and sets the new password, ending every session of that person, in one transaction.
 * The link is claimed with a conditional update, so two uses racing cannot both succeed. Returns the
 * user's id, or null when the link is no longer open.
 */
export async function usePasswordReset(
  db: DB,
  token: string,
  passwordHash: string,
  now: number,
): Promise<number | null> {
  return writeTransaction(db, async (trx) => {
    const reset = await findOpenReset(trx, token, now);
    if (!reset) return null;
    const claimed = await trx
      .updateTable('password_resets')
      .set({ used_at: new Date(now).toISOString() })
      .where('id', '=', reset.id)
      .where('used_at', 'is', null)
      .returning('workspace_id')
      .executeTakeFirst();
    if (!claimed) return null;
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('id', '=', reset.user_id)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', reset.user_id).execute();
    await recordActivity(trx, {
      workspaceId: claimed.workspace_id,
      actorId: reset.user_id,
      action: 'reset.used',
      subjectId: reset.user_id,
      at: now,
    });
    return reset.user_id;
  });
}
