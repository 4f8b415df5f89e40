// Keeping SQLite's full-text index merged in bounded steps (migrations/0020 turned off FTS5's own
// merging, which ran inside whichever write filled a level: 25-60 ms in every 16th import batch).
// After each batch a job merges about as much as the batch wrote, in a short transaction of its own
// (the runner's afterBatch); housekeeping merges what the saves left, a short transaction at a time.
// PostgreSQL's B-tree of terms needs none of this (its search has no mergeIndex).
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { writeTransaction, type DB } from '../../db/database.js';
import { customerSearch } from './index.js';

/** Pages merged per row a batch wrote: at 0.5, 90,000 rows imported in batches of 60 left the index as compact as FTS5's own merging did. */
const PAGES_PER_ROW = 0.5;
/** Pages merged per housekeeping step: a few milliseconds of holding the write lock. */
const PAGES_PER_STEP = 64;

/** Whether Folio merges this database's search index (SQLite's FTS5), so jobs merge after their batches. */
export function indexNeedsMerging(db: DB): boolean {
  return customerSearch(db).mergeIndex !== undefined;
}

/** The job runner's afterBatch: merges about as much of the search index as a batch of `rows` rows added. */
export async function mergeAfterBatch(trx: DB, rows: number): Promise<void> {
  await customerSearch(trx).mergeIndex?.(trx, Math.max(8, Math.ceil(rows * PAGES_PER_ROW)));
}

/** Merges the search index in short transactions until there is nothing left to merge (or `signal` aborts); returns the steps that did work. */
export async function mergeSearchIndex(db: DB, signal?: AbortSignal): Promise<number> {
  const { mergeIndex } = customerSearch(db);
  let steps = 0;
  while (mergeIndex && !signal?.aborted) {
    const merged = await writeTransaction(db, (trx) => mergeIndex(trx, PAGES_PER_STEP));
    if (!merged) break;
    steps += 1;
    // Requests waiting for the connection go first.
    await yieldToRequests();
  }
  return steps;
}
