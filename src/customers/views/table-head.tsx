// The table's column headings; the sortable ones are links that sort by them (in place with htmx).
import { DEFAULT_DIRECTION, listUrl, type SortKey } from '../listing.js';
import { loadsList, perList, type ListState } from './list-links.js';
import { SelectAllHead } from '../bulk-actions/views.js';

interface SortableColumn {
  key: SortKey;
  label: string;
  /** Names the column in a sentence ("Sort by city / state": it keeps the visible words, for voice control). */
  spoken: string;
  /** Each direction in words. */
  order: Record<'asc' | 'desc', string>;
  className: string;
}

const A_TO_Z = { asc: 'A to Z', desc: 'Z to A' };
const NAME: SortableColumn = {
  key: 'name',
  label: 'Name',
  spoken: 'name',
  order: A_TO_Z,
  className: 'col-name',
};
const EMAIL: SortableColumn = {
  key: 'email',
  label: 'Email',
  spoken: 'email',
  order: A_TO_Z,
  className: 'col-email',
};
const LOCATION: SortableColumn = {
  key: 'city',
  label: 'City / State',
  spoken: 'city / state',
  order: A_TO_Z,
  className: 'col-location',
};
const CREATED: SortableColumn = {
  key: 'created',
  label: 'Added',
  spoken: 'date added',
  order: { asc: 'oldest first', desc: 'newest first' },
  className: 'col-created',
};

const TOUCHED: SortableColumn = {
  key: 'touched',
  label: 'Last touched',
  spoken: 'last touched',
  order: { asc: 'least recently first', desc: 'most recently first' },
  className: 'col-touched',
};

function SortHeader({ column, query }: { column: SortableColumn; query: ListState }): JSX.Element {
  const current = query.sort === column.key;
  const dir = current ? (query.dir === 'asc' ? 'desc' : 'asc') : DEFAULT_DIRECTION[column.key];
  const url = listUrl({ ...query, sort: column.key, dir });
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

/** The head of the table for a list: the same for every page of it, so made once (perList). */
export function TableHead({ query }: { query: ListState }): JSX.Element {
  return tableHead(query);
}

function TableHeadMarkup({ query }: { query: ListState }): JSX.Element {
  return (
    <thead id="customer-head">
      <tr>
        <SelectAllHead />
        <SortHeader column={NAME} query={query} />
        <SortHeader column={EMAIL} query={query} />
        <th scope="col" class="col-phone">
          Phone
        </th>
        <SortHeader column={LOCATION} query={query} />
        <SortHeader column={CREATED} query={query} />
        <SortHeader column={TOUCHED} query={query} />
        <th scope="col" class="col-actions">
          <span class="visually-hidden">Actions</span>
        </th>
      </tr>
    </thead>
  );
}

const tableHead = perList((query) => TableHeadMarkup({ query }) as string);
