// Reading a customer's story: the timeline (changes and notes, newest first, a page at a time) and the
// customer as it was after any change, for putting it back.
import type { DB } from '../../db/database.js';
import { compiledOnce } from '../../db/compiled.js';
import { CUSTOMER_FIELDS, type CustomerValues } from '../schema.js';
import { mergesById, type MergeInfo } from '../merging/queries.js';
import type { EventDetails, EventKind, FieldChanges } from './record.js';

/** Timeline entries per page: a customer with ten thousand events opens as fast as one with ten. */
export const TIMELINE_PAGE = 20;

export interface TimelineNote {
  id: number;
  body: string;
  author_id: number;
  author_name: string;
  author_deactivated_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface TimelineEntry {
  id: number;
  kind: EventKind;
  occurred_at: string;
  actor_id: number | null;
  actor_name: string | null;
  actor_deactivated_at: string | null;
  changes: FieldChanges;
  details: EventDetails;
  /** The note, for a 'note' entry (a deleted note's entry is left out of the timeline). */
  note: TimelineNote | null;
  /**
   * Written on another record that a merge brought in here: that record (its name null once it was
   * deleted forever).
   */
  mergedFrom: { id: number; name: string | null } | null;
  /** For a merge and its undo: both records and whether it was undone. */
  merge: MergeInfo | null;
}

export interface TimelinePage {
  entries: TimelineEntry[];
  /** Where the next (older) page starts, when there is one. */
  olderThan: number | null;
  /**
   * The customer's newest change (what newestChange reads), when the rows read for the newest page
   * tell it: they hold one, or the whole story and none (null). Undefined otherwise: ask newestChange.
   */
  newestChange?: number | null;
}

const parsed = <T>(json: string | null): T => (json ? (JSON.parse(json) as T) : ({} as T));

/** The timeline's read: events newest first below an event id, with who wrote them and their notes. */
function timelineQuery(db: DB, workspaceId: number, customerId: number, limit: number) {
  return db
    .selectFrom('customer_events as e')
    .leftJoin('users as actor', 'actor.id', 'e.actor_id')
    .leftJoin('customer_notes as n', 'n.id', 'e.note_id')
    .leftJoin('users as author', 'author.id', 'n.author_id')
    .leftJoin('customers as origin', 'origin.id', 'e.merged_from')
    .select([
      'e.id',
      'e.kind',
      'e.occurred_at',
      'e.actor_id',
      'e.changes',
      'e.details',
      'e.merged_from',
      'origin.id as origin_id',
      'origin.first_name as origin_first_name',
      'origin.last_name as origin_last_name',
      'actor.name as actor_name',
      'actor.deactivated_at as actor_deactivated_at',
      'n.id as note_id',
      'n.body as note_body',
      'n.author_id as note_author_id',
      'author.name as note_author_name',
      'author.deactivated_at as note_author_deactivated_at',
      'n.created_at as note_created_at',
      'n.updated_at as note_updated_at',
      'n.version as note_version',
    ])
    .where('e.customer_id', '=', customerId)
    .where('e.workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('e.note_id', 'is', null), eb('n.deleted_at', 'is', null)]))
    .orderBy('e.id', 'desc')
    .limit(limit);
}

// Every record page reads its newest entries, and a longer story its older ones: each compiled once.
const newestEntries = compiledOnce(timelineQuery);
const olderEntries = compiledOnce(
  (db: DB, workspaceId: number, customerId: number, limit: number, olderThan: number) =>
    timelineQuery(db, workspaceId, customerId, limit).where('e.id', '<', olderThan),
);

type TimelineRow = Awaited<ReturnType<ReturnType<typeof timelineQuery>['execute']>>[number];

/** The merge an event is part of (the merge itself, or its undo). */
const mergeOf = (details: EventDetails) => details.merge ?? details.unmerged;

function noteOf(row: TimelineRow): TimelineNote | null {
  if (row.note_id === null) return null;
  return {
    id: row.note_id,
    body: row.note_body ?? '',
    author_id: row.note_author_id ?? 0,
    author_name: row.note_author_name ?? '',
    author_deactivated_at: row.note_author_deactivated_at,
    created_at: row.note_created_at ?? row.occurred_at,
    updated_at: row.note_updated_at ?? row.occurred_at,
    version: row.note_version ?? 1,
  };
}

function entryOf(row: TimelineRow, merges: Map<number, MergeInfo>): TimelineEntry {
  const details = parsed<EventDetails>(row.details);
  const origin = `${row.origin_first_name ?? ''} ${row.origin_last_name ?? ''}`.trim();
  return {
    id: row.id,
    kind: row.kind,
    occurred_at: row.occurred_at,
    actor_id: row.actor_id,
    actor_name: row.actor_name,
    actor_deactivated_at: row.actor_deactivated_at,
    changes: parsed<FieldChanges>(row.changes),
    details,
    mergedFrom:
      row.merged_from === null
        ? null
        : { id: row.merged_from, name: row.origin_id === null ? null : origin },
    merge: merges.get(mergeOf(details) ?? 0) ?? null,
    note: noteOf(row),
  };
}

/**
 * One page of a customer's timeline, newest first, starting below an event id: a seek on
 * customer_events (customer_id, id), however long the story. Entries of deleted notes are skipped.
 */
export async function timelinePage(
  db: DB,
  workspaceId: number,
  customerId: number,
  olderThan?: number,
  limit = TIMELINE_PAGE,
): Promise<TimelinePage> {
  const rows =
    olderThan === undefined
      ? await newestEntries(db, workspaceId, customerId, limit + 1)
      : await olderEntries(db, workspaceId, customerId, limit + 1, olderThan);
  const mergeIds = rows.flatMap((row) => mergeOf(parsed<EventDetails>(row.details)) ?? []);
  const merges = await mergesById(db, workspaceId, mergeIds);
  const entries = rows.slice(0, limit).map((row) => entryOf(row, merges));
  const page = { entries, olderThan: rows.length > limit ? entries.at(-1)!.id : null };
  if (olderThan !== undefined) return page;
  // Newest first, and no change is left out of a page (only deleted notes' entries are).
  const change = rows.find((row) => row.changes !== null && row.merged_from === null);
  return { ...page, newestChange: change ? change.id : rows.length > limit ? undefined : null };
}

/** One change event of the customer (not a note), with what it changed; undefined when not theirs. */
export async function changeEvent(
  db: DB,
  workspaceId: number,
  customerId: number,
  eventId: number,
): Promise<{ id: number; kind: EventKind; changes: FieldChanges } | undefined> {
  const row = await db
    .selectFrom('customer_events')
    .select(['id', 'kind', 'changes'])
    .where('id', '=', eventId)
    .where('customer_id', '=', customerId)
    .where('workspace_id', '=', workspaceId)
    .where('note_id', 'is', null)
    .where('merged_from', 'is', null)
    .executeTakeFirst();
  return row && { id: row.id, kind: row.kind, changes: parsed<FieldChanges>(row.changes) };
}

/**
 * The customer's values right after an event: today's values with every later change taken back,
 * newest first (works for customers older than their history too: only later changes are needed).
 */
export async function valuesAfter(
  db: DB,
  customerId: number,
  eventId: number,
  current: CustomerValues,
): Promise<CustomerValues> {
  const later = await db
    .selectFrom('customer_events')
    .select('changes')
    .where('customer_id', '=', customerId)
    .where('id', '>', eventId)
    .where('changes', 'is not', null)
    .where('merged_from', 'is', null)
    .orderBy('id', 'desc')
    .execute();
  const values = { ...current };
  for (const { changes } of later) {
    const taken = parsed<FieldChanges>(changes);
    for (const field of CUSTOMER_FIELDS) {
      const change = taken[field];
      if (change) values[field] = change[0];
    }
  }
  return values;
}

/** The customer's newest event that changed values: what the record page shows is right after it. */
export async function newestChange(db: DB, customerId: number): Promise<number | null> {
  const [row] = await newestChangeQuery(db, customerId);
  return row?.id ?? null;
}

/** The customer's newest change: as the timeline's page shows it, or read when the page cannot say. */
export async function newestChangeBeside(
  db: DB,
  customerId: number,
  page: TimelinePage,
): Promise<number | null> {
  return page.newestChange !== undefined ? page.newestChange : newestChange(db, customerId);
}

// Read by every record page: compiled once.
const newestChangeQuery = compiledOnce((db: DB, customerId: number) =>
  db
    .selectFrom('customer_events')
    .select('id')
    .where('customer_id', '=', customerId)
    .where('changes', 'is not', null)
    .where('merged_from', 'is', null)
    .orderBy('id', 'desc')
    .limit(1),
);

/** A live note as its timeline entry shows it (after it is written, edited or put back). */
export async function noteEntry(
  db: DB,
  workspaceId: number,
  noteId: number,
): Promise<{ eventId: number; note: TimelineNote } | undefined> {
  const row = await db
    .selectFrom('customer_notes as n')
    .innerJoin('customer_events as e', 'e.note_id', 'n.id')
    .innerJoin('users as author', 'author.id', 'n.author_id')
    .select([
      'e.id as event_id',
      'n.id',
      'n.body',
      'n.author_id',
      'author.name as author_name',
      'author.deactivated_at as author_deactivated_at',
      'n.created_at',
      'n.updated_at',
      'n.version',
    ])
    .where('n.id', '=', noteId)
    .where('n.workspace_id', '=', workspaceId)
    .where('n.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { event_id: eventId, ...note } = row;
  return { eventId, note };
}
