// Every SQL statement of merging two records and undoing it. A merge is one transaction: the kept
// record takes the chosen values (a version bump, recorded as a merge), the other record's notes and
// history move to it (each move listed for Undo), and the other record goes to the trash. Undo is one
// transaction too, refused while the kept record holds anything written since.
import { sql } from 'kysely';
import type { DB } from '../../db/database.js';
import { writeTransaction } from '../../db/database.js';
import type { CustomerMerge } from '../../db/tables.js';
import { fullName } from '../display.js';
import { changesBetween, recordEvent, type FieldChanges } from '../history/record.js';
import { withKeys } from '../keys.js';
import { refreshCustomer } from '../notes/queries.js';
import { getCustomerRecord, type Actor, type CustomerWithAuthors } from '../queries.js';
import { CUSTOMER_FIELDS, valuesOf, type CustomerValues } from '../schema.js';
import type { MergeDecision } from './choices.js';

const iso = (ms: number) => new Date(ms).toISOString();

export interface MergeAttempt {
  decision: MergeDecision;
  /** Both records as stored when the decision was made (undefined: not one of the workspace's). */
  a: CustomerWithAuthors | undefined;
  b: CustomerWithAuthors | undefined;
  /** The merge written, when the decision was to merge. */
  merge?: CustomerMerge;
}

/**
 * Reads both records and writes what `decide` makes of them, in one write transaction, so no edit can
 * land between the check of the versions the page showed and the merge.
 */
export function mergeRecords(
  db: DB,
  actor: Actor,
  ids: { a: number; b: number },
  decide: (a: CustomerWithAuthors | undefined, b: CustomerWithAuthors | undefined) => MergeDecision,
): Promise<MergeAttempt> {
  return writeTransaction(db, async (trx) => {
    const a = await getCustomerRecord(trx, actor.workspaceId, ids.a);
    const b = await getCustomerRecord(trx, actor.workspaceId, ids.b);
    const decision = decide(a, b);
    if (decision.outcome !== 'merge' || !a || !b) return { decision, a, b };
    const [kept, other] = decision.keep === 'a' ? [a, b] : [b, a];
    const merge = await writeMerge(trx, actor, kept, other, decision.values);
    return { decision, a, b, merge };
  });
}

