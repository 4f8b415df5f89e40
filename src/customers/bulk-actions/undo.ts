// Undoing a bulk action, batch by batch: what it changed goes back, unless changed since.
import type { DB } from '../../db/database.js';
import { writeTransaction } from '../../db/database.js';
import { queueJob, type JobHandler } from '../../jobs/runner.js';
import type { BulkAction, Customer } from '../../db/tables.js';
import { recordEvents } from '../history/record.js';
import type { Actor } from '../queries.js';
import type { CustomerField } from '../schema.js';
import {
  BATCH_SIZE,
  EVENT_OF,
  customersOf,
  iso,
  write,
  type RecordedKind,
  type RunOptions,
} from './queries.js';

/**
 * Claims an action's Undo (a second Undo, a double click or a teammate's, finds it claimed): false when
 * it is still running or already undone.
 */
export async function claimUndo(
  db: DB,
  actor: Actor,
  action: BulkAction,
  { background = false }: { background?: boolean } = {},
): Promise<boolean> {
  // Deleting forever cannot be undone: the customers are gone.
  if (action.status === 'running' || action.kind === 'erase') return false;
  return writeTransaction(db, async (trx) => {
    const claimed = await trx
      .updateTable('bulk_actions')
      .set({
        undone_at: iso(actor.now),
        undone_by: actor.userId,
        undo_status: 'running',
        undo_changed: 0,
        undo_left_alone: 0,
      })
      .where('id', '=', action.id)
      .where('workspace_id', '=', actor.workspaceId)
      .where('status', '<>', 'running')
      .where('undone_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return false;
    if (background)
      await queueJob(trx, {
        workspaceId: actor.workspaceId,
        kind: BULK_UNDO_JOB,
        payload: { actionId: action.id, userId: actor.userId },
        now: actor.now,
      });
    return true;
  });
}

/**
 * Undoes what a claimed action changed (what ran, if it stopped midway), in batches: a deleted customer
 * comes back, a restored one goes back to the trash, a set field gets its old value. A customer changed
 * since (restored and deleted again, that field edited) is left alone. Each customer's history records
 * the undo; the counts are kept on the action as each batch commits. A batch that fails stops it, and
 * the action may be undone again: it goes on where it stopped (what was put back no longer looks as
 * the action left it).
 */
export async function runUndo(
  db: DB,
  actor: Actor,
  actionId: number,
  { batchSize = BATCH_SIZE, now, beforeBatch }: RunOptions,
): Promise<BulkAction> {
  let after = 0;
  try {
    for (let batch = 1; ; batch += 1) {
      const action = await db
        .selectFrom('bulk_actions')
        .selectAll()
        .where('id', '=', actionId)
        .executeTakeFirstOrThrow();
      const reached = await reachedAfter(db, action.id, after, batchSize);
      if (reached.length === 0) {
        await db
          .updateTable('bulk_actions')
          .set({ undo_status: 'done' })
          .where('id', '=', actionId)
          .execute();
        return { ...action, undo_status: 'done' };
      }
      after = reached.at(-1)!.customer_id;
      await beforeBatch?.(batch);
      await undoBatch(db, { ...actor, now: now() }, action, reached);
    }
  } catch (error) {
    await db
      .updateTable('bulk_actions')
      .set({ undo_status: 'failed', undone_at: null, undone_by: null })
      .where('id', '=', actionId)
      .execute();
    throw error;
  }
}

type Reached = { customer_id: number; old_value: string | null; written_at: string | null };

/** Each kind's opposite, and its event. */
const UNDO_OF: Record<RecordedKind, RecordedKind> = {
  delete: 'restore',
  restore: 'delete',
  set: 'set',
};

function undoBatch(db: DB, actor: Actor, action: BulkAction, reached: Reached[]): Promise<void> {
  return writeTransaction(db, (trx) => undoIn(trx, actor, action, reached));
}

/** One batch of an undo, inside the transaction it runs in (here, or the job runner's). */
async function undoIn(
  trx: DB,
  actor: Actor,
  action: BulkAction,
  reached: Reached[],
): Promise<void> {
  const byId = new Map(reached.map((row) => [row.customer_id, row]));
  const field = action.field as CustomerField;
  const rows = await customersOf(trx, action.workspace_id, [...byId.keys()]);
  // As the action left it: the field still holds its value, or nothing written since.
  const unchanged = (row: Customer) =>
    action.kind === 'set'
      ? row.deleted_at === null && row[field] === action.value
      : row.updated_at === byId.get(row.id)!.written_at &&
        (row.deleted_at === null) === (action.kind === 'restore');
  const targets = rows.filter(unchanged);
  const kind = UNDO_OF[action.kind as RecordedKind]; // an erase is never claimed (claimUndo)
  const set = { field, value: (row: Customer) => byId.get(row.id)!.old_value ?? '' };
  const changes = await write(trx, actor, kind, targets, kind === 'set' ? set : undefined);
  await recordEvents(
    trx,
    targets.map((row) => ({
      workspaceId: actor.workspaceId,
      customerId: row.id,
      actorId: actor.userId,
      now: actor.now,
      kind: EVENT_OF[kind],
      changes: changes.get(row.id),
      details: { undoOf: action.id },
    })),
  );
  await trx
    .updateTable('bulk_actions')
    .set((eb) => ({
      undo_changed: eb('undo_changed', '+', targets.length),
      undo_left_alone: eb('undo_left_alone', '+', reached.length - targets.length),
    }))
    .where('id', '=', action.id)
    .execute();
}

export const BULK_UNDO_JOB = 'bulk-undo';

/** The next customers an undo reaches, after a customer id. */
function reachedAfter(db: DB, actionId: number, after: number, limit: number) {
  return db
    .selectFrom('bulk_action_customers')
    .selectAll()
    .where('bulk_action_id', '=', actionId)
    .where('outcome', '=', 'changed')
    .where('customer_id', '>', after)
    .orderBy('customer_id')
    .limit(limit)
    .execute();
}

/** Undo of an action past SYNC_LIMIT customers, run by the job runner like the action itself. */
export const bulkUndoJob: JobHandler<{ actionId: number; userId: number }, { after: number }> = {
  async batch(trx, job, limit) {
    const action = await trx
      .selectFrom('bulk_actions')
      .selectAll()
      .where('id', '=', job.payload.actionId)
      .executeTakeFirstOrThrow();
    const after = job.position?.after ?? 0;
    const reached = await reachedAfter(trx, action.id, after, limit);
    if (reached.length === 0) {
      await trx
        .updateTable('bulk_actions')
        .set({ undo_status: 'done' })
        .where('id', '=', action.id)
        .execute();
      return { position: { after }, done: true };
    }
    const actor = { workspaceId: action.workspace_id, userId: job.payload.userId, now: Date.now() };
    await undoIn(trx, actor, action, reached);
    return { position: { after: reached.at(-1)!.customer_id }, done: false };
  },
  async failed(db, job) {
    await db
      .updateTable('bulk_actions')
      .set({ undo_status: 'failed', undone_at: null, undone_by: null })
      .where('id', '=', job.payload.actionId)
      .execute();
  },
};
