// Previous / Next by cursor (keyset paging): plain links that htmx enhances.
import { loadsList } from './list-links.js';
import type { ListView } from './results.js';

/** Previous or Next: a disabled button without a URL; `loads` says which list htmx swaps (the table's by default). */
export function PageLink({
  url,
  rel,
  loads = loadsList,
}: {
  url: string | undefined;
  rel: 'prev' | 'next';
  loads?: (url: string) => Record<string, string>;
}): JSX.Element {
  const words =
    rel === 'prev' ? (
      <>
        <span aria-hidden="true">←</span> Previous
      </>
    ) : (
      <>
        Next <span aria-hidden="true">→</span>
      </>
    );
  if (!url)
    return (
      <span class="button" aria-disabled="true">
        {words}
      </span>
    );
  return (
    <a class="button" rel={rel} href={url} data-page={rel} {...loads(url)}>
      {words}
    </a>
  );
}

export function Pager({ list }: { list: ListView }): JSX.Element {
  if (!list.prevUrl && !list.nextUrl)
    return <nav id="customer-pager" class="pager" aria-label="Pages" hidden></nav>;
  return (
    <nav id="customer-pager" class="pager" aria-label="Pages">
      <PageLink url={list.prevUrl} rel="prev" />
      <span class="pager-position">Page {list.query.page}</span>
      <PageLink url={list.nextUrl} rel="next" />
    </nav>
  );
}
