// The customer book over HTTP: each URL answers a whole page, or to htmx the fragment it changes.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import { membersOnly } from '../auth/middleware.js';
import type { Customer } from '../db/tables.js';
import { isHtmx, type AppEnv } from '../http/env.js';
import { idParam, signedInUser } from '../http/params.js';
import { setFlash } from '../http/flash.js';
import { fieldErrors, readForm, type FieldErrors } from '../http/forms.js';
import { localeOf, renderFragment, renderPage } from '../http/render.js';
import { personLabel } from '../views/format.js';
import * as queries from './queries.js';
import type { CustomerWithAuthors } from './queries.js';
import {
  CustomerSchema,
  EMPTY_VALUES,
  submittedValues,
  valuesOf,
  type CustomerValues,
} from './schema.js';
import { decideSave, type SaveDecision, type SaveRequest } from './merge.js';
import { fullName } from './display.js';
import { deletionText, savedMessage, type Deletion } from './messages.js';
import { RowGone, RowWithNews, type ShownCount } from './views/answers.js';
import { DeleteConfirmPage } from './views/delete-page.js';
import type { Conflict } from './views/editor-conflict.js';
import { CustomerFormPage } from './views/editor-page.js';
import { CustomerEditRow } from './views/editor-row.js';
import { CustomerDetailPage, DeletedCustomerPage } from './views/record-page.js';
import { CustomerResults, type ListView } from './views/results.js';
import { CustomerRow } from './views/row.js';
import { CustomersPage } from './views/table-page.js';
import { BadListQuery, listUrl, parseListQuery, type ListQuery } from './listing.js';
import type { SearchPlan } from './keys.js';

export const customerRoutes = membersOnly();

type Ctx = Context<AppEnv>;

function actor(c: Ctx): queries.Actor {
  const user = signedInUser(c);
  return { workspaceId: user.workspaceId, userId: user.id, now: c.var.deps.now() };
}

/**
 * The search of the list the person is looking at: htmx sends the page's URL (HX-Current-URL) with every
 * request, so an inline create, delete or undo can keep the count about the matches shown.
 */
function searchShown(c: Ctx): SearchPlan | null {
  const shown = c.req.header('HX-Current-URL');
  if (!shown) return null;
  try {
    const url = new URL(shown);
    return url.pathname === '/customers'
      ? parseListQuery(Object.fromEntries(url.searchParams)).plan
      : null;
  } catch {
    return null; // not a URL, or a broken list link: count the book
  }
}

/**
 * The list a whole-page write returns to (a `back` field or parameter), rebuilt from its search, sort and
 * direction so it can only ever be a /customers list; the plain list when absent or broken.
 */
function listBack(raw: string | undefined): string {
  if (!raw?.startsWith('/customers?')) return '/customers';
  try {
    return listUrl(
      parseListQuery(Object.fromEntries(new URLSearchParams(raw.slice('/customers?'.length)))),
    );
  } catch {
    return '/customers';
  }
}

/** The count for the list shown: the book, or the (capped) matches of its search. */
function shownCount(c: Ctx): Promise<ShownCount> {
  return queries.countShown(c.var.deps.db, signedInUser(c).workspaceId, searchShown(c));
}

/**
 * Unknown (or purged) or another workspace's customer. A page gets the app's 404 page; an htmx row gets
 * a 404 that takes the row away, updates the count and says so.
 */
async function missing(c: Ctx, id: number) {
  if (!isHtmx(c)) throw new HTTPException(404);
  const count = await shownCount(c);
  const toast = {
    kind: 'error',
    text: 'That customer is no longer here. Someone may have deleted them.',
  } as const;
  return renderFragment(
    c,
    <RowGone id={id} locale={localeOf(c)} count={count} toast={toast} />,
    404,
  );
}

/** Who last changed a customer, marked when they are a former member (null: unknown). */
function editorName(customer: CustomerWithAuthors): string | null {
  return customer.updated_by_name === null
    ? null
    : personLabel(customer.updated_by_name, customer.updated_by_deactivated_at);
}

/** Who deleted a customer and when, as the views say it. */
function deletionOf(c: Ctx, customer: CustomerWithAuthors): Deletion | undefined {
  if (!customer.deleted_at) return undefined;
  return {
    by: editorName(customer),
    byYou: customer.updated_by === signedInUser(c).id,
    at: customer.deleted_at,
  };
}

/**
 * A deleted customer, still restorable (deletes are kept 30 days): 410 Gone, saying who deleted them and
 * when, with Restore. A page gets the whole page; an htmx row is taken away with a toast that offers Restore.
 */
async function gone(c: Ctx, customer: CustomerWithAuthors) {
  const deletion = deletionOf(c, customer)!;
  if (isHtmx(c)) {
    const toast = {
      kind: 'info',
      text: deletionText(customer, deletion, localeOf(c)),
      undo: { id: customer.id, csrfToken: c.var.csrfToken },
    } as const;
    return renderFragment(
      c,
      <RowGone id={customer.id} locale={localeOf(c)} count={await shownCount(c)} toast={toast} />,
      410,
    );
  }
  const body = (
    <DeletedCustomerPage
      customer={customer}
      deletion={deletion}
      csrfToken={c.var.csrfToken}
      locale={localeOf(c)}
    />
  );
  return renderPage(c, `${fullName(customer)} was deleted`, body, 410);
}

