// The multi-part answers to an htmx write: the changed row, and beside it (out of band) the new count
// and a toast.
import { CsrfField, Toast } from '../../views/components.js';
import type { Reader } from '../../views/format.js';
import type { ListedCustomer, MatchCount } from '../queries.js';
import { customerUrl, rowId } from './common.js';
import { CustomerCount } from './results.js';
import { CustomerRow, DeletedRow } from './row.js';

/** What the count above the table says: the book, or the (capped) matches of the search shown. */
export interface ShownCount {
  count: number;
  search?: MatchCount | undefined;
}

function CountPartial({ count, reader }: { count: ShownCount; reader: Reader }): JSX.Element {
  return (
    <hx-partial hx-target="#customer-count" hx-swap="outerHTML">
      <CustomerCount count={count.count} reader={reader} search={count.search} />
    </hx-partial>
  );
}

/** The toast beside a row: what happened, and Undo after a delete. */
export interface RowToast {
  kind: 'success' | 'error' | 'info';
  text: string;
  /** Offer Undo for a delete: restores the customer into the row's old place. */
  undo?: { id: number; csrfToken: string };
}

/** Undo: restores the customer, swapping the placeholder row back in (a plain form without JavaScript). */
function UndoForm({ id, csrfToken }: { id: number; csrfToken: string }): JSX.Element {
  return (
    <form
      method="post"
      action={`${customerUrl(id)}/restore`}
      class="toast-action"
      hx-post={`${customerUrl(id)}/restore`}
      hx-target={`#${rowId(id)}`}
      hx-swap="outerHTML"
      data-undo=""
    >
      <CsrfField token={csrfToken} />
      <button type="submit" class="button button-small">
        Undo{' '}
        <kbd class="js-only shortcut-key" aria-hidden="true">
          U
        </kbd>
      </button>
    </form>
  );
}

/** The toast, out of band into the flash region; one that offers Undo stays longer. */
function ToastPartial({ kind, text, undo }: RowToast): JSX.Element {
  return (
    <hx-partial hx-target="#flash" hx-swap="innerHTML">
      <Toast kind={kind} text={text} timeout={undo ? 10000 : 5000}>
        {undo ? <UndoForm {...undo} /> : ''}
      </Toast>
    </hx-partial>
  );
}

/**
 * A row that was added, restored or saved, with the new count (when it changed) and a toast. In a
 * search, a customer the search does not match is still shown (so the person sees it), marked as such.
 */
export function RowWithNews({
  customer,
  reader,
  count,
  toast,
  outsideSearch,
}: {
  customer: ListedCustomer;
  reader: Reader;
  count?: ShownCount;
  toast: RowToast;
  outsideSearch?: boolean;
}): JSX.Element {
  return (
    <>
      <CustomerRow customer={customer} reader={reader} outsideSearch={outsideSearch} />
      {count === undefined ? '' : <CountPartial count={count} reader={reader} />}
      <ToastPartial {...toast} />
    </>
  );
}

/** A row that left (deleted here or elsewhere): its placeholder, the new count and a toast. */
export function RowGone({
  id,
  reader,
  count,
  toast,
}: {
  id: number;
  reader: Reader;
  count: ShownCount;
  toast: RowToast;
}): JSX.Element {
  return (
    <>
      <DeletedRow id={id} />
      <CountPartial count={count} reader={reader} />
      <ToastPartial {...toast} />
    </>
  );
}
