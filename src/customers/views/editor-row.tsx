// The inline editor: a table row turned into a form, in place, for a new or an existing customer.
import { CsrfField } from '../../views/components.js';
import { EditorButtons } from './editor-buttons.js';
import { ConflictNotice, DeletedNotice } from './editor-conflict.js';
import { DuplicateNotice } from '../duplicates/views.js';
import { CustomerFields } from './editor-fields.js';
import { StartingPoint, draftAttributes, formTarget, type EditorProps } from './editor-form.js';

/** Why the save did not go through: a conflict, or the customer deleted meanwhile. */
function RowNotices({
  customer,
  conflict,
  deleted,
  duplicates,
  reader,
}: Pick<EditorProps, 'customer' | 'conflict' | 'deleted' | 'duplicates' | 'reader'>): JSX.Element {
  return (
    <>
      {duplicates?.length ? <DuplicateNotice matches={duplicates} /> : ''}
      {conflict ? <ConflictNotice conflict={conflict} reader={reader} /> : ''}
      {deleted && customer ? (
        <DeletedNotice deletion={deleted} name={customer.name} reader={reader} />
      ) : (
        ''
      )}
    </>
  );
}

/** The buttons, and (with JavaScript) the keys that do the same. */
function RowEditorActions(
  props: Pick<EditorProps, 'customer' | 'conflict' | 'deleted' | 'duplicates'>,
): JSX.Element {
  return (
    <div class="row-editor-actions">
      <EditorButtons {...props} inline />
      <span class="row-editor-hint js-only" aria-hidden="true">
        <kbd>Enter</kbd> saves · <kbd>Esc</kbd> cancels
      </span>
    </div>
  );
}

export function CustomerEditRow({
  customer,
  values,
  base,
  errors = {},
  conflict,
  deleted,
  duplicates,
  csrfToken,
  reader,
}: EditorProps): JSX.Element {
  const key = customer ? String(customer.id) : 'new';
  const action = formTarget(customer, deleted);
  const heading = customer ? `Editing ${customer.name}` : 'New customer';
  const headingId = `customer-${key}-heading`;
  const blocked = Boolean(conflict || deleted || duplicates?.length);
  const warned = duplicates?.length ? ' has-duplicates' : '';
  return (
    <tr
      id={`customer-${key}`}
      class={`customer-row customer-editing${customer ? '' : ' customer-new'}${conflict || deleted ? ' has-conflict' : ''}${warned}`}
      data-customer-id={customer ? String(customer.id) : undefined}
      data-editing=""
    >
      <td colspan="8">
        <form
          class="row-editor"
          method="post"
          action={action}
          novalidate
          aria-labelledby={headingId}
          hx-post={!customer || deleted ? action : undefined}
          hx-put={customer && !deleted ? action : undefined}
          hx-target="closest tr"
          hx-swap="outerHTML"
          hx-sync="this:drop"
          {...draftAttributes(customer)}
        >
          <CsrfField token={csrfToken} />
          <StartingPoint customer={customer} base={base} />
          <h2 class="row-editor-title" id={headingId}>
            <bdi safe>{heading}</bdi>
          </h2>
          <RowNotices {...{ customer, conflict, deleted, duplicates, reader }} />
          <div class="row-editor-grid">
            <CustomerFields
              idPrefix={`customer-${key}`}
              values={values}
              errors={errors}
              autofocus={!blocked}
              conflict={conflict}
            />
          </div>
          <RowEditorActions {...{ customer, conflict, deleted, duplicates }} />
        </form>
      </td>
    </tr>
  );
}
