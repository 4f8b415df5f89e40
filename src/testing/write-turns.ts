// The write turns' counters (src/db/write-turns.ts) as tests read and reset them.
import { checkpointerEnded, jobThreadEnded, writeTurnsBuffer } from '../db/write-turns.js';

/** The counters themselves: WAITING, JOB_WRITING, CHECKPOINTING. */
export const counters = () => new Int32Array(writeTurnsBuffer());
/** Writers in their turn (WAITING). */
export const waitingNow = () => Atomics.load(counters(), 0);
/** Whether the job's write is in progress (JOB_WRITING). */
export const jobWritingNow = () => Atomics.load(counters(), 1);

/** After each test: a failed one leaves nothing raised for the next. */
export function resetTurns(): void {
  jobThreadEnded();
  checkpointerEnded(writeTurnsBuffer());
  Atomics.store(counters(), 0, 0);
}

/** Whether the promise settles within `ms`. */
export const settlesWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([
    promise.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);
