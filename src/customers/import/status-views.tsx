// The import's status page: progress while it runs (htmx polls it; without JavaScript a Refresh link),
// then the counts, the failed and skipped rows with their reasons, and Revert; after a revert, who was
// left alone.
import { CsrfField } from '../../views/components.js';
import { formatNumber, type Reader } from '../../views/format.js';
import { customerUrl } from '../views/common.js';
import type { ImportWithAuthor, ProblemRow } from './queries.js';
import { Header, STATE_LABELS, importUrl } from './views.js';

export interface StatusView {
  imp: ImportWithAuthor;
  failed: ProblemRow[];
  skipped: ProblemRow[];
  kept: {
    row_number: number;
    outcome: string | null;
    id: number;
    first_name: string;
    last_name: string;
  }[];
  mayRevert: boolean;
  csrfToken: string;
  reader: Reader;
}

/** Time left from the pace so far ("about 2 minutes left"). */
function timeLeft(imp: ImportWithAuthor, now: number): string {
  if (!imp.started_at || imp.done_rows === 0) return 'Starting…';
  const seconds =
    (((now - Date.parse(imp.started_at)) / imp.done_rows) * (imp.row_count - imp.done_rows)) / 1000;
  if (seconds < 10) return 'A few seconds left';
  if (seconds < 90) return `About ${Math.round(seconds / 10) * 10} seconds left`;
  return `About ${Math.round(seconds / 60)} minutes left`;
}

function Counts({ imp, reader }: { imp: ImportWithAuthor; reader: Reader }): JSX.Element {
  const n = (value: number) => formatNumber(value, reader);
  const items: [string, number][] = [
    ['Rows done', imp.done_rows],
    ['Added', imp.created_count],
    ['Updated', imp.updated_count],
    ['Skipped', imp.skipped_count],
    ['Failed', imp.failed_count],
  ];
  return (
    <dl class="import-counts">
      {items.map(([label, value]) => (
        <div>
          <dt safe>{label}</dt>
          <dd safe>{label === 'Rows done' ? `${n(value)} of ${n(imp.row_count)}` : n(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function ProblemTable({ id, title, rows }: { id: string; title: string; rows: ProblemRow[] }) {
  return (
    <div class="panel table-panel" tabindex="0" role="region" aria-labelledby={id}>
      <table class="data-table import-problems" aria-labelledby={id}>
        <caption class="visually-hidden" safe>
          {title}
        </caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Field</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {rows.flatMap((row) =>
            row.problems.map((problem) => (
              <tr>
                <th scope="row" safe>
                  {String(row.rowNumber)}
                </th>
                <td safe>{problem.field || '—'}</td>
                <td safe>{problem.message}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

function Results({ view }: { view: StatusView }): JSX.Element {
  const { imp } = view;
  const url = importUrl(imp.id);
  return (
    <>
      {imp.failed_count > 0 ? (
        <>
          <h2 id="import-failed-title" safe>
            {`Rows not imported (${formatNumber(imp.failed_count, view.reader)})`}
          </h2>
          <p class="muted">
            Fix them in the file Folio gives back (the original columns plus an error column) and
            import it again.{' '}
            <a class="button button-small" href={`${url}/failed.csv`}>
              Download the failed rows
            </a>
          </p>
          <ProblemTable id="import-failed-title" title="Rows not imported" rows={view.failed} />
        </>
      ) : (
        ''
      )}
      {imp.skipped_count > 0 ? (
        <>
          <h2 id="import-skipped-title" safe>
            {`Rows skipped (${formatNumber(imp.skipped_count, view.reader)})`}
          </h2>
          <ProblemTable id="import-skipped-title" title="Rows skipped" rows={view.skipped} />
        </>
      ) : (
        ''
      )}
    </>
  );
}

function RevertForm({ view }: { view: StatusView }): JSX.Element {
  if (view.imp.state !== 'done' || !view.mayRevert) return '';
  return (
    <form method="post" action={`${importUrl(view.imp.id)}/revert`} class="import-revert">
      <CsrfField token={view.csrfToken} />
      <p class="muted">
        Revert deletes the customers this import added (they wait in the trash for 30 days) and puts
        back the values it changed. Customers edited since the import are left as they are.
      </p>
      <button type="submit" class="button button-danger">
        Revert this import
      </button>
    </form>
  );
}

function Kept({ view }: { view: StatusView }): JSX.Element {
  if (view.kept.length === 0) return '';
  return (
    <>
      <h2>Left as they are (edited since the import)</h2>
      <ul class="import-kept">
        {view.kept.map((customer) => (
          <li>
            <a href={customerUrl(customer.id)}>
              <bdi safe>{`${customer.first_name} ${customer.last_name}`}</bdi>
            </a>{' '}
            <span class="muted" safe>{`(row ${customer.row_number})`}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The bar and time left while importing; why it stopped; what a revert left alone. */
function StateMessage({ imp, reader }: { imp: ImportWithAuthor; reader: Reader }): JSX.Element {
  return (
    <>
      {imp.state === 'running' ? (
        <>
          <progress
            class="import-progress"
            max={String(imp.row_count)}
            value={String(imp.done_rows)}
            aria-label="Rows imported"
          ></progress>
          <p class="muted" safe>
            {timeLeft(imp, reader.now)}
          </p>
        </>
      ) : (
        ''
      )}
      {imp.state === 'failed' && imp.message ? (
        <p class="alert alert-error" safe>
          {imp.message}
        </p>
      ) : (
        ''
      )}
      {imp.state === 'reverted' ? (
        <p safe>
          {`Reverted. ${imp.revert_kept > 0 ? `${formatNumber(imp.revert_kept, reader)} customers edited since the import were left as they are.` : 'Every customer is as it was before the import.'}`}
        </p>
      ) : (
        ''
      )}
    </>
  );
}

/** Progress (polled by htmx while the work runs; a Refresh link without JavaScript), then the result. */
export function ImportStatus({ view }: { view: StatusView }): JSX.Element {
  const { imp, reader } = view;
  const url = importUrl(imp.id);
  const working = imp.state === 'running' || imp.state === 'reverting';
  const polling = working
    ? { 'hx-get': url, 'hx-trigger': 'every 1s', 'hx-swap': 'outerHTML' }
    : {};
  return (
    <div id="import-status" class="import-status" {...polling}>
      <div class="panel import-panel">
        <h2 safe>{STATE_LABELS[imp.state]}</h2>
        <StateMessage imp={imp} reader={reader} />
        <Counts imp={imp} reader={reader} />
        {working ? (
          <p class="no-js-only">
            <a class="button" href={url}>
              Refresh
            </a>{' '}
            <span class="muted">
              The import goes on in the background; you may leave this page.
            </span>
          </p>
        ) : (
          ''
        )}
        {imp.state === 'done' ? (
          <p>
            <a class="button button-primary" href="/customers">
              See the customers
            </a>
          </p>
        ) : (
          ''
        )}
        <RevertForm view={view} />
      </div>
      <Kept view={view} />
      {working ? '' : <Results view={view} />}
    </div>
  );
}

export function StatusPage({ view }: { view: StatusView }): JSX.Element {
  const { imp, reader } = view;
  const by = imp.created_by_name ?? 'A former member';
  return (
    <section class="import" aria-labelledby="import-title">
      <Header
        title={`Import of “${imp.file_name}”`}
        sub={`By ${by}, ${formatNumber(imp.row_count, reader)} rows.`}
      />
      <ImportStatus view={view} />
    </section>
  );
}
