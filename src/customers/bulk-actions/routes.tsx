// Acting on many customers at once over HTTP: delete, set a field, restore from the trash, and Undo,
// for the ticked customers or every match of a search. Up to 1,000 customers run within the request
// (batch by batch); more run in the background, with a page that shows the progress. Mounted inside
// the customer routes (behind their sign-in and CSRF checks).
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isHtmx, type AppEnv } from '../../http/env.js';
import { setFlash } from '../../http/flash.js';
import { actorOf, idParam, signedInUser } from '../../http/params.js';
import { readerOf, renderFragment, renderPage } from '../../http/render.js';
import { csvDownload } from '../export/download.js';
import { EXPORT_CHUNK, exportedCustomers } from '../export/queries.js';
import { listBack, listOfPage, parseListQuery, type ListQuery } from '../listing.js';
import { listProps } from '../list-props.js';
import { ToastPartial } from '../views/answers.js';
import { CustomerResults, customerRowList } from '../views/results.js';
import * as bulk from './queries.js';
import { claimUndo, runUndo } from './undo.js';
import {
  BadSelection,
  SYNC_LIMIT,
  parseFieldValue,
  parseSelection,
  type BulkForm,
} from './selection.js';
import { BulkActionPage, BulkSetPage, bulkUrl, outcomeText, undoText } from './views.js';
import { DeleteForeverManyPage } from './trash-views.js';
import { trashSearchOfPage, trashViewOf } from '../trash/view-of.js';
import { TrashResults, trashRowList, trashUrl } from '../trash/views.js';
import type { BulkAction } from '../../db/tables.js';

export const bulkRoutes = new Hono<AppEnv>();

type Ctx = Context<AppEnv>;

/** The form with every value of each field (the ticked boxes share the name `id`). */
async function readBulkForm(c: Ctx): Promise<BulkForm> {
  const type = c.req.header('Content-Type') ?? '';
  if (
    !type.startsWith('application/x-www-form-urlencoded') &&
    !type.startsWith('multipart/form-data')
  )
    return {};
  const body = await c.req.parseBody({ all: true }).catch(() => ({}));
  const form: BulkForm = {};
  for (const [key, value] of Object.entries(body)) {
    const values = (Array.isArray(value) ? value : [value]).filter(
      (item): item is string => typeof item === 'string',
    );
    if (values.length > 0) form[key] = values;
  }
  return form;
}

/** The list the person is looking at (htmx sends its URL), to show again after an action. */
function currentList(c: Ctx): ListQuery {
  const timeZone = readerOf(c).timeZone;
  return listOfPage(c.req.header('HX-Current-URL'), timeZone) ?? parseListQuery({}, timeZone);
}

/** Where an action works: the table's customers, or the trash's. */
type Place = 'table' | 'trash';
const placeOf = (kind: bulk.BulkChange['kind']): Place =>
  kind === 'restore' || kind === 'erase' ? 'trash' : 'table';
const ELSEWHERE: Record<Place, string> = {
  table: 'Only customers of the table can be deleted, changed or exported this way.',
  trash: 'Only customers in the trash can be restored or deleted forever.',
};

/**
 * The selection of the form, checked against the workspace (another workspace's id is a 404) and
 * against where the action works (a search of the table is not one of the trash, nor the other way).
 */
async function selectionOf(c: Ctx, form: BulkForm, place: Place) {
  const { db, now } = c.get('deps');
  const workspaceId = signedInUser(c).workspaceId;
  let parsed;
  try {
    parsed = parseSelection(form, now(), readerOf(c).timeZone);
  } catch (error) {
    if (error instanceof BadSelection)
      throw new HTTPException(error.status, { message: error.message });
    throw error;
  }
  const { selection, selectedAt } = parsed;
  if (('trash' in selection && place === 'table') || ('list' in selection && place === 'trash'))
    throw new HTTPException(400, { message: ELSEWHERE[place] });
  if ('ids' in selection && (await bulk.foreignIds(db, workspaceId, selection.ids)).length > 0)
    throw new HTTPException(404);
  const total = await bulk.countSelection(db, workspaceId, selection, now(), selectedAt);
  return { ...parsed, total };
}

