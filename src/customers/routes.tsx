// The customer book over HTTP: each URL answers a whole page, or to htmx the fragment it changes.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import { membersOnly } from '../auth/middleware.js';
import type { Customer } from '../db/schema.js';
import { isHtmx, type AppEnv } from '../http/env.js';
import { idParam, signedInUser } from '../http/params.js';
import { setFlash } from '../http/flash.js';
import { fieldErrors, readForm, type FieldErrors } from '../http/forms.js';
import { localeOf, renderFragment, renderPage } from '../http/render.js';
import * as queries from './queries.js';
import { CustomerSchema, EMPTY_VALUES, VersionSchema, submittedValues, valuesOf, type CustomerValues } from './schema.js';
import {
  CustomerDetailPage,
  CustomerEditRow,
  CustomerFormPage,
  CustomerRow,
  CustomerResults,
  CustomersPage,
  DeleteConfirmPage,
  RowGone,
  RowWithNews,
  fullName,
  type Conflict,
  type ListView,
} from './views.js';
import { BadListQuery, listUrl, parseListQuery, type ListQuery } from './listing.js';

export const customerRoutes = membersOnly();

type Ctx = Context<AppEnv>;

function actor(c: Ctx): queries.Actor {
  const user = signedInUser(c);
  return { workspaceId: user.workspaceId, userId: user.id, now: c.var.deps.now() };
}

async function liveCount(c: Ctx): Promise<number> {
  return queries.countCustomers(c.var.deps.db, signedInUser(c).workspaceId);
}

/**
 * Unknown, deleted or another workspace's customer. A page gets the app's 404 page; an htmx row gets a
 * 404 that takes the row away (someone else deleted it), updates the count and says so.
 */
async function missing(c: Ctx, id: number) {
  if (!isHtmx(c)) throw new HTTPException(404);
  const count = await liveCount(c);
  const toast = { kind: 'error', text: 'That customer is no longer here. Someone may have deleted them.' } as const;
  return renderFragment(c, <RowGone id={id} locale={localeOf(c)} count={count} toast={toast} />, 404);
}

interface EditorState {
  customer?: { id: number; version: number | string; name: string };
  values: CustomerValues;
  errors?: FieldErrors;
  conflict?: Conflict;
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
    prevUrl: found.prev ? listUrl(query, query.page > 2 ? { before: found.prev, page: query.page - 1 } : {}) : undefined,
  };
  const props = { customers: found.customers, list, locale: localeOf(c) };
  if (isHtmx(c)) return renderFragment(c, <CustomerResults {...props} />);
  return renderPage(c, query.q ? `Customers matching “${query.q.slice(0, 60)}”` : 'Customers', <CustomersPage {...props} />);
});

customerRoutes.get('/new', (c) => showEditor(c, { values: EMPTY_VALUES }, 200));

customerRoutes.get('/:id', async (c) => {
  const id = idParam(c);
  const customer = await queries.getCustomerWithAuthors(c.var.deps.db, signedInUser(c).workspaceId, id);
  if (!customer) return missing(c, id);
  if (isHtmx(c)) return renderFragment(c, <CustomerRow customer={customer} locale={localeOf(c)} />);
  return renderPage(c, fullName(customer), <CustomerDetailPage customer={customer} locale={localeOf(c)} />);
});

customerRoutes.get('/:id/edit', async (c) => {
  const id = idParam(c);
  const customer = await queries.getCustomer(c.var.deps.db, signedInUser(c).workspaceId, id);
  if (!customer) return missing(c, id);
  return showEditor(c, { customer: { ...customer, name: fullName(customer) }, values: valuesOf(customer) }, 200);
});

customerRoutes.get('/:id/delete', async (c) => {
  const id = idParam(c);
  const customer = await queries.getCustomer(c.var.deps.db, signedInUser(c).workspaceId, id);
  if (!customer) return missing(c, id);
  const body = <DeleteConfirmPage customer={customer} csrfToken={c.var.csrfToken} />;
  if (isHtmx(c)) return renderFragment(c, body);
  return renderPage(c, `Delete ${fullName(customer)}?`, body);
});

// --- writing ------------------------------------------------------------------------------------

