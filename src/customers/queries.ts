// Every SQL statement of the customer book. Each one is scoped to a workspace; deleted rows stay out of
// sight except for restore.
import type { Kysely } from 'kysely';
import type { Customer, Database } from '../db/schema.js';
import { CUSTOMER_FIELDS, type CustomerValues } from './schema.js';

type Executor = Kysely<Database>;

/** A customer with the names of the people who added it and last changed it (for the record page). */
export type CustomerWithAuthors = Customer & { created_by_name: string | null; updated_by_name: string | null };

/** Who is writing and when: every write records both. */
export interface Actor {
  workspaceId: number;
  userId: number;
  /** Milliseconds since the epoch. */
  now: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The workspace's live customers, newest first (the customers_workspace_created index).
 * Search, sorting and paging arrive with their own issue; they will extend this query.
 */
export function listCustomers(db: Executor, workspaceId: number): Promise<Customer[]> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function countCustomers(db: Executor, workspaceId: number): Promise<number> {
  const row = await db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A live customer of the workspace, or undefined (unknown, deleted, or another workspace's). */
export function getCustomer(db: Executor, workspaceId: number, id: number): Promise<Customer | undefined> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export function getCustomerWithAuthors(db: Executor, workspaceId: number, id: number): Promise<CustomerWithAuthors | undefined> {
  return db
    .selectFrom('customers')
    .leftJoin('users as creator', 'creator.id', 'customers.created_by')
    .leftJoin('users as editor', 'editor.id', 'customers.updated_by')
    .selectAll('customers')
    .select(['creator.name as created_by_name', 'editor.name as updated_by_name'])
    .where('customers.id', '=', id)
    .where('customers.workspace_id', '=', workspaceId)
    .where('customers.deleted_at', 'is', null)
    .executeTakeFirst();
}

export function createCustomer(db: Executor, actor: Actor, values: CustomerValues): Promise<Customer> {
  const at = iso(actor.now);
  return db
    .insertInto('customers')
    .values({
      ...values,
      workspace_id: actor.workspaceId,
      created_at: at,
      updated_at: at,
      created_by: actor.userId,
      updated_by: actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type UpdateResult =
  | { outcome: 'updated'; customer: Customer }
  /** Nothing to write: the stored values already are the submitted ones (a repeated save, say). */
  | { outcome: 'unchanged'; customer: Customer }
  /** Someone saved a newer version; nothing was written. */
  | { outcome: 'conflict'; current: CustomerWithAuthors }
  | { outcome: 'not-found' };

export function sameValues(a: CustomerValues, b: CustomerValues): boolean {
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
  return db.transaction().execute(async (trx) => {
    const stored = await getCustomer(trx, actor.workspaceId, id);
    if (!stored) return { outcome: 'not-found' } as const;
    if (sameValues(stored, values)) return { outcome: 'unchanged', customer: stored } as const;
    const updated = await trx
      .updateTable('customers')
      .set((eb) => ({
        ...values,
        updated_at: iso(actor.now),
        updated_by: actor.userId,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .where('workspace_id', '=', actor.workspaceId)
      .where('deleted_at', 'is', null)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
    if (updated) return { outcome: 'updated', customer: updated } as const;
    const current = await getCustomerWithAuthors(trx, actor.workspaceId, id);
    return current ? ({ outcome: 'conflict', current } as const) : ({ outcome: 'not-found' } as const);
  });
}

/** Soft delete: the row stays, hidden, until restored or purged. Returns the deleted customer. */
export function deleteCustomer(db: Executor, actor: Actor, id: number): Promise<Customer | undefined> {
  const at = iso(actor.now);
  return db
    .updateTable('customers')
    .set({ deleted_at: at, updated_at: at, updated_by: actor.userId })
    .where('id', '=', id)
    .where('workspace_id', '=', actor.workspaceId)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Brings a deleted customer back. Restoring one that is already live succeeds too (a second click on
 * Undo), so the answer only says whether the customer exists in this workspace.
 */
export async function restoreCustomer(db: Executor, actor: Actor, id: number): Promise<Customer | undefined> {
  const restored = await db
    .updateTable('customers')
    .set({ deleted_at: null, updated_at: iso(actor.now), updated_by: actor.userId })
    .where('id', '=', id)
    .where('workspace_id', '=', actor.workspaceId)
    .where('deleted_at', 'is not', null)
    .returningAll()
    .executeTakeFirst();
  return restored ?? getCustomer(db, actor.workspaceId, id);
}
