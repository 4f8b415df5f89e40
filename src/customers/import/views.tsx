// The import's first screen, /customers/import: the upload and the past imports; the header every
// import screen shares. The mapping is in mapping-views.tsx, progress and result in status-views.tsx.
import { FormAlert } from '../../views/components.js';
import { formatNumber, type Reader } from '../../views/format.js';
import { When } from '../../views/when.js';
import { CSRF_FIELD } from '../../http/csrf.js';
import type { ImportWithAuthor } from './queries.js';
import { FILE_LIMITS } from './parse.js';

export const IMPORT_URL = '/customers/import';
export const importUrl = (id: number) => `${IMPORT_URL}/${id}`;

export const STATE_LABELS: Record<ImportWithAuthor['state'], string> = {
  mapping: 'Waiting for its columns',
  running: 'Importing',
  done: 'Imported',
  failed: 'Stopped by an error',
  reverting: 'Reverting',
  reverted: 'Reverted',
};

export function Header({ title, sub }: { title: string; sub?: string }): JSX.Element {
  return (
    <>
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <a href="/customers">Customers</a>
        <span aria-hidden="true"> / </span>
        <a href={IMPORT_URL}>Import</a>
      </nav>
      <header class="page-header">
        <div class="page-title">
          <h1 id="import-title" safe>
            {title}
          </h1>
          {sub ? (
            <p class="muted" safe>
              {sub}
            </p>
          ) : (
            ''
          )}
        </div>
      </header>
    </>
  );
}

function PastImports({ imports, reader }: { imports: ImportWithAuthor[]; reader: Reader }) {
  if (imports.length === 0) return <p class="muted">No imports yet.</p>;
  const n = (value: number) => formatNumber(value, reader);
  return (
    <div class="panel table-panel" tabindex="0" role="region" aria-labelledby="past-imports-title">
      <table class="data-table import-table" aria-labelledby="past-imports-title">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">By</th>
            <th scope="col">When</th>
            <th scope="col">Rows</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {imports.map((imp) => (
            <tr>
              <th scope="row">
                <a href={importUrl(imp.id)}>
                  <bdi safe>{imp.file_name}</bdi>
                </a>
              </th>
              <td safe>{imp.created_by_name ?? 'A former member'}</td>
              <td>
                <When at={imp.created_at} reader={reader} />
              </td>
              <td safe>{n(imp.row_count)}</td>
              <td>
                <span safe>{STATE_LABELS[imp.state]}</span>
                {imp.state === 'mapping' ? (
                  ''
                ) : (
                  <span
                    class="muted"
                    safe
                  >{`: ${n(imp.created_count)} added, ${n(imp.updated_count)} updated, ${n(imp.skipped_count)} skipped, ${n(imp.failed_count)} failed`}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Step 1: the file, and the imports before. */
export function UploadPage(props: {
  csrfToken: string;
  error?: string;
  imports: ImportWithAuthor[];
  reader: Reader;
}): JSX.Element {
  const action = `${IMPORT_URL}?${CSRF_FIELD}=${encodeURIComponent(props.csrfToken)}`;
  const mb = FILE_LIMITS.bytes / 1024 / 1024;
  return (
    <section class="import" aria-labelledby="import-title">
      <Header title="Import customers" />
      <div class="panel import-panel">
        <h2>1. Choose a CSV file</h2>
        <p class="muted">
          An export from a spreadsheet or another CRM (Google Contacts, Outlook, HubSpot, Twenty…)
          with a header row.{' '}
          <span
            safe
          >{`Up to ${mb} MB and ${formatNumber(FILE_LIMITS.rows, props.reader)} rows`}</span>
          ; commas, semicolons or tabs; UTF-8 or Windows-1252. Next you choose which column goes
          where, and nothing is imported before you start it.
        </p>
        <FormAlert message={props.error} />
        {/* The token is in the address: the CSRF check must not read a 20 MB body to find it. */}
        <form method="post" action={action} enctype="multipart/form-data" class="import-upload">
          <div class={`field${props.error ? ' field-invalid' : ''}`}>
            <label for="import-file">CSV file</label>
            <input
              id="import-file"
              type="file"
              name="file"
              accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
              required
              aria-invalid={props.error ? 'true' : undefined}
            />
          </div>
          <div class="button-row">
            <button type="submit" class="button button-primary">
              Upload and choose columns
            </button>
          </div>
        </form>
      </div>
      <h2 id="past-imports-title">Past imports</h2>
      <PastImports imports={props.imports} reader={props.reader} />
    </section>
  );
}
