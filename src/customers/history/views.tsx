// The record page's timeline: notes and changes together, newest first, a page at a time, each change
// with what it changed and a way to put it back.
import { CsrfField } from '../../views/components.js';
import { escapeAttribute, latin1Markup } from '../../views/escape.js';
import { formatDateTime, personLabel, type Reader } from '../../views/format.js';
import { When } from '../../views/when.js';
import { NoteEntry } from '../notes/views.js';
import {
  CUSTOMER_FIELDS,
  FIELD_LABELS,
  type CustomerField,
  type CustomerValues,
} from '../schema.js';
import { customerUrl, mergeUndoUrl } from '../views/common.js';
import type { TimelineEntry, TimelinePage } from './queries.js';

/** Between a change's old and new value; its arrow as a reference (views/escape.ts). */
const safeArrow = latin1Markup('<span aria-hidden="true"> → </span>');

/** Who is reading (dates in their zone), and what they may do with notes. */
export interface TimelineReader extends Reader {
  userId: number;
  owner: boolean;
  csrfToken: string;
}

/** The customer as the page shows it: restore forms say which version and values they start from. */
export interface ShownCustomer extends CustomerValues {
  id: number;
  version: number;
}

const WHAT_HAPPENED: Record<TimelineEntry['kind'], string> = {
  created: 'added this customer',
  changed: 'changed',
  deleted: 'deleted this customer',
  restored: 'restored this customer',
  imported: 'imported this customer',
  merged: 'merged another record into this one',
  note: 'wrote a note',
};

export const timelineUrl = (customerId: number) => `${customerUrl(customerId)}/timeline`;
export const eventId = (id: number) => `event-${id}`;

/** The fields an entry changed, in form order. */
const changedFields = (entry: TimelineEntry) =>
  CUSTOMER_FIELDS.filter((field) => entry.changes[field] !== undefined);

function summary(entry: TimelineEntry, customerId: number): string {
  const fields = changedFields(entry);
  if (entry.kind === 'merged' && entry.merge && entry.merge.kept_id !== customerId)
    return 'merged this customer into another record';
  if (entry.details.unmerged !== undefined)
    return entry.kind === 'restored' ? 'restored this customer, undoing a merge' : 'undid a merge';
  if (entry.kind === 'changed' && entry.details.restoredFrom !== undefined)
    return entry.details.wholeCustomer
      ? 'restored an earlier version'
      : 'put back an earlier value';
  if (entry.kind === 'changed')
    return `changed ${fields.map((field) => FIELD_LABELS[field].toLowerCase()).join(', ')}`;
  if (entry.kind === 'restored' && fields.length > 0) return 'restored this customer with changes';
  return WHAT_HAPPENED[entry.kind];
}

/** A value in a change, or "empty" said in words. */
function Value({ text }: { text: string }): JSX.Element {
  return text === '' ? <span class="muted">empty</span> : <bdi safe>{text}</bdi>;
}

/** Puts back one field's old value: a versioned edit based on what the page shows now. */
function PutBackForm({
  customer,
  entry,
  field,
  reader,
}: {
  customer: ShownCustomer;
  entry: TimelineEntry;
  field: CustomerField;
  reader: TimelineReader;
}): JSX.Element {
  const old = entry.changes[field]![0];
  // The curly quotes as references, so the page stays a one-byte string (views/escape.ts).
  const label = `Put back ${escapeAttribute(FIELD_LABELS[field].toLowerCase())} &#8220;${escapeAttribute(old || 'empty')}&#8221;`;
  const safeButton = `<button type="submit" class="button button-small button-quiet" aria-label="${label}">Put back</button>`;
  return (
    <form method="post" action={`${customerUrl(customer.id)}/history/${entry.id}/restore`}>
      <CsrfField token={reader.csrfToken} />
      <input type="hidden" name="field" value={field} />
      <input type="hidden" name="version" value={String(customer.version)} />
      <input type="hidden" name={`base_${field}`} value={customer[field]} />
      {safeButton}
    </form>
  );
}

/**
 * What every "Restore this version" form of a page sends besides its entry: the token, the version and
 * values the restore starts from. The same for each of a page's 20 entries, so made once a page (the
 * page reads its customer once: one object).
 */
