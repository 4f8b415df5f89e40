// Every SQL statement of accounts, workspaces, sessions, invites and the sign-in throttle.
import { writeTransaction, type DB } from '../db/database.js';
import type { Insertable } from 'kysely';
import type { Invite, SessionTable, User } from '../db/tables.js';
import { recordActivity } from '../team/activity.js';

type Executor = DB;

// --- sessions ---------------------------------------------------------------

/**
 * Adds a session and ends the user's oldest ones past `keep`, in one write transaction (two sign-ins
 * at once cannot both leave 21). The new session itself never goes.
 */
export async function insertSessionKeepingNewest(
  db: Executor,
  session: Insertable<SessionTable>,
  keep: number,
): Promise<void> {
  await writeTransaction(db, async (trx) => {
    await trx.insertInto('sessions').values(session).execute();
    const older = await trx
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', session.user_id)
      .where('id', '!=', session.id)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    const excess = older.slice(keep - 1).map((row) => row.id);
    if (excess.length) await trx.deleteFrom('sessions').where('id', 'in', excess).execute();
  });
}

/** Moves a session's expiry and/or notes when and from where it was last seen. */
export async function touchSession(
  db: Executor,
  sessionId: string,
  changes: { expires_at?: number; last_seen_at?: number; address?: string },
): Promise<void> {
  await db.updateTable('sessions').set(changes).where('id', '=', sessionId).execute();
}

/** A person's sessions for the sessions list, most recently seen first. */
export function listUserSessions(db: Executor, userId: number) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'address', 'user_agent'])
    .where('user_id', '=', userId)
    .orderBy('last_seen_at', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Ends one session, only if it is this user's. */
export async function deleteUserSession(
  db: Executor,
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

export function findSessionWithUser(db: Executor, sessionId: string) {
  return (
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .innerJoin('workspaces', 'workspaces.id', 'users.workspace_id')
      .select([
        'sessions.expires_at',
        'sessions.last_seen_at',
        'sessions.user_id',
        'users.name',
        'users.email',
        'users.role',
        'users.workspace_id',
        'users.single_key_shortcuts',
        'workspaces.name as workspace_name',
      ])
      .where('sessions.id', '=', sessionId)
      // A former member's sessions are deleted when they go; this keeps any straggler out too.
      .where('users.deactivated_at', 'is', null)
      .executeTakeFirst()
  );
}

export async function deleteSession(db: Executor, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user, except optionally the one in use. */
export async function deleteUserSessions(
  db: Executor,
  userId: number,
  exceptSessionId?: string,
): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}

export async function purgeExpiredSessions(db: Executor, now: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// --- users and workspaces ---------------------------------------------------

/** The active account with this email (a former member's row keeps its email but cannot sign in). */
export function findUserByEmail(db: Executor, email: string): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.toLowerCase())
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
}

export function findUserById(db: Executor, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function createWorkspaceWithOwner(
  db: Executor,
  input: { workspaceName: string; name: string; email: string; passwordHash: string; now: string },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const workspace = await trx
      .insertInto('workspaces')
      .values({ name: input.workspaceName, created_at: input.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const user = await trx
      .insertInto('users')
      .values({
        workspace_id: workspace.id,
        email: input.email.toLowerCase(),
        name: input.name,
        password_hash: input.passwordHash,
        role: 'owner',
        created_at: input.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordActivity(trx, {
      workspaceId: workspace.id,
      actorId: user.id,
      action: 'team.created',
      at: Date.parse(input.now),
    });
    return user.id;
  });
}

export async function updatePasswordHash(
  db: Executor,
  userId: number,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('id', '=', userId)
    .execute();
}

export async function setSingleKeyShortcuts(
  db: Executor,
  userId: number,
  on: boolean,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ single_key_shortcuts: on ? 1 : 0 })
    .where('id', '=', userId)
    .execute();
}

export function listMembers(db: Executor, workspaceId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('deactivated_at', 'is', null)
    .orderBy('role', 'desc') // owner before member
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** People who were members: they left, were removed or deleted their account. Most recent first. */
export function listFormerMembers(db: Executor, workspaceId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'deactivated_at'])
    .where('workspace_id', '=', workspaceId)
    .where('deactivated_at', 'is not', null)
    .orderBy('deactivated_at', 'desc')
    .orderBy('id', 'desc')
    .execute() as Promise<{ id: number; name: string; deactivated_at: string }[]>;
}

/** An active member (not the owner) of the given workspace, or undefined. */
export function findMember(db: Executor, workspaceId: number, userId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('id', '=', userId)
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'member')
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Deactivates a member (never the owner) of the given workspace and ends their sessions. The row stays,
 * so the customers they added or changed still name them (as a former member); nothing cascades. The
 * sessions go only once the member is deactivated: an owner's own id or another workspace's member
 * must not lose theirs.
 */
export async function removeMember(
  db: Executor,
  actor: { workspaceId: number; userId: number; now: number },
  userId: number,
): Promise<boolean> {
  return writeTransaction(db, async (trx) => {
    const result = await trx
      .updateTable('users')
      .set({ deactivated_at: new Date(actor.now).toISOString() })
      .where('id', '=', userId)
      .where('workspace_id', '=', actor.workspaceId)
      .where('role', '=', 'member')
      .where('deactivated_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await trx.deleteFrom('password_resets').where('user_id', '=', userId).execute();
    await recordActivity(trx, {
      workspaceId: actor.workspaceId,
      actorId: actor.userId,
      action: 'member.removed',
      subjectId: userId,
      at: actor.now,
    });
    return true;
  });
}

// --- invites ----------------------------------------------------------------

export async function insertInvite(
  db: Executor,
  invite: {
    workspace_id: number;
    token_hash: string;
    created_by: number;
    created_at: string;
    expires_at: string;
  },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('invites')
      .values(invite)
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordActivity(trx, {
      workspaceId: invite.workspace_id,
      actorId: invite.created_by,
      action: 'invite.created',
      details: { invite: row.id },
      at: Date.parse(invite.created_at),
    });
    return row.id;
  });
}

