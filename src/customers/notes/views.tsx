// Notes as the record page shows them: the box to write one, each note in the timeline with Edit and
// Delete for those allowed, the edit form (inline with htmx, a page without), and a stale edit's
// conflict with both texts side by side.
import Html from '@kitajs/html';
import { ConfirmForm, CsrfField } from '../../views/components.js';
import { formatDateTime, personLabel, type Reader } from '../../views/format.js';
import { When } from '../../views/when.js';
import type { FieldErrors } from '../../http/forms.js';
import type { TimelineNote } from '../history/queries.js';
import { customerUrl } from '../views/common.js';
import { NOTE_MAX_LENGTH } from './schema.js';

export const noteUrl = (customerId: number, noteId: number) =>
  `${customerUrl(customerId)}/notes/${noteId}`;
export const noteId = (id: number) => `note-${id}`;

// Web addresses in a note become links: http(s) only, never javascript: or data:, with the
// punctuation that ends a sentence left outside the link.
const WEB_ADDRESS = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?'"»”’)\]]+$/;

/** The note's text as HTML: escaped, line breaks kept by CSS, web addresses as links. */
export function linkedText(text: string): string {
  let html = '';
  let done = 0;
  for (const match of text.matchAll(WEB_ADDRESS)) {
    let address = match[0];
    const trailing = TRAILING_PUNCTUATION.exec(address)?.[0] ?? '';
    // A closing parenthesis belongs to the address when it opened one (Wikipedia-style links).
    const keep = trailing.startsWith(')') && address.includes('(') ? 1 : 0;
    address = address.slice(0, address.length - trailing.length + keep);
    if (/^www\.$/i.test(address)) continue;
    const href = /^www\./i.test(address) ? `https://${address}` : address;
    html += Html.escapeHtml(text.slice(done, match.index));
    html += `<a href="${Html.escapeHtml(href)}" rel="noopener noreferrer nofollow ugc">${Html.escapeHtml(address)}</a>`;
    done = match.index + address.length;
  }
  return html + Html.escapeHtml(text.slice(done));
}

/** The box on the record page: a plain form without JavaScript; with htmx the note joins the timeline. */
export function NoteComposer({
  customerId,
  csrfToken,
  body = '',
  error,
}: {
  customerId: number;
  csrfToken: string;
  body?: string;
  error?: string | undefined;
}): JSX.Element {
  const action = `${customerUrl(customerId)}/notes`;
  return (
    <form
      id="note-composer"
      class="note-composer"
      method="post"
      action={action}
      hx-post={action}
      hx-target="#note-composer"
      hx-swap="outerHTML"
      hx-sync="this:drop"
    >
      <CsrfField token={csrfToken} />
      <NoteTextarea id="note-body" label="Write a note" body={body} error={error} />
      <div class="button-row">
        <button type="submit" class="button button-primary">
          Save note{' '}
          <kbd class="js-only shortcut-key" aria-hidden="true">
            Ctrl+Enter
          </kbd>
        </button>
      </div>
    </form>
  );
}

// Written once, not at every record page (a number's toLocaleString asks ICU each time).
const NOTE_HINT = `Plain text, up to ${NOTE_MAX_LENGTH.toLocaleString('en-US')} characters. Web addresses become links.`;

