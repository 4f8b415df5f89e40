// An import's staged rows checked on a thread of their own (check.ts's checkRow), so the job's thread
// writes one batch while the rows of the next are checked (read-ahead.ts): a batch holds its thread
// for its writes (on SQLite the whole batch is synchronous), and checking the rows took a seventh of
// that thread's time in an import of 100,000 rows (docs/performance.md, "Importing, fifteenth round").
//
// checkRows answers with the rows checked, in order, or fails as checking them here would (a row that
// cannot be checked). Where the checker cannot run (it failed to start, or it ended with rows still to
// check) the rows are checked on the calling thread. The checker is made when first needed, ends once
// idle, and keeps a process alive only while it has rows to answer.
import { isMainThread, parentPort, workerData, type Worker } from 'node:worker_threads';
import { moduleThread, setThisThreadsNiceness } from '../../jobs/module-thread.js';
import { checkEach, type CheckedRow, type StoredRow } from './check.js';
import type { Mapping } from './mapping.js';

interface Request {
  id: number;
  rows: StoredRow[];
  headers: string[];
  mapping: Mapping;
}

type Reply = { id: number; checked: CheckedRow[] } | { id: number; error: string };

const ENTRY = 'folio-import-checker';

/**
 * The checker's niceness, the lowest priority there is: below the thread running the jobs, so a batch
 * holding the write lock gets a core before it (and a request before both: jobs/thread.ts).
 */
const CHECKER_NICENESS = 19;

/** How long the checker is kept with nothing to check: an import's batches follow each other closely. */
const IDLE_MS = 10_000;
/** How long after a failure the rows are checked on the calling thread before the checker is tried again. */
const RETRY_AFTER_MS = 60_000;

const check = ({ rows, headers, mapping }: Omit<Request, 'id'>): CheckedRow[] =>
  checkEach(rows, headers, mapping);

type Waiting = {
  request: Request;
  resolve: (rows: CheckedRow[]) => void;
  reject: (error: unknown) => void;
};

interface Checker {
  worker: Worker;
  waiting: Map<number, Waiting>;
  idle?: NodeJS.Timeout;
  /** Ended on purpose (idle, or stopped), not by a failure. */
  endedOnPurpose?: boolean;
}

let checker: Checker | undefined;
let lastRequest = 0;
let failedAt = -Infinity;
let answeredByChecker = 0;

/** The rows checked, in order: on the checker thread when it runs, else here. */
export function checkRows(
  rows: StoredRow[],
  headers: string[],
  mapping: Mapping,
): Promise<CheckedRow[]> {
  const running = rows.length > 0 ? runningChecker() : undefined;
  if (!running) return checkedHere({ rows, headers, mapping });
  clearTimeout(running.idle);
  // Rows to answer keep the process alive; an idle checker does not.
  running.worker.ref();
  const request = { id: (lastRequest += 1), rows, headers, mapping };
  return new Promise((resolve, reject) => {
    running.waiting.set(request.id, { request, resolve, reject });
    running.worker.postMessage(request);
  });
}

/** Checked on this thread; a row that cannot be checked rejects, as on the checker. */
function checkedHere(request: Omit<Request, 'id'>): Promise<CheckedRow[]> {
  try {
    return Promise.resolve(check(request));
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

function runningChecker(): Checker | undefined {
  if (checker || performance.now() - failedAt < RETRY_AFTER_MS) return checker;
  let worker: Worker;
  try {
    worker = moduleThread(import.meta.url, { entry: ENTRY });
  } catch {
    failedAt = performance.now();
    return undefined;
  }
  worker.unref();
  const started: Checker = { worker, waiting: new Map() };
  worker.on('message', (reply: Reply) => {
    const waiting = started.waiting.get(reply.id);
    if (!waiting) return;
    started.waiting.delete(reply.id);
    // A row check.ts could not check fails the batch's preparation, as it would have here.
    if ('checked' in reply) {
      answeredByChecker += reply.checked.length;
      waiting.resolve(reply.checked);
    } else waiting.reject(new Error(reply.error));
    if (started.waiting.size === 0) {
      worker.unref();
      started.idle = setTimeout(() => {
        // Rows sent from now on go to a new checker.
        if (checker === started) checker = undefined;
        started.endedOnPurpose = true;
        void worker.terminate();
      }, IDLE_MS);
      started.idle.unref();
    }
  });
  // Ended (when idle, or by a failure): what it had not answered is checked here.
  const ended = () => {
    if (checker === started) checker = undefined;
    if (!started.endedOnPurpose) failedAt = performance.now();
    for (const { request, resolve, reject } of started.waiting.values())
      checkedHere(request).then(resolve, reject);
    started.waiting.clear();
  };
  worker.on('error', ended);
  worker.on('exit', ended);
  // A reply that cannot be read: which request it answered is unknown, so all are checked here.
  worker.on('messageerror', () => void worker.terminate());
  checker = started;
  return started;
}

/** The checker thread's id while it runs (tests). */
export const checkerThreadId = (): number | undefined => checker?.worker.threadId;

/** How many rows the checker thread has answered since the process started (tests). */
export const rowsAnsweredByChecker = (): number => answeredByChecker;

/** Ends the checker now; rows it had not answered are checked here (tests; a process ends it with itself). */
export async function stopChecker(): Promise<void> {
  const ending = checker;
  if (!ending) return;
  checker = undefined;
  ending.endedOnPurpose = true;
  clearTimeout(ending.idle);
  await ending.worker.terminate();
}

// The checker's side: each request answered in turn.
const given = workerData as { entry?: string } | null;
if (!isMainThread && parentPort && given?.entry === ENTRY) {
  const port = parentPort;
  try {
    setThisThreadsNiceness(() => CHECKER_NICENESS);
  } catch {
    // Refused by the system (a sandbox): it checks at the job thread's priority.
  }
  port.on('message', (request: Request) => {
    let reply: Reply;
    try {
      reply = { id: request.id, checked: check(request) };
    } catch (error) {
      reply = { id: request.id, error: String(error) };
    }
    port.postMessage(reply);
  });
}