/** A customer who joined the table (created or restored), with the new count and a toast. */
async function rowWithCount(c: Ctx, customer: Customer, text: string, status: 200 | 201) {
  const count = await liveCount(c);
  return renderFragment(c, <RowWithNews customer={customer} locale={localeOf(c)} count={count} toast={{ kind: 'success', text }} />, status);
}

customerRoutes.post('/', async (c) => {
  const form = await readForm(c);
  const parsed = v.safeParse(CustomerSchema, form);
  if (!parsed.success) return showEditor(c, { values: submittedValues(form), errors: fieldErrors(parsed.issues) }, 422);
  const customer = await queries.createCustomer(c.var.deps.db, actor(c), parsed.output);
  const text = `Added ${fullName(customer)}.`;
  if (isHtmx(c)) return rowWithCount(c, customer, text, 201);
  setFlash(c, { kind: 'success', text });
  return c.redirect(`/customers#customer-${customer.id}`, 303);
});

/**
 * Saves an edit. `merge` (PATCH) keeps stored values for fields the request leaves out; otherwise the
 * form is the whole customer. Order of checks: exists (404), says which version (400), valid (422),
 * still that version (409).
 */
async function saveCustomer(c: Ctx, mode: 'replace' | 'merge') {
  const id = idParam(c);
  const { db } = c.var.deps;
  const form = await readForm(c);
  const stored = await queries.getCustomerWithAuthors(db, signedInUser(c).workspaceId, id);
  if (!stored) return missing(c, id);

  const name = fullName(stored);
  const values = submittedValues(form, mode === 'merge' ? valuesOf(stored) : EMPTY_VALUES);
  const parsed = v.safeParse(CustomerSchema, values);
  const errors = parsed.success ? {} : fieldErrors(parsed.issues);
  const version = v.safeParse(VersionSchema, form.version ?? '');
  if (!version.success) {
    // Without a version a save could overwrite anything: show what is saved now and let the person choose.
    return showEditor(
      c,
      { customer: { id, version: stored.version, name }, values, errors, conflict: { reason: 'unversioned', theirs: stored, byYou: stored.updated_by === signedInUser(c).id } },
      400,
    );
  }
  if (!parsed.success) return showEditor(c, { customer: { id, version: version.output, name }, values, errors }, 422);

  const result = await queries.updateCustomer(db, actor(c), id, version.output, parsed.output);
  switch (result.outcome) {
    case 'not-found':
      return missing(c, id);
    case 'conflict':
      return showEditor(
        c,
        { customer: { id, version: result.current.version, name: fullName(result.current) }, values: parsed.output, conflict: { reason: 'stale', theirs: result.current, byYou: result.current.updated_by === signedInUser(c).id } },
        409,
      );
    case 'updated':
    case 'unchanged': {
      const { customer } = result;
      const text = result.outcome === 'updated' ? `Saved ${fullName(customer)}.` : `No changes to save for ${fullName(customer)}.`;
      const kind = result.outcome === 'updated' ? 'success' : 'info';
      if (isHtmx(c)) {
        return renderFragment(c, <RowWithNews customer={customer} locale={localeOf(c)} toast={{ kind, text }} />);
      }
      setFlash(c, { kind, text });
      return c.redirect(`/customers/${id}`, 303);
    }
  }
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
    return renderFragment(c, <RowGone id={id} locale={localeOf(c)} count={await liveCount(c)} toast={toast} />);
  }
  setFlash(c, { kind: 'success', text, action: { label: 'Restore', url: `/customers/${id}/restore` } });
  return c.redirect('/customers', 303);
}

customerRoutes.delete('/:id', removeCustomer);
customerRoutes.post('/:id/delete', removeCustomer);

customerRoutes.post('/:id/restore', async (c) => {
  const id = idParam(c);
  const customer = await queries.restoreCustomer(c.var.deps.db, actor(c), id);
  if (!customer) return missing(c, id);
  const text = `Restored ${fullName(customer)}.`;
  if (isHtmx(c)) return rowWithCount(c, customer, text, 200);
  setFlash(c, { kind: 'success', text });
  return c.redirect(`/customers#customer-${id}`, 303);
});
