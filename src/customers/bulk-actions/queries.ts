// Every SQL statement of acting on many customers at once: an action is recorded, then run in
// batches (each one transaction: the customers, their history and the action's progress together),
// and undone in batches. A customer changed by someone else after the selection was made is left
// alone and reported; Undo leaves alone what was changed since the action.
import type { DB } from '../../db/database.js';
import { writeOnlyTransaction, writeTransaction } from '../../db/database.js';
import { queueJob } from '../../jobs/runner.js';
import type { BulkAction, BulkActionTable, Customer } from '../../db/tables.js';
import { fullName } from '../display.js';
import { recordActivity } from '../../team/activity.js';
import { recordEvents, type EventKind, type FieldChanges } from '../history/record.js';
import { withKeys } from '../keys.js';
import { parseListQuery, type ListFilter } from '../listing.js';
import { listSource, matchesOf } from '../list-queries.js';
import { liveCustomer } from '../query-parts.js';
import type { Actor } from '../queries.js';
import { valuesOf, type CustomerField } from '../schema.js';
import { customerSearch } from '../search/index.js';
import { cutoffAt, matchingIds, trashSearchText } from '../trash/queries.js';

export type BulkKind = BulkActionTable['kind'];

/** What a person selected: customers by id, or every customer a search of the table or the trash finds. */
export type Selection =
  | { ids: number[] }
  /** The table's search and filter, as typed, and the time zone its days were read in. */
  | { list: { q: string; filter: ListFilter; timeZone: string } }
  | { trash: { q: string } };

/** The table's list query a selection was made from. */
const listQueryOf = (list: { q: string; filter: ListFilter; timeZone: string }) =>
  parseListQuery({ q: list.q, ...list.filter }, list.timeZone);

/** What an action does to each customer. */
export type BulkChange =
  | { kind: 'delete' }
  | { kind: 'restore' }
  | { kind: 'erase' }
  | { kind: 'set'; field: CustomerField; value: string };

/** Customers per transaction: each batch holds the write lock for a few milliseconds. */
export const BATCH_SIZE = 200;

export const iso = (ms: number) => new Date(ms).toISOString();

/** Every customer can hold this many matches of a search: counting goes on past the table's cap. */
const COUNT_ALL = 100_000_000;

/** The selected ids that are not the workspace's customers (unknown, purged, or another's). */
export async function foreignIds(db: DB, workspaceId: number, ids: number[]): Promise<number[]> {
  const found = new Set<number>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('customers')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of rows) found.add(row.id);
  }
  return ids.filter((id) => !found.has(id));
}