function RestoreFields({
  customer,
  reader,
}: {
  customer: ShownCustomer;
  reader: TimelineReader;
}): JSX.Element {
  const made = madeRestoreFields.get(customer);
  if (made?.token === reader.csrfToken && made.version === customer.version) return made.html;
  const html = (
    <>
      <CsrfField token={reader.csrfToken} />
      <input type="hidden" name="whole" value="1" />
      <input type="hidden" name="version" value={String(customer.version)} />
      {CUSTOMER_FIELDS.map((field) => (
        <input type="hidden" name={`base_${field}`} value={customer[field]} />
      ))}
    </>
  ) as string;
  madeRestoreFields.set(customer, { token: reader.csrfToken, version: customer.version, html });
  return html;
}
const madeRestoreFields = new WeakMap<
  ShownCustomer,
  { token: string; version: number; html: string }
>();

/** Puts the whole customer back as it was right after this entry. */
function RestoreVersionForm({
  customer,
  entry,
  reader,
}: {
  customer: ShownCustomer;
  entry: TimelineEntry;
  reader: TimelineReader;
}): JSX.Element {
  return (
    <form
      method="post"
      action={`${customerUrl(customer.id)}/history/${entry.id}/restore`}
      class="restore-version"
    >
      <RestoreFields customer={customer} reader={reader} />
      <button
        type="submit"
        class="button button-small"
        aria-label={`Restore the version of ${formatDateTime(entry.occurred_at, reader)}`}
      >
        Restore this version
      </button>
    </form>
  );
}

/** Which records a merge (or its undo) joined, each a link (the one merged away is in the trash until restored). */
function MergeLine({
  entry,
  customer,
  reader,
}: {
  entry: TimelineEntry;
  customer: ShownCustomer;
  reader: TimelineReader;
}): JSX.Element {
  const merge = entry.merge;
  if (!merge) return '';
  const keptHere = merge.kept_id === customer.id;
  const [words, id, name] = keptHere
    ? ['Merged in:', merge.merged_id, merge.merged_name]
    : ['Merged into:', merge.kept_id, merge.kept_name];
  const offerUndo =
    entry.kind === 'merged' && keptHere && merge.undone_at === null && merge.merged_in_trash;
  return (
    <div class="merge-line">
      <p>
        <span safe>{words}</span>{' '}
        <a href={customerUrl(id)}>
          <bdi safe>{name}</bdi>
        </a>
        {offerUndo ? <span class="muted"> (in the trash)</span> : ''}
        {entry.kind === 'merged' && merge.undone_at !== null ? (
          <span class="muted"> · undone since</span>
        ) : (
          ''
        )}
      </p>
      {offerUndo ? (
        <form method="post" action={mergeUndoUrl(merge.id)}>
          <CsrfField token={reader.csrfToken} />
          <button
            type="submit"
            class="button button-small"
            aria-label={`Undo the merge of ${name}`}
          >
            Undo merge
          </button>
        </form>
      ) : (
        ''
      )}
    </div>
  );
}

/** One field of a change: old and new value, and "Put back" where the customer no longer has the old. */
function FieldChange({
  entry,
  field,
  customer,
  reader,
}: {
  entry: TimelineEntry;
  field: CustomerField;
  customer: ShownCustomer;
  reader: TimelineReader;
}): JSX.Element {
  const [old, now] = entry.changes[field]!;
  // Written on another record before a merge brought it here: read only, nothing to put back.
  const moved = entry.mergedFrom !== null;
  return (
    <div class="change">
      <dt safe>{FIELD_LABELS[field]}</dt>
      <dd>
        {entry.kind === 'created' ? (
          <Value text={now} />
        ) : (
          <>
            <del>
              <span class="visually-hidden">from </span>
              <Value text={old} />
            </del>
            {safeArrow}
            <ins>
              <span class="visually-hidden">to </span>
              <Value text={now} />
            </ins>
            {moved || customer[field] === old ? (
              ''
            ) : (
              <PutBackForm {...{ customer, entry, field, reader }} />
            )}
          </>
        )}
      </dd>
    </div>
  );
}

