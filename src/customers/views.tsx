// The customer book's HTML: the table and its rows (display, editing, deleted), the record, form and
// confirm pages, toasts and the keyboard map. Pure functions of their props; every user value is escaped.
import type { Customer } from '../db/tables.js';
import type { FieldErrors } from '../http/forms.js';
import { CsrfField, FormAlert } from '../views/components.js';
import { formatDate, formatDateTime, formatNumber, personLabel } from '../views/format.js';
import type { CustomerWithAuthors, ListedCustomer, MatchCount } from './queries.js';
import {
  DEFAULT_DIRECTION,
  SEARCH_COUNT_CAP,
  listUrl,
  type ListQuery,
  type SortKey,
} from './listing.js';
import { highlight, type Marks } from './highlight.js';
import { planTerms } from './keys.js';
import {
  CUSTOMER_FIELDS,
  FIELD_LABELS,
  MAX_LENGTHS,
  type CustomerField,
  type CustomerValues,
} from './schema.js';

// --- small helpers -------------------------------------------------------------------------------

const NO_MARKS: Marks = { words: [], runs: [] };

export function fullName(customer: Pick<CustomerValues, 'first_name' | 'last_name'>): string {
  return `${customer.first_name} ${customer.last_name}`.trim();
}

const customerUrl = (id: number) => `/customers/${id}`;
const rowId = (id: number) => `customer-${id}`;

/** tel: links keep only what a dialler understands. */
function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
function firstGrapheme(text: string): string {
  const trimmed = text.trim();
  // Most names start with a letter that stands alone; the segmenter (slow) is for the rest.
  if (/^[\p{L}\p{N}](?![\p{M}\u200d\ufe0f])/u.test(trimmed) && trimmed.codePointAt(0)! < 0x10000)
    return trimmed[0]!;
  for (const { segment } of graphemes.segment(trimmed)) return segment;
  return '';
}

function location(customer: Pick<CustomerValues, 'city' | 'state'>): string {
  return [customer.city, customer.state].filter(Boolean).join(', ');
}

/** What a screen reader says when a row gets focus (j/k, arrows): who, how to reach them, where. */
export function rowLabel(
  customer: Pick<CustomerValues, 'first_name' | 'last_name' | 'email' | 'phone' | 'city' | 'state'>,
): string {
  return [fullName(customer), customer.email || customer.phone, location(customer)]
    .filter(Boolean)
    .join(', ');
}

export function countLabel(count: number, locale: string, search?: MatchCount): string {
  if (search?.capped) return `${formatNumber(SEARCH_COUNT_CAP, locale)}+ matches`;
  if (search)
    return `${formatNumber(search.count, locale)} ${search.count === 1 ? 'match' : 'matches'}`;
  return `${formatNumber(count, locale)} ${count === 1 ? 'customer' : 'customers'}`;
}

function Avatar({
  customer,
  large,
}: {
  customer: Pick<Customer, 'id' | 'first_name' | 'last_name'>;
  large?: boolean;
}): JSX.Element {
  const initials =
    `${firstGrapheme(customer.first_name)}${firstGrapheme(customer.last_name)}`.toLocaleUpperCase();
  return (
    <span
      class={`avatar avatar-tone-${customer.id % 8}${large ? ' avatar-large' : ''}`}
      aria-hidden="true"
      safe
    >
      {initials}
    </span>
  );
}

function NotGiven(): JSX.Element {
  return (
    <span class="not-given">
      <span aria-hidden="true">—</span>
      <span class="visually-hidden">none</span>
    </span>
  );
}

// --- the table -----------------------------------------------------------------------------------

export function CustomerCount({
  count,
  locale,
  search,
}: {
  count: number;
  locale: string;
  search?: MatchCount;
}): JSX.Element {
  return (
    <p id="customer-count" class="customer-count" safe>
      {countLabel(count, locale, search)}
    </p>
  );
}

/** Opens the inline new row with htmx, or the new-customer page without it. */
/** The list a whole-page action should come back to, as a query string ('' for the plain list). */
export function backQuery(query: Pick<ListQuery, 'q' | 'sort' | 'dir'> | undefined): string {
  if (!query) return '';
  const url = listUrl(query);
  return url === '/customers' ? '' : `?back=${encodeURIComponent(url)}`;
}

function NewCustomerButton({
  label,
  id,
  query,
}: {
  label: string;
  id?: string;
  query?: ListView['query'];
}): JSX.Element {
  return (
    <a
      id={id}
      class="button button-primary"
      href={`/customers/new${backQuery(query)}`}
      hx-get="/customers/new"
      hx-target="#customer-rows"
      hx-swap="afterbegin"
      data-action="new"
    >
      <span class="button-icon" aria-hidden="true">
        +
      </span>
      <span safe>{label}</span>
      <kbd class="js-only shortcut-key" aria-hidden="true">
        N
      </kbd>
    </a>
  );
}

/** What the table shows and how it got there: the list query, its count and the pages around it. */
export interface ListView {
  query: Pick<ListQuery, 'q' | 'plan' | 'sort' | 'dir' | 'page'>;
  count: number;
  /** Set when searching: the (capped) number of matches. */
  search?: MatchCount;
  nextUrl?: string;
  prevUrl?: string;
}

export interface CustomersPageProps {
  customers: ListedCustomer[];
  list: ListView;
  locale: string;
}

/** `spoken` names the column in a sentence ("Sort by city / state": it keeps the visible words, for voice control); `order` says each direction in words. */
const SORTABLE: {
  key: SortKey;
  label: string;
  spoken: string;
  order: Record<'asc' | 'desc', string>;
  className: string;
}[] = [
  {
    key: 'name',
    label: 'Name',
    spoken: 'name',
    order: { asc: 'A to Z', desc: 'Z to A' },
    className: 'col-name',
  },
  {
    key: 'email',
    label: 'Email',
    spoken: 'email',
    order: { asc: 'A to Z', desc: 'Z to A' },
    className: 'col-email',
  },
  {
    key: 'city',
    label: 'City / State',
    spoken: 'city / state',
    order: { asc: 'A to Z', desc: 'Z to A' },
    className: 'col-location',
  },
  {
    key: 'created',
    label: 'Added',
    spoken: 'date added',
    order: { asc: 'oldest first', desc: 'newest first' },
    className: 'col-created',
  },
];