/** The merge itself, inside its transaction; both records are live and at the versions checked. */
async function writeMerge(
  trx: DB,
  actor: Actor,
  kept: CustomerWithAuthors,
  other: CustomerWithAuthors,
  values: CustomerValues,
): Promise<CustomerMerge> {
  const at = iso(actor.now);
  const updated = await trx
    .updateTable('customers')
    .set({
      ...withKeys(values),
      updated_at: at,
      touched_at: at,
      updated_by: actor.userId,
      version: kept.version + 1,
    })
    .where('id', '=', kept.id)
    .where('version', '=', kept.version)
    .returning('version')
    .executeTakeFirstOrThrow();
  const merge = await trx
    .insertInto('customer_merges')
    .values({
      workspace_id: actor.workspaceId,
      kept_id: kept.id,
      merged_id: other.id,
      actor_id: actor.userId,
      merged_at: at,
      event_id: 0,
      kept_version: updated.version,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await moveStory(trx, actor.workspaceId, merge.id, other.id, kept.id);
  await trx
    .updateTable('customers')
    .set({ deleted_at: at, deleted_by: actor.userId, updated_at: at, updated_by: actor.userId })
    .where('id', '=', other.id)
    .where('workspace_id', '=', actor.workspaceId)
    .execute();
  const event = { workspaceId: actor.workspaceId, actorId: actor.userId, now: actor.now };
  const changes = changesBetween(valuesOf(kept), values);
  const details = { merge: merge.id };
  await recordEvent(trx, { ...event, customerId: other.id, kind: 'merged', details });
  const eventId = await recordEvent(trx, {
    ...event,
    customerId: kept.id,
    kind: 'merged',
    changes,
    details,
  });
  await refreshCustomer(trx, kept.id, actor.now);
  await refreshCustomer(trx, other.id, null);
  return trx
    .updateTable('customer_merges')
    .set({ event_id: eventId })
    .where('id', '=', merge.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The other record's notes and history move to the kept one, each listed first, so Undo moves back
 * exactly these (not what is written on either record later).
 */
async function moveStory(
  trx: DB,
  workspaceId: number,
  mergeId: number,
  from: number,
  to: number,
): Promise<void> {
  for (const [kind, table] of [
    ['event', 'customer_events'],
    ['note', 'customer_notes'],
  ] as const)
    await trx
      .insertInto('customer_merge_moves')
      .columns(['merge_id', 'kind', 'row_id'])
      .expression((eb) =>
        eb
          .selectFrom(table)
          .select([eb.val(mergeId).as('merge_id'), eb.val(kind).as('kind'), 'id'])
          .where('workspace_id', '=', workspaceId)
          .where('customer_id', '=', from),
      )
      .execute();
  // An event keeps the record it was first written on, through any number of merges.
  await trx
    .updateTable('customer_events')
    .set({ customer_id: to, merged_from: sql<number>`coalesce(merged_from, ${from})` })
    .where('workspace_id', '=', workspaceId)
    .where('customer_id', '=', from)
    .execute();
  await trx
    .updateTable('customer_notes')
    .set({ customer_id: to })
    .where('workspace_id', '=', workspaceId)
    .where('customer_id', '=', from)
    .execute();
}

/** A merge of the workspace, with both records' names (for the timeline and the answers). */
export interface MergeInfo {
  id: number;
  kept_id: number;
  merged_id: number;
  kept_name: string;
  merged_name: string;
  /** Whether the record merged away is in the trash (restored from it, the merge cannot be undone). */
  merged_in_trash: boolean;
  undone_at: string | null;
}

/** The workspace's merges among these ids, with both records' names (any state: one may be in the trash). */
export async function mergesById(
  db: DB,
  workspaceId: number,
  ids: number[],
): Promise<Map<number, MergeInfo>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('customer_merges as m')
    .innerJoin('customers as kept', 'kept.id', 'm.kept_id')
    .innerJoin('customers as merged', 'merged.id', 'm.merged_id')
    .select([
      'm.id',
      'm.kept_id',
      'm.merged_id',
      'm.undone_at',
      'kept.first_name as kept_first',
      'kept.last_name as kept_last',
      'merged.first_name as merged_first',
      'merged.last_name as merged_last',
      'merged.deleted_at as merged_deleted_at',
    ])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.id', 'in', ids)
    .execute();
  const name = (first: string, last: string) => `${first} ${last}`.trim();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        kept_id: row.kept_id,
        merged_id: row.merged_id,
        kept_name: name(row.kept_first, row.kept_last),
        merged_name: name(row.merged_first, row.merged_last),
        merged_in_trash: row.merged_deleted_at !== null,
        undone_at: row.undone_at,
      },
    ]),
  );
}

/** Where a record in the trash went by a merge: the record that took its place. */
export interface MergedAway {
  mergeId: number;
  keptId: number;
  keptName: string;
}

/**
 * Of these trashed records, those the trash holds because of a merge (not undone, and not restored
 * and deleted again since: the deletion is the merge's own), each with the record it was merged into.
 */
export async function mergedAwayInto(
  db: DB,
  workspaceId: number,
  ids: number[],
): Promise<Map<number, MergedAway>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('customer_merges as m')
    .innerJoin('customers as merged', 'merged.id', 'm.merged_id')
    .innerJoin('customers as kept', 'kept.id', 'm.kept_id')
    .select(['m.id', 'm.merged_id', 'm.kept_id', 'kept.first_name', 'kept.last_name'])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.merged_id', 'in', ids)
    .where('m.undone_at', 'is', null)
    .whereRef('merged.deleted_at', '=', 'm.merged_at')
    .execute();
  return new Map(
    rows.map((row) => [
      row.merged_id,
      { mergeId: row.id, keptId: row.kept_id, keptName: fullName(row) },
    ]),
  );
}

export type UndoResult =
  | { outcome: 'missing' }
  | { outcome: 'already-undone'; merge: CustomerMerge }
  /** Something written since stands in the way; nothing changed. */
  | {
      outcome: 'conflict';
      reason: 'kept-edited' | 'kept-trashed' | 'merged-restored';
      merge: CustomerMerge;
      kept: CustomerWithAuthors;
      merged: CustomerWithAuthors;
    }
  | { outcome: 'undone'; merge: CustomerMerge; kept: CustomerValues; merged: CustomerValues };

/** The merge's reason not to be undone now, if any. */
function undoConflict(
  merge: CustomerMerge,
  kept: CustomerWithAuthors,
  merged: CustomerWithAuthors,
): 'kept-edited' | 'kept-trashed' | 'merged-restored' | undefined {
  if (kept.deleted_at !== null) return 'kept-trashed';
  if (kept.version !== merge.kept_version) return 'kept-edited';
  if (merged.deleted_at !== merge.merged_at) return 'merged-restored';
  return undefined;
}

