// Housekeeping the server runs hourly: expired sessions and stale sign-in failures and sign-up counts go.
import type { DB } from '../db/database.js';
import * as queries from './queries.js';
import { REGISTER_WINDOW, THROTTLE_WINDOW } from './throttle.js';

export async function purgeExpired(db: DB, now: number): Promise<void> {
  await queries.purgeExpiredSessions(db, now);
  await queries.purgeOldLoginAttempts(db, now - THROTTLE_WINDOW);
  await queries.purgeOldRegistrations(db, now - REGISTER_WINDOW);
}
