// Every SQL statement of the customer book. Each one is scoped to a workspace; deleted rows stay out of
// sight except for restore.
import type { Kysely } from 'kysely';
import type { Customer, Database } from '../db/tables.js';
import { writeOnlyTransaction, writeTransaction } from '../db/database.js';
import { compiledOnce } from '../db/compiled.js';
import { CUSTOMER_FIELDS, valuesOf, type CustomerValues } from './schema.js';
import { changesBetween, recordEvent, type EventDetails } from './history/record.js';
import { writes, type SaveDecision, type StoredCustomer } from './merge.js';
import { withKeys } from './keys.js';
import { liveCustomer } from './query-parts.js';

// The table's queries live beside these (list-queries.ts); callers read every customer query from here.
export * from './list-queries.js';
// The views show a search's count; they read it from here with the rest of what the table shows.
export type { MatchCount } from './search/index.js';

type Executor = Kysely<Database>;

/** A customer with the names of the people who added it and last changed it (for the record page). */
export type CustomerWithAuthors = Customer & {
  created_by_name: string | null;
  updated_by_name: string | null;
  /** Set when that person is a former member (left, removed, or deleted their account). */
  created_by_deactivated_at: string | null;
  updated_by_deactivated_at: string | null;
};

/** Who is writing and when: every write records both. */
export interface Actor {
  workspaceId: number;
  userId: number;
  /** Milliseconds since the epoch. */
  now: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A live customer of the workspace, or undefined (unknown, deleted, or another workspace's). */
export function getCustomer(
  db: Executor,
  workspaceId: number,
  id: number,
): Promise<Customer | undefined> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('id', '=', id)
    .where(liveCustomer(workspaceId))
    .executeTakeFirst();
}

export function getCustomerWithAuthors(
  db: Executor,
  workspaceId: number,
  id: number,
): Promise<CustomerWithAuthors | undefined> {
  return customerWithAuthors(db, workspaceId, id)
    .where('customers.deleted_at', 'is', null)
    .executeTakeFirst();
}

/** The event a write records, as the actor made it. */
function eventBy(actor: Actor, customerId: number) {
  return { workspaceId: actor.workspaceId, customerId, actorId: actor.userId, now: actor.now };
}

export function createCustomer(
  db: Executor,
  actor: Actor,
  values: CustomerValues,
): Promise<Customer> {
  const at = iso(actor.now);
  return writeOnlyTransaction(db, async (trx) => {
    const customer = await trx
      .insertInto('customers')
      .values({
        ...withKeys(values),
        workspace_id: actor.workspaceId,
        created_at: at,
        updated_at: at,
        touched_at: at,
        created_by: actor.userId,
        updated_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const changes = changesBetween(null, values);
    await recordEvent(trx, { ...eventBy(actor, customer.id), kind: 'created', changes });
    return customer;
  });
}

type UpdateResult =
  | { outcome: 'updated'; customer: Customer }
  /** Nothing to write: the stored values already are the submitted ones (a repeated save, say). */
  | { outcome: 'unchanged'; customer: Customer }
  /** Someone saved a newer version; nothing was written. */
  | { outcome: 'conflict'; current: CustomerWithAuthors }
  | { outcome: 'not-found' };

function sameValues(a: CustomerValues, b: CustomerValues): boolean {
  return CUSTOMER_FIELDS.every((field) => a[field] === b[field]);
}

/**
 * Saves new values over the version the person was editing. The UPDATE only matches that version, so a
 * save based on a stale copy can never overwrite someone else's change, however the requests interleave.
 */
export async function updateCustomer(
  db: Executor,
  actor: Actor,
  id: number,
  expectedVersion: number,
  values: CustomerValues,
): Promise<UpdateResult> {
  return writeTransaction(db, async (trx) => {
    const stored = await getCustomer(trx, actor.workspaceId, id);
    if (!stored) return { outcome: 'not-found' } as const;
    if (sameValues(stored, values)) return { outcome: 'unchanged', customer: stored } as const;
    const updated = await trx
      .updateTable('customers')
      .set((eb) => ({
        ...changedColumns(stored, withKeys(values)),
        updated_at: iso(actor.now),
        touched_at: iso(actor.now),
        updated_by: actor.userId,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .where(liveCustomer(actor.workspaceId))
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
    if (updated) {
      const changes = changesBetween(valuesOf(stored), values);
      await recordEvent(trx, { ...eventBy(actor, id), kind: 'changed', changes });
      return { outcome: 'updated', customer: updated } as const;
    }
    const current = await getCustomerWithAuthors(trx, actor.workspaceId, id);
    return current
      ? ({ outcome: 'conflict', current } as const)
      : ({ outcome: 'not-found' } as const);
  });
}

/**
 * A customer of the workspace as stored, deleted or not (a deleted one is restorable until purged), with
 * the names of who added and last changed it (for a deleted one: who deleted it).
 */
export async function getCustomerRecord(
  db: Executor,
  workspaceId: number,
  id: number,
): Promise<CustomerWithAuthors | undefined> {
  const [customer] = await customerRecord(db, workspaceId, id);
  return customer;
}

// Read by every record page, editor and save: compiled once.
const customerRecord = compiledOnce(customerWithAuthors);

/** One customer of the workspace, live or deleted, joined to the people who added and last changed it. */
function customerWithAuthors(db: Executor, workspaceId: number, id: number) {
  return db
    .selectFrom('customers')
    .leftJoin('users as creator', 'creator.id', 'customers.created_by')
    .leftJoin('users as editor', 'editor.id', 'customers.updated_by')
    .selectAll('customers')
    .select([
      'creator.name as created_by_name',
      'editor.name as updated_by_name',
      'creator.deactivated_at as created_by_deactivated_at',
      'editor.deactivated_at as updated_by_deactivated_at',
    ])
    .where('customers.id', '=', id)
    .where('customers.workspace_id', '=', workspaceId);
}

export interface SavedEdit<D> {
  decision: D;
  /** The customer as stored when the decision was made (undefined: unknown here). */
  stored: CustomerWithAuthors | undefined;
  /** The customer after the save, when it wrote. */
  saved?: Customer;
}

/**
 * The columns whose value differs from the stored row's. An UPDATE rewrites the index entries of
 * every column it sets, changed or not, and setting search_text (or deleted_at) re-indexes the row's
 * search terms: an edit of the address alone cost 560 µs of SQLite with its COMMIT when it set every
 * column, 140 when it set the address (100,000 customers).
 */
function changedColumns<T extends object>(stored: object, next: T): Partial<T> {
  const before = stored as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(next).filter(([column, value]) => before[column] !== value),
  ) as Partial<T>;
}

/**
 * Saves an edit: reads the stored customer and writes what `decide` makes of it, in one write
 * transaction, so no other save can land between the read and the write. A write of a deleted customer
 * brings it back (Restore with these values). The history records the changed fields, and `details`
 * (a restore from history says which event it put back).
 */
export async function saveCustomerEdit<D extends SaveDecision>(
  db: Executor,
  actor: Actor,
  id: number,
  decide: (stored: StoredCustomer | undefined) => D,
  details?: EventDetails,
): Promise<SavedEdit<D>> {
  return writeTransaction(db, async (trx) => {
    const stored = await getCustomerRecord(trx, actor.workspaceId, id);
    const decision = decide(stored);
    if (!stored || !writes(decision)) return { decision, stored };
    const saved = await trx
      .updateTable('customers')
      .set({
        ...changedColumns(stored, withKeys(decision.values)),
        ...(stored.deleted_at === null && stored.deleted_by === null
          ? {}
          : { deleted_at: null, deleted_by: null }),
        updated_at: iso(actor.now),
        touched_at: iso(actor.now),
        updated_by: actor.userId,
        version: stored.version + 1,
      })
      .where('id', '=', id)
      .where('workspace_id', '=', actor.workspaceId)
      .where('version', '=', stored.version)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, {
      ...eventBy(actor, id),
      kind: stored.deleted_at ? 'restored' : 'changed',
      changes: changesBetween(valuesOf(stored), decision.values),
      details,
    });
    return { decision, stored, saved };
  });
}

/** Soft delete: the row stays, hidden, until restored or purged. Returns the deleted customer. */
export function deleteCustomer(
  db: Executor,
  actor: Actor,
  id: number,
): Promise<Customer | undefined> {
  const at = iso(actor.now);
  return writeTransaction(db, async (trx) => {
    const deleted = await trx
      .updateTable('customers')
      .set({ deleted_at: at, deleted_by: actor.userId, updated_at: at, updated_by: actor.userId })
      .where('id', '=', id)
      .where(liveCustomer(actor.workspaceId))
      .returningAll()
      .executeTakeFirst();
    if (deleted) await recordEvent(trx, { ...eventBy(actor, id), kind: 'deleted' });
    return deleted;
  });
}

/**
 * Brings a deleted customer back. Restoring one that is already live succeeds too (a second click on
 * Undo), so the answer only says whether the customer exists in this workspace.
 */
export async function restoreCustomer(
  db: Executor,
  actor: Actor,
  id: number,
): Promise<Customer | undefined> {
  return writeTransaction(db, async (trx) => {
    const restored = await trx
      .updateTable('customers')
      .set({
        deleted_at: null,
        deleted_by: null,
        updated_at: iso(actor.now),
        touched_at: iso(actor.now),
        updated_by: actor.userId,
      })
      .where('id', '=', id)
      .where('workspace_id', '=', actor.workspaceId)
      .where('deleted_at', 'is not', null)
      .returningAll()
      .executeTakeFirst();
    if (!restored) return getCustomer(trx, actor.workspaceId, id);
    await recordEvent(trx, { ...eventBy(actor, id), kind: 'restored' });
    return restored;
  });
}
