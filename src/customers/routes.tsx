// The customer book over HTTP: each URL answers a whole page, or to htmx the fragment it changes.
// Customer ids in paths are digits (up to 15, so they stay exact numbers); anything else is not a route
// here and gets the app's 404, the same page as a customer that does not exist.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import { membersOnly } from '../auth/middleware.js';
import type { Customer } from '../db/tables.js';
import { isHtmx, type AppEnv } from '../http/env.js';
import { setFlash } from '../http/flash.js';
import { fieldErrors, readForm } from '../http/forms.js';
import { actorOf, idParam, signedInUser } from '../http/params.js';
import { readerOf, renderFragment, renderPage } from '../http/render.js';
import { fullName } from './display.js';
import {
  BadListQuery,
  FILTER_NAMES,
  listBack,
  listOfPage,
  listUrl,
  parseListQuery,
  type ListQuery,
} from './listing.js';
import { decideSave, type SaveRequest } from './merge.js';
import { deletionText } from './messages.js';
import * as queries from './queries.js';
import type { CustomerWithAuthors } from './queries.js';
import { deletionOf, saveOutcome, type EditorState, type SaveOutcome } from './save-outcome.js';
import { CustomerSchema, EMPTY_VALUES, submittedValues, valuesOf } from './schema.js';
import { RowGone, RowWithNews, type ShownCount } from './views/answers.js';
import { DeleteConfirmPage } from './views/delete-page.js';
import { CustomerFormPage } from './views/editor-page.js';
import { CustomerEditRow } from './views/editor-row.js';
import { DeletedCustomerPage } from './views/record-page.js';
import { showRecord } from './history/routes.js';
import type { EventDetails } from './history/record.js';
import { restoreEdit } from './history/restore.js';
import { listProps } from './list-props.js';
import { CustomerResults, customerRowList } from './views/results.js';
import { CustomerRow } from './views/row.js';
import { CustomersPage } from './views/table-page.js';
import { duplicatesToWarnAbout } from './duplicates/warning.js';
import { duplicateRoutes } from './duplicates/routes.js';
import { answerTrashRestore, trashRoutes } from './trash/routes.js';
import { exportRoutes } from './export/routes.js';
import { importRoutes } from './import/routes.js';
import { bulkRoutes } from './bulk-actions/routes.js';
import { mergedAwayInto } from './merging/queries.js';
import { mergeRoutes } from './merging/routes.js';

export const customerRoutes = membersOnly();
// Ahead of /customers/:id (which takes digits only, so "trash" could never be an id either way).
customerRoutes.route('/', trashRoutes);
customerRoutes.route('/', duplicateRoutes);
customerRoutes.route('/', exportRoutes);
customerRoutes.route('/', importRoutes);
customerRoutes.route('/', bulkRoutes);
customerRoutes.route('/', mergeRoutes);

type Ctx = Context<AppEnv>;

/** The list the person is looking at (htmx says which page it is), or null. */
function shownList(c: Ctx): ListQuery | null {
  return listOfPage(c.req.header('HX-Current-URL'), readerOf(c).timeZone);
}

/** The count for the list the person is looking at: the book, or the (capped) matches of its search and filter. */
function shownCount(c: Ctx): Promise<ShownCount> {
  return queries.countShown(c.get('deps').db, signedInUser(c).workspaceId, shownList(c));
}

/** The list query of the URL; a broken cursor or a link that goes both ways is a 400 that says so. */
function listQueryOf(c: Ctx): ListQuery {
  try {
    return parseListQuery(c.req.query(), readerOf(c).timeZone);
  } catch (error) {
    if (error instanceof BadListQuery) throw new HTTPException(400, { message: error.message });
    throw error;
  }
}

/** The list a page should bring the person back to, when it is not the plain list. */
function backTo(raw: string | undefined): string | undefined {
  const back = listBack(raw);
  return back === '/customers' ? undefined : back;
}

/**
 * Unknown (or purged) or another workspace's customer. A page gets the app's 404 page; an htmx row gets
 * a 404 that takes the row away, updates the count and says so.
 */
