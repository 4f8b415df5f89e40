// One customer as a table row (with what a search matched marked), and the place a deleted row keeps.
import { formatDate, formatDateTime, type Reader } from '../../views/format.js';
import { relativeTime } from '../../views/when.js';
import { fullName, location, telHref } from '../display.js';
import { NO_MARKS, highlight, type Marks } from '../highlight.js';
import type { ListedCustomer } from '../queries.js';
import type { NoteMatch } from '../notes/matches.js';
import type { CustomerValues } from '../schema.js';
import { Avatar, NotGiven, customerUrl, rowId } from './common.js';

/** Said on a customer just added that the current search does not match. */
const OUTSIDE_SEARCH = 'not in this search';

/** What a screen reader says when a row gets focus (j/k, arrows): who, how to reach them, where. */
function rowLabel(
  customer: Pick<CustomerValues, 'first_name' | 'last_name' | 'email' | 'phone' | 'city' | 'state'>,
): string {
  return [fullName(customer), customer.email || customer.phone, location(customer)]
    .filter(Boolean)
    .join(', ');
}

/** Edit and Delete: links without JavaScript, swapping the row in place with htmx. */
function RowActions({ url, name, back }: { url: string; name: string; back: string }): JSX.Element {
  return (
    <td class="actions col-actions">
      <a
        href={`${url}/edit`}
        class="button button-small button-quiet"
        hx-get={`${url}/edit`}
        data-action="edit"
        aria-label={`Edit ${name}`}
      >
        Edit
      </a>
      <a
        href={`${url}/delete${back}`}
        class="button button-small button-quiet button-danger"
        hx-delete={url}
        data-action="delete"
        aria-label={`Delete ${name}`}
      >
        Delete
      </a>
    </td>
  );
}

/** Under the name: the words of the note a search found this customer by, with a link to it. */
function MatchedNote({ customerId, note }: { customerId: number; note: NoteMatch }): JSX.Element {
  const safeExcerpt = note.safeExcerpt;
  return (
    <a class="row-note-match" href={`${customerUrl(customerId)}/notes/${note.noteId}`}>
      <span class="row-note-label">Note: </span>
      <bdi>{safeExcerpt}</bdi>
    </a>
  );
}

export function CustomerRow({
  customer,
  reader,
  marks = NO_MARKS,
  outsideSearch = false,
  note,
  back = '',
}: {
  customer: ListedCustomer;
  reader: Reader;
  marks?: Marks;
  outsideSearch?: boolean | undefined;
  /** The note a search found the customer by. */
  note?: NoteMatch | undefined;
  /** Without JavaScript, the delete page brings the person back to this list (backQuery). */
  back?: string;
}): JSX.Element {
  const name = fullName(customer);
  const url = customerUrl(customer.id);
  const where = location(customer);
  const safeName = highlight(name, marks);
  const safeEmail = highlight(customer.email, marks);
  const safePhone = highlight(customer.phone, marks, { phone: true });
  const safeWhere = highlight(where, marks);
  return (
    <tr
      id={rowId(customer.id)}
      class={outsideSearch ? 'customer-row outside-search' : 'customer-row'}
      tabindex="-1"
      data-customer-id={String(customer.id)}
      aria-label={outsideSearch ? `${rowLabel(customer)}, ${OUTSIDE_SEARCH}` : rowLabel(customer)}
    >
      <th scope="row" class="col-name">
        <a href={url} class="customer-name">
          <Avatar customer={customer} />
          <bdi>{safeName}</bdi>
        </a>
        {outsideSearch ? <span class="row-note">{OUTSIDE_SEARCH}</span> : ''}
        {note ? <MatchedNote customerId={customer.id} note={note} /> : ''}
      </th>
      <td class="col-email">
        {customer.email ? (
          <a href={`mailto:${customer.email}`}>
            <bdi>{safeEmail}</bdi>
          </a>
        ) : (
          <NotGiven />
        )}
      </td>
      <td class="col-phone">
        {customer.phone ? <a href={telHref(customer.phone)}>{safePhone}</a> : <NotGiven />}
      </td>
      <td class="col-location">{where ? <bdi>{safeWhere}</bdi> : <NotGiven />}</td>
      <td class="col-created">
        <time datetime={customer.created_at} safe>
          {formatDate(customer.created_at, reader)}
        </time>
      </td>
      <td class="col-touched">
        <time
          datetime={customer.touched_at}
          title={formatDateTime(customer.touched_at, reader)}
          safe
        >
          {relativeTime(customer.touched_at, reader)}
        </time>
      </td>
      <RowActions url={url} name={name} back={back} />
    </tr>
  );
}

/**
 * What replaces a deleted row: invisible, but it holds the row's place so Undo can put the customer
 * back exactly where they were.
 */
export function DeletedRow({ id }: { id: number }): JSX.Element {
  return <tr id={rowId(id)} class="customer-deleted" hidden data-deleted=""></tr>;
}