/** Invites still waiting to be used: not used, not revoked, not expired. */
export function listOpenInvites(db: Executor, workspaceId: number, nowIso: string) {
  return db
    .selectFrom('invites')
    .innerJoin('users', 'users.id', 'invites.created_by')
    .select([
      'invites.id',
      'invites.created_at',
      'invites.expires_at',
      'users.name as created_by_name',
    ])
    .where('invites.workspace_id', '=', workspaceId)
    .where('invites.used_at', 'is', null)
    .where('invites.revoked_at', 'is', null)
    .where('invites.expires_at', '>', nowIso)
    .orderBy('invites.created_at', 'desc')
    .orderBy('invites.id', 'desc')
    .execute();
}

export function findOpenInviteByHash(db: Executor, tokenHash: string, nowIso: string) {
  return db
    .selectFrom('invites')
    .innerJoin('workspaces', 'workspaces.id', 'invites.workspace_id')
    .select(['invites.id', 'invites.workspace_id', 'workspaces.name as workspace_name'])
    .where('invites.token_hash', '=', tokenHash)
    .where('invites.used_at', 'is', null)
    .where('invites.revoked_at', 'is', null)
    .where('invites.expires_at', '>', nowIso)
    .executeTakeFirst();
}

export async function revokeInvite(
  db: Executor,
  actor: { workspaceId: number; userId: number; now: number },
  inviteId: number,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('invites')
      .set({ revoked_at: new Date(actor.now).toISOString() })
      .where('id', '=', inviteId)
      .where('workspace_id', '=', actor.workspaceId)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await recordActivity(trx, {
      workspaceId: actor.workspaceId,
      actorId: actor.userId,
      action: 'invite.revoked',
      details: { invite: inviteId },
      at: actor.now,
    });
    return true;
  });
}

