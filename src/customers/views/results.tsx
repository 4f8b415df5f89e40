// What the table shows for a list request: the rows and, beside them for htmx, the count, head, pager
// and search sort to match.
import { formatNumber } from '../../views/format.js';
import { NO_MARKS, marksOf } from '../highlight.js';
import { SEARCH_COUNT_CAP, type ListQuery } from '../listing.js';
import type { ListedCustomer, MatchCount } from '../queries.js';
import { EmptyRow, NoMatchesRow } from './empty-rows.js';
import { backQuery } from './list-links.js';
import { Pager } from './pager.js';
import { CustomerRow } from './row.js';
import { SearchSort } from './search-form.js';
import { TableHead } from './table-head.js';

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

function countLabel(count: number, locale: string, search?: MatchCount): string {
  if (search?.capped) return `${formatNumber(SEARCH_COUNT_CAP, locale)}+ matches`;
  if (search)
    return `${formatNumber(search.count, locale)} ${search.count === 1 ? 'match' : 'matches'}`;
  return `${formatNumber(count, locale)} ${count === 1 ? 'customer' : 'customers'}`;
}

export function CustomerCount({
  count,
  locale,
  search,
}: {
  count: number;
  locale: string;
  search?: MatchCount | undefined;
}): JSX.Element {
  return (
    <p id="customer-count" class="customer-count" safe>
      {countLabel(count, locale, search)}
    </p>
  );
}

/**
 * The table body: one row per customer, then the empty state (CSS shows it only when no row precedes
 * it): an invitation to add the first customer, or, for a search, that nothing matched.
 */
export function CustomerRows({ customers, locale, list }: CustomersPageProps): JSX.Element {
  const marks = list.search ? marksOf(list.query.plan) : NO_MARKS;
  return (
    <>
      {customers.map((customer) => (
        <CustomerRow
          customer={customer}
          locale={locale}
          marks={marks}
          back={list.search ? backQuery(list.query) : ''}
        />
      ))}
      {list.search ? <NoMatchesRow list={list} /> : <EmptyRow />}
    </>
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
