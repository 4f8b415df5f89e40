// Small pieces every customer screen uses: the avatar, "none" for an empty value, the breadcrumb, and
// the URL and row id of a customer.
import Html from '@kitajs/html';
import type { Customer } from '../../db/tables.js';
import { initials } from '../display.js';
import { latin1Markup } from '../../views/escape.js';

export const customerUrl = (id: number) => `/customers/${id}`;
export const rowId = (id: number) => `customer-${id}`;
/** The page that merges two records (merging/), and the Undo of a merge. */
export const mergeUrl = (a: number, b?: number) =>
  `${customerUrl(a)}/merge${b === undefined ? '' : `?with=${b}`}`;
export const mergeUndoUrl = (mergeId: number) => `/customers/merges/${mergeId}/undo`;

export function Avatar({
  customer,
  large,
}: {
  customer: Pick<Customer, 'id' | 'first_name' | 'last_name'>;
  large?: boolean;
}): JSX.Element {
  return avatarHtml(customer, large);
}

/** The avatar's markup, its initials escaped: a string, as the table's row template writes it. */
export function avatarHtml(
  customer: Pick<Customer, 'id' | 'first_name' | 'last_name'>,
  large = false,
): string {
  return `<span class="avatar avatar-tone-${customer.id % 8}${large ? ' avatar-large' : ''}" aria-hidden="true">${Html.escapeHtml(initials(customer))}</span>`;
}

// The dash as a reference, so a page of empty cells stays a one-byte string (views/escape.ts).
const NOT_GIVEN = latin1Markup(
  (
    <span class="not-given">
      <span aria-hidden="true">—</span>
      <span class="visually-hidden">none</span>
    </span>
  ) as string,
);

export function NotGiven(): JSX.Element {
  return NOT_GIVEN;
}

export function Breadcrumb({ name, id }: { name?: string; id?: number }): JSX.Element {
  return (
    <nav class="breadcrumb" aria-label="Breadcrumb">
      <a href="/customers">Customers</a>
      {name !== undefined && id !== undefined ? (
        <>
          <span aria-hidden="true"> / </span>
          <a href={customerUrl(id)}>
            <bdi safe>{name}</bdi>
          </a>
        </>
      ) : (
        ''
      )}
    </nav>
  );
}
