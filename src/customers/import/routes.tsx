// /customers/import: upload (streamed), mapping with preview, start, progress and result, failed rows
// as CSV, revert. Each import is the workspace's; another workspace's id is a 404.
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { stringify } from 'csv-stringify';
import type { AppEnv } from '../../http/env.js';
import { isHtmx } from '../../http/env.js';
import { setFlash } from '../../http/flash.js';
import { readForm } from '../../http/forms.js';
import { actorOf, idParam, signedInUser } from '../../http/params.js';
import { readerOf, renderFragment, renderPage } from '../../http/render.js';
import { neutralised, unneutralised } from '../export/csv.js';
import { checkCells } from './check.js';
import { guessMapping, mappingProblem, type Mapping } from './mapping.js';
import { BadFile, readCsvUpload } from './parse.js';
import * as queries from './queries.js';
import { mappingOf, policyOf, type Policy } from './schema.js';
import { receiveUpload } from './upload.js';
import { ImportPreview, MappingPage, type MappingView } from './mapping-views.js';
import { ImportStatus, StatusPage } from './status-views.js';
import { UploadPage, importUrl } from './views.js';

/** Mounted inside the members-only customer routes. */
export const importRoutes = new Hono<AppEnv>();

type Ctx = Context<AppEnv>;
const ID = ':id{[0-9]{1,15}}';

async function showUpload(c: Ctx, error?: string, status: 200 | 413 | 422 = 200) {
  const imports = await queries.listImports(c.get('deps').db, signedInUser(c).workspaceId);
  const page = (
    <UploadPage {...{ error, imports, csrfToken: c.get('csrfToken'), reader: readerOf(c) }} />
  );
  return renderPage(c, 'Import customers', page, status);
}

async function importOf(c: Ctx) {
  const imp = await queries.getImport(c.get('deps').db, signedInUser(c).workspaceId, idParam(c));
  if (!imp) throw new HTTPException(404);
  return imp;
}

type Found = Awaited<ReturnType<typeof importOf>>;

/** The mapping page's data: the chosen (or guessed) mapping and its preview of the first rows. */
async function mappingView(
  c: Ctx,
  imp: Found,
  chosen: { mapping?: Mapping | undefined; policy?: Policy | undefined; error?: string },
): Promise<MappingView> {
  const headers = JSON.parse(imp.headers) as string[];
  const mapping = chosen.mapping ?? guessMapping(headers);
  const rows = await queries.firstRows(c.get('deps').db, imp.id);
  // Checked as the import will check them (a ragged row included).
  const preview = rows.map((row) => {
    const { values, problems = [], mapped } = checkCells(row.cells, headers, mapping);
    return {
      rowNumber: row.rowNumber,
      record: values ? { ...mapped, values } : mapped,
      problems: problems.map((problem) => problem.message),
    };
  });
  return {
    imp,
    headers,
    mapping,
    policy: chosen.policy ?? 'skip',
    preview,
    samples: rows[0]?.cells ?? [],
    error: chosen.error,
    csrfToken: c.get('csrfToken'),
    reader: readerOf(c),
  };
}

async function showStatus(c: Ctx, imp: Found) {
  const { db } = c.get('deps');
  const user = signedInUser(c);
  const view = {
    imp,
    failed: await queries.rowsWithOutcome(db, imp.id, 'failed'),
    skipped: await queries.rowsWithOutcome(db, imp.id, 'skipped'),
    kept: imp.revert_kept > 0 ? await queries.keptByRevert(db, imp.id) : [],
    mayRevert: user.role === 'owner' || imp.created_by === user.id,
    csrfToken: c.get('csrfToken'),
    reader: readerOf(c),
  };
  if (isHtmx(c)) return renderFragment(c, <ImportStatus view={view} />);
  return renderPage(c, `Import of ${imp.file_name}`, <StatusPage view={view} />);
}

importRoutes.get('/import', (c) => showUpload(c));

importRoutes.post('/import', async (c) => {
  const { db } = c.get('deps');
  const actor = actorOf(c, signedInUser(c));
  let importId: number | undefined;
  try {
    const upload = await receiveUpload(c.req.raw);
    const id = (importId = await queries.createImport(db, actor, upload.fileName));
    const file = await readCsvUpload(upload.bytes, (rows) => queries.stageRows(db, id, rows));
    await queries.finishUpload(db, id, file);
    return c.redirect(importUrl(id), 303);
  } catch (error) {
    if (importId !== undefined) await queries.discardImport(db, importId);
    if (error instanceof BadFile) return showUpload(c, error.message, 422);
    throw error;
  }
});

