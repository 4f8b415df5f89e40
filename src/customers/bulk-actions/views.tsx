// Acting on many customers at once: the checkbox over the rows (each row's is in row.tsx), the bar of actions for the selection
// (always shown without JavaScript; with it, once something is selected), the page of an action's
// progress and outcome, and the words every answer uses.
import { CsrfField } from '../../views/components.js';
import { latin1Markup } from '../../views/escape.js';
import { formatNumber, type Reader } from '../../views/format.js';
import type { BulkAction } from '../../db/tables.js';
import {
  FILTER_NAMES,
  SEARCH_COUNT_CAP,
  listUrl,
  type Direction,
  type ListFilter,
  type SortKey,
} from '../listing.js';
import type { MatchCount } from '../queries.js';
import { CUSTOMER_FIELDS, FIELD_LABELS, type CustomerField } from '../schema.js';

export const BULK_FORM = 'bulk';
export const bulkUrl = (id: number) => `/customers/bulk/${id}`;

const customers = (n: number, reader?: Reader) =>
  `${reader ? formatNumber(n, reader) : n.toLocaleString('en-US')} ${n === 1 ? 'customer' : 'customers'}`;

/** The heading cell over the checkboxes: with JavaScript, one box for the whole page. */
export function SelectAllHead(): JSX.Element {
  return (
    <th scope="col" class="col-select">
      <span class="visually-hidden">Select</span>
      <input
        type="checkbox"
        class="select-page js-only"
        aria-label="Select all on this page"
        data-bulk="page"
      />
    </th>
  );
}

export interface BulkListProps {
  q: string;
  /** The table's filter: "all matching" means the search and the filter. */
  filter: ListFilter;
  /** The table's order: an export of the selection keeps it. */
  sort: SortKey;
  dir: Direction;
  /** The ids on the page (for "all on this page" without JavaScript). */
  pageIds: number[];
  /** How many the search (or the book) holds, as the table counts it. */
  count: number;
  search?: MatchCount | undefined;
  /** When the page was shown: the selection's moment. */
  at: number;
  reader: Reader;
}

function matchingLabel({ q, filter, count, search, reader }: BulkListProps): string {
  const n = search?.capped
    ? `${formatNumber(SEARCH_COUNT_CAP, reader)}+`
    : formatNumber(count, reader);
  const narrowed = q || FILTER_NAMES.some((name) => filter[name]);
  return narrowed ? `All ${n} matching this search` : `All ${n} customers`;
}

/**
 * Which customers an action takes, chosen without JavaScript (app.js sets it from the boxes): the
 * ticked ones, the page's, or every match. Shared by the table's bar and the trash's.
 */
export function BulkScope({ onPage, matching }: { onPage: number; matching: string }): JSX.Element {
  return (
    <fieldset class="bulk-scope no-js-only">
      <legend>Act on</legend>
      <label>
        <input type="radio" name="scope" value="ids" checked /> The ticked customers
      </label>
      <label>
        <input type="radio" name="scope" value="page" /> All <span safe>{String(onPage)}</span> on
        this page
      </label>
      <label>
        <input type="radio" name="scope" value="matching" /> <span safe>{matching}</span>
      </label>
    </fieldset>
  );
}

/**
 * What the bar's selection depends on, replaced with every list load: the moment, the search, the
 * page's ids, and the choice of scope (shown without JavaScript; app.js sets it from the boxes).
 */
export function BulkListFields(props: BulkListProps): JSX.Element {
  const { q, filter, sort, dir, pageIds, at } = props;
  return (
    <div id="bulk-list" class="bulk-list" data-matching={matchingLabel(props)}>
      <input type="hidden" name="at" value={String(at)} />
      <input type="hidden" name="q" value={q} />
      {FILTER_NAMES.map((name) =>
        filter[name] ? <input type="hidden" name={name} value={filter[name]} /> : '',
      )}
      <input type="hidden" name="sort" value={sort} />
      <input type="hidden" name="dir" value={dir} />
      <input type="hidden" name="page" value={pageIds.join(',')} />
      <input type="hidden" name="back" value={listUrl({ q, sort, dir, filter })} />
      <BulkScope onPage={pageIds.length} matching={matchingLabel(props)} />
    </div>
  );
}

