// Links into the customer list: the htmx attributes that load one in place, and the `back` a
// whole-page action returns to.
import { listUrl, type ListQuery } from '../listing.js';

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
