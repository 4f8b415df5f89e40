// Every SQL statement of an import apart from the job's: staging an upload's rows, the mapping and
// start, progress, failed rows, past imports, revert's start. Scoped to the workspace.
import type { DB } from '../../db/database.js';
import { writeOnlyTransaction, writeTransaction } from '../../db/database.js';
import type { Updateable } from 'kysely';
import type { Import, ImportTable } from '../../db/tables.js';
import { queueJob } from '../../jobs/runner.js';
import type { Actor } from '../queries.js';
import type { Mapping } from './mapping.js';
import type { ReadFile, StagedRow } from './parse.js';
import type { Policy } from './schema.js';

export const IMPORT_JOB = 'import';
export const REVERT_JOB = 'import-revert';

export type ImportWithAuthor = Import & { created_by_name: string | null };

const iso = (ms: number) => new Date(ms).toISOString();

/** A new import, before its rows are staged (state mapping, nothing read yet). */
export async function createImport(db: DB, actor: Actor, fileName: string): Promise<number> {
  const row = await writeOnlyTransaction(db, (trx) =>
    trx
      .insertInto('imports')
      .values({
        workspace_id: actor.workspaceId,
        created_by: actor.userId,
        file_name: fileName.slice(0, 200),
        encoding: '',
        separator: '',
        headers: '[]',
        row_count: 0,
        state: 'mapping',
        created_at: iso(actor.now),
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

/** Stages parsed rows: one short transaction per chunk, so no other write waits long behind an upload. */
export function stageRows(db: DB, importId: number, rows: StagedRow[]): Promise<void> {
  return writeOnlyTransaction(db, async (trx) => {
    await trx
      .insertInto('import_rows')
      .values(
        rows.map((row) => ({
          import_id: importId,
          row_number: row.rowNumber,
          cells: JSON.stringify(row.cells),
        })),
      )
      .execute();
  });
}

export async function finishUpload(db: DB, importId: number, file: ReadFile): Promise<void> {
  await writeOnlyTransaction(db, (trx) =>
    trx
      .updateTable('imports')
      .set({
        encoding: file.encoding,
        separator: file.separator,
        headers: JSON.stringify(file.headers),
        row_count: file.rows,
      })
      .where('id', '=', importId)
      .execute(),
  );
}

/** An upload that could not be read: it and its staged rows go, as if it never came. */
export async function discardImport(db: DB, importId: number): Promise<void> {
  await writeOnlyTransaction(db, async (trx) => {
    await trx.deleteFrom('import_rows').where('import_id', '=', importId).execute();
    await trx.deleteFrom('imports').where('id', '=', importId).execute();
  });
}

function withAuthor(db: DB, workspaceId: number) {
  return db
    .selectFrom('imports')
    .leftJoin('users', 'users.id', 'imports.created_by')
    .selectAll('imports')
    .select('users.name as created_by_name')
    .where('imports.workspace_id', '=', workspaceId);
}

export function getImport(
  db: DB,
  workspaceId: number,
  id: number,
): Promise<ImportWithAuthor | undefined> {
  return withAuthor(db, workspaceId).where('imports.id', '=', id).executeTakeFirst();
}

/** The workspace's imports, newest first (read ones only: an upload still being read is left out). */
export function listImports(db: DB, workspaceId: number, limit = 20): Promise<ImportWithAuthor[]> {
  return withAuthor(db, workspaceId)
    .where('imports.row_count', '>', 0)
    .orderBy('imports.id', 'desc')
    .limit(limit)
    .execute();
}

/** The first rows of the file, as staged, for the preview. */
export async function firstRows(db: DB, importId: number, limit = 5): Promise<StagedRow[]> {
  const rows = await db
    .selectFrom('import_rows')
    .select(['row_number', 'cells'])
    .where('import_id', '=', importId)
    .orderBy('row_number')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    rowNumber: row.row_number,
    cells: JSON.parse(row.cells) as string[],
  }));
}

/** The next staged rows after a position, in file order. */
export function nextRows(trx: DB, importId: number, after: number, limit: number) {
  return trx
    .selectFrom('import_rows')
    .select(['row_number', 'cells', 'outcome', 'customer_id', 'before', 'version_after'])
    .where('import_id', '=', importId)
    .where('row_number', '>', after)
    .orderBy('row_number')
    .limit(limit)
    .execute();
}

const BUSY_STATES = ['running', 'reverting'] as const;

/** Another import or revert of the workspace under way: one at a time, so their writes never interleave. */
function busyElsewhere(trx: DB, workspaceId: number, id: number) {
  return trx
    .selectFrom('imports')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('state', 'in', BUSY_STATES)
    .where('id', '!=', id)
    .executeTakeFirst();
}

export type QueueOutcome = 'started' | 'busy' | 'not-ready';

/**
 * Queues a job for an import that is in the state the job starts from (`not-ready` otherwise), unless
 * another import or revert of the workspace is under way (`busy`), and writes `changes` with the job's id.
 */
function queueFor(
  db: DB,
  actor: Actor,
  id: number,
  job: { from: Import['state']; kind: string; changes: (jobId: number) => Updateable<ImportTable> },
): Promise<QueueOutcome> {
  return writeTransaction(db, async (trx) => {
    const found = await trx
      .selectFrom('imports')
      .select('state')
      .where('id', '=', id)
      .where('workspace_id', '=', actor.workspaceId)
      .executeTakeFirst();
    if (found?.state !== job.from) return 'not-ready';
    if (await busyElsewhere(trx, actor.workspaceId, id)) return 'busy';
    const jobId = await queueJob(trx, {
      workspaceId: actor.workspaceId,
      kind: job.kind,
      payload: { importId: id, actorId: actor.userId },
      now: actor.now,
    });
    await trx.updateTable('imports').set(job.changes(jobId)).where('id', '=', id).execute();
    return 'started';
  });
}

/** Saves the mapping and policy of an import waiting for them and queues its job. */
export function startImport(
  db: DB,
  actor: Actor,
  id: number,
  mapping: Mapping,
  policy: Policy,
): Promise<QueueOutcome> {
  return queueFor(db, actor, id, {
    from: 'mapping',
    kind: IMPORT_JOB,
    changes: (jobId) => ({
      mapping: JSON.stringify(mapping),
      policy,
      state: 'running',
      job_id: jobId,
      started_at: iso(actor.now),
    }),
  });
}

/** Queues the revert of a finished import. */
export function startRevert(db: DB, actor: Actor, id: number): Promise<QueueOutcome> {
  return queueFor(db, actor, id, {
    from: 'done',
    kind: REVERT_JOB,
    changes: (jobId) => ({ state: 'reverting', job_id: jobId, reverted_by: actor.userId }),
  });
}

export interface ProblemRow {
  rowNumber: number;
  cells: string[];
  outcome: string;
  problems: { field: string; message: string }[];
}

/** Rows with an outcome (failed, skipped...) in file order, after a row number, a page at a time. */
export async function rowsWithOutcome(
  db: DB,
  importId: number,
  outcome: string,
  { after = 0, limit = 100 }: { after?: number; limit?: number } = {},
): Promise<ProblemRow[]> {
  const rows = await db
    .selectFrom('import_rows')
    .select(['row_number', 'cells', 'outcome', 'problems'])
    .where('import_id', '=', importId)
    .where('outcome', '=', outcome)
    .where('row_number', '>', after)
    .orderBy('row_number')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    rowNumber: row.row_number,
    cells: JSON.parse(row.cells) as string[],
    outcome: row.outcome ?? '',
    problems: row.problems ? (JSON.parse(row.problems) as ProblemRow['problems']) : [],
  }));
}

/** Customers a revert left alone because they were edited after the import. */
export function keptByRevert(db: DB, importId: number, limit = 100) {
  return db
    .selectFrom('import_rows')
    .innerJoin('customers', 'customers.id', 'import_rows.customer_id')
    .select([
      'import_rows.row_number',
      'import_rows.outcome',
      'customers.id',
      'customers.first_name',
      'customers.last_name',
    ])
    .where('import_rows.import_id', '=', importId)
    .where('import_rows.revert_outcome', '=', 'kept')
    .orderBy('import_rows.row_number')
    .limit(limit)
    .execute();
}
