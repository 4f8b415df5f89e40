// The trash, /customers/trash: deleted customers with who deleted them and when, Restore and (owners)
// Delete forever; the search box and pager work as plain links and forms, and htmx swaps the rows in
// place. The question before deleting for good is in delete-forever-views.tsx.
import { ROWS_SLOT } from '../../http/render.js';
import { PageLink } from '../views/pager.js';
import { CsrfField, Toast } from '../../views/components.js';
import { formatDate, formatNumber, personLabel, type Reader } from '../../views/format.js';
import { When } from '../../views/when.js';
import { fullName } from '../display.js';
import { encodeCursor, type Cursor } from '../listing.js';
import { Avatar, Breadcrumb, NotGiven, customerUrl } from '../views/common.js';
import { TrashBulkBar, TrashBulkFields } from '../bulk-actions/trash-views.js';
import { BULK_FORM, SelectAllHead } from '../bulk-actions/views.js';
import type { MergedAway } from '../merging/queries.js';
import { KEEP_DELETED_FOR, TRASH_COUNT_CAP, type TrashedCustomer } from './queries.js';

export const TRASH_URL = '/customers/trash';

/** What the trash shows: the search, the page's rows and the pages around it. */
export interface TrashView {
  q: string;
  page: number;
  customers: TrashedCustomer[];
  count: { count: number; capped: boolean };
  /** How many the search finds (the whole trash without one). */
  matching: { count: number; capped: boolean };
  next?: Cursor | undefined;
  prev?: Cursor | undefined;
  /** Owners may delete for good. */
  isOwner: boolean;
  csrfToken: string;
  reader: Reader;
}

/** A trash URL for a search and page, leaving out what is default. */
export function trashUrl(
  q: string,
  extra: { after?: Cursor | undefined; before?: Cursor | undefined; page?: number } = {},
): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (extra.after) params.set('after', encodeCursor(extra.after));
  if (extra.before) params.set('before', encodeCursor(extra.before));
  if (extra.page && extra.page > 1) params.set('page', String(extra.page));
  const search = params.toString();
  return search ? `${TRASH_URL}?${search}` : TRASH_URL;
}

/** htmx attributes that load a trash URL into the rows (with count and pager beside them). */
function loadsTrash(url: string) {
  return {
    'hx-get': url,
    'hx-target': '#trash-rows',
    'hx-swap': 'innerHTML',
    'hx-push-url': 'true',
  };
}

function countLabel({ count, capped }: TrashView['count'], reader: Reader): string {
  if (capped) return `${formatNumber(TRASH_COUNT_CAP, reader)}+ customers in the trash`;
  return `${formatNumber(count, reader)} ${count === 1 ? 'customer' : 'customers'} in the trash`;
}

export function TrashCount({
  count,
  reader,
}: {
  count: TrashView['count'];
  reader: Reader;
}): JSX.Element {
  return (
    <p id="trash-count" class="customer-count" safe>
      {countLabel(count, reader)}
    </p>
  );
}

/** Restore: a plain form back to the trash without JavaScript; with htmx the row leaves with a toast. */
function RestoreForm({
  customer,
  q,
  csrfToken,
}: {
  customer: TrashedCustomer;
  q: string;
  csrfToken: string;
}): JSX.Element {
  const action = `${customerUrl(customer.id)}/restore`;
  return (
    <form method="post" action={action} hx-post={action}>
      <CsrfField token={csrfToken} />
      <input type="hidden" name="to" value="trash" />
      {q ? <input type="hidden" name="q" value={q} /> : ''}
      <button
        type="submit"
        class="button button-small"
        data-action="restore"
        aria-label={`Restore ${fullName(customer)}`}
      >
        Restore
      </button>
    </form>
  );
}

/** The row's box: part of the bar's form (its `form` attribute), wherever the row sits. */
function SelectCell({ id, name }: { id: number; name: string }): JSX.Element {
  return (
    <td class="col-select">
      <input
        type="checkbox"
        class="select-row"
        name="id"
        value={String(id)}
        form={BULK_FORM}
        aria-label={`Select ${name}`}
      />
    </td>
  );
}

