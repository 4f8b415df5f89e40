// SQLite's WAL checkpoints on a thread of their own. Left automatic, a checkpoint runs inside the
// COMMIT that pushed the WAL past 1,000 pages: on the committing connection, synchronously, so that
// request (or import batch) held the event loop and the write lock while thousands of pages were
// copied into the database file. Folio's connection turns that off (wal_autocheckpoint = 0) and this
// worker, with its own connection to the same file, copies the WAL back instead, soon after commits.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { GIVE_WAY_MS, TURN_COUNTERS, checkpointerEnded } from './write-turns.js';

/**
 * How often the worker looks for commits (PRAGMA data_version: next to nothing) and, after any,
 * checkpoints. A checkpoint first syncs the WAL to disk, and a COMMIT writing to the WAL meanwhile
 * waits for that sync: with an import writing about 100 MB of WAL a second, a checkpoint a second
 * made the batch that met it 33-60 ms longer (past the 50 ms a batch may hold the write lock). Five
 * times a second, each sync is a fifth of the size.
 */
export const CHECKPOINT_EVERY_MS = 200;
/** How long without a commit before the worker empties the WAL file. */
export const QUIET_MS = 1000;
/** While checkpoints fail, how many looks between two reminders (about 5 minutes at the usual pace). */
const REMIND_LOOKS = 1500;
/**
 * WAL pages (4 KiB) past which the worker starts the WAL over even while writes go on: 128 MB. Each
 * RESTART pauses a running job for what PASSIVE left and two syncs (measured in 100,000-row imports:
 * at 4,000 pages, 94 pauses of 55 ms, 5.2 s, the WAL at most 48-53 MB; at 32,768, 18 of 91 ms,
 * 1.5 s, the WAL at most 166 MB: one import each, temporary builds).
 */
export const RESTART_PAGES = 32_768;
/** After a RESTART that readers kept from starting the WAL over, the wait before the next try. */
const RESTART_BACK_OFF_MS = 1000;

