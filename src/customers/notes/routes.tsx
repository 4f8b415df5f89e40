// Notes over HTTP, under /customers/:id/notes. With htmx each answer is the note's timeline entry (and a
// toast); without JavaScript each write redirects back to the record page with a flash.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import { membersOnly } from '../../auth/middleware.js';
import type { CustomerNote } from '../../db/tables.js';
import { isHtmx, type AppEnv } from '../../http/env.js';
import { setFlash } from '../../http/flash.js';
import { fieldErrors, readForm } from '../../http/forms.js';
import { actorOf, idParam, signedInUser } from '../../http/params.js';
import { readerOf, renderFragment, renderPage } from '../../http/render.js';
import { personLabel } from '../../views/format.js';
import { noteEntry } from '../history/queries.js';
import { showRecord } from '../history/routes.js';
import * as customers from '../queries.js';
import { VersionSchema } from '../schema.js';
import { ToastPartial } from '../views/answers.js';
import { customerUrl } from '../views/common.js';
import * as queries from './queries.js';
import { NoteSchema } from './schema.js';
import {
  DeleteNoteConfirm,
  DeletedNote,
  NoteComposer,
  NoteEditor,
  NoteEntry,
  noteId,
  noteUrl,
} from './views.js';

type Ctx = Context<AppEnv>;

export const noteRoutes = membersOnly();

const NOTE = '/:id{[0-9]{1,15}}/notes/:note{[0-9]{1,15}}';

function ids(c: Ctx) {
  return { customerId: idParam(c), id: idParam(c, 'note') };
}

const NOT_AUTHOR = 'Only the person who wrote a note can edit it.';
const NOT_ALLOWED = 'Only the person who wrote a note, or a workspace owner, can delete it.';

/** The note's timeline entry as the signed-in person sees it (with the actions they may take). */
async function entryOf(
  c: Ctx,
  customerId: number,
  noteIdValue: number,
): Promise<Parameters<typeof NoteEntry>[0]> {
  const user = signedInUser(c);
  const found = await noteEntry(c.get('deps').db, user.workspaceId, noteIdValue);
  if (!found) throw new HTTPException(404);
  return {
    customerId,
    eventId: found.eventId,
    note: found.note,
    reader: readerOf(c),
    canEdit: found.note.author_id === user.id,
    canDelete: user.role === 'owner' || found.note.author_id === user.id,
  };
}

/** Without JavaScript: back to the note on the record page, with a flash. */
function backToNote(c: Ctx, customerId: number, note: number | null, text: string) {
  setFlash(c, { kind: 'success', text });
  return c.redirect(`${customerUrl(customerId)}#${note === null ? 'timeline' : noteId(note)}`, 303);
}

noteRoutes.post('/:id{[0-9]{1,15}}/notes', async (c) => {
  const customerId = idParam(c);
  const { db } = c.get('deps');
  const form = await readForm(c);
  const customer = await customers.getCustomerWithAuthors(
    db,
    signedInUser(c).workspaceId,
    customerId,
  );
  if (!customer) throw new HTTPException(404);
  const parsed = v.safeParse(NoteSchema, form);
  const csrfToken = c.get('csrfToken');
  if (!parsed.success) {
    const error = fieldErrors(parsed.issues).body ?? 'Check the note.';
    const body = form.body ?? '';
    if (isHtmx(c))
      return renderFragment(c, <NoteComposer {...{ customerId, csrfToken, body, error }} />, 422);
    return showRecord(c, customer, { body, error }, 422);
  }
  const note = await queries.createNote(
    db,
    actorOf(c, signedInUser(c)),
    customerId,
    parsed.output.body,
  );
  if (!note) throw new HTTPException(404);
  if (!isHtmx(c)) return backToNote(c, customerId, note.id, 'Note saved.');
  const entry = await entryOf(c, customerId, note.id);
  return renderFragment(
    c,
    <>
      <NoteComposer customerId={customerId} csrfToken={csrfToken} />
      <hx-partial hx-target="#timeline-entries" hx-swap="afterbegin">
        <NoteEntry {...entry} />
      </hx-partial>
      <ToastPartial kind="success" text="Note saved." />
    </>,
    201,
  );
});

/** The editor, inline in the timeline (htmx) or as a page. */
function showEditor(
  c: Ctx,
  props: Omit<Parameters<typeof NoteEditor>[0], 'inline' | 'csrfToken' | 'reader'>,
  status: 200 | 409 | 422,
) {
  const full = { ...props, csrfToken: c.get('csrfToken'), reader: readerOf(c), inline: isHtmx(c) };
  if (isHtmx(c)) return renderFragment(c, <NoteEditor {...full} />, status);
  return renderPage(
    c,
    'Edit note',
    <section class="panel note-edit-page" aria-labelledby="note-edit-title">
      <h1 id="note-edit-title">Edit note</h1>
      <NoteEditor {...full} />
    </section>,
    status,
  );
}

/** A live note of a live customer of the workspace, or 404. */
async function noteOr404(c: Ctx): Promise<CustomerNote> {
  const { customerId, id } = ids(c);
  const note = await queries.getNote(c.get('deps').db, signedInUser(c).workspaceId, customerId, id);
  if (!note) throw new HTTPException(404);
  return note;
}