function TrashRow({
  customer,
  view,
}: {
  customer: TrashedCustomer;
  view: Pick<TrashView, 'q' | 'isOwner' | 'csrfToken' | 'reader'>;
}): JSX.Element {
  const name = fullName(customer);
  const by = customer.deleted_by_name
    ? personLabel(customer.deleted_by_name, customer.deleted_by_deactivated_at)
    : 'Someone';
  const until = new Date(Date.parse(customer.deleted_at) + KEEP_DELETED_FOR).toISOString();
  return (
    <tr id={`trash-${customer.id}`} class="trash-row">
      <SelectCell id={customer.id} name={name} />
      <th scope="row" class="col-name">
        <span class="customer-name">
          <Avatar customer={customer} />
          <bdi safe>{name}</bdi>
        </span>
      </th>
      <td class="col-email">{customer.email ? <bdi safe>{customer.email}</bdi> : <NotGiven />}</td>
      <td class="col-deleted">
        <span class="visually-hidden">Deleted by </span>
        <span safe>{by}</span>
        <span class="visually-hidden">, </span>
        <span class="trash-when">
          <When at={customer.deleted_at} reader={view.reader} />
        </span>
        {customer.merged_into ? <MergedInto merge={customer.merged_into} /> : ''}
      </td>
      <td class="col-kept muted">
        <span class="trash-kept-label">Kept until </span>
        <time datetime={until} safe>
          {formatDate(until, view.reader)}
        </time>
      </td>
      <td class="actions col-actions">
        <RestoreForm customer={customer} q={view.q} csrfToken={view.csrfToken} />
        {view.isOwner ? (
          <a
            class="button button-small button-quiet button-danger"
            href={`${customerUrl(customer.id)}/delete-forever`}
            data-action="delete-forever"
            aria-label={`Delete ${name} forever`}
          >
            Delete forever
          </a>
        ) : (
          ''
        )}
      </td>
    </tr>
  );
}

/** A record the trash holds because of a merge says where its notes and history went. */
function MergedInto({ merge }: { merge: MergedAway }): JSX.Element {
  return (
    <span class="trash-merged">
      <span class="visually-hidden">, </span>merged into{' '}
      <a href={customerUrl(merge.keptId)}>
        <bdi safe>{merge.keptName}</bdi>
      </a>
    </span>
  );
}

function TrashIcon(): JSX.Element {
  return (
    <div class="empty-state-icon" aria-hidden="true">
      <svg
        viewBox="0 0 48 48"
        width="48"
        height="48"
        fill="none"
        stroke="currentColor"
        stroke-width="2"
      >
        <path d="M10 14h28M19 14V9h10v5M13 14l2 25h18l2-25" stroke-linejoin="round" />
        <path d="M21 20v13M27 20v13" stroke-linecap="round" />
      </svg>
    </div>
  );
}

/** The row the body ends with, shown (by CSS) only when no customer row precedes it. */
function EmptyTrashRow({ q }: { q: string }): JSX.Element {
  return (
    <tr class="empty-row">
      <td colspan="6">
        {q ? (
          <div class="empty-state">
            <h2>
              No deleted customers match “<span safe>{q}</span>”
            </h2>
            <p class="muted">
              The trash is searched by the start of a first name, last name or email address.
            </p>
            <a class="button" href={TRASH_URL} {...loadsTrash(TRASH_URL)}>
              Clear the search
            </a>
          </div>
        ) : (
          <div class="empty-state">
            <TrashIcon />
            <h2>The trash is empty</h2>
            <p class="muted">
              Customers you delete wait here for 30 days, so you can bring them back. After that
              they are deleted for good.
            </p>
            <a class="button" href="/customers">
              Back to customers
            </a>
          </div>
        )}
      </td>
    </tr>
  );
}

/** The place of the trash's rows (trashRowList's, given apart to renderPage or renderFragment), then its empty state. */
export function TrashRows({ view }: { view: TrashView }): JSX.Element {
  return (
    <>
      {ROWS_SLOT}
      <EmptyTrashRow q={view.q} />
    </>
  );
}

/** One row per customer in the trash, as TrashRows' place in the page takes them. */
export function trashRowList(view: TrashView): string[] {
  return view.customers.map((customer) => TrashRow({ customer, view }) as string);
}