/** How many customers a selection holds now (a search is counted in full, not to the table's cap). */
export async function countSelection(
  db: DB,
  workspaceId: number,
  selection: Selection,
  now: number,
  selectedAt: number,
): Promise<number> {
  if ('ids' in selection) return selection.ids.length;
  if ('list' in selection) {
    const query = listQueryOf(selection.list);
    if (!query.filterKeys) {
      if (query.plan)
        return customerSearch(db).countMatches(db, workspaceId, query.plan, COUNT_ALL);
      const row = await db
        .selectFrom('workspaces')
        .select('customer_count')
        .where('id', '=', workspaceId)
        .executeTakeFirst();
      return Number(row?.customer_count ?? 0);
    }
    const source = (await listSource(db, workspaceId, query))!;
    const row = await matchesOf(source)
      .where(liveCustomer(workspaceId))
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
  const row = await trashQuery(db, workspaceId, selection.trash.q, now, iso(selectedAt))
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * The workspace's deleted customers still restorable, those a trash search finds, deleted by the
 * moment of the selection (one deleted later was not in the trash the person saw).
 */
function trashQuery(db: DB, workspaceId: number, q: string, now: number, deletedBy: string) {
  const text = trashSearchText(q);
  let query = db
    .selectFrom('customers')
    .where('customers.workspace_id', '=', workspaceId)
    .where('customers.deleted_at', 'is not', null)
    .where('customers.deleted_at', '>', cutoffAt(now))
    .where('customers.deleted_at', '<=', deletedBy);
  if (text) query = query.where('customers.id', 'in', matchingIds(db, workspaceId, text));
  return query;
}

/** The job runner's name for an action run in the background (job.ts). */
export const BULK_ACTION_JOB = 'bulk-action';

/** Records an action before its first batch runs; its progress is kept on it. */
export async function startBulkAction(
  db: DB,
  actor: Actor,
  change: BulkChange,
  selection: Selection,
  selectedAt: number,
  total: number,
  { background = false }: { background?: boolean } = {},
): Promise<BulkAction> {
  return writeOnlyTransaction(db, async (trx) => {
    const action = await insertAction(trx, actor, change, selection, selectedAt, total);
    if (background)
      await queueJob(trx, {
        workspaceId: actor.workspaceId,
        kind: BULK_ACTION_JOB,
        payload: { actionId: action.id },
        now: actor.now,
      });
    return action;
  });
}

function insertAction(
  db: DB,
  actor: Actor,
  change: BulkChange,
  selection: Selection,
  selectedAt: number,
  total: number,
): Promise<BulkAction> {
  return db
    .insertInto('bulk_actions')
    .values({
      workspace_id: actor.workspaceId,
      actor_id: actor.userId,
      kind: change.kind,
      field: change.kind === 'set' ? change.field : null,
      value: change.kind === 'set' ? change.value : null,
      // Ids sorted, so batches walk them in order as they walk a search's matches.
      selection: JSON.stringify(
        'ids' in selection ? { ids: [...selection.ids].sort((a, b) => a - b) } : selection,
      ),
      selected_at: iso(selectedAt),
      created_at: iso(actor.now),
      status: 'running',
      total,
      error: null,
      finished_at: null,
      undone_at: null,
      undone_by: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function getBulkAction(
  db: DB,
  workspaceId: number,
  id: number,
): Promise<BulkAction | undefined> {
  return db
    .selectFrom('bulk_actions')
    .selectAll()
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
}

/** The next batch of the selection: customer ids after the action's cursor, in id order. */
export async function nextIds(
  db: DB,
  action: BulkAction,
  limit: number,
  now: number,
): Promise<number[]> {
  const selection = JSON.parse(action.selection) as Selection;
  const after = action.cursor;
  if ('ids' in selection) return selection.ids.filter((id) => id > after).slice(0, limit);
  if ('trash' in selection) {
    const rows = await trashQuery(
      db,
      action.workspace_id,
      selection.trash.q,
      now,
      action.selected_at,
    )
      .select('customers.id')
      .where('customers.id', '>', after)
      .orderBy('customers.id')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }
  // The list's own source: the search module and the filter read the matches as their number suits.
  const narrowed = await listSource(db, action.workspace_id, listQueryOf(selection.list));
  const source = narrowed ? matchesOf(narrowed) : db.selectFrom('customers');
  const rows = await source
    .select('customers.id')
    .where(liveCustomer(action.workspace_id))
    .where('customers.id', '>', after)
    // Customers added after the selection was made were not in it.
    .where('customers.created_at', '<=', action.selected_at)
    .orderBy('customers.id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

interface BatchOutcome {
  changed: number;
  skipped: number;
}

/** Changed by someone else after the selection was made: left alone, and said so. */
const changedByOthers = (action: BulkAction) => (row: Customer) =>
  row.updated_at > action.selected_at && row.updated_by !== action.actor_id;

/** Whether the action does anything to this customer as stored. */
function applies(action: BulkAction, row: Customer): boolean {
  if (action.kind === 'delete') return row.deleted_at === null;
  if (action.kind === 'restore' || action.kind === 'erase') return row.deleted_at !== null;
  return row.deleted_at === null && row[action.field as CustomerField] !== action.value;
}

/** The kinds a customer's history records (one erased has no history left), and Undo reverses. */
export type RecordedKind = Exclude<BulkKind, 'erase'>;

/** The event each customer's history records for a write of this kind. */
export const EVENT_OF: Record<RecordedKind, EventKind> = {
  delete: 'deleted',
  restore: 'restored',
  set: 'changed',
};

/**
 * Writes one kind of change to these customers (all live, or all deleted, as the kind needs), as the
 * actor at `now`; returns the history recorded for each (field changes for 'set'). An erase deletes
 * the rows, their notes and history with them, and records none.
 */
export async function write(
  trx: DB,
  actor: Actor,
  kind: BulkKind,
  rows: Customer[],
  set?: { field: CustomerField; value: (row: Customer) => string },
): Promise<Map<number, FieldChanges>> {
  const at = iso(actor.now);
  const changes = new Map<number, FieldChanges>();
  const ids = rows.map((row) => row.id);
  if (ids.length === 0) return changes;
  const scope = (q: ReturnType<typeof trx.updateTable<'customers'>>) =>
    q.where('workspace_id', '=', actor.workspaceId).where('id', 'in', ids);
  if (kind === 'delete') {
    await scope(trx.updateTable('customers'))
      .set({ deleted_at: at, deleted_by: actor.userId, updated_at: at, updated_by: actor.userId })
      .where('deleted_at', 'is', null)
      .execute();
  } else if (kind === 'restore') {
    await scope(trx.updateTable('customers'))
      .set({
        deleted_at: null,
        deleted_by: null,
        updated_at: at,
        touched_at: at,
        updated_by: actor.userId,
      })
      .where('deleted_at', 'is not', null)
      .execute();
  } else if (kind === 'erase') {
    // Their notes, history and bulk records go with them (the foreign keys cascade).
    await trx
      .deleteFrom('customers')
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', 'in', ids)
      .where('deleted_at', 'is not', null)
      .execute();
  } else if (set) {
    // Each customer's keys and search terms come from its own values, so one statement each.
    for (const row of rows) {
      const value = set.value(row);
      const values = { ...valuesOf(row), [set.field]: value };
      await trx
        .updateTable('customers')
        .set({
          ...withKeys(values),
          updated_at: at,
          touched_at: at,
          updated_by: actor.userId,
          version: row.version + 1,
        })
        .where('id', '=', row.id)
        .where('workspace_id', '=', actor.workspaceId)
        .where('version', '=', row.version)
        .execute();
      changes.set(row.id, { [set.field]: [row[set.field], value] });
    }
  }
  return changes;
}

/** The workspace's customers of a batch, as stored now, read inside the batch's transaction. */
export function customersOf(trx: DB, workspaceId: number, ids: number[]): Promise<Customer[]> {
  return trx
    .selectFrom('customers')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
}

/** One batch in one transaction: the customers, their history, and the action's progress. */
function runBatch(db: DB, action: BulkAction, ids: number[], now: number) {
  return writeTransaction(db, (trx) => applyBatch(trx, action, ids, now));
}

/** A batch's work, inside the transaction it is run in (here, or by the job runner). */
export async function applyBatch(
  trx: DB,
  action: BulkAction,
  ids: number[],
  now: number,
): Promise<BatchOutcome> {
  const actor = { workspaceId: action.workspace_id, userId: action.actor_id, now };
  const rows = await customersOf(trx, action.workspace_id, ids);
  const others = changedByOthers(action);
  const skipped = rows.filter(others);
  const targets = rows.filter((row) => !others(row) && applies(action, row));
  const field = action.field as CustomerField;
  const set = action.kind === 'set' ? { field, value: () => action.value! } : undefined;
  const changes = await write(trx, actor, action.kind, targets, set);
  const details = { bulk: action.id };
  const kind = action.kind;
  if (kind !== 'erase')
    await recordEvents(
      trx,
      targets.map((row) => ({
        workspaceId: action.workspace_id,
        customerId: row.id,
        actorId: action.actor_id,
        now,
        kind: EVENT_OF[kind],
        changes: changes.get(row.id),
        details,
      })),
    );
  // A customer erased is gone, with its rows here: only those left alone are kept, to be named.
  const reached = [
    ...(kind === 'erase' ? [] : targets).map((row) => ({
      bulk_action_id: action.id,
      customer_id: row.id,
      outcome: 'changed' as const,
      old_value: action.kind === 'set' ? row[field] : null,
      written_at: iso(now),
    })),
    ...skipped.map((row) => ({
      bulk_action_id: action.id,
      customer_id: row.id,
      outcome: 'skipped' as const,
      old_value: null,
      written_at: null,
    })),
  ];
  if (reached.length > 0) await trx.insertInto('bulk_action_customers').values(reached).execute();
  await trx
    .updateTable('bulk_actions')
    .set((eb) => ({
      changed: eb('changed', '+', targets.length),
      skipped: eb('skipped', '+', skipped.length),
      cursor: Math.max(...ids),
    }))
    .where('id', '=', action.id)
    .execute();
  return { changed: targets.length, skipped: skipped.length };
}

export interface RunOptions {
  batchSize?: number;
  /** The clock (each batch writes its own moment). */
  now: () => number;
  /** Called before each batch with its number (from 1): tests make one fail; a job checks its lease. */
  beforeBatch?: (batch: number) => void | Promise<void>;
}

/**
 * Runs an action's batches from its cursor until the selection is done. A batch that fails stops the
 * action: what ran stays (and Undo covers it), the action is marked failed with the reason.
 */
export async function runBulkAction(
  db: DB,
  actionId: number,
  { batchSize = BATCH_SIZE, now, beforeBatch }: RunOptions,
): Promise<BulkAction> {
  for (let batch = 1; ; batch += 1) {
    const action = await db
      .selectFrom('bulk_actions')
      .selectAll()
      .where('id', '=', actionId)
      .executeTakeFirstOrThrow();
    if (action.status !== 'running') return action;
    try {
      const ids = await nextIds(db, action, batchSize, now());
      if (ids.length === 0) {
        await finish(db, actionId, 'done', null, now());
        continue;
      }
      await beforeBatch?.(batch);
      await runBatch(db, action, ids, now());
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await finish(db, actionId, 'failed', reason.slice(0, 500), now());
      throw error;
    }
  }
}

export async function finish(
  db: DB,
  id: number,
  status: 'done' | 'failed',
  error: string | null,
  now: number,
): Promise<void> {
  const action = await db
    .updateTable('bulk_actions')
    .set({ status, error, finished_at: iso(now) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  // Customers deleted forever have no history left: the team's activity log says how many went.
  if (action.kind === 'erase' && action.changed > 0)
    await recordActivity(db, {
      workspaceId: action.workspace_id,
      actorId: action.actor_id,
      action: 'customers.deleted_forever',
      details: { count: action.changed },
      at: now,
    });
}

/** Customers an action left alone (changed by someone else since the selection), by name, a few. */
export async function skippedNames(db: DB, action: BulkAction, limit = 20): Promise<string[]> {
  const rows = await db
    .selectFrom('bulk_action_customers')
    .innerJoin('customers', 'customers.id', 'bulk_action_customers.customer_id')
    .select(['customers.first_name', 'customers.last_name'])
    .where('bulk_action_customers.bulk_action_id', '=', action.id)
    .where('bulk_action_customers.outcome', '=', 'skipped')
    .where('customers.workspace_id', '=', action.workspace_id)
    .orderBy('customers.id')
    .limit(limit)
    .execute();
  return rows.map(fullName);
}
