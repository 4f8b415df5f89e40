// Write turns across a cluster's processes (WEB_CONCURRENCY above 1, SQLite). The primary runs the
// job thread and the one WAL checkpointer, which share the turns' counters (write-turns.ts); a
// request worker is another process and cannot see them. Its writers used to meet the job's batches
// in SQLite's busy handler, polling while the job took the lock again after each commit: during a
// 100,000-row import a teammate's saves took 63-88 ms at the median and up to 1.8-2.8 s. So a worker's
// writer asks the primary for its turn over the cluster's IPC channel: the primary takes a writer's
// turn for it (counted in WAITING, so the job's next write waits; after the job's write in progress
// and a RESTART), answers "go", and ends the turn when the worker says it is done.
import { GIVE_WAY_MS, once, writerTurn } from './write-turns.js';

/** The messages of a turn, numbered by the worker. */
export interface TurnMessage {
  writeTurn: 'ask' | 'go' | 'done';
  n: number;
}

function isTurnMessage(message: unknown): message is TurnMessage {
  return typeof message === 'object' && message !== null && 'writeTurn' in message;
}

/** Sending to a process that has just died fails (EPIPE): said to this callback, not thrown. */
type Sent = (error: Error | null) => void;
const ignored: Sent = () => {};

/** A cluster worker as the primary sees it (node:cluster's Worker), or a test's stand-in. */
export interface WorkerChannel {
  send(message: TurnMessage, sent: Sent): unknown;
  isConnected(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: () => void): unknown;
}

/** The primary as a worker sees it (node:process), or a test's stand-in. */
export interface PrimaryChannel {
  send?: ((message: TurnMessage, sent: Sent) => unknown) | undefined;
  connected?: boolean | undefined;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/** In the primary: takes the turns one worker asks for (each waits `mostMs` at most, as a writer's). */
export function serveWriteTurns(worker: WorkerChannel, mostMs = GIVE_WAY_MS): void {
  /** Turns asked for and not yet done: their end, once the turn is given. */
  const open = new Map<number, (() => void) | undefined>();
  let gone = false;
  worker.on('message', (message) => {
    if (!isTurnMessage(message)) return;
    const { n } = message;
    if (message.writeTurn === 'ask') {
      open.set(n, undefined);
      void writerTurn(mostMs).then((done) => {
        // The worker gave up waiting and is done already, or is gone.
        if (!open.has(n) || gone) return done();
        open.set(n, done);
        // A worker that dies now is told of by its exit, which ends the turn.
        if (worker.isConnected()) worker.send({ writeTurn: 'go', n }, ignored);
      });
    } else if (message.writeTurn === 'done') {
      open.get(n)?.();
      open.delete(n);
    }
  });
  // A worker that dies mid-write holds nobody up.
  worker.on('exit', () => {
    gone = true;
    for (const done of open.values()) done?.();
    open.clear();
  });
}

/** The longest a worker waits for the primary's answer: the primary's own bound, and the trip. */
const ANSWER_MS = GIVE_WAY_MS + 50;

/** In a worker: a writer's turn, asked of the primary (answered or not within `waitMs`). */
export function turnsOfPrimary(
  primary: PrimaryChannel,
  waitMs = ANSWER_MS,
): () => Promise<() => void> {
  let last = 0;
  const answers = new Map<number, () => void>();
  primary.on('message', (message) => {
    if (isTurnMessage(message) && message.writeTurn === 'go') answers.get(message.n)?.();
  });
  const send = (message: TurnMessage) => {
    if (primary.connected) primary.send?.(message, ignored);
  };
  return async () => {
    if (!primary.connected) return () => {};
    const n = (last += 1);
    let timer: NodeJS.Timeout | undefined;
    const answered = new Promise<void>((resolve) => {
      answers.set(n, resolve);
      timer = setTimeout(resolve, waitMs);
    });
    send({ writeTurn: 'ask', n });
    await answered;
    clearTimeout(timer);
    answers.delete(n);
    return once(() => send({ writeTurn: 'done', n }));
  };
}
