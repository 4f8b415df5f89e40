// Every SQL statement about notes. A note belongs to a live customer of the workspace; writing one
// records it in the customer's history, touches the customer, and refreshes the customer's note terms
// (what a search finds it by), all in one transaction.
import type { DB } from '../../db/database.js';
import { writeTransaction } from '../../db/database.js';
import type { CustomerNote } from '../../db/tables.js';
import { recordEvent } from '../history/record.js';
import { noteTerms } from '../keys.js';
import { liveCustomer } from '../query-parts.js';
import type { Actor } from '../queries.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** Whether the customer is live in the workspace (notes are written on live customers only). */
async function customerIsLive(db: DB, workspaceId: number, customerId: number): Promise<boolean> {
  const row = await db
    .selectFrom('customers')
    .select('id')
    .where('id', '=', customerId)
    .where(liveCustomer(workspaceId))
    .executeTakeFirst();
  return row !== undefined;
}

/** The customer's searchable note words, from its live notes, and its last-touched moment. */
export async function refreshCustomer(
  trx: DB,
  customerId: number,
  now: number | null,
): Promise<void> {
  const notes = await trx
    .selectFrom('customer_notes')
    .select('body')
    .where('customer_id', '=', customerId)
    .where('deleted_at', 'is', null)
    .execute();
  await trx
    .updateTable('customers')
    .set({
      note_terms: noteTerms(notes.map((note) => note.body)),
      ...(now === null ? {} : { touched_at: iso(now) }),
    })
    .where('id', '=', customerId)
    .execute();
}

/** Adds a note; undefined when the customer is not a live one of the workspace. */
export function createNote(
  db: DB,
  actor: Actor,
  customerId: number,
  body: string,
): Promise<CustomerNote | undefined> {
  return writeTransaction(db, async (trx) => {
    if (!(await customerIsLive(trx, actor.workspaceId, customerId))) return undefined;
    const at = iso(actor.now);
    const note = await trx
      .insertInto('customer_notes')
      .values({
        workspace_id: actor.workspaceId,
        customer_id: customerId,
        author_id: actor.userId,
        body,
        created_at: at,
        updated_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, {
      workspaceId: actor.workspaceId,
      customerId,
      actorId: actor.userId,
      now: actor.now,
      kind: 'note',
      noteId: note.id,
    });
    await refreshCustomer(trx, customerId, actor.now);
    return note;
  });
}

/** A note of a live customer of the workspace, live or (with `deleted`) deleted. */
export function getNote(
  db: DB,
  workspaceId: number,
  customerId: number,
  noteId: number,
  deleted = false,
): Promise<CustomerNote | undefined> {
  return db
    .selectFrom('customer_notes')
    .innerJoin('customers', 'customers.id', 'customer_notes.customer_id')
    .selectAll('customer_notes')
    .where('customer_notes.id', '=', noteId)
    .where('customer_notes.customer_id', '=', customerId)
    .where(liveCustomer(workspaceId))
    .where('customer_notes.deleted_at', deleted ? 'is not' : 'is', null)
    .executeTakeFirst();
}

export type NoteEdit =
  | { outcome: 'saved' | 'unchanged'; note: CustomerNote }
  /** Someone saved the note since this edit began (or deleted it): nothing written. */
  | { outcome: 'conflict'; current: CustomerNote }
  | { outcome: 'not-found' }
  | { outcome: 'not-author'; note: CustomerNote };

/**
 * Saves an author's edit over the version they started from: a stale version is a conflict with the
 * note as it is now, never a silent overwrite.
 */
export function editNote(
  db: DB,
  actor: Actor,
  customerId: number,
  noteId: number,
  version: number,
  body: string,
): Promise<NoteEdit> {
  return writeTransaction(db, async (trx): Promise<NoteEdit> => {
    const note = await getNote(trx, actor.workspaceId, customerId, noteId);
    if (!note) return { outcome: 'not-found' };
    if (note.author_id !== actor.userId) return { outcome: 'not-author', note };
    if (note.version !== version) return { outcome: 'conflict', current: note };
    if (note.body === body) return { outcome: 'unchanged', note };
    const saved = await trx
      .updateTable('customer_notes')
      .set({ body, updated_at: iso(actor.now), version: note.version + 1 })
      .where('id', '=', noteId)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirstOrThrow();
    await refreshCustomer(trx, customerId, actor.now);
    return { outcome: 'saved', note: saved };
  });
}

export type NoteRemoval =
  | { outcome: 'deleted' | 'restored'; note: CustomerNote }
  | { outcome: 'not-found' }
  | { outcome: 'not-allowed'; note: CustomerNote };

/** Who may delete (and undo the delete of) a note: its author, or an owner of the workspace. */
const mayRemove = (note: CustomerNote, actor: Actor, owner: boolean) =>
  owner || note.author_id === actor.userId;

/** Deletes a note softly (Undo brings it back); its words leave the customer's search terms. */
export function deleteNote(
  db: DB,
  actor: Actor,
  owner: boolean,
  customerId: number,
  noteId: number,
): Promise<NoteRemoval> {
  return writeTransaction(db, async (trx): Promise<NoteRemoval> => {
    const note = await getNote(trx, actor.workspaceId, customerId, noteId);
    if (!note) return { outcome: 'not-found' };
    if (!mayRemove(note, actor, owner)) return { outcome: 'not-allowed', note };
    const deleted = await trx
      .updateTable('customer_notes')
      .set({ deleted_at: iso(actor.now), deleted_by: actor.userId })
      .where('id', '=', noteId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await refreshCustomer(trx, customerId, null);
    return { outcome: 'deleted', note: deleted };
  });
}

/** Undo of a note's delete; a note already back is simply there (a second click on Undo). */
export function restoreNote(
  db: DB,
  actor: Actor,
  owner: boolean,
  customerId: number,
  noteId: number,
): Promise<NoteRemoval> {
  return writeTransaction(db, async (trx): Promise<NoteRemoval> => {
    const live = await getNote(trx, actor.workspaceId, customerId, noteId);
    if (live) return { outcome: 'restored', note: live };
    const note = await getNote(trx, actor.workspaceId, customerId, noteId, true);
    if (!note) return { outcome: 'not-found' };
    if (!mayRemove(note, actor, owner)) return { outcome: 'not-allowed', note };
    const restored = await trx
      .updateTable('customer_notes')
      .set({ deleted_at: null, deleted_by: null })
      .where('id', '=', noteId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await refreshCustomer(trx, customerId, null);
    return { outcome: 'restored', note: restored };
  });
}

/**
 * The newest live notes of each of these customers of the workspace (to show which one a search
 * found): a seek per customer, so one customer's many notes never crowd out another's.
 */
export async function recentNotesOf(
  db: DB,
  workspaceId: number,
  customerIds: number[],
  perCustomer = 100,
): Promise<{ id: number; customer_id: number; body: string }[]> {
  const each = await Promise.all(
    customerIds.map((customerId) =>
      db
        .selectFrom('customer_notes')
        .select(['id', 'customer_id', 'body'])
        .where('customer_id', '=', customerId)
        .where('workspace_id', '=', workspaceId)
        .where('deleted_at', 'is', null)
        .orderBy('id', 'desc')
        .limit(perCustomer)
        .execute(),
    ),
  );
  return each.flat();
}
