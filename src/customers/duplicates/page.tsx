// /customers/duplicates as a page: a tab per rule, then each group of customers who share that rule's
// key, each one linked to their record, and Next past the last group.
import { formatDate, formatNumber, type Reader } from '../../views/format.js';
import { fullName } from '../display.js';
import { customerUrl, mergeUrl, NotGiven } from '../views/common.js';
import type { DuplicateCustomer, DuplicateGroup } from './queries.js';
import { DUPLICATE_RULES, type DuplicateRule } from './rules.js';

const TAB_LABELS: Record<DuplicateRule, string> = {
  email: 'Same email',
  phone: 'Same phone',
  name_city: 'Same name and city',
};

const duplicatesUrl = (by: DuplicateRule, after?: string[]) => {
  const params = new URLSearchParams();
  if (by !== 'email') params.set('by', by);
  if (after) params.set('after', Buffer.from(JSON.stringify(after)).toString('base64url'));
  const search = params.toString();
  return search ? `/customers/duplicates?${search}` : '/customers/duplicates';
};

/** What the group shares, as its first member shows it. */
function shared(by: DuplicateRule, customer: DuplicateCustomer): string {
  if (by === 'email') return customer.email;
  if (by === 'phone') return customer.phone;
  return `${fullName(customer)}, ${customer.city}`;
}

function Member({
  customer,
  first,
  reader,
}: {
  customer: DuplicateCustomer;
  /** The group's first record, which the others are offered to merge with. */
  first: DuplicateCustomer;
  reader: Reader;
}): JSX.Element {
  const place = [customer.city, customer.state].filter(Boolean).join(', ');
  return (
    <li class="duplicate-member">
      <a href={customerUrl(customer.id)} class="customer-name">
        <bdi safe>{fullName(customer)}</bdi>
      </a>
      <span class="duplicate-detail">
        {customer.email ? <bdi safe>{customer.email}</bdi> : <NotGiven />}
      </span>
      <span class="duplicate-detail">
        {customer.phone ? <bdi safe>{customer.phone}</bdi> : <NotGiven />}
      </span>
      <span class="duplicate-detail">{place ? <bdi safe>{place}</bdi> : <NotGiven />}</span>
      <span class="duplicate-detail muted" safe>
        {`Added ${formatDate(customer.created_at, reader)}`}
      </span>
      {customer.id === first.id ? (
        ''
      ) : (
        <a
          class="button button-small duplicate-merge"
          href={mergeUrl(first.id, customer.id)}
          aria-label={`Compare and merge ${fullName(customer)} with ${fullName(first)}`}
        >
          Compare and merge
        </a>
      )}
    </li>
  );
}

function Group({
  by,
  group,
  reader,
}: {
  by: DuplicateRule;
  group: DuplicateGroup;
  reader: Reader;
}): JSX.Element {
  const first = group.customers[0]!;
  const more = group.size - group.customers.length;
  return (
    <section class="panel duplicate-group" aria-label={`${TAB_LABELS[by]}: ${shared(by, first)}`}>
      <h2 class="duplicate-group-title">
        <bdi safe>{shared(by, first)}</bdi>{' '}
        <span class="muted" safe>{`· ${formatNumber(group.size, reader)} customers`}</span>
      </h2>
      <ul class="duplicate-members">
        {group.customers.map((customer) => (
          <Member customer={customer} first={first} reader={reader} />
        ))}
      </ul>
      {more > 0 ? <p class="muted" safe>{`and ${formatNumber(more, reader)} more`}</p> : ''}
    </section>
  );
}

function Tabs({ by }: { by: DuplicateRule }): JSX.Element {
  return (
    <nav class="duplicate-tabs" aria-label="Duplicates by">
      {DUPLICATE_RULES.map((rule) => (
        <a
          href={duplicatesUrl(rule)}
          class={
            rule === by ? 'button button-small tab-current' : 'button button-small button-quiet'
          }
          aria-current={rule === by ? 'page' : undefined}
        >
          <span safe>{TAB_LABELS[rule]}</span>
        </a>
      ))}
    </nav>
  );
}

const SHARED_WORDS: Record<DuplicateRule, string> = {
  email: 'an email',
  phone: 'a phone number',
  name_city: 'a name and city',
};

function NoGroups({ by, paged }: { by: DuplicateRule; paged: boolean }): JSX.Element {
  return (
    <div class="panel empty-state">
      <h2>{paged ? 'No more groups' : 'No likely duplicates'}</h2>
      <p class="muted" safe>
        {paged
          ? 'Every group was on the pages before.'
          : `No two customers share ${SHARED_WORDS[by]}.`}
      </p>
    </div>
  );
}

export function DuplicatesPage({
  by,
  found,
  paged,
  reader,
}: {
  by: DuplicateRule;
  found: { groups: DuplicateGroup[]; more: boolean };
  paged: boolean;
  reader: Reader;
}): JSX.Element {
  const next = found.more ? duplicatesUrl(by, found.groups.at(-1)!.key) : undefined;
  return (
    <section class="duplicates" aria-labelledby="duplicates-title">
      <header class="page-header">
        <div class="page-title">
          <h1 id="duplicates-title">Likely duplicates</h1>
          <p class="muted">
            Customers who share an email, a phone number (7 or more digits), or a full name and
            city. Open each to compare them, or compare two side by side and merge them.
          </p>
        </div>
        <div class="button-row">
          <a class="button button-quiet" href="/customers">
            Back to customers
          </a>
        </div>
      </header>
      <Tabs by={by} />
      {found.groups.length === 0 ? (
        <NoGroups by={by} paged={paged} />
      ) : (
        found.groups.map((group) => <Group by={by} group={group} reader={reader} />)
      )}
      {paged || next ? (
        <nav class="pager" aria-label="Pages">
          <a class="button" href={duplicatesUrl(by)}>
            First page
          </a>
          {next ? (
            <a class="button" rel="next" href={next}>
              Next <span aria-hidden="true">→</span>
            </a>
          ) : (
            ''
          )}
        </nav>
      ) : (
        ''
      )}
    </section>
  );
}