function NoteTextarea({
  id,
  label,
  body,
  error,
  autofocus,
}: {
  id: string;
  label: string;
  body: string;
  error?: string | undefined;
  autofocus?: boolean;
}): JSX.Element {
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field field-invalid note-field' : 'field note-field'}>
      <label for={id} safe>
        {label}
      </label>
      <textarea
        id={id}
        name="body"
        rows="3"
        dir="auto"
        data-note-body=""
        autofocus={autofocus}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
        safe
      >
        {body}
      </textarea>
      <p class="field-hint" id={`${id}-hint`} safe>
        {NOTE_HINT}
      </p>
      {error ? (
        <p class="field-error" id={`${id}-error`} safe>
          {error}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

interface NoteEntryProps {
  customerId: number;
  eventId: number;
  note: TimelineNote;
  reader: Reader;
  /** Whether the reader may edit (author) and delete (author or owner) it. */
  canEdit: boolean;
  canDelete: boolean;
}

/** A note in the timeline: who wrote it and when, its text, and what the reader may do with it. */
export function NoteEntry(props: NoteEntryProps): JSX.Element {
  const { note } = props;
  const edited = note.version > 1;
  const safeBody = linkedText(note.body);
  return (
    <li
      id={noteId(note.id)}
      class="timeline-entry timeline-note"
      tabindex="-1"
      data-timeline-entry=""
      data-event-id={String(props.eventId)}
    >
      <p class="timeline-meta">
        <strong safe>{personLabel(note.author_name, note.author_deactivated_at)}</strong>
        {' wrote a note · '}
        <When at={note.created_at} reader={props.reader} />
        {edited ? <span class="muted"> (edited)</span> : ''}
      </p>
      <div class="note-text" dir="auto">
        {safeBody}
      </div>
      <NoteActions {...props} />
    </li>
  );
}

/** Edit (the author) and Delete (the author or an owner): links without JavaScript, in place with htmx. */
function NoteActions(props: NoteEntryProps): JSX.Element {
  if (!props.canEdit && !props.canDelete) return '';
  const id = props.note.id;
  const url = noteUrl(props.customerId, id);
  return (
    <div class="note-actions">
      {props.canEdit ? (
        <a
          class="button button-small button-quiet"
          href={`${url}/edit`}
          hx-get={`${url}/edit`}
          hx-target={`#${noteId(id)}`}
          hx-swap="outerHTML"
          data-note-action="edit"
        >
          Edit<span class="visually-hidden"> note</span>
        </a>
      ) : (
        ''
      )}
      {props.canDelete ? (
        <a
          class="button button-small button-quiet button-danger"
          href={`${url}/delete`}
          hx-delete={url}
          hx-target={`#${noteId(id)}`}
          hx-swap="outerHTML"
          data-note-action="delete"
        >
          Delete<span class="visually-hidden"> note</span>
        </a>
      ) : (
        ''
      )}
    </div>
  );
}

/** Where a deleted note was: hidden, holding its place so Undo puts it back there. */
export function DeletedNote({ id }: { id: number }): JSX.Element {
  return <li id={noteId(id)} class="timeline-entry" hidden data-deleted=""></li>;
}

export interface NoteEditorProps {
  customerId: number;
  noteId: number;
  version: number;
  body: string;
  csrfToken: string;
  errors?: FieldErrors;
  /** Someone saved the note since this edit began: their text, shown beside the one typed. */
  theirs?: { body: string; by: string; at: string } | undefined;
  reader: Reader;
  /** Inline in the timeline (htmx) or a page of its own. */
  inline: boolean;
}

/** Editing a note: the text, Save and Cancel; after a conflict, the saved text beside it. */
export function NoteEditor(props: NoteEditorProps): JSX.Element {
  const url = noteUrl(props.customerId, props.noteId);
  const cancel = `${customerUrl(props.customerId)}#${noteId(props.noteId)}`;
  const form = (
    <form
      method="post"
      action={url}
      class="note-editor"
      hx-put={props.inline ? url : undefined}
      hx-target={props.inline ? `#${noteId(props.noteId)}` : undefined}
      hx-swap={props.inline ? 'outerHTML' : undefined}
    >
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="version" value={String(props.version)} />
      {props.theirs ? <NoteConflict theirs={props.theirs} reader={props.reader} /> : ''}
      <NoteTextarea
        id={`note-edit-${props.noteId}`}
        label={props.theirs ? 'Your text (edit it, then save over theirs)' : 'Edit note'}
        body={props.body}
        error={props.errors?.body}
        autofocus
      />
      <div class="button-row">
        <button type="submit" class="button button-primary">
          Save note
        </button>
        <a
          class="button"
          href={cancel}
          hx-get={props.inline ? url : undefined}
          hx-target={props.inline ? `#${noteId(props.noteId)}` : undefined}
          hx-swap={props.inline ? 'outerHTML' : undefined}
          data-note-action="cancel"
        >
          Cancel
        </a>
      </div>
    </form>
  );
  if (!props.inline) return form;
  return (
    <li
      id={noteId(props.noteId)}
      class="timeline-entry timeline-note"
      tabindex="-1"
      data-timeline-entry=""
    >
      {form}
    </li>
  );
}

function NoteConflict({
  theirs,
  reader,
}: {
  theirs: { body: string; by: string; at: string };
  reader: Reader;
}): JSX.Element {
  const safeBody = linkedText(theirs.body);
  return (
    <div class="alert alert-warning note-conflict" role="alert">
      <p
        safe
      >{`${theirs.by} saved this note at ${formatDateTime(theirs.at, reader)}, after you began editing. Nothing was overwritten. Their text:`}</p>
      <blockquote class="note-text" dir="auto">
        {safeBody}
      </blockquote>
    </div>
  );
}

/** Without JavaScript, Delete is a link to this question; the note can still be put back after. */
export function DeleteNoteConfirm({
  customerId,
  id,
  body,
  csrfToken,
}: {
  customerId: number;
  id: number;
  body: string;
  csrfToken: string;
}): JSX.Element {
  const safeBody = linkedText(body);
  return (
    <section class="panel confirm-panel" aria-labelledby="delete-note-title">
      <h1 id="delete-note-title">Delete this note?</h1>
      <blockquote class="note-text" dir="auto">
        {safeBody}
      </blockquote>
      <p>You can undo this right after.</p>
      <ConfirmForm
        action={`${noteUrl(customerId, id)}/delete`}
        csrfToken={csrfToken}
        label="Delete note"
        kind="danger"
        cancelHref={`${customerUrl(customerId)}#${noteId(id)}`}
        autofocus
      />
    </section>
  );
}