/** A customer of the workspace, live or deleted, or the answer that says it is not here. */
async function recordOr(
  c: Ctx,
  read: (customer: CustomerWithAuthors) => Response | Promise<Response>,
) {
  const id = idParam(c);
  const customer = await queries.getCustomerRecord(c.var.deps.db, signedInUser(c).workspaceId, id);
  if (!customer) return missing(c, id);
  if (customer.deleted_at) return gone(c, customer);
  return read(customer);
}

interface EditorState {
  customer?: { id: number; version: number | string; name: string };
  values: CustomerValues;
  /** The values the form started from, carried in hidden fields for the three-way merge on save. */
  base?: Partial<CustomerValues> | undefined;
  errors?: FieldErrors;
  conflict?: Conflict;
  back?: string | undefined;
  /** Deleted while being edited: the form keeps what was typed and offers to restore with it. */
  deleted?: Deletion | undefined;
}

/** The form again (inline row or whole page), with what was typed, each message and any conflict. */
function showEditor(c: Ctx, state: EditorState, status: 200 | 400 | 409 | 422) {
  const props = { ...state, csrfToken: c.var.csrfToken, locale: localeOf(c) };
  if (isHtmx(c)) return renderFragment(c, <CustomerEditRow {...props} />, status);
  const title = state.customer ? `Edit ${state.customer.name}` : 'New customer';
  return renderPage(c, title, <CustomerFormPage {...props} />, status);
}

// --- reading ------------------------------------------------------------------------------------

customerRoutes.get('/', async (c) => {
  const { workspaceId } = signedInUser(c);
  let query: ListQuery;
  try {
    query = parseListQuery(c.req.query());
  } catch (error) {
    if (error instanceof BadListQuery) throw new HTTPException(400, { message: error.message });
    throw error;
  }
  const found = await queries.findCustomerPage(c.var.deps.db, workspaceId, query);
  const list: ListView = {
    query,
    count: found.total.count,
    search: found.searching ? found.total : undefined,
    nextUrl: found.next ? listUrl(query, { after: found.next, page: query.page + 1 }) : undefined,
    prevUrl: found.prev
      ? listUrl(query, query.page > 2 ? { before: found.prev, page: query.page - 1 } : {})
      : undefined,
  };
  const props = { customers: found.customers, list, locale: localeOf(c) };
  if (isHtmx(c)) return renderFragment(c, <CustomerResults {...props} />);
  return renderPage(
    c,
    query.q ? `Customers matching “${query.q.slice(0, 60)}”` : 'Customers',
    <CustomersPage {...props} />,
  );
});

customerRoutes.get('/new', (c) => {
  const back = listBack(c.req.query('back'));
  return showEditor(
    c,
    { values: EMPTY_VALUES, back: back === '/customers' ? undefined : back },
    200,
  );
});

customerRoutes.get('/:id', (c) =>
  recordOr(c, (customer) => {
    if (isHtmx(c))
      return renderFragment(c, <CustomerRow customer={customer} locale={localeOf(c)} />);
    return renderPage(
      c,
      fullName(customer),
      <CustomerDetailPage customer={customer} locale={localeOf(c)} />,
    );
  }),
);

customerRoutes.get('/:id/edit', (c) =>
  recordOr(c, (customer) => {
    const values = valuesOf(customer);
    return showEditor(
      c,
      { customer: { ...customer, name: fullName(customer) }, values, base: values },
      200,
    );
  }),
);

customerRoutes.get('/:id/delete', (c) =>
  recordOr(c, (customer) => {
    const back = listBack(c.req.query('back'));
    const body = (
      <DeleteConfirmPage
        customer={customer}
        csrfToken={c.var.csrfToken}
        back={back === '/customers' ? undefined : back}
      />
    );
    if (isHtmx(c)) return renderFragment(c, body);
    return renderPage(c, `Delete ${fullName(customer)}?`, body);
  }),
);

// --- writing ------------------------------------------------------------------------------------

/** A customer who joined the table (created or restored), with the new count and a toast. */
async function rowWithCount(c: Ctx, customer: Customer, text: string, status: 200 | 201) {
  const plan = searchShown(c);
  const count = await queries.countShown(c.var.deps.db, customer.workspace_id, plan);
  const outsideSearch =
    plan !== null &&
    !(await queries.searchMatches(c.var.deps.db, customer.workspace_id, plan, customer.id));
  const row = (
    <RowWithNews
      customer={customer}
      locale={localeOf(c)}
      count={count}
      toast={{ kind: 'success', text }}
      outsideSearch={outsideSearch}
    />
  );
  return renderFragment(c, row, status);
}

