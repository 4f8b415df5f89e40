// The table's Export link: a plain link to the CSV of the list shown (app.js keeps it in step with a
// search typed in place).
import { listUrl, type ListQuery } from '../listing.js';

export function exportUrl(query: Pick<ListQuery, 'q' | 'sort' | 'dir' | 'filter'>): string {
  return listUrl(query).replace(/^\/customers/, '/customers/export.csv');
}

export function ExportLink({
  query,
}: {
  query: Pick<ListQuery, 'q' | 'sort' | 'dir' | 'filter'>;
}): JSX.Element {
  return (
    <a class="button button-quiet" href={exportUrl(query)} data-action="export">
      Export CSV{' '}
      <kbd class="js-only shortcut-key" aria-hidden="true">
        D
      </kbd>
    </a>
  );
}
