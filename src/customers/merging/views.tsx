// The merge page: two records of one person side by side, the record to keep, and each field's value
// chosen with radio buttons (real radio groups: a fieldset and legend per choice). Shown again on a
// stale page (409, today's values) and on a value today's rules refuse (422). A plain form.
import type { FieldErrors } from '../../http/forms.js';
import { CsrfField } from '../../views/components.js';
import { formatDate, personLabel, type Reader } from '../../views/format.js';
import { fullName } from '../display.js';
import { fieldNames } from '../messages.js';
import type { CustomerWithAuthors } from '../queries.js';
import { CUSTOMER_FIELDS, FIELD_LABELS, type CustomerField } from '../schema.js';
import { NotGiven, mergeUrl } from '../views/common.js';
import { SIDES, differing, type MergeChoices, type Side } from './choices.js';

const SIDE_LETTER: Record<Side, string> = { a: 'A', b: 'B' };

export interface MergePageProps {
  a: CustomerWithAuthors;
  b: CustomerWithAuthors;
  choices: MergeChoices;
  csrfToken: string;
  reader: Reader;
  /** The page was stale: these records changed since, and these fields' choices were reset. */
  stale?: { sides: Side[]; changedSince: CustomerField[] } | undefined;
  errors?: FieldErrors | undefined;
}

/** "Last changed 3 hours ago by Sam" for a record's card. */
function RecordCard({
  side,
  record,
  checked,
  reader,
}: {
  side: Side;
  record: CustomerWithAuthors;
  checked: boolean;
  reader: Reader;
}): JSX.Element {
  const by = record.updated_by_name
    ? ` by ${personLabel(record.updated_by_name, record.updated_by_deactivated_at)}`
    : '';
  return (
    <label class="merge-record" for={`keep-${side}`}>
      <input type="radio" id={`keep-${side}`} name="keep" value={side} checked={checked} />
      <span class="merge-record-text">
        <span class="merge-record-name">
          <span class="merge-side" aria-hidden="true" safe>
            {SIDE_LETTER[side]}
          </span>{' '}
          <bdi safe>{fullName(record)}</bdi>
          <span class="visually-hidden" safe>{`, record ${SIDE_LETTER[side]}`}</span>
        </span>
        <span class="merge-record-meta muted" safe>
          {`Added ${formatDate(record.created_at, reader)}. Last changed ${formatDate(record.updated_at, reader)}${by}.`}
        </span>
      </span>
    </label>
  );
}

/** A value as an option shows it: its text, or "empty". */
function Shown({ value }: { value: string }): JSX.Element {
  return value === '' ? <span class="muted">empty</span> : <bdi safe>{value}</bdi>;
}

/** One value to choose, as a whole-card radio: its side's letter and the value. */
function Option({
  field,
  side,
  value,
  checked,
}: {
  field: CustomerField;
  side: Side;
  value: string;
  checked: boolean;
}): JSX.Element {
  const id = `pick-${field}-${side}`;
  return (
    <label class="merge-option" for={id}>
      <input type="radio" id={id} name={`pick_${field}`} value={side} checked={checked} />
      <span class="merge-side" aria-hidden="true" safe>
        {SIDE_LETTER[side]}
      </span>
      <span class="merge-value">
        <Shown value={value} />
        <span class="visually-hidden" safe>{`, from record ${SIDE_LETTER[side]}`}</span>
      </span>
    </label>
  );
}

function FieldChoice({
  field,
  a,
  b,
  picked,
  changed,
  error,
}: {
  field: CustomerField;
  a: CustomerWithAuthors;
  b: CustomerWithAuthors;
  picked: Side;
  changed: boolean;
  error: string | undefined;
}): JSX.Element {
  const records = { a, b };
  const id = `pick-${field}`;
  const described = [changed ? `${id}-changed` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <fieldset
      class={`merge-field${error ? ' field-invalid' : ''}${changed ? ' merge-changed' : ''}`}
      aria-describedby={described || undefined}
    >
      <legend class="merge-field-name" safe>
        {FIELD_LABELS[field]}
      </legend>
      <div class="merge-options">
        {SIDES.map((side) => (
          <Option
            field={field}
            side={side}
            value={records[side][field]}
            checked={picked === side}
          />
        ))}
      </div>
      {changed ? (
        <p class="merge-note" id={`${id}-changed`}>
          Changed since you looked: check your choice.
        </p>
      ) : (
        ''
      )}
      {error ? (
        <p class="field-error" id={`${id}-error`} safe>
          {error}
        </p>
      ) : (
        ''
      )}
    </fieldset>
  );
}

/** A field both records hold the same value in: nothing to choose. */
function SameField({ field, value }: { field: CustomerField; value: string }): JSX.Element {
  return (
    <div class="merge-field merge-same">
      <span class="merge-field-name" safe>
        {FIELD_LABELS[field]}
      </span>
      <span class="merge-value">
        {value === '' ? <NotGiven /> : <bdi safe>{value}</bdi>}{' '}
        <span class="muted">(the same in both)</span>
      </span>
    </div>
  );
}