/** Choose a field, type its value. */
function SetField({
  field,
  value,
  inBar = false,
}: {
  field?: string | undefined;
  value?: string | undefined;
  /** In the table's bar (htmx answers with the table); on a page of its own, a plain form. */
  inBar?: boolean;
}): JSX.Element {
  return (
    <span class="bulk-set">
      <label for="bulk-field">Set</label>
      <select id="bulk-field" name="field">
        {CUSTOMER_FIELDS.map((name) => (
          <option value={name} selected={name === (field ?? 'state')} safe>
            {FIELD_LABELS[name]}
          </option>
        ))}
      </select>
      <label for="bulk-value">to</label>
      <input
        id="bulk-value"
        name="value"
        type="text"
        value={value ?? ''}
        autocomplete="off"
        dir="auto"
      />
      <button
        type="submit"
        class="button button-small"
        formaction="/customers/bulk/set"
        hx-post={inBar ? '/customers/bulk/set' : undefined}
        data-bulk-action="set"
      >
        Set
      </button>
    </span>
  );
}

/** How many are selected (app.js says so), and the buttons that select every match or none. */
export function BulkSelection(): JSX.Element {
  return (
    <div class="bulk-selection js-only">
      <p id="bulk-count" class="bulk-count" aria-live="polite">
        No customers selected
      </p>
      <button type="button" class="button button-small button-quiet" data-bulk="matching">
        Select all
      </button>
      <button type="button" class="button button-small button-quiet" data-bulk="clear">
        Clear
      </button>
    </div>
  );
}

/** The bar's count, buttons and actions: the same on every page, so made once. */
function BulkControls(): JSX.Element {
  return (controls ??= latin1Markup(
    (
      <>
        <BulkSelection />
        <div class="bulk-actions">
          {/* First in the form: Enter in the value field sets it (the default button), never deletes. */}
          <SetField inBar />
          <button
            type="submit"
            class="button button-small button-danger"
            formaction="/customers/bulk/delete"
            hx-post="/customers/bulk/delete"
            data-bulk-action="delete"
          >
            Delete
          </button>
          {/* A plain submit, with JavaScript too: the answer is a file the browser downloads. */}
          <button
            type="submit"
            class="button button-small button-quiet"
            formaction="/customers/bulk/export.csv"
            data-bulk-action="export"
          >
            Export CSV
          </button>
        </div>
      </>
    ) as string,
  ));
}
let controls: string | undefined;

/** The bar of the table: what is selected, and what can be done to it. */
export function BulkBar({
  list,
  csrfToken,
}: {
  list: BulkListProps;
  csrfToken: string;
}): JSX.Element {
  return (
    <form
      id={BULK_FORM}
      class="bulk-bar"
      method="post"
      action="/customers/bulk/delete"
      aria-label="Selected customers"
      hx-target:inherited="#customer-rows"
      hx-swap:inherited="innerHTML"
    >
      <CsrfField token={csrfToken} />
      <BulkListFields {...list} />
      <BulkControls />
    </form>
  );
}

// --- what happened, in words ---------------------------------------------------------------------

function doneText(action: BulkAction, reader?: Reader): string {
  const n = customers(action.changed, reader);
  switch (action.kind) {
    case 'set':
      return `Set ${FIELD_LABELS[action.field as CustomerField]} to “${action.value}” for ${n}.`;
    case 'erase':
      return `Deleted ${n} forever.`;
    case 'restore':
      return `Restored ${n}.`;
    default:
      return `Deleted ${n}.`;
  }
}

/** "Deleted 3 customers." or "Set State to “NY” for 3 customers.", and who was left alone. */
export function outcomeText(action: BulkAction, skipped: string[], reader?: Reader): string {
  const what = doneText(action, reader);
  const stopped =
    action.status !== 'failed'
      ? ''
      : action.kind === 'erase'
        ? ' It stopped before the end: the rest are still in the trash.'
        : ' It stopped before the end: Undo puts back what ran.';
  if (action.skipped === 0) return `${what}${stopped}`;
  const names = skipped.slice(0, 3).join(', ');
  const more = action.skipped > 3 ? ` and ${formatCount(action.skipped - 3, reader)} more` : '';
  const they = action.skipped === 1 ? 'it was' : 'they were';
  return `${what} Left ${customers(action.skipped, reader)} alone: ${they} changed by someone else after you selected them (${names}${more}).${stopped}`;
}

const formatCount = (n: number, reader?: Reader) =>
  reader ? formatNumber(n, reader) : n.toLocaleString('en-US');

export function undoText(action: BulkAction, reader?: Reader): string {
  const back = `Undone: ${customers(action.undo_changed, reader)} back as they were.`;
  if (action.undo_left_alone === 0) return back;
  return `${back} ${customers(action.undo_left_alone, reader)} changed since, left as they are.`;
}