/** Within the request; a batch that fails stops it, and the answer says what ran. */
async function runHere(c: Ctx, run: () => Promise<BulkAction>, id: number): Promise<BulkAction> {
  const { db, logger } = c.get('deps');
  try {
    return await run();
  } catch (error) {
    logger.error('bulk action stopped', {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    const action = await bulk.getBulkAction(db, signedInUser(c).workspaceId, id);
    return action!;
  }
}

/** To the page that shows a background action's progress. */
function toProgress(c: Ctx, id: number) {
  if (isHtmx(c)) {
    c.header('HX-Redirect', bulkUrl(id));
    return c.body(null, 204);
  }
  return c.redirect(bulkUrl(id), 303);
}

/** Restoring and deleting forever act on the trash, and answer with it. */
const inTrash = (action: BulkAction) => action.kind === 'restore' || action.kind === 'erase';

/**
 * The table or the trash again (htmx), or the list or trash with a flash (no JavaScript), saying
 * what happened, with Undo.
 */
async function answer(
  c: Ctx,
  action: BulkAction,
  said: { text: string; kind: 'success' | 'error'; undo: boolean },
  form: BulkForm,
) {
  const undoUrl = `${bulkUrl(action.id)}/undo`;
  const { text, kind, undo } = said;
  const trash = inTrash(action);
  if (!isHtmx(c)) {
    setFlash(c, {
      kind,
      text: text.slice(0, 500),
      action: undo ? { label: 'Undo', url: undoUrl } : undefined,
    });
    const back = trash ? trashUrl((form.q?.[0] ?? '').slice(0, 200)) : listBack(form.back?.[0]);
    return c.redirect(back, 303);
  }
  const target = trash ? 'trash-rows' : 'customer-rows';
  const csrfToken = c.get('csrfToken');
  const toast = undo
    ? { action: undoUrl, target, csrfToken, swap: 'innerHTML' as const }
    : undefined;
  if (trash) {
    // The trash's first page, for the search the person is looking at.
    const q = trashSearchOfPage(c.req.header('HX-Current-URL')) ?? '';
    const view = await trashViewOf(c, { q, page: 1 });
    return renderFragment(
      c,
      <>
        <TrashResults view={view} />
        <ToastPartial kind={kind} text={text} undo={toast} />
      </>,
      200,
      trashRowList(view),
    );
  }
  const props = {
    ...(await listProps(c.get('deps').db, signedInUser(c).workspaceId, currentList(c))),
    reader: readerOf(c),
  };
  return renderFragment(
    c,
    <>
      <CustomerResults {...props} />
      <ToastPartial kind={kind} text={text} undo={toast} />
    </>,
    200,
    customerRowList(props),
  );
}

const NOTHING_SELECTED = 'No customer matches that selection now. Nothing was changed.';

/** Starts an action on the form's selection: here when small, in the background when large. */
async function act(c: Ctx, form: BulkForm, change: bulk.BulkChange) {
  const { db, now } = c.get('deps');
  const { selection, selectedAt, total } = await selectionOf(c, form, placeOf(change.kind));
  if (total === 0) throw new HTTPException(422, { message: NOTHING_SELECTED });
  const actor = actorOf(c, signedInUser(c));
  // Past SYNC_LIMIT the job runner (src/jobs/) takes it, queued with the action.
  const background = total > SYNC_LIMIT;
  const started = await bulk.startBulkAction(db, actor, change, selection, selectedAt, total, {
    background,
  });
  if (background) return toProgress(c, started.id);
  const run = () => bulk.runBulkAction(db, started.id, { now });
  const action = await runHere(c, run, started.id);
  const skipped = action.skipped > 0 ? await bulk.skippedNames(db, action) : [];
  const text = outcomeText(action, skipped, readerOf(c));
  const kind = action.status === 'failed' ? 'error' : 'success';
  const undo = action.changed > 0 && action.kind !== 'erase';
  return answer(c, action, { text, kind, undo }, form);
}

bulkRoutes.post('/bulk/delete', async (c) => act(c, await readBulkForm(c), { kind: 'delete' }));

bulkRoutes.post('/bulk/restore', async (c) => act(c, await readBulkForm(c), { kind: 'restore' }));

/** Deleting forever: owners only, and only once they have said yes on the page that asks. */
bulkRoutes.post('/bulk/delete-forever', async (c) => {
  if (signedInUser(c).role !== 'owner')
    throw new HTTPException(403, {
      message:
        'Only the team owner can delete customers forever. You can restore them, or ask the owner.',
    });
  const form = await readBulkForm(c);
  if (form.confirm?.[0] === 'yes') return act(c, form, { kind: 'erase' });
  const { total } = await selectionOf(c, form, 'trash');
  if (total === 0) throw new HTTPException(422, { message: NOTHING_SELECTED });
  const reader = readerOf(c);
  const page = (
    <DeleteForeverManyPage
      form={form}
      count={total}
      csrfToken={c.get('csrfToken')}
      reader={reader}
    />
  );
  return renderPage(c, 'Delete forever?', page);
});

bulkRoutes.post('/bulk/set', async (c) => {
  const form = await readBulkForm(c);
  const set = parseFieldValue(form);
  if (!set.ok) {
    const { total } = await selectionOf(c, form, 'table');
    if (isHtmx(c)) throw new HTTPException(422, { message: set.message });
    const page = (
      <BulkSetPage form={form} message={set.message} count={total} csrfToken={c.get('csrfToken')} />
    );
    return renderPage(c, 'Set a field', page, 422);
  }
  return act(c, form, { kind: 'set', field: set.field, value: set.value });
});

/**
 * The selected customers as a CSV file, in the table's order: the ticked ones, or every match of the
 * search and filter that was there when the selection was made (one added since is left out).
 */
bulkRoutes.post('/bulk/export.csv', async (c) => {
  const form = await readBulkForm(c);
  const { selection, selectedAt } = await selectionOf(c, form, 'table');
  const sort = { sort: form.sort?.[0], dir: form.dir?.[0] };
  const list = 'list' in selection ? { q: selection.list.q, ...selection.list.filter } : {};
  const query = parseListQuery({ ...list, ...sort }, readerOf(c).timeZone);
  const only = 'ids' in selection ? { ids: selection.ids } : { addedBy: bulk.iso(selectedAt) };
  const { db } = c.get('deps');
  const chunks = exportedCustomers(db, signedInUser(c).workspaceId, query, EXPORT_CHUNK, only);
  return csvDownload(c, chunks);
});

const actionOf = async (c: Ctx) => {
  const action = await bulk.getBulkAction(
    c.get('deps').db,
    signedInUser(c).workspaceId,
    idParam(c),
  );
  if (!action) throw new HTTPException(404);
  return action;
};

bulkRoutes.get('/bulk/:id{[0-9]{1,15}}', async (c) => {
  const action = await actionOf(c);
  const skipped = action.skipped > 0 ? await bulk.skippedNames(c.get('deps').db, action) : [];
  const page = (
    <BulkActionPage
      action={action}
      skipped={skipped}
      reader={readerOf(c)}
      csrfToken={c.get('csrfToken')}
    />
  );
  if (isHtmx(c)) return renderFragment(c, page);
  return renderPage(c, 'Bulk action', page);
});

bulkRoutes.post('/bulk/:id{[0-9]{1,15}}/undo', async (c) => {
  const action = await actionOf(c);
  const { db, now } = c.get('deps');
  const actor = actorOf(c, signedInUser(c));
  const background = action.changed > SYNC_LIMIT;
  if (action.kind === 'erase')
    throw new HTTPException(409, {
      message: 'Customers deleted forever are gone for good: that cannot be undone.',
    });
  if (!(await claimUndo(db, actor, action, { background })))
    throw new HTTPException(409, {
      message:
        action.status === 'running'
          ? 'That is still running. Undo it once it has finished.'
          : 'That was already undone.',
    });
  if (background) return toProgress(c, action.id);
  const run = () => runUndo(db, actor, action.id, { now });
  const undone = await runHere(c, run, action.id);
  const said =
    undone.undo_status === 'failed'
      ? {
          kind: 'error' as const,
          text: 'Undo stopped before the end. Undo again: it goes on where it stopped.',
        }
      : { kind: 'success' as const, text: undoText(undone, readerOf(c)) };
  return answer(c, undone, { ...said, undo: false }, {});
});