importRoutes.get(`/import/${ID}`, async (c) => {
  const imp = await importOf(c);
  if (imp.state !== 'mapping') return showStatus(c, imp);
  const query = c.req.query();
  const headers = (JSON.parse(imp.headers) as string[]).length;
  // The preview of a mapping being chosen (htmx on each change, or the Update the preview button).
  const chosen =
    'col0' in query ? { mapping: mappingOf(query, headers), policy: policyOf(query) } : {};
  const view = await mappingView(c, imp, chosen);
  if (isHtmx(c)) return renderFragment(c, <ImportPreview view={view} />);
  return renderPage(c, `Import ${imp.file_name}`, <MappingPage view={view} />);
});

importRoutes.post(`/import/${ID}`, async (c) => {
  const imp = await importOf(c);
  const form = await readForm(c);
  const mapping = mappingOf(form, (JSON.parse(imp.headers) as string[]).length);
  const policy = policyOf(form);
  const problem =
    !mapping || !policy
      ? 'Choose where each column goes and what a duplicate means.'
      : mappingProblem(mapping);
  const again = async (error: string, status: 409 | 422) =>
    renderPage(
      c,
      `Import ${imp.file_name}`,
      <MappingPage view={await mappingView(c, imp, { mapping, policy, error })} />,
      status,
    );
  if (problem) return again(problem, 422);
  const outcome = await queries.startImport(
    c.get('deps').db,
    actorOf(c, signedInUser(c)),
    imp.id,
    mapping!,
    policy!,
  );
  if (outcome === 'busy')
    return again(
      'Another import or revert is running in this workspace. Start this one when it has finished.',
      409,
    );
  if (outcome === 'started')
    setFlash(c, { kind: 'success', text: 'Import started. It goes on if you leave this page.' });
  return c.redirect(importUrl(imp.id), 303);
});

importRoutes.post(`/import/${ID}/revert`, async (c) => {
  const imp = await importOf(c);
  const user = signedInUser(c);
  if (user.role !== 'owner' && imp.created_by !== user.id)
    throw new HTTPException(403, { message: 'Only an owner can revert someone else’s import.' });
  const outcome = await queries.startRevert(c.get('deps').db, actorOf(c, user), imp.id);
  if (outcome === 'busy')
    setFlash(c, {
      kind: 'error',
      text: 'Another import or revert is running in this workspace. Try again when it has finished.',
    });
  else if (outcome === 'started') setFlash(c, { kind: 'success', text: 'Reverting the import.' });
  return c.redirect(importUrl(imp.id), 303);
});

/** The rows that failed, as the file had them plus an error column, to fix and import again. */
importRoutes.get(`/import/${ID}/failed.csv`, async (c) => {
  const imp = await importOf(c);
  const { db } = c.get('deps');
  const headers = JSON.parse(imp.headers) as string[];
  const records = Readable.from(
    (async function* () {
      for (let after = 0; ;) {
        const rows = await queries.rowsWithOutcome(db, imp.id, 'failed', { after, limit: 500 });
        for (const row of rows) {
          const error = row.problems
            .map((p) => (p.field ? `${p.field}: ${p.message}` : p.message))
            .join(' ');
          // Each cell as the importer read it, neutralised again: the file imports as this one did.
          const cells = headers.map((_, i) => neutralised(unneutralised(row.cells[i] ?? '')));
          yield [...cells, neutralised(error)];
        }
        if (rows.length < 500) return;
        after = rows.at(-1)!.rowNumber;
      }
    })(),
  );
  const csv = records.pipe(
    stringify({
      bom: true,
      header: true,
      // The header row is the file's too, so it is neutralised like any cell.
      columns: [...headers, 'error'].map(neutralised),
      record_delimiter: 'windows',
    }),
  );
  records.on('error', (error) => csv.destroy(error));
  const name =
    imp.file_name
      .replace(/\.[a-z]+$/i, '')
      .replace(/[^\w.-]+/g, '-')
      .slice(0, 60) || 'import';
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${name}-failed-rows.csv"`);
  return c.body(Readable.toWeb(csv) as ReadableStream);
});
