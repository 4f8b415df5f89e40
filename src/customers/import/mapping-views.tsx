// The import's second screen: the file's columns beside Folio's fields (guessed, then chosen), what a
// duplicate email means, and a preview of the first rows as they will be stored.
import { CsrfField, FormAlert } from '../../views/components.js';
import { formatNumber, type Reader } from '../../views/format.js';
import { CUSTOMER_FIELDS, FIELD_LABELS } from '../schema.js';
import { TARGETS, TARGET_LABELS, type Mapping, type MappedRecord } from './mapping.js';
import { ENCODING_NAMES, SEPARATOR_NAMES, type Encoding, type Separator } from './parse.js';
import type { ImportWithAuthor } from './queries.js';
import { POLICIES, POLICY_LABELS, type Policy } from './schema.js';
import { Header, importUrl } from './views.js';

export interface MappingView {
  imp: ImportWithAuthor;
  headers: string[];
  mapping: Mapping;
  policy: Policy;
  /** The first rows as they would be stored (or the problem each has). */
  preview: { rowNumber: number; record: MappedRecord; problems: string[] }[];
  samples: string[];
  error?: string;
  csrfToken: string;
  reader: Reader;
}

function TargetSelect({
  index,
  header,
  chosen,
}: {
  index: number;
  header: string;
  chosen: string;
}) {
  const id = `import-col-${index}`;
  return (
    <select
      id={id}
      name={`col${index}`}
      aria-label={`Where “${header || `column ${index + 1}`}” goes`}
    >
      <option value="" selected={chosen === ''}>
        Do not import
      </option>
      {TARGETS.map((target) => (
        <option value={target} selected={chosen === target} safe>
          {TARGET_LABELS[target]}
        </option>
      ))}
    </select>
  );
}

/** The preview: the first rows as they will be stored, or what stops each. */
export function ImportPreview({ view }: { view: Pick<MappingView, 'preview'> }): JSX.Element {
  return (
    <div
      id="import-preview"
      class="panel table-panel import-preview"
      tabindex="0"
      role="region"
      aria-labelledby="import-preview-title"
    >
      <table class="data-table" aria-labelledby="import-preview-title">
        <thead>
          <tr>
            <th scope="col">Row</th>
            {CUSTOMER_FIELDS.map((field) => (
              <th scope="col" safe>
                {FIELD_LABELS[field]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.preview.map((row) => (
            <tr>
              <th scope="row" safe>
                {String(row.rowNumber)}
              </th>
              {row.problems.length > 0 ? (
                <td colspan={String(CUSTOMER_FIELDS.length)} class="import-problem" safe>
                  {`Will not be imported: ${row.problems.join(' ')}`}
                </td>
              ) : (
                CUSTOMER_FIELDS.map((field) => (
                  <td>
                    <bdi safe>{row.record.values[field]}</bdi>
                  </td>
                ))
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Each column of the file, its first value, and where it goes. */
function ColumnTable({ view }: { view: MappingView }): JSX.Element {
  return (
    <div class="table-panel">
      <table class="data-table import-columns">
        <thead>
          <tr>
            <th scope="col">Column in the file</th>
            <th scope="col">First value</th>
            <th scope="col">Goes to</th>
          </tr>
        </thead>
        <tbody>
          {view.headers.map((header, index) => (
            <tr>
              <th scope="row">
                <bdi safe>{header || `Column ${index + 1}`}</bdi>
              </th>
              <td class="muted">
                <bdi safe>{(view.samples[index] ?? '').slice(0, 60)}</bdi>
              </td>
              <td>
                <TargetSelect
                  index={index}
                  header={header}
                  chosen={view.mapping.columns[index] ?? ''}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What an existing customer with the same email means: skip, update or create anyway. */
function PolicyChoice({ chosen }: { chosen: Policy }): JSX.Element {
  return (
    <fieldset class="panel import-panel">
      <legend>
        <h2>3. A customer with the same email is already in Folio</h2>
      </legend>
      <p class="muted">
        Emails are compared without regard to case. Within the file, the first row with an email is
        imported and later rows with the same email are skipped and listed.
      </p>
      {POLICIES.map((policy) => (
        <div class="radio-option">
          <input
            type="radio"
            id={`policy-${policy}`}
            name="policy"
            value={policy}
            checked={chosen === policy}
            aria-describedby={`policy-${policy}-hint`}
          />
          <label for={`policy-${policy}`} safe>
            {POLICY_LABELS[policy].label}
          </label>
          <p class="field-hint" id={`policy-${policy}-hint`} safe>
            {POLICY_LABELS[policy].hint}
          </p>
        </div>
      ))}
    </fieldset>
  );
}

/** Step 2: each column beside Folio's fields, the duplicate policy, the preview, then Import. */
export function MappingPage({ view }: { view: MappingView }): JSX.Element {
  const { imp, reader } = view;
  const url = importUrl(imp.id);
  const sub = `${formatNumber(imp.row_count, reader)} rows, read as ${ENCODING_NAMES[imp.encoding as Encoding]}, separated by ${SEPARATOR_NAMES[imp.separator as Separator]}.`;
  return (
    <section class="import" aria-labelledby="import-title">
      <Header title={`Import “${imp.file_name}”`} sub={sub} />
      <form
        method="post"
        action={url}
        class="import-mapping"
        hx-get={url}
        hx-trigger="change"
        hx-target="#import-preview"
        hx-swap="outerHTML"
      >
        <CsrfField token={view.csrfToken} />
        <FormAlert message={view.error} />
        <div class="panel import-panel">
          <h2>2. Which column goes where</h2>
          <p class="muted">
            Guessed from the column names; change any. A column with the whole name is split into
            first name (all but the last word) and last name, or at a comma (“Lovelace, Ada”).
          </p>
          <ColumnTable view={view} />
          <label class="checkbox">
            <input type="checkbox" name="note" value="on" checked={view.mapping.note} /> Keep the
            columns not imported as a note on each customer
          </label>
        </div>
        <PolicyChoice chosen={view.policy} />
        <h2 id="import-preview-title">Preview of the first rows as they will be stored</h2>
        <ImportPreview view={view} />
        <div class="button-row">
          <button type="submit" class="button no-js-only" formmethod="get" formaction={url}>
            Update the preview
          </button>
          <button type="submit" class="button button-primary" safe>
            {`Import ${formatNumber(imp.row_count, reader)} rows`}
          </button>
        </div>
      </form>
    </section>
  );
}
