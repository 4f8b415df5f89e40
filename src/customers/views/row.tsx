// One customer as a table row (with what a search matched marked), and the place a deleted row keeps.
// A page has 50 rows: a row is a template filled by one function (a few string joins), not dozens of
// JSX calls each building its attributes, and writes exactly the HTML the JSX did. Every value goes
// through escapeAttribute or Html.escapeHtml, is already escaped HTML (highlight, the note's
// excerpt), or is made of digits (the id, a tel: link); row.test.ts checks each field with hostile text.
import Html from '@kitajs/html';
import { formatDate, formatDateTime, type Reader } from '../../views/format.js';
import { escapeAttribute as attr } from '../../views/escape.js';
import { relativeTime } from '../../views/when.js';
import { fullName, location, telHref } from '../display.js';
import { NO_MARKS, highlight, type Marks } from '../highlight.js';
import type { ListedCustomer } from '../queries.js';
import type { NoteMatch } from '../notes/matches.js';
import { NotGiven, avatarHtml, customerUrl, rowId } from './common.js';
import { BULK_FORM } from '../bulk-actions/views.js';

/** Said on a customer just added that the current search does not match. */
const OUTSIDE_SEARCH = 'not in this search';

/** The same for every empty cell. */
const NOT_GIVEN = NotGiven() as string;

/** What a screen reader says when a row gets focus (j/k, arrows): who, how to reach them, where. */
function rowLabel(name: string, contact: string, where: string): string {
  let label = name;
  if (contact) label = label ? `${label}, ${contact}` : contact;
  if (where) label = label ? `${label}, ${where}` : where;
  return label;
}

// A customer's id is a number, so its URLs and the row's id need no escaping; the name is escaped
// once (`safeName`) for the three labels that hold it.

/** The row's box: part of the bulk bar's form (its `form` attribute), wherever the row sits. */
function selectCell(id: number, safeName: string): string {
  return `<td class="col-select"><input type="checkbox" class="select-row" name="id" value="${id}" form="${BULK_FORM}" aria-label="Select ${safeName}"></td>`;
}

/** Edit and Delete: links without JavaScript, swapping the row in place with htmx. */
function rowActions(url: string, safeName: string, back: string): string {
  return (
    `<td class="actions col-actions">` +
    `<a href="${url}/edit" class="button button-small button-quiet" hx-get="${url}/edit" data-action="edit" aria-label="Edit ${safeName}">Edit</a>` +
    `<a href="${url}/delete${attr(back)}" class="button button-small button-quiet button-danger" hx-delete="${url}" data-action="delete" aria-label="Delete ${safeName}">Delete</a>` +
    `</td>`
  );
}

/** Under the name: the words of the note a search found this customer by, with a link to it. */
function matchedNote(customerId: number, note: NoteMatch): string {
  const safeExcerpt = note.safeExcerpt;
  return (
    `<a class="row-note-match" href="${attr(`${customerUrl(customerId)}/notes/${note.noteId}`)}">` +
    `<span class="row-note-label">Note: </span><bdi>${safeExcerpt}</bdi></a>`
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
  const safeName = attr(name);
  const url = customerUrl(customer.id);
  const where = location(customer);
  const { email, phone, created_at: created, touched_at: touched } = customer;
  const label =
    rowLabel(name, email || phone, where) + (outsideSearch ? `, ${OUTSIDE_SEARCH}` : '');
  return (
    `<tr id="${rowId(customer.id)}" class="customer-row${outsideSearch ? ' outside-search' : ''}" tabindex="-1" data-customer-id="${customer.id}" aria-label="${attr(label)}">` +
    selectCell(customer.id, safeName) +
    `<th scope="row" class="col-name"><a href="${url}" class="customer-name">` +
    `${avatarHtml(customer)}<bdi>${highlight(name, marks)}</bdi></a>` +
    (outsideSearch ? `<span class="row-note">${OUTSIDE_SEARCH}</span>` : '') +
    (note ? matchedNote(customer.id, note) : '') +
    `</th><td class="col-email">` +
    (email
      ? `<a href="${attr(`mailto:${email}`)}"><bdi>${highlight(email, marks)}</bdi></a>`
      : NOT_GIVEN) +
    `</td><td class="col-phone">` +
    (phone
      ? `<a href="${telHref(phone)}">${highlight(phone, marks, { phone: true })}</a>`
      : NOT_GIVEN) +
    `</td><td class="col-location">` +
    (where ? `<bdi>${highlight(where, marks)}</bdi>` : NOT_GIVEN) +
    `</td><td class="col-created"><time datetime="${attr(created)}">` +
    `${Html.escapeHtml(formatDate(created, reader))}</time></td>` +
    `<td class="col-touched"><time datetime="${attr(touched)}" title="${attr(formatDateTime(touched, reader))}">` +
    `${Html.escapeHtml(relativeTime(touched, reader))}</time></td>` +
    rowActions(url, safeName, back) +
    `</tr>`
  );
}

/**
 * What replaces a deleted row: invisible, but it holds the row's place so Undo can put the customer
 * back exactly where they were.
 */
export function DeletedRow({ id }: { id: number }): JSX.Element {
  return <tr id={rowId(id)} class="customer-deleted" hidden data-deleted=""></tr>;
}
