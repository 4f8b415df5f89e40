// /customers/:id/delete: the question before a delete, for a browser without JavaScript.
import type { Customer } from '../../db/tables.js';
import { CsrfField } from '../../views/components.js';
import { fullName } from '../display.js';
import { Breadcrumb, customerUrl } from './common.js';

export function DeleteConfirmPage({
  customer,
  csrfToken,
  back,
}: {
  customer: Customer;
  csrfToken: string;
  back?: string | undefined;
}): JSX.Element {
  const name = fullName(customer);
  const url = customerUrl(customer.id);
  return (
    <div class="customer-form-page">
      <Breadcrumb name={name} id={customer.id} />
      <section class="panel confirm-panel" aria-labelledby="confirm-title">
        <h1 id="confirm-title">
          Delete <bdi safe>{name}</bdi>?
        </h1>
        <p>
          They leave the customer table at once. Changed your mind? The message that follows has a{' '}
          <strong>Restore</strong> button.
        </p>
        <form method="post" action={`${url}/delete`}>
          <CsrfField token={csrfToken} />
          {back ? <input type="hidden" name="back" value={back} /> : ''}
          <div class="button-row">
            <button type="submit" class="button button-danger button-solid" autofocus>
              Delete customer
            </button>
            <a class="button" href={url}>
              Cancel
            </a>
          </div>
        </form>
      </section>
    </div>
  );
}
