// A customer's own page, /customers/:id: the contact details, who added and last changed them, and its
// story (notes and history, built by history/); and
// the same URL once the customer is deleted (410), with Restore.
import { CsrfField } from '../../views/components.js';
import { formatDate, personLabel, type Reader } from '../../views/format.js';
import { When } from '../../views/when.js';
import { fullName, telHref } from '../display.js';
import type { Deletion } from '../messages.js';
import type { CustomerWithAuthors } from '../queries.js';
import type { DuplicateMatch } from '../duplicates/queries.js';
import { rulesInWords } from '../duplicates/rules.js';
import type { MergedAway } from '../merging/queries.js';
import { Avatar, Breadcrumb, NotGiven, customerUrl, mergeUndoUrl, mergeUrl } from './common.js';
import { KeyboardMap, ShortcutsButton } from './keyboard-map.js';

/** A value as its own text (bidi-isolated), or "none". */
function Given({ value }: { value: string }): JSX.Element {
  return value ? <bdi safe>{value}</bdi> : <NotGiven />;
}

function ContactDetails({ customer }: { customer: CustomerWithAuthors }): JSX.Element {
  const rows: [string, JSX.Element][] = [
    [
      'Email',
      customer.email ? (
        <a href={`mailto:${customer.email}`}>
          <bdi safe>{customer.email}</bdi>
        </a>
      ) : (
        <NotGiven />
      ),
    ],
    [
      'Phone',
      customer.phone ? (
        <a href={telHref(customer.phone)} safe>
          {customer.phone}
        </a>
      ) : (
        <NotGiven />
      ),
    ],
    ['Address', <Given value={customer.address} />],
    ['City', <Given value={customer.city} />],
    ['State', <Given value={customer.state} />],
    ['ZIP code', <Given value={customer.zipcode} />],
  ];
  return (
    <section class="panel" aria-label="Contact details">
      <dl class="details record-details">
        {rows.map(([label, value]) => (
          <>
            <dt safe>{label}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
    </section>
  );
}

/** " by Sam Lee" (marked when they left the team), or nothing when unknown. */
function by(name: string | null, deactivatedAt: string | null): string {
  return name ? ` by ${personLabel(name, deactivatedAt)}` : '';
}

function RecordMeta({
  customer,
  reader,
}: {
  customer: CustomerWithAuthors;
  reader: Reader;
}): JSX.Element {
  const added = `Added ${formatDate(customer.created_at, reader)}${by(customer.created_by_name, customer.created_by_deactivated_at)}.`;
  const changedBy = `${by(customer.updated_by_name, customer.updated_by_deactivated_at)}.`;
  return (
    <p class="record-meta muted">
      <span safe>{added}</span>{' '}
      <span>
        Last changed <When at={customer.updated_at} reader={reader} />
        <span safe>{changedBy}</span>
      </span>
    </p>
  );
}

/** Other records that look like the same person, each with a way to compare and merge. */
function LikelyDuplicates({
  customer,
  duplicates,
}: {
  customer: CustomerWithAuthors;
  duplicates: DuplicateMatch[];
}): JSX.Element {
  if (duplicates.length === 0) return '';
  return (
    <section class="panel record-duplicates" aria-labelledby="record-duplicates-title">
      <h2 id="record-duplicates-title">Looks like the same person</h2>
      <ul>
        {duplicates.map((match) => (
          <li>
            <a href={customerUrl(match.customer.id)}>
              <bdi safe>{fullName(match.customer)}</bdi>
            </a>{' '}
            <span class="muted" safe>{`has ${rulesInWords(match)}.`}</span>{' '}
            <a
              class="button button-small"
              href={mergeUrl(customer.id, match.customer.id)}
              aria-label={`Compare and merge with ${fullName(match.customer)}`}
            >
              Compare and merge
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CustomerDetailPage({
  customer,
  reader,
  story,
  duplicates = [],
}: {
  customer: CustomerWithAuthors;
  reader: Reader;
  /** The note box and timeline (history/views.tsx). */
  story: JSX.Element;
  /** Other live records the rules match (duplicates/rules.ts). */
  duplicates?: DuplicateMatch[];
}): JSX.Element {
  const url = customerUrl(customer.id);
  return (
    <article class="customer-record" aria-labelledby="customer-title">
      <Breadcrumb />
      <header class="page-header record-header">
        <div class="record-title">
          <Avatar customer={customer} large />
          <h1 id="customer-title">
            <bdi safe>{fullName(customer)}</bdi>
          </h1>
        </div>
        <div class="button-row">
          <ShortcutsButton />
          <a class="button" href={`${url}/edit`} data-record-action="edit">
            Edit{' '}
            <kbd class="js-only shortcut-key" aria-hidden="true">
              E
            </kbd>
          </a>
          <a class="button button-danger" href={`${url}/delete`} data-record-action="delete">
            Delete
          </a>
        </div>
      </header>
      <ContactDetails customer={customer} />
      <RecordMeta customer={customer} reader={reader} />
      <LikelyDuplicates customer={customer} duplicates={duplicates} />
      {story}
      <KeyboardMap />
    </article>
  );
}

interface DeletedPageProps {
  customer: CustomerWithAuthors;
  deletion: Deletion;
  /** Set when a merge put the record in the trash. */
  mergedInto?: MergedAway | undefined;
  csrfToken: string;
  reader: Reader;
}

/** Who deleted a customer, as the page's sentence says it. */
const deleterOf = (deletion: Deletion) => (deletion.byYou ? 'you' : (deletion.by ?? 'someone'));

/** A deleted customer's URLs (410 Gone): who deleted them and when, and Restore (a plain form, with or without JS). */
export function DeletedCustomerPage(props: DeletedPageProps): JSX.Element {
  const { customer, deletion, mergedInto, csrfToken, reader } = props;
  if (mergedInto) return <MergedAwayPage {...props} mergedInto={mergedInto} />;
  const name = fullName(customer);
  const who = deleterOf(deletion);
  return (
    <div class="customer-form-page">
      <Breadcrumb />
      <section class="panel confirm-panel" aria-labelledby="deleted-title">
        <h1 id="deleted-title">
          <bdi safe>{name}</bdi> was deleted
        </h1>
        <p
          safe
        >{`Deleted by ${who} on ${formatDate(deletion.at, reader)}. Deleted customers can be restored for 30 days.`}</p>
        <form method="post" action={`${customerUrl(customer.id)}/restore`}>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="to" value="record" />
          <div class="button-row">
            <button type="submit" class="button button-primary" autofocus>
              Restore <bdi safe>{name}</bdi>
            </button>
            <a class="button" href="/customers">
              Back to customers
            </a>
          </div>
        </form>
      </section>
    </div>
  );
}

/**
 * A record a merge put in the trash: where its notes and history went, the merge's Undo (both records
 * back as they were), and Restore for this record alone (after which the merge can no longer be undone).
 */
function MergedAwayPage({
  customer,
  deletion,
  mergedInto,
  csrfToken,
  reader,
}: DeletedPageProps & { mergedInto: MergedAway }): JSX.Element {
  const name = fullName(customer);
  const who = deleterOf(deletion);
  const kept = mergedInto.keptName;
  return (
    <div class="customer-form-page">
      <Breadcrumb />
      <section class="panel confirm-panel" aria-labelledby="deleted-title">
        <h1 id="deleted-title">
          <bdi safe>{name}</bdi> was merged into <bdi safe>{kept}</bdi>
        </h1>
        <p>
          <span
            safe
          >{`Merged by ${who} on ${formatDate(deletion.at, reader)}. Its notes and history are on `}</span>
          <a href={customerUrl(mergedInto.keptId)}>
            <bdi safe>{kept}</bdi>
          </a>{' '}
          now. Undo the merge to have both records back as they were before it. Restoring this
          record alone keeps the merge, which then can no longer be undone.
        </p>
        <div class="button-row">
          <form method="post" action={mergeUndoUrl(mergedInto.mergeId)}>
            <CsrfField token={csrfToken} />
            <button type="submit" class="button button-primary" autofocus>
              Undo the merge
            </button>
          </form>
          <form method="post" action={`${customerUrl(customer.id)}/restore`}>
            <CsrfField token={csrfToken} />
            <input type="hidden" name="to" value="record" />
            <button type="submit" class="button">
              Restore this record alone
            </button>
          </form>
          <a class="button button-quiet" href="/customers">
            Back to customers
          </a>
        </div>
      </section>
    </div>
  );
}