// --- an action's page: progress while it runs, then what it did ----------------------------------

const RUNNING: Record<BulkAction['kind'], string> = {
  delete: 'Deleting',
  restore: 'Restoring',
  erase: 'Deleting forever',
  set: 'Setting a field for',
};

function Progress({ action, reader }: { action: BulkAction; reader: Reader }): JSX.Element {
  const reached = action.changed + action.skipped;
  return (
    <div class="bulk-progress">
      <progress
        max={String(Math.max(action.total, 1))}
        value={String(Math.min(reached, action.total))}
        aria-labelledby="bulk-title"
      ></progress>
      <p safe>
        {formatNumber(reached, reader)} of {formatNumber(action.total, reader)} done
      </p>
    </div>
  );
}

function titleOf(action: BulkAction, reader: Reader): string {
  if (action.undo_status === 'running') return 'Undoing…';
  if (action.status === 'running')
    return `${RUNNING[action.kind]} ${customers(action.total, reader)}…`;
  if (action.undo_status === 'done') return 'Undone';
  return action.status === 'failed' ? 'Stopped before the end' : 'Done';
}

/** What stopped it, and what Undo did. */
function Aftermath({ action, reader }: { action: BulkAction; reader: Reader }): JSX.Element {
  const undo =
    action.undo_status === 'failed'
      ? 'Undo stopped before the end. Try it again: it goes on where it stopped.'
      : action.undo_status === 'done'
        ? undoText(action, reader)
        : '';
  return (
    <>
      {action.error ? (
        <p class="alert alert-error" safe>
          {`What stopped it: ${action.error}`}
        </p>
      ) : (
        ''
      )}
      {undo ? <p safe>{undo}</p> : ''}
    </>
  );
}

export function BulkActionPage({
  action,
  skipped,
  reader,
  csrfToken,
}: {
  action: BulkAction;
  skipped: string[];
  reader: Reader;
  csrfToken: string;
}): JSX.Element {
  const running = action.status === 'running' || action.undo_status === 'running';
  // Restoring and deleting forever start from the trash, and go back there.
  const trash = action.kind === 'restore' || action.kind === 'erase';
  return (
    <section
      id="bulk-action"
      class="panel bulk-action-page"
      aria-labelledby="bulk-title"
      hx-get={running ? bulkUrl(action.id) : undefined}
      hx-trigger={running ? 'every 1s' : undefined}
      hx-target="this"
      hx-swap="outerHTML"
      data-running={running ? '' : undefined}
    >
      <h1 id="bulk-title" safe>
        {titleOf(action, reader)}
      </h1>
      {action.status === 'running' ? (
        <Progress action={action} reader={reader} />
      ) : (
        <p role="status" safe>
          {outcomeText(action, skipped, reader)}
        </p>
      )}
      <Aftermath action={action} reader={reader} />
      <div class="button-row">
        {!running && action.undone_at === null && action.kind !== 'erase' ? (
          <form method="post" action={`${bulkUrl(action.id)}/undo`}>
            <CsrfField token={csrfToken} />
            <button type="submit" class="button">
              Undo
            </button>
          </form>
        ) : (
          ''
        )}
        <a class="button button-quiet" href={trash ? '/customers/trash' : '/customers'}>
          {trash ? 'Back to the trash' : 'Back to customers'}
        </a>
      </div>
    </section>
  );
}

/** Without JavaScript, a bulk value that failed its check comes back on a page of its own. */
export function BulkSetPage({
  form,
  message,
  count,
  csrfToken,
}: {
  form: Record<string, string[]>;
  message: string;
  count: number;
  csrfToken: string;
}): JSX.Element {
  const keep = ['at', 'scope', 'q', ...FILTER_NAMES, 'page', 'in', 'back', 'id'];
  return (
    <section class="panel bulk-set-page" aria-labelledby="bulk-set-title">
      <h1 id="bulk-set-title" safe>
        {`Set a field for ${customers(count)}`}
      </h1>
      <form method="post" action="/customers/bulk/set" class="bulk-set-form">
        <CsrfField token={csrfToken} />
        {keep.flatMap((name) =>
          (form[name] ?? []).map((value) => <input type="hidden" name={name} value={value} />),
        )}
        <p class="field-error" id="bulk-value-error" role="alert" safe>
          {message}
        </p>
        <SetField field={form.field?.[0]} value={form.value?.[0]} />
      </form>
      <p>
        <a href="/customers">Back to customers</a>
      </p>
    </section>
  );
}