/** htmx attributes that load a list URL into the table body (rows, with count, head and pager). */
function loadsList(url: string) {
  return {
    'hx-get': url,
    'hx-target': '#customer-rows',
    'hx-swap': 'innerHTML',
    'hx-push-url': 'true',
    'data-list': '',
  };
}

function SortHeader({
  column,
  query,
}: {
  column: (typeof SORTABLE)[number];
  query: ListView['query'];
}): JSX.Element {
  const current = query.sort === column.key;
  const dir = current ? (query.dir === 'asc' ? 'desc' : 'asc') : DEFAULT_DIRECTION[column.key];
  const url = listUrl({ q: query.q, sort: column.key, dir });
  const sorted = current ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined;
  // Read aloud as a sentence, not as the uppercase heading text ("NAME , SORT ASCENDING").
  const spoken = current
    ? `${column.label}, sorted ${column.order[query.dir]}`
    : `Sort by ${column.spoken}`;
  return (
    <th scope="col" class={column.className} aria-sort={sorted ?? 'none'}>
      <a
        href={url}
        class={current ? 'sort-link sorted' : 'sort-link'}
        data-sort={column.key}
        {...loadsList(url)}
        aria-label={spoken}
      >
        <span safe>{column.label}</span>
        <span
          class={`sort-indicator sort-${current ? query.dir : 'none'}`}
          aria-hidden="true"
        ></span>
      </a>
    </th>
  );
}

export function TableHead({ query }: { query: ListView['query'] }): JSX.Element {
  const [name, email, location, created] = SORTABLE;
  return (
    <thead id="customer-head">
      <tr>
        <SortHeader column={name!} query={query} />
        <SortHeader column={email!} query={query} />
        <th scope="col" class="col-phone">
          Phone
        </th>
        <SortHeader column={location!} query={query} />
        <SortHeader column={created!} query={query} />
        <th scope="col" class="col-actions">
          <span class="visually-hidden">Actions</span>
        </th>
      </tr>
    </thead>
  );
}

/** Previous / Next by cursor (keyset paging); plain links that htmx enhances. */
export function Pager({ list }: { list: ListView }): JSX.Element {
  if (!list.prevUrl && !list.nextUrl)
    return <nav id="customer-pager" class="pager" aria-label="Pages" hidden></nav>;
  return (
    <nav id="customer-pager" class="pager" aria-label="Pages">
      {list.prevUrl ? (
        <a
          class="button"
          rel="prev"
          href={list.prevUrl}
          data-page="prev"
          {...loadsList(list.prevUrl)}
        >
          <span aria-hidden="true">←</span> Previous
        </a>
      ) : (
        <span class="button" aria-disabled="true">
          <span aria-hidden="true">←</span> Previous
        </span>
      )}
      <span class="pager-position">Page {list.query.page}</span>
      {list.nextUrl ? (
        <a
          class="button"
          rel="next"
          href={list.nextUrl}
          data-page="next"
          {...loadsList(list.nextUrl)}
        >
          Next <span aria-hidden="true">→</span>
        </a>
      ) : (
        <span class="button" aria-disabled="true">
          Next <span aria-hidden="true">→</span>
        </span>
      )}
    </nav>
  );
}

/**
 * The sort a search keeps: hidden fields of the search form. A list answer swaps them too, so a sort
 * chosen in place (htmx) is what the next keystroke searches with.
 */
export function SearchSort({ query }: { query: Pick<ListQuery, 'sort' | 'dir'> }): JSX.Element {
  return (
    <span id="customer-search-sort" hidden>
      {query.sort !== 'created' ? <input type="hidden" name="sort" value={query.sort} /> : ''}
      {query.dir !== DEFAULT_DIRECTION[query.sort] ? (
        <input type="hidden" name="dir" value={query.dir} />
      ) : (
        ''
      )}
    </span>
  );
}

/** One box for every field; typing updates the rows (htmx), Enter or the button submits (no JS). */
function SearchForm({ query }: { query: ListView['query'] }): JSX.Element {
  return (
    <form
      id="customer-search"
      class="customer-search"
      role="search"
      method="get"
      action="/customers"
      hx-get="/customers"
      hx-trigger="input delay:250ms, submit"
      hx-target="#customer-rows"
      hx-swap="innerHTML"
      hx-push-url="true"
      hx-sync="this:replace"
      data-list=""
    >
      <label for="customer-q" class="visually-hidden">
        Search customers
      </label>
      <span class="search-icon" aria-hidden="true"></span>
      <input
        id="customer-q"
        type="search"
        name="q"
        value={query.q}
        maxlength={200}
        autocomplete="off"
        spellcheck="false"
        placeholder="Search name, email, phone, city, state or zip"
      />
      <kbd class="js-only search-key shortcut-key" aria-hidden="true">
        /
      </kbd>
      <SearchSort query={query} />
      <button type="submit" class="button no-js-only">
        Search
      </button>
      {query.q ? (
        <a
          class="button button-quiet"
          data-action="clear-search"
          href={listUrl({ q: '', sort: query.sort, dir: query.dir })}
          {...loadsList(listUrl({ q: '', sort: query.sort, dir: query.dir }))}
        >
          Clear
        </a>
      ) : (
        ''
      )}
    </form>
  );
}