noteRoutes.get(`${NOTE}/edit`, async (c) => {
  const note = await noteOr404(c);
  if (note.author_id !== signedInUser(c).id) throw new HTTPException(403, { message: NOT_AUTHOR });
  const { customerId, id } = ids(c);
  return showEditor(c, { customerId, noteId: id, version: note.version, body: note.body }, 200);
});

// A note's own address: with htmx its entry (Cancel of an inline edit); otherwise the record page at
// the timeline's page that starts with it, however old it is (a search row links here).
noteRoutes.get(NOTE, async (c) => {
  const { customerId, id } = ids(c);
  await noteOr404(c);
  const entry = await entryOf(c, customerId, id);
  if (!isHtmx(c))
    return c.redirect(`${customerUrl(customerId)}?older=${entry.eventId + 1}#${noteId(id)}`, 303);
  return renderFragment(c, <NoteEntry {...entry} />);
});

noteRoutes.on(['POST', 'PUT'], NOTE, async (c) => {
  const { customerId, id } = ids(c);
  const form = await readForm(c);
  // Not here (404), then not theirs (403), before anything about the form itself.
  const note = await noteOr404(c);
  if (note.author_id !== signedInUser(c).id) throw new HTTPException(403, { message: NOT_AUTHOR });
  const version = v.safeParse(VersionSchema, form.version ?? '');
  if (!version.success)
    throw new HTTPException(400, { message: 'That edit has no version; open the note again.' });
  const parsed = v.safeParse(NoteSchema, form);
  const typed = form.body ?? '';
  const shown = { customerId, noteId: id, version: version.output, body: typed };
  if (!parsed.success) {
    return showEditor(c, { ...shown, errors: fieldErrors(parsed.issues) }, 422);
  }
  const actor = actorOf(c, signedInUser(c));
  const result = await queries.editNote(
    c.get('deps').db,
    actor,
    customerId,
    id,
    version.output,
    parsed.output.body,
  );
  if (result.outcome === 'not-found') throw new HTTPException(404);
  if (result.outcome === 'not-author') throw new HTTPException(403, { message: NOT_AUTHOR });
  if (result.outcome === 'conflict') {
    const { current } = result;
    const found = await noteEntry(c.get('deps').db, actor.workspaceId, id);
    const by = found
      ? personLabel(found.note.author_name, found.note.author_deactivated_at)
      : 'Someone';
    const theirs = { body: current.body, by, at: current.updated_at };
    return showEditor(c, { ...shown, version: current.version, theirs }, 409);
  }
  const text = result.outcome === 'saved' ? 'Note saved.' : 'No changes to save.';
  if (!isHtmx(c)) return backToNote(c, customerId, id, text);
  const entry = await entryOf(c, customerId, id);
  return renderFragment(
    c,
    <>
      <NoteEntry {...entry} />
      <ToastPartial kind="success" text={text} />
    </>,
  );
});

async function removeNote(c: Ctx) {
  const { customerId, id } = ids(c);
  const user = signedInUser(c);
  const result = await queries.deleteNote(
    c.get('deps').db,
    actorOf(c, user),
    user.role === 'owner',
    customerId,
    id,
  );
  if (result.outcome === 'not-found') throw new HTTPException(404);
  if (result.outcome === 'not-allowed') throw new HTTPException(403, { message: NOT_ALLOWED });
  const restore = `${noteUrl(customerId, id)}/restore`;
  if (!isHtmx(c)) {
    setFlash(c, {
      kind: 'success',
      text: 'Note deleted.',
      action: { label: 'Undo', url: restore },
    });
    return c.redirect(`${customerUrl(customerId)}#timeline`, 303);
  }
  const undo = { action: restore, target: noteId(id), csrfToken: c.get('csrfToken') };
  return renderFragment(
    c,
    <>
      <DeletedNote id={id} />
      <ToastPartial kind="success" text="Note deleted." undo={undo} />
    </>,
  );
}

noteRoutes.delete(NOTE, removeNote);
noteRoutes.post(`${NOTE}/delete`, removeNote);
// Without JavaScript the Delete link asks first (a GET never deletes).
noteRoutes.get(`${NOTE}/delete`, async (c) => {
  const note = await noteOr404(c);
  const user = signedInUser(c);
  if (user.role !== 'owner' && note.author_id !== user.id)
    throw new HTTPException(403, { message: NOT_ALLOWED });
  const { customerId, id } = ids(c);
  const csrfToken = c.get('csrfToken');
  const page = <DeleteNoteConfirm {...{ customerId, id, csrfToken }} body={note.body} />;
  return renderPage(c, 'Delete note?', page);
});

noteRoutes.post(`${NOTE}/restore`, async (c) => {
  const { customerId, id } = ids(c);
  const user = signedInUser(c);
  const result = await queries.restoreNote(
    c.get('deps').db,
    actorOf(c, user),
    user.role === 'owner',
    customerId,
    id,
  );
  if (result.outcome === 'not-found') throw new HTTPException(404);
  if (result.outcome === 'not-allowed') throw new HTTPException(403, { message: NOT_ALLOWED });
  if (!isHtmx(c)) return backToNote(c, customerId, id, 'Note restored.');
  const entry = await entryOf(c, customerId, id);
  return renderFragment(
    c,
    <>
      <NoteEntry {...entry} />
      <ToastPartial kind="success" text="Note restored." />
    </>,
  );
});
