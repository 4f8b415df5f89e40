// /customers as a whole page: heading and count, search, the table, pager and keyboard help.
import { ExportLink } from '../export/views.js';
import { NewCustomerButton } from './empty-rows.js';
import { KeyboardMap, ShortcutsButton } from './keyboard-map.js';
import { Pager } from './pager.js';
import { CustomerCount, CustomerRows, bulkListOf, type CustomersPageProps } from './results.js';
import { FilterChips } from './filters.js';
import { BulkBar } from '../bulk-actions/views.js';
import { SearchForm } from './search-form.js';
import { TableHead } from './table-head.js';
import { latin1Markup } from '../../views/escape.js';

/** How to move in the table; the same on every page, so written once (its arrows as references). */
function TableHelp(): JSX.Element {
  return (tableHelp ??= latin1Markup(TableHelpMarkup() as string));
}
let tableHelp: string | undefined;

function TableHelpMarkup(): JSX.Element {
  return (
    <p id="customer-table-help" class="table-help js-only">
      Move with <kbd>↑</kbd> <kbd>↓</kbd> (on to the next page from the last row), <kbd>Enter</kbd>{' '}
      edits, <kbd>Delete</kbd> deletes
      <span class="shortcut-key">
        , <kbd>/</kbd> searches, <kbd>?</kbd> shows every shortcut
      </span>
      .
    </p>
  );
}

export function CustomersPage(props: CustomersPageProps): JSX.Element {
  const { list, reader } = props;
  return (
    <section class="customers" aria-labelledby="customers-title">
      <header class="page-header customers-header">
        <div class="page-title">
          <h1 id="customers-title">Customers</h1>
          <CustomerCount count={list.count} reader={reader} search={list.search} />
        </div>
        <div class="button-row">
          <ShortcutsButton />
          <a class="button button-quiet" href="/customers/duplicates">
            Duplicates
          </a>
          <a class="button button-quiet" href="/customers/trash" data-action="trash">
            Trash{' '}
            <kbd class="js-only shortcut-key" aria-hidden="true">
              T
            </kbd>
          </a>
          <a class="button button-quiet" href="/customers/import" data-action="import">
            Import{' '}
            <kbd class="js-only shortcut-key" aria-hidden="true">
              I
            </kbd>
          </a>
          <ExportLink query={list.query} />
          <NewCustomerButton label="New customer" id="new-customer" query={list.query} />
        </div>
      </header>
      <SearchForm query={list.query} />
      <FilterChips query={list.query} />
      <div class="panel table-panel">
        <table
          class="data-table customer-table"
          aria-labelledby="customers-title"
          aria-describedby="customer-table-help"
        >
          <TableHead query={list.query} />
          {/* Row actions (Edit, Delete) swap their own row: said once here instead of on every link. */}
          <tbody id="customer-rows" hx-target:inherited="closest tr" hx-swap:inherited="outerHTML">
            <CustomerRows list={list} />
          </tbody>
        </table>
      </div>
      <BulkBar list={bulkListOf(props)} csrfToken={props.csrfToken ?? ''} />
      <Pager list={list} />
      <TableHelp />
      <KeyboardMap />
      <p id="customer-announcer" class="visually-hidden" aria-live="polite"></p>
    </section>
  );
}
