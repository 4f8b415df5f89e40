// What the table shows for a list request: the rows and, beside them for htmx, the count, head, pager
// and search sort to match.
import type { NoteMatch } from '../notes/matches.js';
import { formatNumber, type Reader } from '../../views/format.js';
import { NO_MARKS, marksOf } from '../highlight.js';
import { SEARCH_COUNT_CAP, type ListQuery } from '../listing.js';
import type { ListedCustomer, MatchCount } from '../queries.js';
import { EmptyRow, NoMatchesRow } from './empty-rows.js';
import { FilterChips } from './filters.js';
import { backQuery } from './list-links.js';
import { Pager } from './pager.js';
import { CustomerRow } from './row.js';
import { SearchSort } from './search-form.js';
import { TableHead } from './table-head.js';
import { ROWS_SLOT, type PageRow } from '../../http/render.js';
import { keptRow, rowContext } from './kept-rows.js';
import { BulkListFields, type BulkListProps } from '../bulk-actions/views.js';

/** What the table shows and how it got there: the list query, its count and the pages around it. */
export interface ListView {
  query: Pick<ListQuery, 'q' | 'plan' | 'filter' | 'sort' | 'dir' | 'page'>;
  count: number;
  /** Set when searching or filtering: the (capped) number of matches. */
  search?: MatchCount;
  nextUrl?: string;
  prevUrl?: string;
}

export interface CustomersPageProps {
  customers: ListedCustomer[];
  list: ListView;
  reader: Reader;
  /** In a search: the note that matched, for customers found by one. */
  notes?: Map<number, NoteMatch> | undefined;
  /** For the forms of the whole page (the bulk bar). */
  csrfToken?: string;
}

/** What the bulk bar's selection is made from: this list, shown now. */
export function bulkListOf({ customers, list, reader }: CustomersPageProps): BulkListProps {
  return {
    q: list.query.q,
    filter: list.query.filter,
    sort: list.query.sort,
    dir: list.query.dir,
    pageIds: customers.map((customer) => customer.id),
    count: list.count,
    search: list.search,
    at: reader.now,
    reader,
  };
}

function countLabel(count: number, reader: Reader, search?: MatchCount): string {
  if (search?.capped) return `${formatNumber(SEARCH_COUNT_CAP, reader)}+ matches`;
  if (search)
    return `${formatNumber(search.count, reader)} ${search.count === 1 ? 'match' : 'matches'}`;
  return `${formatNumber(count, reader)} ${count === 1 ? 'customer' : 'customers'}`;
}

export function CustomerCount({
  count,
  reader,
  search,
}: {
  count: number;
  reader: Reader;
  search?: MatchCount | undefined;
}): JSX.Element {
  return (
    <p id="customer-count" class="customer-count" safe>
      {countLabel(count, reader, search)}
    </p>
  );
}

/**
 * The table body: the place of its rows (customerRowList's, given apart to renderPage or
 * renderFragment), then the empty state (CSS shows it only when no row precedes it): an invitation to
 * add the first customer, or, for a search, that nothing matched.
 */
export function CustomerRows({ list }: Pick<CustomersPageProps, 'list'>): JSX.Element {
  return (
    <>
      {ROWS_SLOT}
      {list.search ? <NoMatchesRow list={list} /> : <EmptyRow />}
    </>
  );
}

/**
 * One row per customer, as CustomerRows' place in the page takes them: kept from the last page that
 * showed it unchanged (kept-rows.ts). A row with a note's words is written anew.
 */
export function customerRowList({ customers, reader, list, notes }: CustomersPageProps): PageRow[] {
  const marks = list.search ? marksOf(list.query.plan) : NO_MARKS;
  const back = list.search ? backQuery(list.query) : '';
  const context = rowContext({ ...reader, back, ...marks });
  return customers.map((customer) => {
    const note = notes?.get(customer.id);
    const write = () => CustomerRow({ customer, reader, marks, note, back }) as string;
    if (note) return write();
    return keptRow(customer, context, reader, write);
  });
}

/** What htmx gets for a list request: the rows, and beside them the count, head and pager to match. */
export function CustomerResults(props: CustomersPageProps): JSX.Element {
  const { list, reader } = props;
  return (
    <>
      <CustomerRows list={list} />
      <hx-partial hx-target="#bulk-list" hx-swap="outerHTML">
        <BulkListFields {...bulkListOf(props)} />
      </hx-partial>
      <hx-partial hx-target="#customer-count" hx-swap="outerHTML">
        <CustomerCount count={list.count} reader={reader} search={list.search} />
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
      <hx-partial hx-target="#customer-filter-chips" hx-swap="outerHTML">
        <FilterChips query={list.query} />
      </hx-partial>
    </>
  );
}