/** An entry a merge brought from another record: which one (a link while that record exists). */
function Origin({ entry }: { entry: TimelineEntry }): JSX.Element {
  if (!entry.mergedFrom) return '';
  const { id, name } = entry.mergedFrom;
  return (
    <p class="timeline-origin muted">
      {name === null ? (
        'On a record since deleted forever, before a merge'
      ) : (
        <>
          On{' '}
          <a href={customerUrl(id)}>
            <bdi safe>{name}</bdi>
          </a>
          , before a merge
        </>
      )}
    </p>
  );
}

function ChangeEntry({
  entry,
  customer,
  reader,
  newest,
}: {
  entry: TimelineEntry;
  customer: ShownCustomer;
  reader: TimelineReader;
  /** The newest change needs no "Restore this version": it is the customer as shown. */
  newest: boolean;
}): JSX.Element {
  const fields = changedFields(entry);
  const who = entry.actor_name
    ? personLabel(entry.actor_name, entry.actor_deactivated_at)
    : 'An operator';
  return (
    <li
      id={eventId(entry.id)}
      class={`timeline-entry timeline-${entry.kind}`}
      tabindex="-1"
      data-timeline-entry=""
      data-event-id={String(entry.id)}
    >
      <Origin entry={entry} />
      <p class="timeline-meta">
        <strong safe>{who}</strong> <span safe>{summary(entry, customer.id)}</span>
        {' · '}
        <When at={entry.occurred_at} reader={reader} />
      </p>
      <MergeLine {...{ entry, customer, reader }} />
      {fields.length > 0 ? (
        <dl class="change-list">
          {fields.map((field) => (
            <FieldChange {...{ entry, field, customer, reader }} />
          ))}
        </dl>
      ) : (
        ''
      )}
      {fields.length > 0 && !newest && entry.mergedFrom === null ? (
        <RestoreVersionForm {...{ customer, entry, reader }} />
      ) : (
        ''
      )}
    </li>
  );
}

/** The entries of one page, and the link to the older ones (it replaces itself with them under htmx). */
export function TimelineEntries({
  page,
  customer,
  reader,
  newestChange,
}: {
  page: TimelinePage;
  customer: ShownCustomer;
  reader: TimelineReader;
  /** The id of the customer's newest change event, which matches what the page shows. */
  newestChange: number | null;
}): JSX.Element {
  const older = page.olderThan;
  return (
    <>
      {page.entries.map((entry) =>
        entry.note ? (
          <NoteEntry
            customerId={customer.id}
            eventId={entry.id}
            note={entry.note}
            reader={reader}
            canEdit={entry.note.author_id === reader.userId}
            canDelete={reader.owner || entry.note.author_id === reader.userId}
          />
        ) : (
          <ChangeEntry {...{ entry, customer, reader }} newest={entry.id === newestChange} />
        ),
      )}
      {older === null ? (
        ''
      ) : (
        <li class="timeline-more">
          <a
            class="button"
            href={`${customerUrl(customer.id)}?older=${older}#timeline`}
            hx-get={`${timelineUrl(customer.id)}?older=${older}`}
            hx-target="closest li"
            hx-swap="outerHTML"
            data-timeline-more=""
          >
            Show older entries
          </a>
        </li>
      )}
    </>
  );
}

/** The timeline section of the record page: the note box, then the entries. */
export function Timeline({
  page,
  customer,
  reader,
  newestChange,
  composer,
  paged,
}: {
  page: TimelinePage;
  customer: ShownCustomer;
  reader: TimelineReader;
  newestChange: number | null;
  composer: JSX.Element;
  /** Showing an older page (without JavaScript): a way back to the newest. */
  paged: boolean;
}): JSX.Element {
  return (
    <section class="panel timeline-panel" id="timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Notes and history</h2>
      {composer}
      {paged ? (
        <p>
          <a href={`${customerUrl(customer.id)}#timeline`}>Back to the newest entries</a>
        </p>
      ) : (
        ''
      )}
      {page.entries.length === 0 ? (
        <p class="muted timeline-empty">
          Nothing yet. Notes you write and every change to this customer appear here.
        </p>
      ) : (
        ''
      )}
      <ol class="timeline" id="timeline-entries" aria-label="Notes and changes, newest first">
        <TimelineEntries {...{ page, customer, reader, newestChange }} />
      </ol>
    </section>
  );
}
