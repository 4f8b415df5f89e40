// Every SQL statement of signing in and up: sessions, accounts and their workspaces, and the throttles.
import { writeTransaction, type DB } from '../db/database.js';
import { compiledOnce } from '../db/compiled.js';
import type { Insertable } from 'kysely';
import type { SessionTable, User } from '../db/tables.js';
import { recordActivity } from '../team/activity.js';
import { isOpenInvite } from '../team/queries.js';

// --- sessions ---------------------------------------------------------------

/**
 * Adds a session and ends the user's oldest ones past `keep`, in one write transaction (two sign-ins
 * at once cannot both leave 21). The new session itself never goes.
 */
export async function insertSessionKeepingNewest(
  db: DB,
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
  db: DB,
  sessionId: string,
  changes: { expires_at?: number; last_seen_at?: number; address?: string },
): Promise<void> {
  await db.updateTable('sessions').set(changes).where('id', '=', sessionId).execute();
}

// Read on every signed-in request: compiled once.
const sessionWithUser = compiledOnce((db: DB, sessionId: string) =>
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
      'users.time_zone',
      'workspaces.name as workspace_name',
    ])
    .where('sessions.id', '=', sessionId)
    // A former member's sessions are deleted when they go; this keeps any straggler out too.
    .where('users.deactivated_at', 'is', null),
);

export async function findSessionWithUser(db: DB, sessionId: string) {
  const [row] = await sessionWithUser(db, sessionId);
  return row;
}

/** Keeps a browser's guess at a person's time zone, unless they already have one (chosen or guessed). */
export async function guessTimeZone(db: DB, userId: number, zone: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ time_zone: zone })
    .where('id', '=', userId)
    .where('time_zone', 'is', null)
    .execute();
}

export async function deleteSession(db: DB, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Deletes up to `limit` expired sessions (housekeeping runs it in batches); returns how many. */
export async function purgeExpiredSessions(db: DB, now: number, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('id', 'in', (eb) =>
      eb.selectFrom('sessions').select('id').where('expires_at', '<=', now).limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

// --- users and workspaces ---------------------------------------------------

/** The active account with this email (a former member's row keeps its email but cannot sign in). */
export function findUserByEmail(db: DB, email: string): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.toLowerCase())
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
}

export function findUserById(db: DB, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A new account: with an invite's token hash, a member of the invite's workspace; else a new workspace's owner. */
export interface NewAccount {
  name: string;
  email: string;
  passwordHash: string;
  now: string;
  join: { inviteHash: string } | { workspaceName: string };
}

export type AccountCreated = { userId: number } | { refused: 'email-taken' | 'invite-gone' };

/**
 * Creates the account, or says why not: the invite is no longer open, or the email belongs to an
 * active account. Two sign-ups racing for one email both pass any earlier check; the unique index
 * decides, and the loser is refused like anyone else whose email is taken.
 */
export async function createAccount(db: DB, account: NewAccount): Promise<AccountCreated> {
  try {
    const userId =
      'inviteHash' in account.join
        ? await joinWorkspaceWithInvite(db, account, account.join.inviteHash)
        : await createWorkspaceWithOwner(db, account, account.join.workspaceName);
    return userId === null ? { refused: 'invite-gone' } : { userId };
  } catch (error) {
    if (isUniqueViolation(error)) return { refused: 'email-taken' };
    throw error;
  }
}

/** A unique index refused the row: SQLite's extended result code, or PostgreSQL's SQLSTATE. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

async function createWorkspaceWithOwner(
  db: DB,
  account: NewAccount,
  workspaceName: string,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const workspace = await trx
      .insertInto('workspaces')
      .values({ name: workspaceName, created_at: account.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const userId = await insertUser(trx, account, workspace.id, 'owner');
    await recordActivity(trx, {
      workspaceId: workspace.id,
      actorId: userId,
      action: 'team.created',
      at: Date.parse(account.now),
    });
    return userId;
  });
}

/**
 * Creates the member and spends the invite in one transaction. The invite is claimed with a
 * conditional update first, so two people racing for one link cannot both join.
 */
async function joinWorkspaceWithInvite(
  db: DB,
  account: NewAccount,
  inviteHash: string,
): Promise<number | null> {
  return writeTransaction(db, async (trx) => {
    const invite = await trx
      .selectFrom('invites')
      .select(['id', 'workspace_id'])
      .where('token_hash', '=', inviteHash)
      .where((eb) => isOpenInvite(eb, account.now))
      .executeTakeFirst();
    if (!invite) return null;
    const claimed = await trx
      .updateTable('invites')
      .set({ used_at: account.now })
      .where('id', '=', invite.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return null;
    const userId = await insertUser(trx, account, invite.workspace_id, 'member');
    await trx.updateTable('invites').set({ used_by: userId }).where('id', '=', invite.id).execute();
    await recordActivity(trx, {
      workspaceId: invite.workspace_id,
      actorId: userId,
      action: 'member.joined',
      subjectId: userId,
      details: { invite: invite.id },
      at: Date.parse(account.now),
    });
    return userId;
  });
}

async function insertUser(
  trx: DB,
  account: NewAccount,
  workspaceId: number,
  role: 'owner' | 'member',
): Promise<number> {
  const user = await trx
    .insertInto('users')
    .values({
      workspace_id: workspaceId,
      email: account.email.toLowerCase(),
      name: account.name,
      password_hash: account.passwordHash,
      role,
      created_at: account.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return user.id;
}

// --- sign-in and registration throttles (auth/throttle.ts) ---------------------

export async function recordFailedLogin(
  db: DB,
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
  db: DB,
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

export async function clearFailedLogins(db: DB, email: string, addressKey: string): Promise<void> {
  await db
    .deleteFrom('login_attempts')
    .where('email', '=', email.toLowerCase())
    .where('ip', '=', addressKey)
    .execute();
}

/** Deletes up to `limit` sign-in failures older than the window; returns how many. */
export async function purgeOldLoginAttempts(
  db: DB,
  before: number,
  limit: number,
): Promise<number> {
  const result = await db
    .deleteFrom('login_attempts')
    .where('id', 'in', (eb) =>
      eb.selectFrom('login_attempts').select('id').where('attempted_at', '<=', before).limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function recordRegistration(db: DB, addressKey: string, now: number): Promise<void> {
  await db.insertInto('register_attempts').values({ ip: addressKey, attempted_at: now }).execute();
}

export async function countRecentRegistrations(db: DB, addressKey: string, since: number) {
  const row = await db
    .selectFrom('register_attempts')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('attempted_at').as('oldest')])
    .where('ip', '=', addressKey)
    .where('attempted_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: row.oldest === null ? null : Number(row.oldest) };
}

/** Deletes up to `limit` sign-up counts older than the window; returns how many. */
export async function purgeOldRegistrations(
  db: DB,
  before: number,
  limit: number,
): Promise<number> {
  const result = await db
    .deleteFrom('register_attempts')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('register_attempts')
        .select('id')
        .where('attempted_at', '<=', before)
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
