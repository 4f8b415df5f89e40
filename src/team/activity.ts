// The team's activity log: one entry per change to the team, written in the same transaction as the
// change, never updated or deleted (the table refuses it; see migrations/0009). Read by owners, newest first.
import type { DB } from '../db/database.js';

/**
 * What happened. New features add their own (customers.imported, customers.exported, customers.purged)
 * with a `details` object that says how many; the log page shows an unknown action by its name.
 */
type ActivityAction =
  | 'team.created'
  | 'team.renamed'
  | 'invite.created'
  | 'invite.revoked'
  | 'member.joined'
  | 'member.removed'
  | 'member.left'
  | 'member.renamed'
  | 'account.deleted'
  | 'ownership.transferred'
  | 'reset.created'
  | 'reset.used'
  | 'customer.deleted_forever'
  | 'customers.deleted_forever';

interface ActivityEntry {
  workspaceId: number;
  /** Who did it; null for an operator at the command line. */
  actorId: number | null;
  action: ActivityAction;
  subjectId?: number | null;
  details?: Record<string, string | number> | null;
  /** Milliseconds since the epoch. */
  at: number;
}

/** Appends an entry. Pass the transaction that makes the change, so both happen or neither does. */
export async function recordActivity(trx: DB, entry: ActivityEntry): Promise<void> {
  await trx
    .insertInto('activity')
    .values({
      workspace_id: entry.workspaceId,
      occurred_at: new Date(entry.at).toISOString(),
      actor_id: entry.actorId,
      action: entry.action,
      subject_id: entry.subjectId ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
    })
    .execute();
}

const ACTIVITY_PAGE_SIZE = 50;

export interface ActivityRow {
  id: number;
  occurred_at: string;
  action: string;
  actor: Person | null;
  subject: Person | null;
  details: Record<string, unknown>;
}

export interface Person {
  name: string;
  former: boolean;
}

/**
 * A page of the workspace's log, newest first, from before the given entry id (a keyset cursor: page
 * 100 costs what page 1 does). `older` is the cursor for the next page, or null at the beginning.
 */
export async function listActivity(
  db: DB,
  workspaceId: number,
  before: number | null,
  pageSize = ACTIVITY_PAGE_SIZE,
): Promise<{ entries: ActivityRow[]; older: number | null }> {
  let query = db
    .selectFrom('activity')
    // Scoped twice: the entry and the people it names belong to this workspace.
    .leftJoin('users as actor', (join) =>
      join
        .onRef('actor.id', '=', 'activity.actor_id')
        .onRef('actor.workspace_id', '=', 'activity.workspace_id'),
    )
    .leftJoin('users as subject', (join) =>
      join
        .onRef('subject.id', '=', 'activity.subject_id')
        .onRef('subject.workspace_id', '=', 'activity.workspace_id'),
    )
    .select([
      'activity.id',
      'activity.occurred_at',
      'activity.action',
      'activity.details',
      'actor.name as actor_name',
      'actor.deactivated_at as actor_deactivated_at',
      'subject.name as subject_name',
      'subject.deactivated_at as subject_deactivated_at',
    ])
    .where('activity.workspace_id', '=', workspaceId)
    .orderBy('activity.id', 'desc')
    .limit(pageSize + 1);
  if (before !== null) query = query.where('activity.id', '<', before);
  const rows = await query.execute();
  const page = rows.slice(0, pageSize);
  const person = (name: string | null, deactivated: string | null): Person | null =>
    name === null ? null : { name, former: deactivated !== null };
  return {
    entries: page.map((row) => ({
      id: row.id,
      occurred_at: row.occurred_at,
      action: row.action,
      actor: person(row.actor_name, row.actor_deactivated_at),
      subject: person(row.subject_name, row.subject_deactivated_at),
      details: parseDetails(row.details),
    })),
    older: rows.length > pageSize ? page[page.length - 1]!.id : null,
  };
}

function parseDetails(raw: string | null): Record<string, unknown> {
  if (!raw) return {};
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