/**
 * Creates the member and spends the invite in one transaction. The invite is claimed with a
 * conditional update first, so two people racing for one link cannot both join.
 */
export async function joinWorkspaceWithInvite(
  db: Executor,
  input: { tokenHash: string; name: string; email: string; passwordHash: string; now: string },
): Promise<number | null> {
  return writeTransaction(db, async (trx) => {
    const invite: Pick<Invite, 'id' | 'workspace_id'> | undefined = await trx
      .selectFrom('invites')
      .select(['id', 'workspace_id'])
      .where('token_hash', '=', input.tokenHash)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', input.now)
      .executeTakeFirst();
    if (!invite) return null;
    const claimed = await trx
      .updateTable('invites')
      .set({ used_at: input.now })
      .where('id', '=', invite.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return null;
    const user = await trx
      .insertInto('users')
      .values({
        workspace_id: invite.workspace_id,
        email: input.email.toLowerCase(),
        name: input.name,
        password_hash: input.passwordHash,
        role: 'member',
        created_at: input.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('invites')
      .set({ used_by: user.id })
      .where('id', '=', invite.id)
      .execute();
    await recordActivity(trx, {
      workspaceId: invite.workspace_id,
      actorId: user.id,
      action: 'member.joined',
      subjectId: user.id,
      details: { invite: invite.id },
      at: Date.parse(input.now),
    });
    return user.id;
  });
}

// --- sign-in and registration throttles (auth/throttle.ts) ---------------------

export async function recordFailedLogin(
  db: Executor,
  email: string,
  addressKey: string,
  now: number,
): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({ email: email.toLowerCase(), ip: addressKey, attempted_at: now })
    .execute();
}

/** Recent failures for this email from this address, from this address for any email, and for this email from anywhere. */
export async function countRecentFailures(
  db: Executor,
  email: string,
  addressKey: string,
  since: number,
) {
  const lower = email.toLowerCase();
  const stats = (where: { email?: string; ip?: string }) => {
    let query = db
      .selectFrom('login_attempts')
      .select((eb) => [
        eb.fn.countAll<number>().as('count'),
        eb.fn.min('attempted_at').as('oldest'),
        eb.fn.max('attempted_at').as('last'),
      ])
      .where('attempted_at', '>', since);
    if (where.email !== undefined) query = query.where('email', '=', where.email);
    if (where.ip !== undefined) query = query.where('ip', '=', where.ip);
    return query.executeTakeFirstOrThrow().then((row) => ({
      count: Number(row.count),
      oldest: row.oldest === null ? null : Number(row.oldest),
      last: row.last === null ? null : Number(row.last),
    }));
  };
  const [pair, address, byEmail] = await Promise.all([
    stats({ email: lower, ip: addressKey }),
    stats({ ip: addressKey }),
    stats({ email: lower }),
  ]);
  return { pair, address, email: byEmail };
}

export async function clearFailedLogins(
  db: Executor,
  email: string,
  addressKey: string,
): Promise<void> {
  await db
    .deleteFrom('login_attempts')
    .where('email', '=', email.toLowerCase())
    .where('ip', '=', addressKey)
    .execute();
}

export async function purgeOldLoginAttempts(db: Executor, before: number): Promise<void> {
  await db.deleteFrom('login_attempts').where('attempted_at', '<=', before).execute();
}

export async function recordRegistration(
  db: Executor,
  addressKey: string,
  now: number,
): Promise<void> {
  await db.insertInto('register_attempts').values({ ip: addressKey, attempted_at: now }).execute();
}

export async function countRecentRegistrations(db: Executor, addressKey: string, since: number) {
  const row = await db
    .selectFrom('register_attempts')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('attempted_at').as('oldest')])
    .where('ip', '=', addressKey)
    .where('attempted_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: row.oldest === null ? null : Number(row.oldest) };
}

export async function purgeOldRegistrations(db: Executor, before: number): Promise<void> {
  await db.deleteFrom('register_attempts').where('attempted_at', '<=', before).execute();
}
