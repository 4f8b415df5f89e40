// The row the table body ends with, shown (by CSS) only when no customer row precedes it: nothing
// matched the search, or the book is empty. And the New customer button both the page and it offer.
import { FILTER_NAMES, NO_FILTER, listUrl } from '../listing.js';
import { backQuery, loadsList } from './list-links.js';
import type { ListView } from './results.js';

/** Opens the inline new row with htmx, or the new-customer page without it. */
export function NewCustomerButton({
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

/** Nothing matched: the search (kept filters are said too), or the filters alone. */
export function NoMatchesRow({ list }: { list: ListView }): JSX.Element {
  const query = list.query;
  const filtered = FILTER_NAMES.some((name) => query.filter[name] !== '');
  const clearSearch = listUrl({ ...query, q: '' });
  return (
    <tr class="empty-row">
      <td colspan="8">
        <div class="empty-state">
          {query.q ? (
            <h2>
              No customers match “<span safe>{query.q}</span>”
              {filtered ? ' with these filters' : ''}
            </h2>
          ) : (
            <h2>No customers match these filters</h2>
          )}
          <p class="muted">
            {query.q
              ? 'Check the spelling, or search for part of a name, email, phone number, city, state or zip code.'
              : 'A state or city is matched whole, ignoring case and accents; both dates are included.'}
          </p>
          {query.q ? (
            <a class="button" href={clearSearch} {...loadsList(clearSearch)}>
              Clear the search
            </a>
          ) : (
            <a
              class="button"
              href={listUrl({ ...query, filter: NO_FILTER })}
              data-clear-filter={FILTER_NAMES.join(' ')}
            >
              Clear the filters
            </a>
          )}
        </div>
      </td>
    </tr>
  );
}

export function EmptyRow(): JSX.Element {
  return (
    <tr class="empty-row">
      <td colspan="8">
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
