// A bulk action past SYNC_LIMIT customers, run by the job runner (src/jobs/) batch by batch.
import type { JobHandler } from '../../jobs/runner.js';
import { BULK_ACTION_JOB, applyBatch, finish, nextIds } from './queries.js';

export { BULK_ACTION_JOB };

/**
 * An action past SYNC_LIMIT customers, run by the job runner (src/jobs/): each batch in the runner's
 * write transaction, which also saves the job's position; the action keeps its own cursor and counts
 * in the same transaction. A job the runner gives up on marks the action failed: what ran stays, and
 * Undo covers it (an erase, deleting forever, has no Undo).
 */
export const bulkActionJob: JobHandler<{ actionId: number }, { cursor: number }> = {
  async batch(trx, job, limit) {
    const now = Date.now();
    const action = await trx
      .selectFrom('bulk_actions')
      .selectAll()
      .where('id', '=', job.payload.actionId)
      .executeTakeFirstOrThrow();
    if (action.status !== 'running') return { position: { cursor: action.cursor }, done: true };
    const ids = await nextIds(trx, action, limit, now);
    if (ids.length === 0) {
      await finish(trx, action.id, 'done', null, now);
      return { position: { cursor: action.cursor }, done: true };
    }
    await applyBatch(trx, action, ids, now);
    return { position: { cursor: Math.max(...ids) }, done: false };
  },
  async failed(db, job, message) {
    await finish(db, job.payload.actionId, 'failed', message.slice(0, 500), Date.now());
  },
};