export function CustomersPage({ customers, list, locale }: CustomersPageProps): JSX.Element {
  return (
    <section class="customers" aria-labelledby="customers-title">
      <header class="page-header customers-header">
        <div class="page-title">
          <h1 id="customers-title">Customers</h1>
          <CustomerCount count={list.count} locale={locale} search={list.search} />
        </div>
        <div class="button-row">
          <button
            type="button"
            class="button button-quiet js-only"
            data-action="keyboard-map"
            aria-haspopup="dialog"
          >
            Shortcuts{' '}
            <kbd class="shortcut-key" aria-hidden="true">
              ?
            </kbd>
          </button>
          <NewCustomerButton label="New customer" id="new-customer" query={list.query} />
        </div>
      </header>
      <SearchForm query={list.query} />
      <div class="panel table-panel">
        <table
          class="data-table customer-table"
          aria-labelledby="customers-title"
          aria-describedby="customer-table-help"
        >
          <TableHead query={list.query} />
          {/* Row actions (Edit, Delete) swap their own row: said once here instead of on every link. */}
          <tbody id="customer-rows" hx-target:inherited="closest tr" hx-swap:inherited="outerHTML">
            <CustomerRows customers={customers} locale={locale} list={list} />
          </tbody>
        </table>
      </div>
      <Pager list={list} />
      <p id="customer-table-help" class="table-help js-only">
        Move with <kbd>↑</kbd> <kbd>↓</kbd> (on to the next page from the last row),{' '}
        <kbd>Enter</kbd> edits, <kbd>Delete</kbd> deletes
        <span class="shortcut-key">
          , <kbd>/</kbd> searches, <kbd>?</kbd> shows every shortcut
        </span>
        .
      </p>
      <KeyboardMap />
      <p id="customer-announcer" class="visually-hidden" aria-live="polite"></p>
    </section>
  );
}

/** What htmx gets for a list request: the rows, and beside them the count, head and pager to match. */
export function CustomerResults({ customers, list, locale }: CustomersPageProps): JSX.Element {
  return (
    <>
      <CustomerRows customers={customers} locale={locale} list={list} />
      <hx-partial hx-target="#customer-count" hx-swap="outerHTML">
        <CustomerCount count={list.count} locale={locale} search={list.search} />
      </hx-partial>
      <hx-partial hx-target="#customer-head" hx-swap="outerHTML">
        <TableHead query={list.query} />
      </hx-partial>
      <hx-partial hx-target="#customer-pager" hx-swap="outerHTML">
        <Pager list={list} />
      </hx-partial>
      <hx-partial hx-target="#customer-search-sort" hx-swap="outerHTML">
        <SearchSort query={list.query} />
      </hx-partial>
    </>
  );
}

/**
 * The table body: one row per customer, then the empty state (CSS shows it only when no row precedes
 * it): an invitation to add the first customer, or, for a search, that nothing matched.
 */
export function CustomerRows({
  customers,
  locale,
  list,
}: {
  customers: ListedCustomer[];
  locale: string;
  list?: ListView;
}): JSX.Element {
  const marks = list?.search ? planTerms(list.query.plan) : NO_MARKS;
  return (
    <>
      {customers.map((customer) => (
        <CustomerRow
          customer={customer}
          locale={locale}
          marks={marks}
          back={list?.search ? backQuery(list.query) : ''}
        />
      ))}
      {list?.search ? <NoMatchesRow list={list} /> : <EmptyRow />}
    </>
  );
}

function NoMatchesRow({ list }: { list: ListView }): JSX.Element {
  const clear = listUrl({ q: '', sort: list.query.sort, dir: list.query.dir });
  return (
    <tr class="empty-row">
      <td colspan="6">
        <div class="empty-state">
          <h2>
            No customers match “<span safe>{list.query.q}</span>”
          </h2>
          <p class="muted">
            Check the spelling, or search for part of a name, email, phone number, city, state or
            zip code.
          </p>
          <a class="button" href={clear} {...loadsList(clear)}>
            Clear the search
          </a>
        </div>
      </td>
    </tr>
  );
}

function EmptyRow(): JSX.Element {
  return (
    <tr class="empty-row">
      <td colspan="6">
        <div class="empty-state">
          <div class="empty-state-icon" aria-hidden="true">
            <svg
              viewBox="0 0 48 48"
              width="48"
              height="48"
              fill="none"
              stroke="currentColor"
              stroke-width="2"
            >
              <rect x="7" y="9" width="34" height="30" rx="4" />
              <circle cx="24" cy="21" r="5" />
              <path d="M15 34c1.8-4 5.2-6 9-6s7.2 2 9 6" stroke-linecap="round" />
            </svg>
          </div>
          <h2>No customers yet</h2>
          <p class="muted">
            Your customer book is empty. Add the first person you work with; everyone on your team
            will see them here.
          </p>
          <NewCustomerButton label="Add your first customer" />
        </div>
      </td>
    </tr>
  );
}

/** Said on a customer just added that the current search does not match. */
const OUTSIDE_SEARCH = 'not in this search';

