// Acting on many customers in the trash: the bar under the trash's table (Restore, and for owners
// Delete forever), the fields its selection is made from, and the question before deleting for good.
import { ConfirmForm, CsrfField } from '../../views/components.js';
import { formatNumber, type Reader } from '../../views/format.js';
import { TRASH_COUNT_CAP } from '../trash/queries.js';
import { trashUrl, type TrashView } from '../trash/views.js';
import { BULK_FORM, BulkScope, BulkSelection } from './views.js';

const customers = (n: number, reader: Reader) =>
  `${formatNumber(n, reader)} ${n === 1 ? 'customer' : 'customers'}`;

type TrashListView = Pick<TrashView, 'q' | 'customers' | 'matching' | 'reader'>;

function matchingLabel({ q, matching, reader }: TrashListView): string {
  const n = matching.capped
    ? `${formatNumber(TRASH_COUNT_CAP, reader)}+`
    : formatNumber(matching.count, reader);
  return q ? `All ${n} matching this search` : `All ${n} in the trash`;
}

/**
 * What the trash bar's selection depends on, replaced with every trash load: the moment, the search,
 * the page's ids, and the scope (radios without JavaScript; app.js sets it from the boxes).
 */
export function TrashBulkFields({ view }: { view: TrashListView }): JSX.Element {
  const pageIds = view.customers.map((customer) => customer.id);
  return (
    <div id="bulk-list" class="bulk-list" data-matching={matchingLabel(view)}>
      <input type="hidden" name="in" value="trash" />
      <input type="hidden" name="at" value={String(view.reader.now)} />
      <input type="hidden" name="q" value={view.q} />
      <input type="hidden" name="page" value={pageIds.join(',')} />
      <BulkScope onPage={pageIds.length} matching={matchingLabel(view)} />
    </div>
  );
}

/** The trash's bar: Restore (with one Undo), and Delete forever for owners (asks first). */
export function TrashBulkBar({ view }: { view: TrashView }): JSX.Element {
  return (
    <form
      id={BULK_FORM}
      class="bulk-bar"
      method="post"
      action="/customers/bulk/restore"
      aria-label="Selected customers"
      hx-target:inherited="#trash-rows"
      hx-swap:inherited="innerHTML"
    >
      <CsrfField token={view.csrfToken} />
      <TrashBulkFields view={view} />
      <BulkSelection />
      <div class="bulk-actions">
        <button
          type="submit"
          class="button button-small"
          formaction="/customers/bulk/restore"
          hx-post="/customers/bulk/restore"
          data-bulk-action="restore"
        >
          Restore
        </button>
        {view.isOwner ? (
          // A plain submit, with JavaScript too: the answer is the page that asks first.
          <button
            type="submit"
            class="button button-small button-quiet button-danger"
            formaction="/customers/bulk/delete-forever"
            data-bulk-action="delete-forever"
          >
            Delete forever…
          </button>
        ) : (
          ''
        )}
      </div>
    </form>
  );
}

/** The selection's fields carried from the bar to the question, unchanged. */
const CARRIED = ['in', 'at', 'scope', 'q', 'page', 'id'];

/** The question before an owner deletes many customers in the trash for good. */
export function DeleteForeverManyPage({
  form,
  count,
  csrfToken,
  reader,
}: {
  form: Record<string, string[]>;
  count: number;
  csrfToken: string;
  reader: Reader;
}): JSX.Element {
  const back = trashUrl((form.q?.[0] ?? '').slice(0, 200));
  return (
    <div class="customer-form-page">
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <a href="/customers">Customers</a>
        <span aria-hidden="true"> / </span>
        <a href={back}>Trash</a>
      </nav>
      <section class="panel confirm-panel" aria-labelledby="confirm-title">
        <h1 id="confirm-title" safe>
          {`Delete ${customers(count, reader)} forever?`}
        </h1>
        <p>
          Their contact details, notes and history are deleted for good. This cannot be undone, not
          even by you. Any of them changed by someone else since you selected them are left alone.
        </p>
        <ConfirmForm
          action="/customers/bulk/delete-forever"
          csrfToken={csrfToken}
          label="Delete forever"
          kind="danger"
          cancelHref={back}
          autofocus
        >
          {CARRIED.flatMap((name) =>
            (form[name] ?? []).map((value) => <input type="hidden" name={name} value={value} />),
          )}
          <input type="hidden" name="confirm" value="yes" />
        </ConfirmForm>
      </section>
    </div>
  );
}
