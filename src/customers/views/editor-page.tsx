// /customers/new and /customers/:id/edit: the editor as a whole page (no JavaScript), also shown again
// when a save is refused.
import { CsrfField, FormAlert } from '../../views/components.js';
import { Breadcrumb } from './common.js';
import { EditorButtons } from './editor-buttons.js';
import { ConflictNotice, DeletedNotice } from './editor-conflict.js';
import { DuplicateNotice } from '../duplicates/views.js';
import { CustomerFields } from './editor-fields.js';
import { StartingPoint, draftAttributes, formTarget, type EditorProps } from './editor-form.js';

const ERROR_SUMMARY = 'Some fields need attention. Each one says what to change.';

export function CustomerFormPage({
  customer,
  values,
  base,
  errors = {},
  conflict,
  deleted,
  duplicates,
  back,
  csrfToken,
  reader,
}: EditorProps): JSX.Element {
  const action = formTarget(customer, deleted);
  const hasErrors = Object.keys(errors).length > 0;
  const blocked = Boolean(conflict || deleted || duplicates?.length);
  return (
    <div class="customer-form-page">
      <Breadcrumb name={customer?.name} id={deleted ? undefined : customer?.id} />
      <section class="panel" aria-labelledby="customer-form-title">
        <h1 id="customer-form-title">
          {customer ? <bdi safe>{`Edit ${customer.name}`}</bdi> : 'New customer'}
        </h1>
        {deleted && customer ? (
          <DeletedNotice deletion={deleted} name={customer.name} reader={reader} />
        ) : (
          ''
        )}
        <FormAlert message={hasErrors ? ERROR_SUMMARY : undefined} />
        <form method="post" action={action} class="stack" novalidate {...draftAttributes(customer)}>
          <CsrfField token={csrfToken} />
          <StartingPoint customer={customer} base={base} />
          {back ? <input type="hidden" name="back" value={back} /> : ''}
          {conflict ? <ConflictNotice conflict={conflict} reader={reader} /> : ''}
          {duplicates?.length ? <DuplicateNotice matches={duplicates} /> : ''}
          <div class="form-grid customer-form-grid">
            <CustomerFields
              idPrefix="field"
              values={values}
              errors={errors}
              autofocus={!blocked}
              conflict={conflict}
            />
          </div>
          <EditorButtons {...{ customer, conflict, deleted, duplicates }} inline={false} />
        </form>
      </section>
    </div>
  );
}
