// The server's hourly housekeeping (and once at start): expired sessions, stale sign-in failures and
// sign-up counts, customers deleted over 30 days ago, and the search index merged after the saves
// (customers/search/merging.ts). Stopping it ends the schedule and waits for the
// batch in progress, so the database is closed only after its last statement (each job deletes in
// short batches: deleteInBatches).
import type { DB } from './db/database.js';
import type { Logger } from './logger.js';
import { purgeExpired } from './auth/maintenance.js';
import { purgeDeletedCustomers } from './customers/trash/queries.js';
import { mergeSearchIndex } from './customers/search/merging.js';

const HOUR = 60 * 60 * 1000;

export interface Housekeeping {
  /** No run starts after this; resolves once the run in progress (if any) has finished its batch. */
  stop(): Promise<void>;
}

export function startHousekeeping(
  db: DB,
  logger: Logger,
  { every = HOUR, now = () => Date.now() }: { every?: number; now?: () => number } = {},
): Housekeeping {
  const stopping = new AbortController();
  let running: Promise<void> | undefined;
  const purge = async () => {
    try {
      await purgeExpired(db, now(), stopping.signal);
      const purged = await purgeDeletedCustomers(db, now(), stopping.signal);
      if (purged > 0) logger.info('purged deleted customers', { count: purged });
      const steps = await mergeSearchIndex(db, stopping.signal);
      if (steps > 0) logger.info('merged the search index', { steps });
    } catch (error) {
      logger.warn('housekeeping failed', { error: String(error) });
    }
  };
  // A run that outlasts the hour is not doubled: the next one waits for the next hour.
  const run = () => {
    running ??= purge().finally(() => (running = undefined));
  };
  const timer = setInterval(run, every);
  timer.unref();
  run();
  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= (async () => {
        clearInterval(timer);
        stopping.abort();
        await running;
      })();
      return stopped;
    },
  };
}
