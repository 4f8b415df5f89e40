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

/** What Undo posts to, and the placeholder (by id) its answer replaces. */
export interface Undo {
  action: string;
  target: string;
  csrfToken: string;
  /** How the answer goes in: in place of the placeholder (outerHTML), or as the list's rows (innerHTML). */
  swap?: 'outerHTML' | 'innerHTML';
}

/** Undo: restores what was deleted, swapping its placeholder back in (a plain form without JavaScript). */
function UndoForm({ action, target, csrfToken, swap = 'outerHTML' }: Undo): JSX.Element {
  return (
    <form
      method="post"
      action={action}
      class="toast-action"
      hx-post={action}
      hx-target={`#${target}`}
      hx-swap={swap}
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

/** A toast, out of band into the flash region; one that offers Undo stays longer. */
export function ToastPartial({
  kind,
  text,
  undo,
}: {
  kind: RowToast['kind'];
  text: string;
  undo?: Undo | undefined;
}): JSX.Element {
  return (
    <hx-partial hx-target="#flash" hx-swap="innerHTML">
      <Toast kind={kind} text={text} timeout={undo ? 10000 : 5000}>
        {undo ? <UndoForm {...undo} /> : ''}
      </Toast>
    </hx-partial>
  );
}

/** A row's toast as ToastPartial shows it: Undo restores the customer into the row's place. */
function RowToastPartial({ kind, text, undo }: RowToast): JSX.Element {
  const action = undo && `${customerUrl(undo.id)}/restore`;
  return (
    <ToastPartial
      kind={kind}
      text={text}
      undo={undo && { action: action!, target: rowId(undo.id), csrfToken: undo.csrfToken }}
    />
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
      <RowToastPartial {...toast} />
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
      <RowToastPartial {...toast} />
    </>
  );
}