// Plain JavaScript evaluated in the worker, so it runs the same from src/ (tests) and dist/.
// PASSIVE copies what no reader still needs and never waits for, or blocks, readers and writers.
// But the WAL starts over from its beginning only when a write begins with every page copied, which
// under steady writes (an import) a checkpoint on another connection rarely achieves: the WAL grew
// to 200 MB in 15 s, 2.7 GB in a 100,000-row import. Past RESTART_PAGES, RESTART waits for the write
// lock, copies what PASSIVE left, waits for readers still on the WAL (holding the lock), and has the
// next write start the WAL over. It takes a turn (write-turns.ts): the job thread's write in
// progress ends first, and the job's next write and the request thread's writers wait for it, asleep,
// GIVE_WAY_MS at most. Trying its luck in the busy handler instead (sleeps of 1-100 ms), it lost two
// tries in three against an import's batches, and the WAL still reached 300-550 MB. It holds the lock
// 50-120 ms (the remainder, two syncs, the readers). In a cluster only the primary checkpoints (it
// has the job thread); the request workers' writes take their turns through it (cluster-turns.ts).
// Once QUIET_MS have passed without a commit, TRUNCATE copies what is left and empties the file so it
// does not keep its largest size. The busy timeout is the worker's own wait for the lock, which blocks
// no request until it has the lock; then RESTART and TRUNCATE may also wait for readers, holding it.
// data_version changes when another connection commits; a checkpoint is not a commit. (A commit that
// starts the WAL over changes it twice: the header first, then the pages: one checkpoint of nothing.)
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 200');
let synchronous = false;
let seen = -1;
let quietFor = 0;
let timer;
// The process's write turns (write-turns.ts): the RESTART says it wants the lock (CHECKPOINTING),
// so the job's next write and the request thread's writers wait asleep, and it waits for the job's
// write in progress to end. Then the lock is free but for a save already under way, and the busy
// timeout is mostly the wait for readers still on the WAL, holding the lock: shorter, 50 ms.
const turns = workerData.turns && new Int32Array(workerData.turns);
const inTurn = (checkpoint) => {
  if (!turns) return checkpoint();
  Atomics.store(turns, workerData.checkpointing, 1);
  try {
    Atomics.wait(turns, workerData.jobWriting, 1, workerData.giveWayMs);
    db.pragma('busy_timeout = 50');
    return checkpoint();
  } finally {
    db.pragma('busy_timeout = 200');
    Atomics.store(turns, workerData.checkpointing, 0);
    Atomics.notify(turns, workerData.checkpointing);
  }
};
// A RESTART that found readers on the WAL (busy) is not tried again for a second: each try holds the
// lock while it waits for them, and pauses the job.
let restartNotBefore = 0;
// Looks failed in a row: told at the first, every REMIND_LOOKS after, and when one succeeds again.
let failed = 0;
const tick = () => {
  try {
    // Set here, not above: it reads the file, which may fail like any look (and is tried again).
    if (!synchronous) {
      db.pragma('synchronous = NORMAL');
      synchronous = true;
    }
    const version = db.pragma('data_version', { simple: true });
    if (version !== seen) {
      let [{ log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)');
      if (log >= workerData.restartPages && Date.now() >= restartNotBefore) {
        const [restart] = inTurn(() => db.pragma('wal_checkpoint(RESTART)'));
        ({ log, checkpointed } = restart);
        if (restart.busy) restartNotBefore = Date.now() + workerData.restartBackOffMs;
      }
      seen = version;
      quietFor = 0;
      if (workerData.report) parentPort.postMessage({ log, checkpointed });
    } else if (quietFor < workerData.quietMs) {
      const quiet = quietFor + workerData.everyMs;
      // A reader still on the WAL (busy), or a TRUNCATE that threw: again at the next look.
      if (quiet < workerData.quietMs || !db.pragma('wal_checkpoint(TRUNCATE)')[0].busy) quietFor = quiet;
    }
    if (failed > 0) parentPort.postMessage({ resumed: failed });
    failed = 0;
  } catch (error) {
    // SQLite's own failures (a full disk, the lock held past the busy timeout) are tried again at
    // the next look: the commits since are still unseen. Anything else is a bug: the worker ends.
    if (!(typeof error?.code === 'string' && error.code.startsWith('SQLITE_'))) throw error;
    if (failed % workerData.remindLooks === 0) parentPort.postMessage({ failed: error.message });
    failed += 1;
  }
  timer = setTimeout(tick, workerData.everyMs);
};
timer = setTimeout(tick, workerData.everyMs);
parentPort.on('message', () => {
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

/** What the worker posts: a checkpoint (when asked to report them), a failure, a recovery. */
type Report = { log: number; checkpointed: number } | { failed: string } | { resumed: number };

export interface Checkpointer {
  /** Stops the worker and closes its connection (before the main connection closes, so the last one to close removes the WAL). */
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  everyMs?: number;
  quietMs?: number;
  restartPages?: number;
  /** The process's write turns (write-turns.ts), which its RESTART takes. */
  turns?: SharedArrayBuffer;
  /** The longest the RESTART waits for the job thread's write in progress. */
  giveWayMs?: number;
  /** Told after each checkpoint (after commits): the WAL's pages and those copied. */
  onCheckpoint?: (pages: { log: number; checkpointed: number }) => void;
}

export function startCheckpointer(
  file: string,
  {
    everyMs = CHECKPOINT_EVERY_MS,
    quietMs = QUIET_MS,
    restartPages = RESTART_PAGES,
    turns,
    giveWayMs = GIVE_WAY_MS,
    onCheckpoint,
  }: CheckpointerOptions = {},
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const report = onCheckpoint !== undefined;
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      driver,
      file,
      everyMs,
      quietMs,
      restartPages,
      report,
      remindLooks: REMIND_LOOKS,
      turns,
      ...TURN_COUNTERS,
      giveWayMs,
      restartBackOffMs: RESTART_BACK_OFF_MS,
    },
    // Its JavaScript is a timer and a pragma: a small heap of its own (the defaults let its new space
    // grow like the server's) keeps the thread to a few MB of the process's memory.
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
  });
  // A failing checkpoint is tried again (the worker goes on); the worker itself failing (out of its
  // memory, say) ends checkpointing, and says so.
  worker.on('error', (error) =>
    process.stderr.write(`folio: WAL checkpoints stopped (${error.message})\n`),
  );
  worker.on('message', (message: Report) => {
    if ('failed' in message)
      process.stderr.write(`folio: a WAL checkpoint failed (${message.failed}); trying again\n`);
    else if ('resumed' in message)
      process.stderr.write(`folio: WAL checkpoints work again (after ${message.resumed} failed)\n`);
    else onCheckpoint?.(message);
  });
  // Never what keeps the process alive: after the listeners, since one for messages refs the worker.
  worker.unref();
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      // Ended mid-RESTART (out of its memory, say): nobody waits for a turn that will not end.
      if (turns) checkpointerEnded(turns);
      resolve();
    }),
  );
  return {
    stop() {
      // Waited for, the worker must keep the process alive until it has closed its connection.
      worker.ref();
      worker.postMessage('stop');
      return exited;
    },
  };
}