export function CustomerRow({
  customer,
  locale,
  marks = NO_MARKS,
  outsideSearch = false,
  back = '',
}: {
  customer: ListedCustomer;
  locale: string;
  marks?: Marks;
  outsideSearch?: boolean | undefined;
  /** Without JavaScript, the delete page brings the person back to this list (backQuery). */
  back?: string;
}): JSX.Element {
  const name = fullName(customer);
  const url = customerUrl(customer.id);
  const where = location(customer);
  const safeName = highlight(name, marks);
  const safeEmail = highlight(customer.email, marks);
  const safePhone = highlight(customer.phone, marks, { phone: true });
  const safeWhere = highlight(where, marks);
  return (
    <tr
      id={rowId(customer.id)}
      class={outsideSearch ? 'customer-row outside-search' : 'customer-row'}
      tabindex="-1"
      data-customer-id={String(customer.id)}
      aria-label={outsideSearch ? `${rowLabel(customer)}, ${OUTSIDE_SEARCH}` : rowLabel(customer)}
    >
      <th scope="row" class="col-name">
        <a href={url} class="customer-name">
          <Avatar customer={customer} />
          <bdi>{safeName}</bdi>
        </a>
        {outsideSearch ? <span class="row-note">{OUTSIDE_SEARCH}</span> : ''}
      </th>
      <td class="col-email">
        {customer.email ? (
          <a href={`mailto:${customer.email}`}>
            <bdi>{safeEmail}</bdi>
          </a>
        ) : (
          <NotGiven />
        )}
      </td>
      <td class="col-phone">
        {customer.phone ? <a href={telHref(customer.phone)}>{safePhone}</a> : <NotGiven />}
      </td>
      <td class="col-location">{where ? <bdi>{safeWhere}</bdi> : <NotGiven />}</td>
      <td class="col-created">
        <time datetime={customer.created_at} safe>
          {formatDate(customer.created_at, locale)}
        </time>
      </td>
      <td class="actions col-actions">
        <a
          href={`${url}/edit`}
          class="button button-small button-quiet"
          hx-get={`${url}/edit`}
          data-action="edit"
          aria-label={`Edit ${name}`}
        >
          Edit
        </a>
        <a
          href={`${url}/delete${back}`}
          class="button button-small button-quiet button-danger"
          hx-delete={url}
          data-action="delete"
          aria-label={`Delete ${name}`}
        >
          Delete
        </a>
      </td>
    </tr>
  );
}

/**
 * What replaces a deleted row: invisible, but it holds the row's place so Undo can put the customer
 * back exactly where they were.
 */
export function DeletedRow({ id }: { id: number }): JSX.Element {
  return <tr id={rowId(id)} class="customer-deleted" hidden data-deleted=""></tr>;
}

// --- fields and forms ------------------------------------------------------------------------------

// Email is a text input with the email keyboard: type="email" hands the server the domain in punycode
// (exämple.de arrives as xn--exmple-cua.de) and trims, so what was typed would not be what is saved.
const INPUT_TYPES: Partial<Record<CustomerField, string>> = { phone: 'tel' };
const INPUT_MODES: Partial<Record<CustomerField, string>> = { email: 'email', phone: 'tel' };
const REQUIRED = new Set<CustomerField>(['first_name', 'last_name']);

interface FieldsProps {
  /** Makes the ids unique when several rows are open at once. */
  idPrefix: string;
  values: CustomerValues;
  errors: FieldErrors;
  /** Put the cursor in the first field (or the first invalid one) when shown. */
  autofocus: boolean;
  /** Fields both people changed are a choice between the two values instead of an input. */
  conflict?: Conflict | undefined;
}