async function missing(c: Ctx, id: number) {
  if (!isHtmx(c)) throw new HTTPException(404);
  const text = 'That customer is no longer here. Someone may have deleted them.';
  const toast = { kind: 'error', text } as const;
  const row = <RowGone id={id} reader={readerOf(c)} count={await shownCount(c)} toast={toast} />;
  return renderFragment(c, row, 404);
}

/**
 * A deleted customer, still restorable (deletes are kept 30 days): 410 Gone, saying who deleted them and
 * when, with Restore. A page gets the whole page; an htmx row is taken away with a toast that offers Restore.
 */
async function gone(c: Ctx, customer: CustomerWithAuthors) {
  const deletion = deletionOf(customer, signedInUser(c).id)!;
  const reader = readerOf(c);
  if (isHtmx(c)) {
    const text = deletionText(customer, deletion, reader);
    const toast = {
      kind: 'info',
      text,
      undo: { id: customer.id, csrfToken: c.get('csrfToken') },
    } as const;
    const count = await shownCount(c);
    return renderFragment(
      c,
      <RowGone id={customer.id} reader={reader} count={count} toast={toast} />,
      410,
    );
  }
  const csrfToken = c.get('csrfToken');
  const merges = await mergedAwayInto(c.get('deps').db, customer.workspace_id, [customer.id]);
  const mergedInto = merges.get(customer.id);
  const page = <DeletedCustomerPage {...{ customer, deletion, mergedInto, csrfToken, reader }} />;
  return renderPage(c, `${fullName(customer)} was deleted`, page, 410);
}

/** A customer of the workspace, live or deleted, or the answer that says it is not here. */
async function recordOr(
  c: Ctx,
  id: number,
  read: (customer: CustomerWithAuthors) => Response | Promise<Response>,
) {
  const customer = await queries.getCustomerRecord(
    c.get('deps').db,
    signedInUser(c).workspaceId,
    id,
  );
  if (!customer) return missing(c, id);
  if (customer.deleted_at) return gone(c, customer);
  return read(customer);
}

/** The form again (inline row or whole page), with what was typed, each message and any conflict. */
function showEditor(c: Ctx, state: EditorState, status: 200 | 400 | 409 | 422) {
  const props = { ...state, csrfToken: c.get('csrfToken'), reader: readerOf(c) };
  if (isHtmx(c)) return renderFragment(c, <CustomerEditRow {...props} />, status);
  const title = state.customer ? `Edit ${state.customer.name}` : 'New customer';
  return renderPage(c, title, <CustomerFormPage {...props} />, status);
}

/** A customer who joined the table (created or restored), with the new count and a toast. */
async function rowWithCount(c: Ctx, customer: Customer, text: string, status: 200 | 201) {
  const { db } = c.get('deps');
  const list = shownList(c);
  const plan = list?.plan ?? null;
  const count = await queries.countShown(db, customer.workspace_id, list);
  const outsideSearch =
    plan !== null && !(await queries.searchMatches(db, customer.workspace_id, plan, customer.id));
  const toast = { kind: 'success', text } as const;
  const row = <RowWithNews {...{ customer, count, toast, outsideSearch }} reader={readerOf(c)} />;
  return renderFragment(c, row, status);
}

/** The answer to a save, whatever it decided: the editor again, or the saved row or page. */
function answerSave(c: Ctx, id: number, outcome: SaveOutcome) {
  if (outcome.show === 'missing') return missing(c, id);
  if (outcome.show === 'editor') return showEditor(c, outcome.state, outcome.status);
  const { customer, toast } = outcome;
  if (!isHtmx(c)) {
    setFlash(c, toast);
    return c.redirect(`/customers/${id}`, 303);
  }
  if (outcome.restored) return rowWithCount(c, customer, toast.text, 200);
  return renderFragment(c, <RowWithNews customer={customer} reader={readerOf(c)} toast={toast} />);
}

/**
 * Saves an edit: the form says which version and values it started from, and the save merges per field
 * with what is stored now (merge.ts decides, inside the write transaction).
 */
