// Writers first: a background job's batches give way to the process's other writers. On SQLite a
// write waits for the one write lock by polling (the busy handler, then sqlite-waiting.ts's pauses),
// while the job thread takes the lock again right after each commit: during an import a teammate's
// save waited 74-90 ms at the median and up to 3 s (docs/performance.md), though no batch held the
// lock 50 ms. So each write transaction says it is waiting, in a counter the job thread shares
// (a SharedArrayBuffer handed to it), and a batch starts only once no write is waiting, or after
// GIVE_WAY_MS at most, so that a count left raised by mistake can only slow the job.

/** The longest a batch waits for the writers before it: past it, the batch takes its turn. */
export const GIVE_WAY_MS = 200;

let waiting = new Int32Array(new SharedArrayBuffer(4));

// Node 20 has it; TypeScript's lib declares it from es2024 on.
const atomics = Atomics as unknown as {
  waitAsync(
    array: Int32Array,
    index: number,
    value: number,
    timeoutMs: number,
  ): { async: false; value: string } | { async: true; value: Promise<string> };
};

/** The counter, to hand to the job thread (useWritersWaiting there). */
export const writersWaitingBuffer = (): SharedArrayBuffer => waiting.buffer;

/** In the job thread: the counter the request thread's writers raise. */
export function useWritersWaiting(buffer: SharedArrayBuffer): void {
  waiting = new Int32Array(buffer);
}

/** A writer waits for the lock, then writes; the function returned says it is done (once). */
export function announceWriter(): () => void {
  Atomics.add(waiting, 0, 1);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    Atomics.sub(waiting, 0, 1);
    Atomics.notify(waiting, 0);
  };
}

/** Resolves once no writer is waiting, or after `mostMs`. */
export async function giveWayToWriters(mostMs = GIVE_WAY_MS): Promise<void> {
  const until = performance.now() + mostMs;
  for (let count = Atomics.load(waiting, 0); count > 0; count = Atomics.load(waiting, 0)) {
    const left = until - performance.now();
    if (left <= 0) return;
    const wait = atomics.waitAsync(waiting, 0, count, left);
    if (wait.async) await wait.value;
  }
}
