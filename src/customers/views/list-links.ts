// Links into the customer list: the htmx attributes that load one in place, and the `back` a
// whole-page action returns to.
import { listUrl, type ListQuery } from '../listing.js';

/** What a list is, as its URL says: the search, the filter and the order. */
export type ListState = Pick<ListQuery, 'q' | 'filter' | 'sort' | 'dir'>;

/**
 * A part of the table page made from the list alone (its head, its search form), made once per list
 * and kept: the same few lists are shown again and again, and the part costs tens of µs to make. The
 * list's URL is the key: it holds all of a ListState, which is all `render` can read. A list with a
 * long URL (a long search: the head repeats the URL ten times) is made each time, not kept.
 */
export function perList(render: (list: ListState) => string): (list: ListState) => string {
  const made = new Map<string, string>();
  return (list) => {
    const key = listUrl(list);
    if (key.length > LONGEST_KEPT_URL) return render(list);
    let html = made.get(key);
    if (html === undefined) {
      if (made.size >= KEPT_LISTS) made.clear();
      html = render(list);
      // One piece (a regular expression joins V8's tree of joins in place), so a page copies it whole.
      /^/.test(html);
      made.set(key, html);
    }
    return html;
  };
}
const LONGEST_KEPT_URL = 200;
const KEPT_LISTS = 200;

/** htmx attributes that load a list URL into the table body (rows, with count, head and pager). */
export function loadsList(url: string) {
  return {
    'hx-get': url,
    'hx-target': '#customer-rows',
    'hx-swap': 'innerHTML',
    'hx-push-url': 'true',
    'data-list': '',
  };
}

/** The list a whole-page action should come back to, as a query string ('' for the plain list). */
export function backQuery(query: Pick<ListQuery, 'q' | 'sort' | 'dir'> | undefined): string {
  if (!query) return '';
  const url = listUrl(query);
  return url === '/customers' ? '' : `?back=${encodeURIComponent(url)}`;
}
