// What goes into a customer's history: one event per write, recorded by the write itself in its own
// transaction (so a write that fails leaves no event, and no write goes unrecorded).
import type { DB } from '../../db/database.js';
import type { CustomerEventTable } from '../../db/tables.js';
import { CUSTOMER_FIELDS, type CustomerField, type CustomerValues } from '../schema.js';

export type EventKind = CustomerEventTable['kind'];

/** The fields a write changed, each as [old, new]. */
export type FieldChanges = Partial<Record<CustomerField, [string, string]>>;

/** What else an event needs to be read. */
export interface EventDetails {
  /** A change that put back values from this earlier event (restore from history). */
  restoredFrom?: number;
  /** The whole customer as it was after that event, rather than one field. */
  wholeCustomer?: boolean;
  /** Done to many customers at once: the bulk action (bulk-actions/). */
  bulk?: number;
  /** Undoing that bulk action. */
  undoOf?: number;
  /** Two records made one (merging/): the merge, on the kept record and on the one merged away. */
  merge?: number;
  /** Undoing that merge: the kept record's values put back, the other one back from the trash. */
  unmerged?: number;
}

/** Each field whose value differs between two versions of a customer (null: it did not exist). */
export function changesBetween(before: CustomerValues | null, after: CustomerValues): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of CUSTOMER_FIELDS) {
    const old = before ? before[field] : '';
    if (old !== after[field]) changes[field] = [old, after[field]];
  }
  return changes;
}

interface NewEvent {
  workspaceId: number;
  customerId: number;
  /** Who did it (null: an operator at the command line) and when, in milliseconds since the epoch. */
  actorId: number | null;
  now: number;
  kind: EventKind;
  changes?: FieldChanges;
  details?: EventDetails;
  noteId?: number;
}

// An event is a note's or a change, never both: the record page finds the newest change among the
// timeline's entries, which leave out only deleted notes' (history/queries.ts, timelinePage).
function eventRow(event: NewEvent) {
  const hasChanges = event.changes && Object.keys(event.changes).length > 0;
  return {
    workspace_id: event.workspaceId,
    customer_id: event.customerId,
    occurred_at: new Date(event.now).toISOString(),
    actor_id: event.actorId,
    kind: event.kind,
    changes: hasChanges ? JSON.stringify(event.changes) : null,
    details: event.details ? JSON.stringify(event.details) : null,
    note_id: event.noteId ?? null,
  };
}

/** Adds one event to a customer's history; call it inside the write's transaction. Returns its id. */
export async function recordEvent(trx: DB, event: NewEvent): Promise<number> {
  const row = await trx
    .insertInto('customer_events')
    .values(eventRow(event))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

// 8 columns an event keeps a statement well under SQLite's bound-parameter limit.
const EVENTS_PER_STATEMENT = 500;

/** One event for each of many customers (a bulk action's batch), inside the batch's transaction. */
export async function recordEvents(trx: DB, events: NewEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += EVENTS_PER_STATEMENT)
    await trx
      .insertInto('customer_events')
      .values(events.slice(i, i + EVENTS_PER_STATEMENT).map(eventRow))
      .execute();
}
