// Background jobs on a thread of their own, for a server that is one process (server.ts). On SQLite a
// job's batch runs synchronously for up to its 50 ms budget: run beside the requests, it held the
// thread answering them, and a first page asked for during a batch waited for it. On this thread it
// holds only the write lock; reads go on (WAL), and a write waits for the lock as it would for
// another process's (sqlite-waiting.ts). Jobs reach the runner through the database, as from any
// instance, so nothing else crosses between the threads: "stop" in, the thread's exit out.
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { createLogger, type Logger } from '../logger.js';
import { JOBS, jobOptions } from './registry.js';
import { startJobRunner } from './runner.js';

/** Tells this module, loaded as a thread's entry, to run the jobs (and nothing else that loads it). */
const ENTRY = 'folio-job-thread';
/** How long after an unexpected end the thread is started again. */
const RESTART_MS = 1000;

/**
 * A thread whose entry is this same file: thread.js as built, or thread.ts run from the source (tests
 * start the server through tsx, whose loader a thread does not inherit: it registers it first).
 */
function threadOfThisFile(): Worker {
  const file = import.meta.url;
  if (!file.endsWith('.ts')) return new Worker(new URL(file), { workerData: ENTRY });
  const entry = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(file)}); });`;
  return new Worker(entry, { eval: true, workerData: ENTRY });
}

/** Starts the thread; stop() ends it once its batch in progress is committed and the lease handed back. */
export function startJobThread(logger: Logger): { stop(): Promise<void> } {
  let stopping = false;
  let exited: Promise<void> = Promise.resolve();
  let worker: Worker | undefined;
  const start = () => {
    if (stopping) return;
    const thread = threadOfThisFile();
    worker = thread;
    exited = new Promise((resolve) => thread.once('exit', () => resolve()));
    thread.on('error', (error) =>
      logger.warn('background job thread failed', { error: String(error) }),
    );
    thread.once('exit', (code) => {
      worker = undefined;
      if (stopping) return;
      logger.warn('background job thread ended; starting it again', { code });
      setTimeout(start, RESTART_MS).unref();
    });
  };
  start();
  return {
    stop() {
      stopping = true;
      worker?.postMessage('stop');
      return exited;
    },
  };
}

/** The thread's side: its own connection (the process's first one checkpoints), the runner, "stop". */
function runJobs(port: NonNullable<typeof parentPort>): void {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = openDatabase(config.database, {
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

if (parentPort && workerData === ENTRY) runJobs(parentPort);