export function TrashPager({ view }: { view: TrashView }): JSX.Element {
  const nextUrl = view.next
    ? trashUrl(view.q, { after: view.next, page: view.page + 1 })
    : undefined;
  // Page 2's previous is the plain first page.
  const prevUrl = view.prev
    ? trashUrl(view.q, view.page > 2 ? { before: view.prev, page: view.page - 1 } : {})
    : undefined;
  if (!prevUrl && !nextUrl)
    return <nav id="trash-pager" class="pager" aria-label="Pages" hidden></nav>;
  return (
    <nav id="trash-pager" class="pager" aria-label="Pages">
      <PageLink url={prevUrl} rel="prev" loads={loadsTrash} />
      <span class="pager-position">Page {view.page}</span>
      <PageLink url={nextUrl} rel="next" loads={loadsTrash} />
    </nav>
  );
}

function TrashSearch({ q }: { q: string }): JSX.Element {
  return (
    <form
      id="trash-search"
      class="customer-search"
      role="search"
      method="get"
      action={TRASH_URL}
      hx-get={TRASH_URL}
      hx-trigger="input delay:250ms, submit"
      hx-target="#trash-rows"
      hx-swap="innerHTML"
      hx-push-url="true"
      hx-sync="this:replace"
    >
      <label for="trash-q" class="visually-hidden">
        Search the trash
      </label>
      <span class="search-icon" aria-hidden="true"></span>
      <input
        id="trash-q"
        type="search"
        name="q"
        value={q}
        maxlength={200}
        autocomplete="off"
        spellcheck="false"
        placeholder="Search by name or email"
      />
      <button type="submit" class="button no-js-only">
        Search
      </button>
      {q ? (
        <a class="button button-quiet" href={TRASH_URL} {...loadsTrash(TRASH_URL)}>
          Clear
        </a>
      ) : (
        ''
      )}
    </form>
  );
}

export function TrashPage({ view }: { view: TrashView }): JSX.Element {
  return (
    <section class="customers trash" aria-labelledby="trash-title">
      <Breadcrumb />
      <header class="page-header customers-header">
        <div class="page-title">
          <h1 id="trash-title">Trash</h1>
          <TrashCount count={view.count} reader={view.reader} />
        </div>
        <p class="muted trash-note">
          Deleted customers are kept for 30 days, then deleted for good with their notes and
          history.
        </p>
      </header>
      <TrashSearch q={view.q} />
      <div class="panel table-panel table-scroll">
        <table class="data-table trash-table" aria-labelledby="trash-title">
          <thead>
            <tr>
              <SelectAllHead />
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Deleted</th>
              <th scope="col">Kept until</th>
              <th scope="col" class="col-actions">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody id="trash-rows" hx-target:inherited="closest tr" hx-swap:inherited="outerHTML">
            <TrashRows view={view} />
          </tbody>
        </table>
      </div>
      <TrashBulkBar view={view} />
      <TrashPager view={view} />
    </section>
  );
}

/** What htmx gets for a trash request: the rows, and beside them the count and pager to match. */
export function TrashResults({ view }: { view: TrashView }): JSX.Element {
  return (
    <>
      <TrashRows view={view} />
      <hx-partial hx-target="#trash-count" hx-swap="outerHTML">
        <TrashCount count={view.count} reader={view.reader} />
      </hx-partial>
      <hx-partial hx-target="#trash-pager" hx-swap="outerHTML">
        <TrashPager view={view} />
      </hx-partial>
      <hx-partial hx-target="#bulk-list" hx-swap="outerHTML">
        <TrashBulkFields view={view} />
      </hx-partial>
    </>
  );
}

/**
 * A row that left the trash (restored here, or gone meanwhile): a hidden placeholder in its place (so
 * app.js knows where focus goes next), the new count and a toast.
 */
export function TrashRowGone({
  id,
  count,
  reader,
  toast,
}: {
  id: number;
  count: TrashView['count'];
  reader: Reader;
  toast: { kind: 'success' | 'error'; text: string };
}): JSX.Element {
  return (
    <>
      <tr id={`trash-${id}`} class="trash-gone" hidden data-trash-gone=""></tr>
      <hx-partial hx-target="#trash-count" hx-swap="outerHTML">
        <TrashCount count={count} reader={reader} />
      </hx-partial>
      <hx-partial hx-target="#flash" hx-swap="innerHTML">
        <Toast kind={toast.kind} text={toast.text} />
      </hx-partial>
    </>
  );
}
