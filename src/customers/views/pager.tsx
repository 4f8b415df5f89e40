// Previous / Next by cursor (keyset paging): plain links that htmx enhances.
import { loadsList } from './list-links.js';
import type { ListView } from './results.js';
import { latin1Markup } from '../../views/escape.js';

// The arrows as references, so the page stays a one-byte string (views/escape.ts).
const PREVIOUS = latin1Markup(
  (
    <>
      <span aria-hidden="true">←</span> Previous
    </>
  ) as string,
);
const NEXT = latin1Markup(
  (
    <>
      Next <span aria-hidden="true">→</span>
    </>
  ) as string,
);

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
  const safeWords = rel === 'prev' ? PREVIOUS : NEXT;
  if (!url)
    return (
      <span class="button" aria-disabled="true">
        {safeWords}
      </span>
    );
  return (
    <a class="button" rel={rel} href={url} data-page={rel} {...loads(url)}>
      {safeWords}
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
