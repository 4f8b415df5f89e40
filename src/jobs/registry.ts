// Every kind of background job the server runs, by name: each feature adds its handlers here.
import { importJob } from '../customers/import/job.js';
import { revertJob } from '../customers/import/revert.js';
import { IMPORT_JOB, REVERT_JOB } from '../customers/import/queries.js';
import type { JobRegistry } from './runner.js';
import { BULK_ACTION_JOB, bulkActionJob } from '../customers/bulk-actions/job.js';
import { BULK_UNDO_JOB, bulkUndoJob } from '../customers/bulk-actions/undo.js';

export const JOBS: JobRegistry = {
  [IMPORT_JOB]: importJob,
  [REVERT_JOB]: revertJob,
  [BULK_ACTION_JOB]: bulkActionJob,
  [BULK_UNDO_JOB]: bulkUndoJob,
};