async function saveCustomer(c: Ctx, id: number, request: SaveRequest, details?: EventDetails) {
  const result = await queries.saveCustomerEdit(
    c.get('deps').db,
    actorOf(c, signedInUser(c)),
    id,
    (stored) => decideSave(request, stored),
    details,
  );
  return answerSave(c, id, saveOutcome(result, signedInUser(c).id));
}

/** Deletes (softly): the row leaves with Undo (htmx), or the list comes back with Restore. */
async function removeCustomer(c: Ctx, id: number) {
  const customer = await queries.deleteCustomer(c.get('deps').db, actorOf(c, signedInUser(c)), id);
  if (!customer) return missing(c, id);
  const text = `Deleted ${fullName(customer)}.`;
  if (isHtmx(c)) {
    const toast = { kind: 'success', text, undo: { id, csrfToken: c.get('csrfToken') } } as const;
    const count = await shownCount(c);
    return renderFragment(c, <RowGone id={id} reader={readerOf(c)} count={count} toast={toast} />);
  }
  const action = { label: 'Restore', url: `/customers/${id}/restore` };
  setFlash(c, { kind: 'success', text, action });
  return c.redirect(listBack((await readForm(c)).back), 303);
}

// --- reading ------------------------------------------------------------------------------------

customerRoutes.get('/', async (c) => {
  const query = listQueryOf(c);
  // A search form sent without JavaScript carries its empty filter fields: the list's own address
  // leaves them out (the same URL as a search without them).
  const params = c.req.query();
  if (!isHtmx(c) && FILTER_NAMES.some((name) => params[name] === ''))
    return c.redirect(
      listUrl(query, { after: query.after, before: query.before, page: query.page }),
      303,
    );
  const found = await listProps(c.get('deps').db, signedInUser(c).workspaceId, query);
  const props = { ...found, reader: readerOf(c), csrfToken: c.get('csrfToken') };
  const rows = customerRowList(props);
  if (isHtmx(c)) return renderFragment(c, <CustomerResults {...props} />, 200, rows);
  const title = query.q ? `Customers matching “${query.q.slice(0, 60)}”` : 'Customers';
  return renderPage(c, title, <CustomersPage {...props} />, 200, rows);
});

customerRoutes.get('/new', (c) =>
  showEditor(c, { values: EMPTY_VALUES, back: backTo(c.req.query('back')) }, 200),
);

customerRoutes.get('/:id{[0-9]{1,15}}', (c) =>
  recordOr(c, idParam(c), (customer) => {
    if (isHtmx(c))
      return renderFragment(c, <CustomerRow customer={customer} reader={readerOf(c)} />);
    return showRecord(c, customer);
  }),
);

customerRoutes.get('/:id{[0-9]{1,15}}/edit', (c) =>
  recordOr(c, idParam(c), (customer) => {
    const values = valuesOf(customer);
    const editing = { ...customer, name: fullName(customer) };
    return showEditor(c, { customer: editing, values, base: values }, 200);
  }),
);

customerRoutes.get('/:id{[0-9]{1,15}}/delete', (c) =>
  recordOr(c, idParam(c), (customer) => {
    const back = backTo(c.req.query('back'));
    const body = (
      <DeleteConfirmPage customer={customer} csrfToken={c.get('csrfToken')} back={back} />
    );
    if (isHtmx(c)) return renderFragment(c, body);
    return renderPage(c, `Delete ${fullName(customer)}?`, body);
  }),
);

// --- writing ------------------------------------------------------------------------------------

customerRoutes.post('/', async (c) => {
  const form = await readForm(c);
  const parsed = v.safeParse(CustomerSchema, form);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.issues);
    const back = form.back ? listBack(form.back) : undefined;
    return showEditor(c, { values: submittedValues(form), errors, back }, 422);
  }
  const { db } = c.get('deps');
  // Someone already here by email, phone or name and city: the form again, warned, until "Save anyway".
  const duplicates = await duplicatesToWarnAbout(
    db,
    signedInUser(c).workspaceId,
    parsed.output,
    form,
  );
  if (duplicates.length > 0) {
    const back = form.back ? listBack(form.back) : undefined;
    return showEditor(c, { values: submittedValues(form), back, duplicates }, 200);
  }
  const customer = await queries.createCustomer(db, actorOf(c, signedInUser(c)), parsed.output);
  const text = `Added ${fullName(customer)}.`;
  if (isHtmx(c)) return rowWithCount(c, customer, text, 201);
  setFlash(c, { kind: 'success', text });
  return c.redirect(`${listBack(form.back)}#customer-${customer.id}`, 303);
});