function StaleNotice({
  a,
  b,
  stale,
}: {
  a: CustomerWithAuthors;
  b: CustomerWithAuthors;
  stale: NonNullable<MergePageProps['stale']>;
}): JSX.Element {
  const names = stale.sides.map((side) => fullName({ a, b }[side]));
  const title =
    names.length === 2
      ? 'Both records were changed after this page was shown'
      : `${names[0]} was changed after this page was shown`;
  const reset =
    stale.changedSince.length > 0
      ? ` Check ${fieldNames(stale.changedSince)}: those values changed, so their choices are back to the newest value.`
      : ' Your choices are kept.';
  return (
    <div class="conflict" role="alert">
      <h2 class="conflict-title" safe>
        {title}
      </h2>
      <p class="conflict-text" safe>
        {`Nothing was merged. Below are both records as they are now.${reset} Then merge again.`}
      </p>
    </div>
  );
}

function InvalidNotice({ errors }: { errors: FieldErrors }): JSX.Element {
  const fields = CUSTOMER_FIELDS.filter((field) => errors[field] !== undefined);
  return (
    <div class="alert alert-error" role="alert">
      <p safe>
        {`Nothing was merged. The kept record cannot take the ${fieldNames(fields)} chosen: choose the other value, or correct the record first.`}
      </p>
    </div>
  );
}

/** What the page showed, for the merge to check against: the other record, versions, and values. */
function SeenFields({ a, b }: { a: CustomerWithAuthors; b: CustomerWithAuthors }): JSX.Element {
  return (
    <>
      <input type="hidden" name="with" value={String(b.id)} />
      <input type="hidden" name="a_version" value={String(a.version)} />
      <input type="hidden" name="b_version" value={String(b.version)} />
      {SIDES.flatMap((side) =>
        differing(a, b).map((field) => (
          <input type="hidden" name={`seen_${side}_${field}`} value={{ a, b }[side][field]} />
        )),
      )}
    </>
  );
}

/** Every field: a choice where the records differ, the shared value where they agree. */
function ValuesPanel({
  a,
  b,
  choices,
  stale,
  errors,
}: Pick<MergePageProps, 'a' | 'b' | 'choices' | 'stale'> & { errors: FieldErrors }): JSX.Element {
  const different = differing(a, b);
  return (
    <section class="panel merge-values" aria-labelledby="merge-values-title">
      <h2 id="merge-values-title">Values to keep</h2>
      {different.length === 0 ? (
        <p class="muted">Both records hold the same values: only their notes and history join.</p>
      ) : (
        ''
      )}
      {CUSTOMER_FIELDS.map((field) =>
        different.includes(field) ? (
          <FieldChoice
            field={field}
            a={a}
            b={b}
            picked={choices.picks[field]}
            changed={stale?.changedSince.includes(field) ?? false}
            error={errors[field]}
          />
        ) : (
          <SameField field={field} value={a[field]} />
        ),
      )}
    </section>
  );
}

export function MergePage({
  a,
  b,
  choices,
  csrfToken,
  reader,
  stale,
  errors = {},
}: MergePageProps): JSX.Element {
  return (
    <section class="merge-page" aria-labelledby="merge-title">
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <a href="/customers">Customers</a>
        <span aria-hidden="true"> / </span>
        <a href="/customers/duplicates">Likely duplicates</a>
      </nav>
      <header class="page-header">
        <div class="page-title">
          <h1 id="merge-title">Merge two records</h1>
          <p class="muted">
            Choose the record to keep and, for each field that differs, the value it keeps. The
            other record’s notes and history move to the kept one, and the other record goes to the
            trash. You can undo the merge.
          </p>
        </div>
      </header>
      {stale ? <StaleNotice {...{ a, b, stale }} /> : ''}
      {Object.keys(errors).length > 0 ? <InvalidNotice errors={errors} /> : ''}
      <form method="post" action={mergeUrl(a.id)} class="merge-form">
        <CsrfField token={csrfToken} />
        <SeenFields a={a} b={b} />
        <fieldset class="panel merge-keep">
          <legend>Record to keep</legend>
          <div class="merge-records">
            {SIDES.map((side) => (
              <RecordCard
                side={side}
                record={{ a, b }[side]}
                checked={choices.keep === side}
                reader={reader}
              />
            ))}
          </div>
        </fieldset>
        <ValuesPanel {...{ a, b, choices, stale, errors }} />
        <div class="button-row merge-actions">
          <button type="submit" class="button button-primary">
            Merge records
          </button>
          <a class="button" href="/customers/duplicates">
            Cancel
          </a>
        </div>
      </form>
    </section>
  );
}
