// GET /customers/export.csv: the list the person is looking at (search, filter and sort), every row, streamed.
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { signedInUser } from '../../http/params.js';
import { readerOf } from '../../http/render.js';
import { HTTPException } from 'hono/http-exception';
import { BadListQuery, parseListQuery } from '../listing.js';
import { EXPORT_COLUMNS, exportFileName, exportRecord } from './csv.js';
import { exportedCustomers } from './queries.js';

/** Mounted inside the members-only customer routes. */
export const exportRoutes = new Hono<AppEnv>();

/** The reader's date, as a file name carries it (YYYY-MM-DD in their time zone). */
function dateOf(now: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(now);
}

exportRoutes.get('/export.csv', (c) => {
  const user = signedInUser(c);
  const { q, sort, dir, state, city, added_after, added_before } = c.req.query();
  // Only the search, filter and sort count: an export is the whole list, not the page a cursor points at.
  const filter = { state, city, added_after, added_before };
  let query;
  try {
    query = parseListQuery({ q, sort, dir, ...filter }, readerOf(c).timeZone);
  } catch (error) {
    if (error instanceof BadListQuery) throw new HTTPException(400, { message: error.message });
    throw error;
  }
  const chunks = exportedCustomers(c.var.deps.db, user.workspaceId, query);
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
  const name = exportFileName(user.workspaceName, dateOf(reader.now, reader.timeZone));
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${name}"`);
  return c.body(Readable.toWeb(csv) as ReadableStream);
});