/**
 * An edit that makes the customer match another (a rule it did not match by when the edit began): the
 * form again, warned, with what was typed and the version it started from, until "Save anyway".
 */
async function warnedEdit(c: Ctx, id: number, form: Record<string, string>) {
  const parsed = v.safeParse(CustomerSchema, form);
  if (!parsed.success) return undefined;
  const { db } = c.get('deps');
  const workspaceId = signedInUser(c).workspaceId;
  const duplicates = await duplicatesToWarnAbout(db, workspaceId, parsed.output, form, id);
  if (duplicates.length === 0) return undefined;
  const stored = await queries.getCustomer(db, workspaceId, id);
  if (!stored) return undefined; // the save says what happened to it
  const customer = { id, version: form.version ?? '', name: fullName(stored) };
  const base = Object.fromEntries(
    Object.entries(form).flatMap(([name, value]) =>
      name.startsWith('base_') ? [[name.slice(5), value]] : [],
    ),
  );
  return showEditor(c, { customer, values: submittedValues(form), base, duplicates }, 200);
}

// A whole form (POST without JavaScript, PUT with htmx): a field it leaves out is empty.
customerRoutes.on(['POST', 'PUT'], '/:id{[0-9]{1,15}}', async (c) => {
  const id = idParam(c);
  const form = await readForm(c);
  return (await warnedEdit(c, id, form)) ?? saveCustomer(c, id, { form, mode: 'replace' });
});

// Some fields only: the ones it leaves out stay as stored.
customerRoutes.patch('/:id{[0-9]{1,15}}', async (c) =>
  saveCustomer(c, idParam(c), { form: await readForm(c), mode: 'merge' }),
);

customerRoutes.delete('/:id{[0-9]{1,15}}', (c) => removeCustomer(c, idParam(c)));
customerRoutes.post('/:id{[0-9]{1,15}}/delete', (c) => removeCustomer(c, idParam(c)));

/**
 * Undo, or Restore on a deleted customer's page. With a version and values it is "Restore with these
 * values" from an edit of a customer deleted meanwhile: restored and saved in one transaction.
 */
customerRoutes.post('/:id{[0-9]{1,15}}/restore', async (c) => {
  const id = idParam(c);
  const form = await readForm(c);
  if (form.version !== undefined)
    return saveCustomer(c, id, { form, mode: 'replace', restore: true });
  const customer = await queries.restoreCustomer(c.get('deps').db, actorOf(c, signedInUser(c)), id);
  if (form.to === 'trash') return answerTrashRestore(c, id, customer, form.q);
  if (!customer) return missing(c, id);
  const text = `Restored ${fullName(customer)}.`;
  if (isHtmx(c)) return rowWithCount(c, customer, text, 200);
  setFlash(c, { kind: 'success', text });
  return c.redirect(form.to === 'record' ? `/customers/${id}` : `/customers#customer-${id}`, 303);
});

/**
 * Put back from the timeline: one field's old value, or the whole customer as it was after a change.
 * An edit like any other (versioned, merged, validated), recorded with the change it came from.
 */
customerRoutes.post('/:id{[0-9]{1,15}}/history/:event{[0-9]{1,15}}/restore', async (c) => {
  const id = idParam(c);
  const workspaceId = signedInUser(c).workspaceId;
  const form = await readForm(c);
  const edit = await restoreEdit(c.get('deps').db, workspaceId, id, idParam(c, 'event'), form);
  if (!edit) return missing(c, id);
  return saveCustomer(c, id, edit.request, edit.details);
});
