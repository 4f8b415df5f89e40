// The search box above the table: typing updates the rows (htmx), Enter or the button submits (no JS).
import { DEFAULT_DIRECTION, listUrl, type ListQuery } from '../listing.js';
import { FilterFields } from './filters.js';
import { loadsList, perList, type ListState } from './list-links.js';

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

/** Back to the whole list (of the filter), keeping the sort. */
function ClearSearch({ query }: { query: ListState }): JSX.Element {
  const url = listUrl({ ...query, q: '' });
  return (
    <a class="button button-quiet" data-action="clear-search" href={url} {...loadsList(url)}>
      Clear
    </a>
  );
}

/** One box for every field, and the filters: the same for every page of a list, so made once (perList). */
export function SearchForm({ query }: { query: ListState }): JSX.Element {
  return searchForm(query);
}

function SearchFormMarkup({ query }: { query: ListState }): JSX.Element {
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
      <div class="search-box">
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
      </div>
      <SearchSort query={query} />
      <button type="submit" class="button no-js-only">
        Search
      </button>
      {query.q ? <ClearSearch query={query} /> : ''}
      <FilterFields filter={query.filter} />
    </form>
  );
}

const searchForm = perList((query) => SearchFormMarkup({ query }) as string);
