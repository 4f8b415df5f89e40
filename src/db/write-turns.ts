// Writers first: a background job's batches give way to the process's other writers. On SQLite a
// write waits for the one write lock by polling (the busy handler, which blocks the thread, then
// sqlite-waiting.ts's pauses), while the job thread takes the lock again right after each commit:
// during an import a teammate's save waited 74-90 ms at the median and up to 3 s (docs/performance.md),
// though no batch held the lock 50 ms. So the process's threads share three counters (a
// SharedArrayBuffer handed to the job thread and to the WAL checkpointer's worker):
// - WAITING: the other writers in a write transaction (waiting for the lock, or holding it). The job's
//   next write transaction starts only once none is.
// - JOB_WRITING: 1 while the job thread is in a write transaction. Another writer, and the
//   checkpointer's RESTART, wait for it to end before asking SQLite for the lock, asleep
//   (Atomics.waitAsync, Atomics.wait) rather than in the busy handler, and are woken as it ends.
// - CHECKPOINTING: 1 while the checkpointer's RESTART waits for the lock or holds it (checkpointer.ts).
//   The job's next write and the other writers wait for it to end, asleep too.
// The job raises JOB_WRITING and then reads WAITING; a writer raises WAITING and then reads
// JOB_WRITING (both sequentially consistent): at least one of them sees the other, so the job backs
// off or the writer waits, and they do not both ask for the lock believing it free, unless one has
// waited its bound (GIVE_WAY_MS). So a counter left raised by mistake slows the others by that bound
// at each write; a thread that ends has its flag cleared (jobThreadEnded, checkpointerEnded).
// A cluster (WEB_CONCURRENCY) has them in its primary, with the job thread and the one checkpointer;
// a request worker's writers ask the primary for their turn (cluster-turns.ts).
// A transaction begun through Kysely (db.transaction()) and a write statement on its own (Kysely's
// insert, update or delete outside a transaction) take their turns too (sqlite-waiting.ts). Left to
// SQLite's busy handler: raw SQL writes outside a transaction, and anyone whose bound ran out. Where the runner shares a thread with the other writers (in-memory
// SQLite) it takes turns as they do: on Kysely's one connection, whose transactions queue in order.

/** The longest a job's write waits for the other writers, and theirs for the job's. */
export const GIVE_WAY_MS = 200;

/** The counters' places in the shared buffer. */
const WAITING = 0;
const JOB_WRITING = 1;
const CHECKPOINTING = 2;
/** The same, for the WAL checkpointer's worker (plain JavaScript, checkpointer.ts). */
export const TURN_COUNTERS = { jobWriting: JOB_WRITING, checkpointing: CHECKPOINTING };

let turns = new Int32Array(new SharedArrayBuffer(12));
/** Whether this thread is the job thread, whose writes give way to everyone else's. */
let givesWay = false;

/** Atomics with waitAsync: Node 20 has it; TypeScript's lib declares it from es2024 on. */
export const atomics = Atomics as typeof Atomics & {
  waitAsync(
    array: Int32Array,
    index: number,
    value: number,
    timeoutMs: number,
  ): { async: false; value: string } | { async: true; value: Promise<string> };
};

/** The counters, to hand to the job thread (useWriteTurns there) and the checkpointer's worker. */
export const writeTurnsBuffer = (): SharedArrayBuffer => turns.buffer;

/** In the job thread: the counters of the process's other threads; its writes give way from now on. */
export function useWriteTurns(buffer: SharedArrayBuffer): void {
  turns = new Int32Array(buffer);
  givesWay = true;
}

/** How this process's other writers take their turn: here, or asked of a cluster's primary. */
let othersTurn = (): Promise<() => void> => writerTurn();

/** In a cluster's request worker: its writers' turns are taken by the primary (cluster-turns.ts). */
export function takeTurnsThrough(turn: () => Promise<() => void>): void {
  othersTurn = turn;
}

/**
 * Called before a write transaction asks for the lock; resolves, once it may, with the function that
 * says it is over (committed or rolled back; a second call does nothing).
 */
export function writeTurn(): Promise<() => void> {
  return givesWay ? jobTurn() : othersTurn();
}

/** A writer's turn: waits for the job thread's write in progress and a RESTART, `mostMs` at most. */
export async function writerTurn(mostMs = GIVE_WAY_MS): Promise<() => void> {
  Atomics.add(turns, WAITING, 1);
  const done = once(() => {
    Atomics.sub(turns, WAITING, 1);
    Atomics.notify(turns, WAITING);
  });
  try {
    const until = performance.now() + mostMs;
    await whileSet(JOB_WRITING, until);
    await whileSet(CHECKPOINTING, until);
  } catch (error) {
    done();
    throw error;
  }
  return done;
}

/** The job thread's turn: waits until no other writer or RESTART is waiting or writing, `mostMs` at most. */
export async function jobTurn(mostMs = GIVE_WAY_MS): Promise<() => void> {
  const until = performance.now() + mostMs;
  for (;;) {
    await whileSet(WAITING, until);
    await whileSet(CHECKPOINTING, until);
    Atomics.store(turns, JOB_WRITING, 1);
    // A writer (or a RESTART) that came in between goes first, unless the job has waited its longest.
    const clear = Atomics.load(turns, WAITING) === 0 && Atomics.load(turns, CHECKPOINTING) === 0;
    if (clear || performance.now() >= until) return once(jobDone);
    jobDone();
  }
}

function jobDone(): void {
  Atomics.store(turns, JOB_WRITING, 0);
  Atomics.notify(turns, JOB_WRITING);
}

/** Resolves once the counter is 0, or at `until` (performance.now()) at the latest. */
async function whileSet(index: number, until: number): Promise<void> {
  for (let value = Atomics.load(turns, index); value !== 0; value = Atomics.load(turns, index)) {
    const left = until - performance.now();
    if (left <= 0) return;
    const wait = atomics.waitAsync(turns, index, value, left);
    if (wait.async) await wait.value;
  }
}

/** After the job thread ended, mid-transaction perhaps: nobody waits for a write that will not end. */
export const jobThreadEnded = jobDone;

/** After the checkpointer's worker ended, mid-RESTART perhaps: the same. */
export function checkpointerEnded(buffer: SharedArrayBuffer): void {
  const counters = new Int32Array(buffer);
  Atomics.store(counters, CHECKPOINTING, 0);
  Atomics.notify(counters, CHECKPOINTING);
}

/** The function, called once at most (a turn's end). */
export function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}