customerRoutes.post('/', async (c) => {
  const form = await readForm(c);
  const parsed = v.safeParse(CustomerSchema, form);
  if (!parsed.success)
    return showEditor(
      c,
      {
        values: submittedValues(form),
        errors: fieldErrors(parsed.issues),
        back: form.back ? listBack(form.back) : undefined,
      },
      422,
    );
  const customer = await queries.createCustomer(c.var.deps.db, actor(c), parsed.output);
  const text = `Added ${fullName(customer)}.`;
  if (isHtmx(c)) return rowWithCount(c, customer, text, 201);
  setFlash(c, { kind: 'success', text });
  return c.redirect(`${listBack(form.back)}#customer-${customer.id}`, 303);
});

/** The answer to a save, whatever it decided: the row or page that says so. */
function answerSave(
  c: Ctx,
  id: number,
  { decision, stored, saved }: queries.SavedEdit<SaveDecision>,
) {
  if (decision.outcome === 'not-found' || !stored) return missing(c, id);
  const me = signedInUser(c).id;
  const customer = {
    id,
    version: 'version' in decision ? decision.version : stored.version,
    name: fullName(stored),
  };
  const editing = {
    customer,
    values: 'values' in decision ? decision.values : valuesOf(stored),
    base: 'base' in decision ? decision.base : undefined,
  };
  const deleted = stored.deleted_at
    ? { by: editorName(stored), byYou: stored.updated_by === me, at: stored.deleted_at }
    : undefined;
  switch (decision.outcome) {
    case 'invalid':
      return showEditor(c, { ...editing, errors: decision.errors, deleted }, 422);
    case 'deleted':
      return showEditor(c, { ...editing, deleted }, 409);
    case 'unversioned':
    case 'conflict': {
      const conflict = {
        reason: decision.outcome === 'conflict' ? 'stale' : 'unversioned',
        theirs: stored,
        byYou: stored.updated_by === me,
        ...decision,
      } as const;
      return showEditor(c, { ...editing, conflict }, decision.outcome === 'conflict' ? 409 : 400);
    }
  }
  const after = saved ?? stored;
  const toast = {
    kind: decision.changed || decision.restored ? 'success' : 'info',
    text: savedMessage(decision, after, {
      name: editorName(stored),
      byYou: stored.updated_by === me,
    }),
  } as const;
  if (isHtmx(c))
    return decision.restored
      ? rowWithCount(c, after, toast.text, 200)
      : renderFragment(c, <RowWithNews customer={after} locale={localeOf(c)} toast={toast} />);
  setFlash(c, toast);
  return c.redirect(`/customers/${id}`, 303);
}

/**
 * Saves an edit: the form says which version and values it started from, and the save merges per field
 * with what is stored now (see merge.ts). `merge` (PATCH) leaves out fields the request does not send;
 * `restore` brings a customer deleted meanwhile back with the typed values.
 */
async function saveCustomer(
  c: Ctx,
  mode: SaveRequest['mode'],
  form?: Record<string, string>,
  restore = false,
) {
  const id = idParam(c);
  const request: SaveRequest = { form: form ?? (await readForm(c)), mode, restore };
  const result = await queries.saveCustomerEdit(c.var.deps.db, actor(c), id, (stored) =>
    decideSave(request, stored),
  );
  return answerSave(c, id, result);
}

customerRoutes.post('/:id', (c) => saveCustomer(c, 'replace'));
customerRoutes.put('/:id', (c) => saveCustomer(c, 'replace'));
customerRoutes.patch('/:id', (c) => saveCustomer(c, 'merge'));

async function removeCustomer(c: Ctx) {
  const id = idParam(c);
  const customer = await queries.deleteCustomer(c.var.deps.db, actor(c), id);
  if (!customer) return missing(c, id);
  const text = `Deleted ${fullName(customer)}.`;
  if (isHtmx(c)) {
    const toast = { kind: 'success', text, undo: { id, csrfToken: c.var.csrfToken } } as const;
    return renderFragment(
      c,
      <RowGone id={id} locale={localeOf(c)} count={await shownCount(c)} toast={toast} />,
    );
  }
  setFlash(c, {
    kind: 'success',
    text,
    action: { label: 'Restore', url: `/customers/${id}/restore` },
  });
  return c.redirect(listBack((await readForm(c)).back), 303);
}

customerRoutes.delete('/:id', removeCustomer);
customerRoutes.post('/:id/delete', removeCustomer);

/**
 * Undo, or Restore on a deleted customer's page. With a version and values it is "Restore with these
 * values" from an edit of a customer deleted meanwhile: restored and saved in one transaction.
 */
customerRoutes.post('/:id/restore', async (c) => {
  const id = idParam(c);
  const form = await readForm(c);
  if (form.version !== undefined) return saveCustomer(c, 'replace', form, true);
  const customer = await queries.restoreCustomer(c.var.deps.db, actor(c), id);
  if (!customer) return missing(c, id);
  const text = `Restored ${fullName(customer)}.`;
  if (isHtmx(c)) return rowWithCount(c, customer, text, 200);
  setFlash(c, { kind: 'success', text });
  return c.redirect(form.to === 'record' ? `/customers/${id}` : `/customers#customer-${id}`, 303);
});
