// Housekeeping the server runs hourly: expired sessions and stale sign-in failures and sign-up counts go.
// Each job deletes in bounded batches, one instance at a time (deleteInBatches); none starts once
// `signal` is aborted.
import { deleteInBatches, type DB } from '../db/database.js';
import * as queries from './queries.js';
import { REGISTER_WINDOW, THROTTLE_WINDOW } from './throttle.js';

export async function purgeExpired(db: DB, now: number, signal?: AbortSignal): Promise<void> {
  await deleteInBatches(
    db,
    'purge expired sessions',
    (trx, limit) => queries.purgeExpiredSessions(trx, now, limit),
    { signal },
  );
  await deleteInBatches(
    db,
    'purge old sign-in failures',
    (trx, limit) => queries.purgeOldLoginAttempts(trx, now - THROTTLE_WINDOW, limit),
    { signal },
  );
  await deleteInBatches(
    db,
    'purge old sign-up counts',
    (trx, limit) => queries.purgeOldRegistrations(trx, now - REGISTER_WINDOW, limit),
    { signal },
  );
}
