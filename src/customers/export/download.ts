// A CSV download of customers, as the table's Export and the bulk bar's Export both answer it: streamed
// chunk by chunk through csv-stringify, with a byte-order mark, neutralised cells and Folio's header row.
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { signedInUser } from '../../http/params.js';
import { readerOf } from '../../http/render.js';
import { EXPORT_COLUMNS, exportFileName, exportRecord, type ExportedCustomer } from './csv.js';

/** The reader's date, as a file name carries it (YYYY-MM-DD in their time zone). */
function dateOf(now: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(now);
}

/** The response: an attachment named after the workspace and the reader's date. */
export function csvDownload(
  c: Context<AppEnv>,
  chunks: AsyncIterable<ExportedCustomer[]>,
): Response {
  const records = Readable.from(
    (async function* () {
      for await (const chunk of chunks) for (const customer of chunk) yield exportRecord(customer);
    })(),
  );
  // A byte-order mark so Excel reads the file as UTF-8 (accents intact); CRLF as RFC 4180 says.
  const csv = records.pipe(
    stringify({
      bom: true,
      header: true,
      columns: EXPORT_COLUMNS.map(({ header }) => header),
      record_delimiter: 'windows',
    }),
  );
  records.on('error', (error) => csv.destroy(error));
  const reader = readerOf(c);
  const name = exportFileName(signedInUser(c).workspaceName, dateOf(reader.now, reader.timeZone));
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${name}"`);
  return c.body(Readable.toWeb(csv) as ReadableStream);
}