/**
 * Undoes a merge: the kept record's values as they were before it (a version bump, recorded as the
 * merge undone), the moved notes and events back on the other record, and the other record back from
 * the trash. Refused (nothing changes) when the kept record was edited or trashed since, or the other
 * one was restored meanwhile.
 */
export function undoMerge(db: DB, actor: Actor, mergeId: number): Promise<UndoResult> {
  return writeTransaction(db, async (trx): Promise<UndoResult> => {
    const merge = await trx
      .selectFrom('customer_merges')
      .selectAll()
      .where('id', '=', mergeId)
      .where('workspace_id', '=', actor.workspaceId)
      .executeTakeFirst();
    if (!merge) return { outcome: 'missing' };
    if (merge.undone_at !== null) return { outcome: 'already-undone', merge };
    const kept = await getCustomerRecord(trx, actor.workspaceId, merge.kept_id);
    const merged = await getCustomerRecord(trx, actor.workspaceId, merge.merged_id);
    if (!kept || !merged) return { outcome: 'missing' };
    const reason = undoConflict(merge, kept, merged);
    if (reason) return { outcome: 'conflict', reason, merge, kept, merged };
    const at = iso(actor.now);
    const before = await valuesBefore(trx, merge, valuesOf(kept));
    await trx
      .updateTable('customers')
      .set({
        ...withKeys(before),
        updated_at: at,
        touched_at: at,
        updated_by: actor.userId,
        version: kept.version + 1,
      })
      .where('id', '=', kept.id)
      .where('workspace_id', '=', actor.workspaceId)
      .where('version', '=', kept.version)
      .executeTakeFirstOrThrow();
    await moveBack(trx, merge);
    await trx
      .updateTable('customers')
      .set({
        deleted_at: null,
        deleted_by: null,
        updated_at: at,
        touched_at: at,
        updated_by: actor.userId,
      })
      .where('id', '=', merged.id)
      .where('workspace_id', '=', actor.workspaceId)
      .execute();
    const event = { workspaceId: actor.workspaceId, actorId: actor.userId, now: actor.now };
    const details = { unmerged: merge.id };
    const changes = changesBetween(valuesOf(kept), before);
    await recordEvent(trx, { ...event, customerId: kept.id, kind: 'changed', changes, details });
    await recordEvent(trx, { ...event, customerId: merged.id, kind: 'restored', details });
    await refreshCustomer(trx, kept.id, null);
    await refreshCustomer(trx, merged.id, null);
    const undone = await trx
      .updateTable('customer_merges')
      .set({ undone_at: at, undone_by: actor.userId })
      .where('id', '=', merge.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { outcome: 'undone', merge: undone, kept: before, merged: valuesOf(merged) };
  });
}

/** The kept record's values before the merge: today's (unchanged since) with the merge's changes taken back. */
async function valuesBefore(
  trx: DB,
  merge: CustomerMerge,
  current: CustomerValues,
): Promise<CustomerValues> {
  const row = await trx
    .selectFrom('customer_events')
    .select('changes')
    .where('id', '=', merge.event_id)
    .where('workspace_id', '=', merge.workspace_id)
    .executeTakeFirstOrThrow();
  const changes = row.changes ? (JSON.parse(row.changes) as FieldChanges) : {};
  const values = { ...current };
  for (const field of CUSTOMER_FIELDS) {
    const change = changes[field];
    if (change) values[field] = change[0];
  }
  return values;
}

/** The notes and events the merge moved go back to the record they came from. */
async function moveBack(trx: DB, merge: CustomerMerge): Promise<void> {
  const moved = (kind: 'note' | 'event') =>
    trx
      .selectFrom('customer_merge_moves')
      .select('row_id')
      .where('merge_id', '=', merge.id)
      .where('kind', '=', kind);
  await trx
    .updateTable('customer_events')
    .set({
      customer_id: merge.merged_id,
      merged_from: sql<number | null>`nullif(merged_from, ${merge.merged_id})`,
    })
    .where('id', 'in', moved('event'))
    .where('workspace_id', '=', merge.workspace_id)
    .where('customer_id', '=', merge.kept_id)
    .execute();
  await trx
    .updateTable('customer_notes')
    .set({ customer_id: merge.merged_id })
    .where('id', 'in', moved('note'))
    .where('workspace_id', '=', merge.workspace_id)
    .where('customer_id', '=', merge.kept_id)
    .execute();
}

/** One merge of the workspace, or undefined. */
export function getMerge(
  db: DB,
  workspaceId: number,
  id: number,
): Promise<CustomerMerge | undefined> {
  return db
    .selectFrom('customer_merges')
    .selectAll()
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
}
