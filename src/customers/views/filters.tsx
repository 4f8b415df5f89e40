// The table's filters: state, city and date added, as fields of the search form (one GET form, so
// they combine with the search and the sort, and work without JavaScript), and a chip for each active
// filter with a link that removes it.
import {
  FILTER_NAMES,
  FILTER_YEARS,
  listUrl,
  type ListFilter,
  type ListQuery,
} from '../listing.js';

type FilterName = keyof ListFilter;

const LABELS: Record<FilterName, string> = {
  state: 'State',
  city: 'City',
  added_after: 'Added from',
  added_before: 'Added to',
};

/** Which filters are set. */
function active(filter: ListFilter): FilterName[] {
  return FILTER_NAMES.filter((name) => filter[name] !== '');
}

function FilterField({ name, filter }: { name: FilterName; filter: ListFilter }): JSX.Element {
  const id = `customer-filter-${name.replace('_', '-')}`;
  const date = name === 'added_after' || name === 'added_before';
  return (
    <div class="field filter-field">
      <label for={id} safe>
        {LABELS[name]}
      </label>
      <input
        id={id}
        name={name}
        type={date ? 'date' : 'text'}
        value={filter[name]}
        maxlength={date ? undefined : 100}
        min={date ? `${FILTER_YEARS.first}-01-01` : undefined}
        max={date ? `${FILTER_YEARS.last}-12-31` : undefined}
        autocomplete="off"
        spellcheck="false"
      />
    </div>
  );
}

/** The filter fields, folded away until one is set (a disclosure: works without JavaScript). */
export function FilterFields({ filter }: { filter: ListFilter }): JSX.Element {
  const count = active(filter).length;
  return (
    <details class="list-filters" open={count > 0}>
      <summary>
        Filters
        {count > 0 ? <span class="filter-count" safe>{` (${count})`}</span> : ''}
      </summary>
      <div class="filter-fields">
        {FILTER_NAMES.map((name) => (
          <FilterField name={name} filter={filter} />
        ))}
        <button type="submit" class="button no-js-only">
          Apply
        </button>
      </div>
    </details>
  );
}

/**
 * A chip per active filter. Its × is a link to the list without that filter; with JavaScript it empties
 * the form's field instead and the form loads the list (so the field and the list agree).
 */
export function FilterChips({
  query,
}: {
  query: Pick<ListQuery, 'q' | 'sort' | 'dir' | 'filter'>;
}): JSX.Element {
  const names = active(query.filter);
  if (names.length === 0) return <ul id="customer-filter-chips" class="filter-chips" hidden></ul>;
  return (
    <ul id="customer-filter-chips" class="filter-chips" aria-label="Active filters">
      {names.map((name) => {
        const without = listUrl({ ...query, filter: { ...query.filter, [name]: '' } });
        const text = `${LABELS[name]}: ${query.filter[name]}`;
        return (
          <li class="filter-chip">
            <span safe>{text}</span>
            <a
              href={without}
              class="filter-chip-remove"
              data-clear-filter={name}
              aria-label={`Remove filter ${text}`}
            >
              <span aria-hidden="true">×</span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}
