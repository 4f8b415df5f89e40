// /customers/:id/delete-forever: the question before an owner deletes a customer in the trash for
// good, and the 409 page for a customer who is not in the trash.
import { ConfirmForm, ErrorPanel } from '../../views/components.js';
import { fullName } from '../display.js';
import { customerUrl } from '../views/common.js';
import { TRASH_URL } from './views.js';

/** The question before deleting for good (owners only). */
export function DeleteForeverPage({
  customer,
  csrfToken,
}: {
  customer: { id: number; first_name: string; last_name: string };
  csrfToken: string;
}): JSX.Element {
  const name = fullName(customer);
  return (
    <div class="customer-form-page">
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <a href="/customers">Customers</a>
        <span aria-hidden="true"> / </span>
        <a href={TRASH_URL}>Trash</a>
      </nav>
      <section class="panel confirm-panel" aria-labelledby="confirm-title">
        <h1 id="confirm-title">
          Delete <bdi safe>{name}</bdi> forever?
        </h1>
        <p>
          Their contact details, notes and history are deleted for good. This cannot be undone, not
          even by you.
        </p>
        <ConfirmForm
          action={`${customerUrl(customer.id)}/delete-forever`}
          csrfToken={csrfToken}
          label="Delete forever"
          kind="danger"
          cancelHref={TRASH_URL}
          autofocus
        />
      </section>
    </div>
  );
}

/** 409: deleting for good is for customers in the trash; this one is live. */
export function NotInTrashPage({
  customer,
}: {
  customer: { id: number; first_name: string; last_name: string };
}): JSX.Element {
  return (
    <>
      <ErrorPanel
        status={409}
        title={`${fullName(customer)} is not in the trash`}
        message="Only a deleted customer can be deleted forever. Delete them first; they then wait in the trash for 30 days."
      />
      <p class="confirm-actions">
        <a class="button" href={customerUrl(customer.id)}>
          Open <bdi safe>{fullName(customer)}</bdi>
        </a>
      </p>
    </>
  );
}
