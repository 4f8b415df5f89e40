// Every kind of background job the server runs, by name: each feature adds its handlers here.
import { importJob } from '../customers/import/job.js';
import { revertJob } from '../customers/import/revert.js';
import { IMPORT_JOB, REVERT_JOB } from '../customers/import/queries.js';
import { SqliteAdapter } from 'kysely';
import type { DB } from '../db/database.js';
import type { JobRegistry, RunOptions } from './runner.js';
import { BULK_ACTION_JOB, bulkActionJob } from '../customers/bulk-actions/job.js';
import { BULK_UNDO_JOB, bulkUndoJob } from '../customers/bulk-actions/undo.js';
import { mergeAfterBatch } from '../customers/search/merging.js';

export const JOBS: JobRegistry = {
  [IMPORT_JOB]: importJob,
  [REVERT_JOB]: revertJob,
  [BULK_ACTION_JOB]: bulkActionJob,
  [BULK_UNDO_JOB]: bulkUndoJob,
};

/** How the server runs them: on SQLite, each batch is followed by merging the search index it added to. */
export function jobOptions(db: DB): Partial<RunOptions> {
  return db.getExecutor().adapter instanceof SqliteAdapter ? { afterBatch: mergeAfterBatch } : {};
}