function CustomerFields({
  idPrefix,
  values,
  errors,
  autofocus,
  conflict,
}: FieldsProps): JSX.Element {
  const firstInvalid = CUSTOMER_FIELDS.find((field) => errors[field]);
  const focusField = autofocus ? (firstInvalid ?? 'first_name') : undefined;
  const firstChoice =
    conflict?.conflicts.find((field) => conflict.unchosen?.includes(field)) ??
    conflict?.conflicts[0];
  return (
    <>
      {CUSTOMER_FIELDS.map((field) => {
        if (conflict?.conflicts.includes(field)) {
          return (
            <ConflictChoice
              idPrefix={idPrefix}
              field={field}
              conflict={conflict}
              focus={field === firstChoice}
            />
          );
        }
        const id = `${idPrefix}-${field}`;
        const error = errors[field];
        const describedBy = error ? `${id}-hint ${id}-error` : `${id}-hint`;
        return (
          <div class={`field field-${field}${error ? ' field-invalid' : ''}`}>
            <label for={id}>
              <span safe>{FIELD_LABELS[field]}</span>
              {REQUIRED.has(field) ? '' : <span class="field-optional"> (optional)</span>}
            </label>
            <input
              id={id}
              name={field}
              type={INPUT_TYPES[field] ?? 'text'}
              inputmode={INPUT_MODES[field]}
              value={values[field]}
              required={REQUIRED.has(field)}
              dir="auto"
              autocomplete="off"
              spellcheck={
                field === 'email' || field === 'phone' || field === 'zipcode' ? 'false' : undefined
              }
              autofocus={focusField === field}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={describedBy}
            />
            {/* No maxlength: it cuts a paste without a word. The limit is said here and checked on save. */}
            <p class="field-hint" id={`${id}-hint`} safe>
              {`Up to ${MAX_LENGTHS[field]} characters`}
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
      })}
    </>
  );
}

/** Someone saved in between and some fields need a choice (409), or the form had no version (400). */
export interface Conflict {
  /** stale: someone saved in between (409); unversioned: the form did not say which version it edited (400). */
  reason: 'stale' | 'unversioned';
  theirs: CustomerWithAuthors;
  /** The newer version was saved by the same person (another tab or device). */
  byYou: boolean;
  /** The fields to choose for: both changed them, differently. */
  conflicts: CustomerField[];
  /** Fields the person was already asked about and submitted without choosing. */
  unchosen?: CustomerField[];
  /** What the person typed, for "Keep mine". */
  mine: CustomerValues;
}

/** Who deleted a customer, and when (ISO). */
export interface Deletion {
  by: string | null;
  byYou: boolean;
  at: string;
}

const listFormat = new Intl.ListFormat('en', { type: 'conjunction' });
const labels = (fields: readonly CustomerField[]) =>
  listFormat.format(fields.map((field) => FIELD_LABELS[field]));

/** "Deleted by Sam Lee on Nov 24, 2026." */
export function deletionText(
  customer: Pick<CustomerValues, 'first_name' | 'last_name'>,
  deletion: Deletion,
  locale: string,
): string {
  const who = deletion.byYou ? 'you' : (deletion.by ?? 'someone');
  return `${fullName(customer)} was deleted by ${who} on ${formatDate(deletion.at, locale)}.`;
}

/** The toast after a save: what was saved, and whose changes to other fields were kept. */
export function savedMessage(
  decision: {
    outcome: 'ok' | 'merged';
    changed: boolean;
    restored: boolean;
    kept?: CustomerField[];
  },
  customer: Pick<CustomerValues, 'first_name' | 'last_name'>,
  teammate: { name: string | null; byYou: boolean },
): string {
  const name = fullName(customer);
  const saved = decision.restored
    ? `Restored ${name} with your changes.`
    : decision.changed
      ? `Saved ${name}.`
      : `No changes to save for ${name}.`;
  const kept = decision.kept ?? [];
  if (decision.outcome !== 'merged' || kept.length === 0) return saved;
  const changes = kept.length === 1 ? 'change' : 'changes';
  const whose = teammate.byYou
    ? `your ${changes} from another tab or device`
    : `${teammate.name ?? 'a teammate'}’s ${changes}`;
  return `${saved} Kept ${whose} to ${labels(kept)}.`;
}

function ConflictNotice({ conflict, locale }: { conflict: Conflict; locale: string }): JSX.Element {
  const { theirs } = conflict;
  const who = conflict.byYou
    ? 'You'
    : theirs.updated_by_name
      ? personLabel(theirs.updated_by_name, theirs.updated_by_deactivated_at)
      : 'Someone';
  const when = formatDateTime(theirs.updated_at, locale);
  const title =
    conflict.reason === 'stale'
      ? conflict.byYou
        ? `You changed ${labels(conflict.conflicts)} in another tab or window`
        : `${who} changed ${labels(conflict.conflicts)} while you were editing`
      : 'Folio could not tell which version you were editing';
  return (
    <div class="conflict" role="alert">
      <h2 class="conflict-title" safe>
        {title}
      </h2>
      <p class="conflict-text" safe>
        {`Nothing was saved yet. ${conflict.byYou ? 'Your other save' : `${who}’s save`} was ${when}. Your other changes are kept below; for each field marked, choose which value to keep, then save.`}
      </p>
      <input type="hidden" name="choose" value={conflict.conflicts.join(' ')} />
    </div>
  );
}

/** One field both people changed: their value or mine, chosen with radio buttons (nothing chosen for you). */
function ConflictChoice({
  idPrefix,
  field,
  conflict,
  focus,
}: {
  idPrefix: string;
  field: CustomerField;
  conflict: Conflict;
  focus: boolean;
}): JSX.Element {
  const id = `${idPrefix}-${field}`;
  const theirs =
    conflict.reason === 'unversioned'
      ? 'Keep the saved one:'
      : conflict.byYou
        ? 'Keep your other save:'
        : `Keep ${conflict.theirs.updated_by_name ? personLabel(conflict.theirs.updated_by_name, conflict.theirs.updated_by_deactivated_at) : 'theirs'}’s:`;
  const unchosen = conflict.unchosen?.includes(field);
  const option = (side: 'theirs' | 'mine', label: string, value: string) => (
    <label class={`conflict-option conflict-${side}`} for={`${id}-keep-${side}`}>
      <input
        type="radio"
        id={`${id}-keep-${side}`}
        name={`keep_${field}`}
        value={side}
        autofocus={focus && side === 'theirs'}
      />
      <span safe>{label}</span> {value ? <bdi safe>{value}</bdi> : <NotGiven />}
    </label>
  );
  return (
    <fieldset
      class={`field field-${field} conflict-choice${unchosen ? ' field-invalid' : ''}`}
      aria-describedby={unchosen ? `${id}-error` : undefined}
    >
      <legend safe>{`${FIELD_LABELS[field]}: changed by both of you`}</legend>
      {option('theirs', theirs, conflict.theirs[field])}
      {option('mine', 'Keep mine:', conflict.mine[field])}
      <input type="hidden" name={field} value={conflict.mine[field]} />
      {unchosen ? (
        <p class="field-error" id={`${id}-error`} safe>
          {`Choose which ${FIELD_LABELS[field]} to keep.`}
        </p>
      ) : (
        ''
      )}
    </fieldset>
  );
}

/** The customer was deleted while being edited: nothing saved, what was typed kept, restore or discard. */
function DeletedNotice({
  deletion,
  name,
  locale,
}: {
  deletion: Deletion;
  name: string;
  locale: string;
}): JSX.Element {
  const who = deletion.byYou ? 'You' : (deletion.by ?? 'Someone');
  return (
    <div class="conflict conflict-deleted" role="alert">
      <h2 class="conflict-title" safe>
        {`${who} deleted ${name} on ${formatDate(deletion.at, locale)} while you were editing`}
      </h2>
      <p class="conflict-text">
        Nothing was saved. What you typed is still here: restore the customer with these values, or
        discard them.
      </p>
    </div>
  );
}

export interface EditorProps {
  /** Absent for a new customer. `name` is the stored name, for the heading while the fields change. */
  customer?: { id: number; version: number | string; name: string } | undefined;
  values: CustomerValues;
  /** The values the form started from, sent back as hidden fields for the three-way merge on save. */
  base?: Partial<CustomerValues> | undefined;
  errors?: FieldErrors | undefined;
  conflict?: Conflict | undefined;
  deleted?: Deletion | undefined;
  /** Without JavaScript, where the saved new customer is shown: the list (search) the person came from. */
  back?: string | undefined;
  csrfToken: string;
  locale: string;
}

function formTarget(customer: EditorProps['customer'], deleted?: Deletion) {
  if (customer && deleted) return `${customerUrl(customer.id)}/restore`;
  return customer ? customerUrl(customer.id) : '/customers';
}

/** The version and the values the form started from: what the save merges against. */
function StartingPoint({
  customer,
  base = {},
}: Pick<EditorProps, 'customer' | 'base'>): JSX.Element {
  if (!customer) return '';
  return (
    <>
      <input type="hidden" name="version" value={String(customer.version)} />
      {CUSTOMER_FIELDS.map((field) =>
        base[field] === undefined ? (
          ''
        ) : (
          <input type="hidden" name={`base_${field}`} value={base[field]} />
        ),
      )}
    </>
  );
}

/**
 * app.js keeps what is typed in an editor as a draft in this browser, under this key (the customer's id,
 * or "new"), and names it by the stored name when it offers the draft back.
 */
function draftAttributes(customer: EditorProps['customer']) {
  return {
    'data-draft': customer ? String(customer.id) : 'new',
    'data-draft-name': customer?.name,
  };
}

/** A row turned into a form, in place: the inline editor for a new or an existing customer. */
export function CustomerEditRow({
  customer,
  values,
  base,
  errors = {},
  conflict,
  deleted,
  csrfToken,
  locale,
}: EditorProps): JSX.Element {
  const key = customer ? String(customer.id) : 'new';
  const action = formTarget(customer, deleted);
  const heading = customer ? `Editing ${customer.name}` : 'New customer';
  const headingId = `customer-${key}-heading`;
  const blocked = Boolean(conflict || deleted);
  return (
    <tr
      id={`customer-${key}`}
      class={`customer-row customer-editing${customer ? '' : ' customer-new'}${blocked ? ' has-conflict' : ''}`}
      data-customer-id={customer ? String(customer.id) : undefined}
      data-editing=""
    >
      <td colspan="6">
        <form
          class="row-editor"
          method="post"
          action={action}
          novalidate
          aria-labelledby={headingId}
          hx-post={!customer || deleted ? action : undefined}
          hx-put={customer && !deleted ? action : undefined}
          hx-target="closest tr"
          hx-swap="outerHTML"
          hx-sync="this:drop"
          {...draftAttributes(customer)}
        >
          <CsrfField token={csrfToken} />
          <StartingPoint customer={customer} base={base} />
          <h2 class="row-editor-title" id={headingId}>
            <bdi safe>{heading}</bdi>
          </h2>
          {conflict ? <ConflictNotice conflict={conflict} locale={locale} /> : ''}
          {deleted && customer ? (
            <DeletedNotice deletion={deleted} name={customer.name} locale={locale} />
          ) : (
            ''
          )}
          <div class="row-editor-grid">
            <CustomerFields
              idPrefix={`customer-${key}`}
              values={values}
              errors={errors}
              autofocus={!blocked}
              conflict={conflict}
            />
          </div>
          <div class="row-editor-actions">
            <EditorButtons customer={customer} conflict={conflict} deleted={deleted} inline />
            <span class="row-editor-hint js-only" aria-hidden="true">
              <kbd>Enter</kbd> saves · <kbd>Esc</kbd> cancels
            </span>
          </div>
        </form>
      </td>
    </tr>
  );
}

function EditorButtons({
  customer,
  conflict,
  deleted,
  inline,
}: {
  customer: EditorProps['customer'];
  conflict: Conflict | undefined;
  deleted: Deletion | undefined;
  inline: boolean;
}): JSX.Element {
  const small = inline ? ' button-small' : '';
  if (customer && deleted) {
    // Discard: the page goes back to the table; the row asks for the customer, whose 410 takes the row away.
    const url = customerUrl(customer.id);
    return (
      <div class="button-row">
        <button type="submit" class={`button button-primary${small}`} autofocus>
          Restore with these values
        </button>
        <a
          class={`button${small}`}
          href="/customers"
          hx-get={inline ? url : undefined}
          hx-target={inline ? 'closest tr' : undefined}
          hx-swap={inline ? 'outerHTML' : undefined}
          data-action="discard"
        >
          Discard
        </a>
      </div>
    );
  }
  const cancelUrl = customer ? customerUrl(customer.id) : '/customers';
  return (
    <div class="button-row">
      <button type="submit" class={`button button-primary${small}`}>
        {conflict ? 'Save with these choices' : customer ? 'Save changes' : 'Add customer'}
      </button>
      <a
        class={`button${small}`}
        href={cancelUrl}
        hx-get={inline && customer ? cancelUrl : undefined}
        hx-target={inline && customer ? 'closest tr' : undefined}
        hx-swap={inline && customer ? 'outerHTML' : undefined}
        data-action={inline && !customer ? 'cancel-new' : 'cancel'}
      >
        {conflict ? 'Discard my changes' : 'Cancel'}
      </a>
    </div>
  );
}

// --- whole pages (the same tasks without JavaScript) ----------------------------------------------

function Breadcrumb({ name, id }: { name?: string; id?: number }): JSX.Element {
  return (
    <nav class="breadcrumb" aria-label="Breadcrumb">
      <a href="/customers">Customers</a>
      {name !== undefined && id !== undefined ? (
        <>
          <span aria-hidden="true"> / </span>
          <a href={customerUrl(id)}>
            <bdi safe>{name}</bdi>
          </a>
        </>
      ) : (
        ''
      )}
    </nav>
  );
}

const ERROR_SUMMARY = 'Some fields need attention. Each one says what to change.';

/** /customers/new and /customers/:id/edit: the full-page form, also shown again when refused. */
export function CustomerFormPage({
  customer,
  values,
  base,
  errors = {},
  conflict,
  deleted,
  back,
  csrfToken,
  locale,
}: EditorProps): JSX.Element {
  const action = formTarget(customer, deleted);
  const hasErrors = Object.keys(errors).length > 0;
  const blocked = Boolean(conflict || deleted);
  return (
    <div class="customer-form-page">
      <Breadcrumb name={customer?.name} id={deleted ? undefined : customer?.id} />
      <section class="panel" aria-labelledby="customer-form-title">
        <h1 id="customer-form-title">
          {customer ? <bdi safe>{`Edit ${customer.name}`}</bdi> : 'New customer'}
        </h1>
        {deleted && customer ? (
          <DeletedNotice deletion={deleted} name={customer.name} locale={locale} />
        ) : (
          ''
        )}
        <FormAlert message={hasErrors ? ERROR_SUMMARY : undefined} />
        <form method="post" action={action} class="stack" novalidate {...draftAttributes(customer)}>
          <CsrfField token={csrfToken} />
          <StartingPoint customer={customer} base={base} />
          {back ? <input type="hidden" name="back" value={back} /> : ''}
          {conflict ? <ConflictNotice conflict={conflict} locale={locale} /> : ''}
          <div class="form-grid customer-form-grid">
            <CustomerFields
              idPrefix="field"
              values={values}
              errors={errors}
              autofocus={!blocked}
              conflict={conflict}
            />
          </div>
          <EditorButtons customer={customer} conflict={conflict} deleted={deleted} inline={false} />
        </form>
      </section>
    </div>
  );
}

export function CustomerDetailPage({
  customer,
  locale,
}: {
  customer: CustomerWithAuthors;
  locale: string;
}): JSX.Element {
  const name = fullName(customer);
  const url = customerUrl(customer.id);
  const rows: [string, JSX.Element][] = [
    [
      'Email',
      customer.email ? (
        <a href={`mailto:${customer.email}`}>
          <bdi safe>{customer.email}</bdi>
        </a>
      ) : (
        <NotGiven />
      ),
    ],
    [
      'Phone',
      customer.phone ? (
        <a href={telHref(customer.phone)} safe>
          {customer.phone}
        </a>
      ) : (
        <NotGiven />
      ),
    ],
    ['Address', customer.address ? <bdi safe>{customer.address}</bdi> : <NotGiven />],
    ['City', customer.city ? <bdi safe>{customer.city}</bdi> : <NotGiven />],
    ['State', customer.state ? <bdi safe>{customer.state}</bdi> : <NotGiven />],
    ['ZIP code', customer.zipcode ? <bdi safe>{customer.zipcode}</bdi> : <NotGiven />],
  ];
  return (
    <article class="customer-record" aria-labelledby="customer-title">
      <Breadcrumb />
      <header class="page-header record-header">
        <div class="record-title">
          <Avatar customer={customer} large />
          <h1 id="customer-title">
            <bdi safe>{name}</bdi>
          </h1>
        </div>
        <div class="button-row">
          <button
            type="button"
            class="button button-quiet js-only"
            data-action="keyboard-map"
            aria-haspopup="dialog"
          >
            Shortcuts{' '}
            <kbd class="shortcut-key" aria-hidden="true">
              ?
            </kbd>
          </button>
          <a class="button" href={`${url}/edit`} data-record-action="edit">
            Edit{' '}
            <kbd class="js-only shortcut-key" aria-hidden="true">
              E
            </kbd>
          </a>
          <a class="button button-danger" href={`${url}/delete`} data-record-action="delete">
            Delete
          </a>
        </div>
      </header>
      <section class="panel" aria-label="Contact details">
        <dl class="details record-details">
          {rows.map(([label, value]) => (
            <>
              <dt safe>{label}</dt>
              <dd>{value}</dd>
            </>
          ))}
        </dl>
      </section>
      <p class="record-meta muted">
        <span
          safe
        >{`Added ${formatDate(customer.created_at, locale)}${customer.created_by_name ? ` by ${personLabel(customer.created_by_name, customer.created_by_deactivated_at)}` : ''}.`}</span>{' '}
        <span
          safe
        >{`Last changed ${formatDateTime(customer.updated_at, locale)}${customer.updated_by_name ? ` by ${personLabel(customer.updated_by_name, customer.updated_by_deactivated_at)}` : ''}.`}</span>
      </p>
      <KeyboardMap />
    </article>
  );
}

/** A deleted customer's URLs (410 Gone): who deleted them and when, and Restore (a plain form, with or without JS). */
export function DeletedCustomerPage({
  customer,
  deletion,
  csrfToken,
  locale,
}: {
  customer: CustomerWithAuthors;
  deletion: Deletion;
  csrfToken: string;
  locale: string;
}): JSX.Element {
  const name = fullName(customer);
  return (
    <div class="customer-form-page">
      <Breadcrumb />
      <section class="panel confirm-panel" aria-labelledby="deleted-title">
        <h1 id="deleted-title">
          <bdi safe>{name}</bdi> was deleted
        </h1>
        <p
          safe
        >{`Deleted by ${deletion.byYou ? 'you' : (deletion.by ?? 'someone')} on ${formatDate(deletion.at, locale)}. Deleted customers can be restored for 30 days.`}</p>
        <form method="post" action={`${customerUrl(customer.id)}/restore`}>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="to" value="record" />
          <div class="button-row">
            <button type="submit" class="button button-primary" autofocus>
              Restore <bdi safe>{name}</bdi>
            </button>
            <a class="button" href="/customers">
              Back to customers
            </a>
          </div>
        </form>
      </section>
    </div>
  );
}

export function DeleteConfirmPage({
  customer,
  csrfToken,
  back,
}: {
  customer: Customer;
  csrfToken: string;
  back?: string | undefined;
}): JSX.Element {
  const name = fullName(customer);
  const url = customerUrl(customer.id);
  return (
    <div class="customer-form-page">
      <Breadcrumb name={name} id={customer.id} />
      <section class="panel confirm-panel" aria-labelledby="confirm-title">
        <h1 id="confirm-title">
          Delete <bdi safe>{name}</bdi>?
        </h1>
        <p>
          They leave the customer table at once. Changed your mind? The message that follows has a{' '}
          <strong>Restore</strong> button.
        </p>
        <form method="post" action={`${url}/delete`}>
          <CsrfField token={csrfToken} />
          {back ? <input type="hidden" name="back" value={back} /> : ''}
          <div class="button-row">
            <button type="submit" class="button button-danger button-solid" autofocus>
              Delete customer
            </button>
            <a class="button" href={url}>
              Cancel
            </a>
          </div>
        </form>
      </section>
    </div>
  );
}

// --- pieces sent alongside a fragment ----------------------------------------------------------------

/** What the count above the table says: the book, or the (capped) matches of the search shown. */
export interface ShownCount {
  count: number;
  search?: MatchCount | undefined;
}

export function CountPartial({
  count,
  locale,
}: {
  count: ShownCount;
  locale: string;
}): JSX.Element {
  return (
    <hx-partial hx-target="#customer-count" hx-swap="outerHTML">
      <CustomerCount count={count.count} locale={locale} search={count.search} />
    </hx-partial>
  );
}

/**
 * A row that was added, restored or saved, with the new count (when it changed) and a toast. In a
 * search, a customer the search does not match is still shown (so the person sees it), marked as such.
 */
export function RowWithNews({
  customer,
  locale,
  count,
  toast,
  outsideSearch,
}: {
  customer: ListedCustomer;
  locale: string;
  count?: ShownCount;
  toast: ToastProps;
  outsideSearch?: boolean;
}): JSX.Element {
  return (
    <>
      <CustomerRow customer={customer} locale={locale} outsideSearch={outsideSearch} />
      {count === undefined ? '' : <CountPartial count={count} locale={locale} />}
      <ToastPartial {...toast} />
    </>
  );
}

/** A row that left (deleted here or elsewhere): its placeholder, the new count and a toast. */
export function RowGone({
  id,
  locale,
  count,
  toast,
}: {
  id: number;
  locale: string;
  count: ShownCount;
  toast: ToastProps;
}): JSX.Element {
  return (
    <>
      <DeletedRow id={id} />
      <CountPartial count={count} locale={locale} />
      <ToastPartial {...toast} />
    </>
  );
}

export interface ToastProps {
  kind: 'success' | 'error' | 'info';
  text: string;
  /** Offer Undo for a delete: restores the customer into the row's old place. */
  undo?: { id: number; csrfToken: string };
}

/** A toast for the flash region; app.js dismisses it after its time (longer when it offers Undo). */
export function ToastPartial({ kind, text, undo }: ToastProps): JSX.Element {
  return (
    <hx-partial hx-target="#flash" hx-swap="innerHTML">
      <div class={`toast toast-${kind}`} data-toast="" data-toast-timeout={undo ? '10000' : '5000'}>
        <span class="toast-text" safe>
          {text}
        </span>
        {undo ? (
          <form
            method="post"
            action={`${customerUrl(undo.id)}/restore`}
            class="toast-action"
            hx-post={`${customerUrl(undo.id)}/restore`}
            hx-target={`#${rowId(undo.id)}`}
            hx-swap="outerHTML"
            data-undo=""
          >
            <CsrfField token={undo.csrfToken} />
            <button type="submit" class="button button-small">
              Undo{' '}
              <kbd class="js-only shortcut-key" aria-hidden="true">
                U
              </kbd>
            </button>
          </form>
        ) : (
          ''
        )}
      </div>
    </hx-partial>
  );
}

/** The keyboard map's rows, by where they work. Keys of one character can be turned off (Account). */
const SHORTCUTS: { title: string; keys: [string[], string][] }[] = [
  {
    title: 'In the customer table',
    keys: [
      [['/'], 'Search customers'],
      [['↓'], 'From the search box: to the first customer'],
      [['Esc'], 'In the search box: leave it (press again to clear the search)'],
      [['N'], 'New customer'],
      [['↓', 'J'], 'Next customer (from the last: the next page)'],
      [['↑', 'K'], 'Previous customer (from the first: the previous page)'],
      [['Home', 'End'], 'First or last customer'],
      [['Enter'], 'Edit the customer (in a field: save)'],
      [['Esc'], 'Cancel editing'],
      [['Tab'], 'Next field or button'],
      [['Delete'], 'Delete the customer'],
      [['U', 'Ctrl+Z'], 'Undo the last delete'],
    ],
  },
  {
    title: 'On a customer’s page',
    keys: [
      [['E'], 'Edit the customer'],
      [['Delete'], 'Delete the customer (asks first)'],
    ],
  },
  { title: 'Anywhere', keys: [[['?'], 'Show these shortcuts']] },
];

/** The ? dialog (app.js opens it); on the table and on a customer's page. */
export function KeyboardMap(): JSX.Element {
  return (
    <dialog id="keyboard-map" class="keyboard-map" aria-labelledby="keyboard-map-title">
      <div class="keyboard-map-header">
        <h2 id="keyboard-map-title">Keyboard shortcuts</h2>
        <form method="dialog">
          <button type="submit" class="button button-small button-quiet" aria-label="Close">
            Close <kbd aria-hidden="true">Esc</kbd>
          </button>
        </form>
      </div>
      <p class="shortcuts-off-note">
        Single-key shortcuts are off for you (
        <a href="/settings/account#shortcuts-title">Account settings</a>): keys with Ctrl or ⌘, and
        the arrows, Enter, Escape and Delete in the table, still work.
      </p>
      {SHORTCUTS.map((group) => (
        <section class="shortcut-group" aria-label={group.title}>
          <h3 class="shortcut-group-title" safe>
            {group.title}
          </h3>
          <dl class="shortcut-list">
            {group.keys.map(([keys, action]) => (
              <div class="shortcut">
                <dt>
                  {keys.map((key, index) => (
                    <>
                      {index > 0 ? <span class="shortcut-or"> or </span> : ''}
                      <kbd safe>{key}</kbd>
                    </>
                  ))}
                </dt>
                <dd safe>{action}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </dialog>
  );
}
