// Every kind of background job the server runs, by name: each feature adds its handlers here.
import { importJob } from '../customers/import/job.js';
import { revertJob } from '../customers/import/revert.js';
import { IMPORT_JOB, REVERT_JOB } from '../customers/import/queries.js';
import type { DB } from '../db/database.js';
import type { JobRegistry, RunOptions } from './runner.js';
import { BULK_ACTION_JOB, bulkActionJob } from '../customers/bulk-actions/job.js';
import { BULK_UNDO_JOB, bulkUndoJob } from '../customers/bulk-actions/undo.js';
import { indexNeedsMerging, mergeAfterBatch } from '../customers/search/merging.js';

export const JOBS: JobRegistry = {
  [IMPORT_JOB]: importJob,
  [REVERT_JOB]: revertJob,
  [BULK_ACTION_JOB]: bulkActionJob,
  [BULK_UNDO_JOB]: bulkUndoJob,
};

/** How the server runs them: where Folio merges the search index (SQLite), after each batch too. */
export function jobOptions(db: DB): Partial<RunOptions> {
  return indexNeedsMerging(db) ? { afterBatch: mergeAfterBatch } : {};
}
