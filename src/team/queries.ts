// Every SQL statement of the team: its members and invites, its name, handing over ownership, leaving,
// deleting it. Each change and its activity entry are written in one transaction.
import type { ExpressionBuilder } from 'kysely';
import { writeTransaction, type DB } from '../db/database.js';
import type { Database } from '../db/tables.js';
import { recordActivity } from './activity.js';

export interface Actor {
  workspaceId: number;
  userId: number;
  /** Milliseconds since the epoch. */
  now: number;
}

export async function renameTeam(db: DB, actor: Actor, name: string): Promise<void> {
  await writeTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('workspaces')
      .select('name')
      .where('id', '=', actor.workspaceId)
      .executeTakeFirstOrThrow();
    if (before.name === name) return;
    await trx.updateTable('workspaces').set({ name }).where('id', '=', actor.workspaceId).execute();
    await recordActivity(trx, {
      workspaceId: actor.workspaceId,
      actorId: actor.userId,
      action: 'team.renamed',
      details: { from: before.name, to: name },
      at: actor.now,
    });
  });
}

/**
 * The owner hands the team to an active member and becomes a member. Both rows change together or not
 * at all, so a team always has exactly one owner. False when either side no longer qualifies.
 */
export async function transferOwnership(db: DB, actor: Actor, toUserId: number): Promise<boolean> {
  return writeTransaction(db, async (trx) => {
    const promoted = await trx
      .updateTable('users')
      .set({ role: 'owner' })
      .where('id', '=', toUserId)
      .where('workspace_id', '=', actor.workspaceId)
      .where('role', '=', 'member')
      .where('deactivated_at', 'is', null)
      .executeTakeFirst();
    if (Number(promoted.numUpdatedRows) !== 1) return false;
    const stepped = await trx
      .updateTable('users')
      .set({ role: 'member' })
      .where('id', '=', actor.userId)
      .where('workspace_id', '=', actor.workspaceId)
      .where('role', '=', 'owner')
      .executeTakeFirst();
    // Not the owner (any more): undo the promotion by throwing the whole transaction away.
    if (Number(stepped.numUpdatedRows) !== 1) throw new NotOwner();
    await recordActivity(trx, {
      workspaceId: actor.workspaceId,
      actorId: actor.userId,
      action: 'ownership.transferred',
      subjectId: toUserId,
      at: actor.now,
    });
    return true;
  }).catch((error: unknown) => {
    if (error instanceof NotOwner) return false;
    throw error;
  });
}

class NotOwner extends Error {}

/** How many active people the team has: an owner alone deletes the team rather than leaving it. */
export async function countActiveMembers(db: DB, workspaceId: number): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('workspace_id', '=', workspaceId)
    .where('deactivated_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Why this person cannot leave the team or delete their account, or undefined when they can: an owner
 * hands the team over first, or, alone, deletes the team.
 */
export async function ownerBlock(
  db: DB,
  user: { role: 'owner' | 'member'; workspaceId: number },
): Promise<{ alone: boolean } | undefined> {
  if (user.role !== 'owner') return undefined;
  return { alone: (await countActiveMembers(db, user.workspaceId)) === 1 };
}

/**
 * Ends a member's membership: the row stays (customers keep naming them, as a former member), their
 * sessions and reset links go. `erase` also forgets their email and password (deleting the account).
 * Owners cannot: they hand the team over first. False when the person is not an active member.
 */
export async function deactivateSelf(
  db: DB,
  actor: Actor,
  how: 'member.left' | 'account.deleted',
): Promise<boolean> {
  return writeTransaction(db, async (trx) => {
    const erase =
      how === 'account.deleted'
        ? { email: `deleted-${actor.userId}@invalid`, password_hash: '!' }
        : {};
    const result = await trx
      .updateTable('users')
      .set({ deactivated_at: new Date(actor.now).toISOString(), ...erase })
      .where('id', '=', actor.userId)
      .where('workspace_id', '=', actor.workspaceId)
      .where('role', '=', 'member')
      .where('deactivated_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await trx.deleteFrom('sessions').where('user_id', '=', actor.userId).execute();
    await trx.deleteFrom('password_resets').where('user_id', '=', actor.userId).execute();
    await recordActivity(trx, {
      workspaceId: actor.workspaceId,
      actorId: actor.userId,
      action: how,
      subjectId: actor.userId,
      at: actor.now,
    });
    return true;
  });
}

/**
 * Deletes the team and everything of it: customers, invites, reset links, the activity log, and every
 * account of the team (active and former; in Folio an account belongs to one team), with their sessions.
 * Only its owner can. Customers go first and explicitly, so the search index and counters are kept by
 * their triggers; the rest follows the workspace through ON DELETE CASCADE.
 */
export async function deleteTeam(db: DB, actor: Actor): Promise<boolean> {
  return writeTransaction(db, async (trx) => {
    const owner = await trx
      .selectFrom('users')
      .select('id')
      .where('id', '=', actor.userId)
      .where('workspace_id', '=', actor.workspaceId)
      .where('role', '=', 'owner')
      .where('deactivated_at', 'is', null)
      .executeTakeFirst();
    if (!owner) return false;
    await trx.deleteFrom('customers').where('workspace_id', '=', actor.workspaceId).execute();
    await trx.deleteFrom('workspaces').where('id', '=', actor.workspaceId).execute();
    return true;
  });
}

// --- members ----------------------------------------------------------------

/** What the team page lists: its members, its former members and, for the owner, its open invites. */
export async function teamOverview(db: DB, workspaceId: number, openInvitesAt: string | null) {
  const [members, formerMembers, invites] = await Promise.all([
    listMembers(db, workspaceId),
    listFormerMembers(db, workspaceId),
    openInvitesAt === null ? [] : listOpenInvites(db, workspaceId, openInvitesAt),
  ]);
  return { members, formerMembers, invites };
}

function listMembers(db: DB, workspaceId: number) {
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
function listFormerMembers(db: DB, workspaceId: number) {
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
export function findMember(db: DB, workspaceId: number, userId: number) {
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
  db: DB,
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
  db: DB,
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

/** An invite that still works: not used, not revoked, not expired at `nowIso`. */
export function isOpenInvite(eb: ExpressionBuilder<Database, 'invites'>, nowIso: string) {
  return eb.and([
    eb('invites.used_at', 'is', null),
    eb('invites.revoked_at', 'is', null),
    eb('invites.expires_at', '>', nowIso),
  ]);
}

/** The workspace's open invites, newest first. */
function listOpenInvites(db: DB, workspaceId: number, nowIso: string) {
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
    .where((eb) => isOpenInvite(eb, nowIso))
    .orderBy('invites.created_at', 'desc')
    .orderBy('invites.id', 'desc')
    .execute();
}

export function findOpenInviteByHash(db: DB, tokenHash: string, nowIso: string) {
  return db
    .selectFrom('invites')
    .innerJoin('workspaces', 'workspaces.id', 'invites.workspace_id')
    .select(['invites.id', 'invites.workspace_id', 'workspaces.name as workspace_name'])
    .where('invites.token_hash', '=', tokenHash)
    .where((eb) => isOpenInvite(eb, nowIso))
    .executeTakeFirst();
}

export async function revokeInvite(
  db: DB,
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
