// Background jobs on a thread of their own, for a server that is one process (server.ts). On SQLite a
// job's batch runs synchronously for up to its 50 ms budget: run beside the requests, it held the
// thread answering them, and a first page asked for during a batch waited for it. On this thread it
// holds only the write lock; reads go on (WAL), and a write takes turns with the job's
// (db/write-turns.ts). Jobs reach the runner through the database, as from any instance; besides the
// server's database settings at the start, only "stop" goes in and the thread's exit comes out. The
// thread lives only while jobs are waiting: the server looks for one once a second.
import { parentPort, workerData, type Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import { openDatabase, type DB } from '../db/database.js';
import { jobThreadEnded, useWriteTurns, writeTurnsBuffer } from '../db/write-turns.js';
import { createLogger, type Logger } from '../logger.js';
import { JOBS, jobOptions } from './registry.js';
import { moduleThread, setThisThreadsNiceness } from './module-thread.js';
import { jobsWaiting, startJobRunner } from './runner.js';

/** Tells this module, loaded as a thread's entry, to run the jobs (and nothing else that loads it). */
const ENTRY = 'folio-job-thread';

/** What the thread is given: the server's own database settings and log level (plain data). */
type ThreadConfig = Pick<Config, 'database' | 'logLevel'>;

export interface JobThreadOptions {
  /** How often the server looks for a job waiting (a plain read of the queued jobs' index). */
  lookEveryMs?: number;
  /** How long the thread is kept once no job is queued: it costs the process 10-13 MB while it lives. */
  idleMs?: number;
  now?: () => number;
  /** Makes the thread (tests give one that fails); this file as a thread by default. */
  spawn?: (config: ThreadConfig) => Worker;
}

/** The longest wait before a thread that failed is started again. */
const MOST_BACK_OFF_MS = 5 * 60_000;

export interface JobThread {
  /** Whether the thread is there now. */
  readonly running: boolean;
  stop(): Promise<void>;
}

/**
 * Starts the thread when a job is waiting to be claimed, and ends it once none has been queued for
 * `idleMs`; stop() ends it for good, once its batch in progress is committed and its lease handed back.
 * A thread that fails (a broken build, a module that throws) is started again after a wait that
 * doubles with each failure in a row, up to MOST_BACK_OFF_MS, not once a second for ever.
 */
export function startJobThread(
  db: DB,
  config: ThreadConfig,
  logger: Logger,
  options: JobThreadOptions = {},
): JobThread {
  const { lookEveryMs = 1000, idleMs = 30_000, now = Date.now, spawn = threadOfThisFile } = options;
  let stopping = false;
  let thread: { worker: Worker; exited: Promise<void> } | undefined;
  let idleFor = 0;
  const restarts = backOff(lookEveryMs, now);
  const start = () => {
    const worker = spawned(spawn, config, logger, restarts);
    if (!worker) return;
    // Ended by stop(), when idle, or by a failure: a job still waiting starts a new one at a later look.
    const exited = new Promise<void>((resolve) =>
      worker.once('exit', (code) => {
        if (thread?.worker === worker) thread = undefined;
        jobThreadEnded();
        if (code === 0 || stopping) restarts.succeeded();
        else logger.warn('background job thread ended', { code, ...restarts.failed() });
        resolve();
      }),
    );
    thread = { worker, exited };
  };
  const end = () => {
    const ending = thread;
    ending?.worker.postMessage('stop');
    return ending?.exited ?? Promise.resolve();
  };
  const look = async () => {
    try {
      const waiting = await jobsWaiting(db, now());
      if (stopping) return;
      idleFor = waiting.queued ? 0 : idleFor + lookEveryMs;
      if (waiting.claimable && !thread && restarts.allowed()) start();
      else if (thread && idleFor >= idleMs) await end();
    } catch (error) {
      // The database out of reach for a moment: the next look tries again.
      logger.warn('could not look for background jobs', { error: String(error) });
    }
  };
  let looking = look();
  const timer = setInterval(() => {
    looking = looking.then(look);
  }, lookEveryMs);
  timer.unref();
  return {
    get running() {
      return thread !== undefined;
    },
    async stop() {
      stopping = true;
      clearInterval(timer);
      await looking;
      await end();
    },
  };
}

/** The thread, its failures told to the log; undefined when it could not be made (a failure too). */
function spawned(
  spawn: (config: ThreadConfig) => Worker,
  config: ThreadConfig,
  logger: Logger,
  restarts: ReturnType<typeof backOff>,
): Worker | undefined {
  try {
    const worker = spawn(config);
    restarts.started();
    worker.on('error', (error) =>
      logger.warn('background job thread failed', { error: String(error) }),
    );
    return worker;
  } catch (error) {
    const retry = restarts.failed();
    logger.warn('could not start the background job thread', { error: String(error), ...retry });
    return undefined;
  }
}

/**
 * When a thread may be started again: at once, or after a wait that doubles with each failure in a
 * row. A thread that ran for MOST_BACK_OFF_MS or more before it failed starts the count again.
 */
export function backOff(firstMs: number, now: () => number) {
  let failures = 0;
  let notBefore = 0;
  let startedAt: number | undefined;
  return {
    allowed: () => now() >= notBefore,
    started() {
      startedAt = now();
    },
    succeeded() {
      failures = 0;
    },
    failed() {
      // Only a thread that was made and ran can have run long (one never made has not).
      if (startedAt !== undefined && now() - startedAt >= MOST_BACK_OFF_MS) failures = 0;
      startedAt = undefined;
      failures += 1;
      const retryInMs = Math.min(firstMs * 2 ** failures, MOST_BACK_OFF_MS);
      notBefore = now() + retryInMs;
      return { failures, retryInMs };
    },
  };
}

/** The job thread: this same file, started as a thread (module-thread.ts). */
function threadOfThisFile({ database, logLevel }: ThreadConfig): Worker {
  return moduleThread(import.meta.url, {
    entry: ENTRY,
    database,
    logLevel,
    turns: writeTurnsBuffer(),
  });
}

/**
 * How much nicer than the server the job thread is (niceness runs from -20 to 19, the lowest
 * priority; a server started plainly is at 0). A job has no one waiting on each batch; a
 * request has someone waiting. Running back to back, the batches took a core, and the thread that
 * answers requests shared the other with the checkpointer and the clients: a first page's p99 during
 * an import was up to 2.1 times its idle figure. At a lower priority the kernel runs the request
 * thread first whenever both want a core, and the job thread takes whatever is left.
 */
export const JOB_THREAD_NICENESS = 10;

/** The job thread's niceness for a server at `server`: JOB_THREAD_NICENESS lower, at most 19. */
export const jobThreadNiceness = (server: number) => Math.min(19, server + JOB_THREAD_NICENESS);

/** Lowers the job thread's priority below the server's (module-thread.ts). */
function lowerThisThreadsPriority(logger: Logger): void {
  try {
    setThisThreadsNiceness(jobThreadNiceness);
  } catch (error) {
    // Refused by the system (a sandbox): the jobs run as before, at the server's priority.
    logger.warn('could not lower the job thread priority', { error: String(error) });
  }
}

/** The thread's side: its own connection (the process's first one checkpoints), the runner, "stop". */
function runJobs(port: NonNullable<typeof parentPort>, config: ThreadConfig): void {
  const logger = createLogger(config.logLevel);
  lowerThisThreadsPriority(logger);
  // One connection is enough for the runner (PostgreSQL: not a second pool of DATABASE_POOL_MAX).
  const database =
    config.database.dialect === 'postgres' ? { ...config.database, poolMax: 1 } : config.database;
  const db = openDatabase(database, {
    checkpoints: false,
    onPoolError: (error) => logger.warn('database connection lost', { error: error.message }),
  });
  const jobs = startJobRunner(db, JOBS, logger, jobOptions(db));
  port.once('message', () => {
    void jobs
      .stop()
      .then(() => db.destroy())
      .finally(() => port.close());
  });
}

const given = workerData as (ThreadConfig & { entry?: string; turns?: SharedArrayBuffer }) | null;
if (parentPort && given?.entry === ENTRY) {
  // The request thread's writers, whom the batches give way to.
  if (given.turns) useWriteTurns(given.turns);
  runJobs(parentPort, given);
}
