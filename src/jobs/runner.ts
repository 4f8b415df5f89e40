// Background work in short batches, run by whichever process holds the job's lease.
//
// A job is a row in `jobs` (migration 0013): a kind (the name of its handler), a JSON payload fixed
// when it is queued, and a JSON position saved by every batch. The API:
//
//   queueJob(trx, { workspaceId, kind, payload, now }) -> id
//       Queues a job; call it inside the transaction that creates the work (an import, a bulk action).
//   interface JobHandler<Payload, Position, Prepared>
//       batch(trx, job, limit, prepared?) -> { position, done }: does at most `limit` items after
//       job.position (null on the first batch) inside the runner's write transaction and says where
//       the next batch starts. Everything a batch does must be in the database through `trx` (on
//       PostgreSQL a batch that lost a serialization race runs again).
//       prepare?(db, job, limit) -> prepared: the part of the next batch that needs no write lock
//       (reading and checking items that no one else changes), run just before the batch's
//       transaction. The batch gets it only if job.position is still the one it was prepared for;
//       otherwise `prepared` is undefined and the batch does that part itself.
//       failed?(db, job, message): the job gave up (MAX_ATTEMPTS errors); mark your records failed.
//   runNextJob(db, registry, options) -> boolean
//       Claims the oldest queued job whose lease is free and runs its batches until it is done, fails,
//       loses its lease or `signal` aborts; false when there was nothing to run. Tests call it directly.
//   startJobRunner(db, registry, logger, options) -> { wake(), stop() }
//       The server's loop: runNextJob every `every` ms (and on wake()) until stop(), which waits for the
//       batch in progress and hands the lease back, so a restart resumes at once.
//
// Guarantees: the lease (lease_owner until lease_expires_at) makes exactly one process, on any
// instance, run a job; a runner that dies leaves its lease to expire (LEASE_MS) and another takes over.
// Each batch is one write transaction that first checks and extends the lease, then does the work,
// then saves the position: a batch's effects and its position commit together or not at all, so a job
// resumes after a crash where it stopped and never does an item twice. The batch size adapts so that
// a batch holds the write lock (from BEGIN to COMMIT; on SQLite its thread too) `budgetMs` (50 ms) at
// most, and the runner yields to the event loop between batches (setImmediate: no idle gap). A server
// of one process runs it on a thread of its own (jobs/thread.ts), so requests are served meanwhile.
// The longest batch is kept in jobs.longest_batch_ms, the number of batches and of those past the
// budget in jobs.batch_count and slow_batch_count.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { writeTransaction, type DB } from '../db/database.js';
import type { Logger } from '../logger.js';

export interface JobOf<Payload, Position> {
  id: number;
  workspaceId: number;
  kind: string;
  payload: Payload;
  /** Where the last committed batch stopped; null before the first. */
  position: Position | null;
  /** The runner's clock at the start of this batch (milliseconds since the epoch). */
  now: number;
}

export interface JobHandler<Payload = unknown, Position = unknown, Prepared = unknown> {
  /**
   * Work for the next `limit` items that needs no write lock, done before the batch's transaction so
   * that the lock is held for the writes alone (and a batch of the budget holds more items).
   */
  prepare?(db: DB, job: JobOf<Payload, Position>, limit: number): Promise<Prepared>;
  batch(
    trx: DB,
    job: JobOf<Payload, Position>,
    limit: number,
    /** What prepare returned for this job.position and limit; undefined when it moved meanwhile. */
    prepared?: Prepared,
  ): Promise<{ position: Position; done: boolean }>;
  failed?(db: DB, job: JobOf<Payload, Position>, message: string): Promise<void>;
}

/** Handlers by kind. */
export type JobRegistry = Record<string, JobHandler>;

export const LEASE_MS = 30_000;
/** The longest a batch should hold the write lock, unless the runner is given another budget. */
export const BUDGET_MS = 50;
/**
 * The share of the budget a batch is sized for. An item's cost swings by 1.5-2x on a shared machine
 * (another thread on the core, the WAL checkpoint copying beside it), and a batch is sized from the
 * last ones. Imports of 100,000 rows with a team reading: at 70%, batches ran p99 44-51 ms with 2-10
 * over 50 ms; at 50%, 0-4 over in 4 runs of 5 (on the job thread, longest 42-74 ms); at 40%, none in
 * 6 runs (longest 34-48 ms), in 22.4-25.8 s. Since the job thread runs at a lower priority
 * (thread.ts), a batch can wait for a core while it holds the lock: at 40%, one over in 4 runs of 9
 * (51-70 ms). 30% did not remove that (one over in 10 runs) and took 24.3-35.5 s: each batch costs
 * about 5 ms besides its rows (two BEGIN and COMMIT, the batch's and the search index's merge).
 */
const BUDGET_AIM = 0.4;
/** A job that throws this many times (a bug, not a lost race) is given up. */
export const MAX_ATTEMPTS = 3;

export interface RunOptions {
  /** Who holds a lease: one name per process (startJobRunner makes one). */
  owner: string;
  now?: () => number;
  leaseMs?: number;
  /** Items in the first batch; then adapted to the budget, between 1 and maxBatch. */
  batchSize?: number;
  maxBatch?: number;
  /** The longest a batch should hold the write lock (BEGIN to COMMIT). */
  budgetMs?: number;
  /**
   * Runs after each committed batch, in a write transaction of its own: upkeep the batch caused (the
   * server's: merging the search index it added to, customers/search/merging.ts). Apart from the
   * batch, its lumps (0-15 ms) do not push a batch past the budget; it holds the write lock as a
   * batch does, so its time counts toward the job's longest.
   */
  afterBatch?: (trx: DB, size: number) => Promise<void>;
  /** Told when afterBatch fails: upkeep, so the job goes on (startJobRunner passes its logger's warn). */
  onAfterBatchError?: (error: unknown, jobId: number) => void;
  signal?: AbortSignal;
}

export function runnerName(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export async function queueJob(
  trx: DB,
  job: { workspaceId: number; kind: string; payload: unknown; now: number },
): Promise<number> {
  const row = await trx
    .insertInto('jobs')
    .values({
      workspace_id: job.workspaceId,
      kind: job.kind,
      payload: JSON.stringify(job.payload),
      created_at: new Date(job.now).toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The oldest queued job whose lease is free (none held, or expired). */
function claimable(db: DB, now: number) {
  return db
    .selectFrom('jobs')
    .select(['id', 'attempts'])
    .where('state', '=', 'queued')
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
    .orderBy('id')
    .limit(1);
}

/** Whether a job is queued (`queued`), and whether one of them is free to claim (`claimable`). */
export async function jobsWaiting(
  db: DB,
  now: number,
): Promise<{ queued: boolean; claimable: boolean }> {
  const leases = await db
    .selectFrom('jobs')
    .select('lease_expires_at')
    .where('state', '=', 'queued')
    .execute();
  return {
    queued: leases.length > 0,
    claimable: leases.some(({ lease_expires_at: until }) => until === null || until < now),
  };
}

/** Takes the lease of the oldest free job; a plain read first, so an idle poll never waits for the write lock. */
async function claim(db: DB, registry: JobRegistry, owner: string, now: number, leaseMs: number) {
  if (!(await claimable(db, now).executeTakeFirst())) return undefined;
  return writeTransaction(db, async (trx) => {
    const free = await claimable(trx, now).executeTakeFirst();
    if (!free) return undefined;
    const job = await trx
      .updateTable('jobs')
      .set({ lease_owner: owner, lease_expires_at: now + leaseMs })
      .where('id', '=', free.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (!Object.hasOwn(registry, job.kind)) {
      // Queued by a newer version of Folio, say: left for a runner that knows it.
      await trx
        .updateTable('jobs')
        .set({ lease_owner: null, lease_expires_at: now + leaseMs })
        .where('id', '=', job.id)
        .execute();
      return undefined;
    }
    return job;
  });
}

const parse = (json: string | null): never => (json === null ? null : JSON.parse(json)) as never;
const pause = () => new Promise((resolve) => setImmediate(resolve));

export async function runNextJob(
  db: DB,
  registry: JobRegistry,
  options: RunOptions,
): Promise<boolean> {
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const budgetMs = options.budgetMs ?? BUDGET_MS;
  const maxBatch = options.maxBatch ?? 5_000;
  // A small first batch: a row can cost a millisecond in a large book (its every index), and the
  // size doubles each batch while it fits the budget.
  let size = Math.min(options.batchSize ?? 20, maxBatch);
  const claimed = await claim(db, registry, options.owner, now(), leaseMs);
  if (!claimed) return false;
  const handler = registry[claimed.kind] as JobHandler;
  const job: JobOf<unknown, unknown> = {
    id: claimed.id,
    workspaceId: claimed.workspace_id,
    kind: claimed.kind,
    payload: parse(claimed.payload),
    position: parse(claimed.position),
    now: now(),
  };
  // The longest batch this runner has committed, and the slow ones (past the budget, upkeep too) not
  // counted in the job's row yet: saved with the next batch's position, and at the end.
  const times: BatchTimes = { longest: 0, slow: 0 };
  // What an item costs (ms): a slower batch is believed at once (the budget comes first), a faster
  // one only in part, so one fast batch does not double the next into a slow one.
  let msPerItem: number | undefined;
  for (;;) {
    if (options.signal?.aborted) {
      // Handed back, so the next runner (this server restarted) resumes at once.
      await writeTransaction(db, (trx) =>
        leased(trx, job.id, options.owner)
          .set({ lease_owner: null, lease_expires_at: null })
          .execute(),
      );
      await keepBatchTimes(db, job.id, times);
      return true;
    }
    let step;
    try {
      step = await runBatch(db, handler, job, { ...options, now, leaseMs }, { size, times });
    } catch (error) {
      await giveUpOrRetry(db, handler, job, options.owner, now(), error);
      await keepBatchTimes(db, job.id, times);
      return true;
    }
    const upkeepMs = step ? await upkeep(db, options, job.id, size) : 0; // none after a lost lease
    times.longest = Math.max(times.longest, step?.ms ?? 0, upkeepMs);
    // One a batch with its upkeep, counted by the next batch (or below, at the end).
    if (step) times.slow = step.ms > budgetMs || upkeepMs > budgetMs ? 1 : 0;
    // Done, or the lease lost (another runner has the job): what this runner saw is the job's still.
    if (!step || step.done) {
      await keepBatchTimes(db, job.id, times);
      return true;
    }
    // Where the next batch starts, as far as this runner knows (its next prepare reads from there),
    // as the batch will read it back from the job's row.
    job.position = parse(JSON.stringify(step.position));
    const observed = step.ms / size;
    msPerItem =
      msPerItem === undefined || observed > msPerItem ? observed : 0.7 * msPerItem + 0.3 * observed;
    size = nextSize(msPerItem, size, budgetMs, maxBatch);
    await pause();
  }
}

/** The next batch's size: what fits the budget at the cost an item is believed to have, at most double. */
function nextSize(msPerItem: number, size: number, budgetMs: number, maxBatch: number): number {
  const fitting = Math.floor((budgetMs * BUDGET_AIM) / Math.max(msPerItem, 0.001));
  const next = Math.max(1, Math.min(maxBatch, fitting, size * 2));
  // Past 16, in steps of 8: a handler that compiles a statement per row count (the import's
  // customers) meets a few dozen counts, not every one.
  return next > 16 && next < maxBatch ? next - (next % 8) : next;
}

/**
 * Runs afterBatch after a committed batch, in its own transaction; how long it held the write lock
 * (timed as a batch is: from the lock taken to the commit), 0 when there is none or it failed.
 */
async function upkeep(db: DB, options: RunOptions, jobId: number, size: number): Promise<number> {
  const { afterBatch } = options;
  if (!afterBatch) return 0;
  // Requests waiting since the batch began go first.
  await pause();
  let started = 0;
  try {
    await writeTransaction(db, (trx) => {
      started = performance.now();
      return afterBatch(trx, size);
    });
    return performance.now() - started;
  } catch (error) {
    // The batch is committed and the job goes on: upkeep that fails (the lock held too long by
    // another process, say) is done by a later batch or by housekeeping.
    options.onAfterBatchError?.(error, jobId);
    return 0;
  }
}

/** How long a runner's batches held the write lock: the longest, and the slow ones not yet saved. */
interface BatchTimes {
  longest: number;
  slow: number;
}

/** Saves the longest batch unless a longer one is there, and adds the slow ones (the last batch's own). */
async function keepBatchTimes(db: DB, id: number, { longest, slow }: BatchTimes): Promise<void> {
  const ms = Math.ceil(longest);
  if (ms > 0)
    await db
      .updateTable('jobs')
      .set({ longest_batch_ms: ms })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('longest_batch_ms', 'is', null), eb('longest_batch_ms', '<', ms)]))
      .execute();
  if (slow > 0)
    await db
      .updateTable('jobs')
      .set((eb) => ({ slow_batch_count: eb('slow_batch_count', '+', slow) }))
      .where('id', '=', id)
      .execute();
}

/** The job's row, while this runner holds its lease. */
const leased = (trx: DB, id: number, owner: string) =>
  trx.updateTable('jobs').where('id', '=', id).where('lease_owner', '=', owner);

/**
 * One batch in one write transaction: the lease checked and extended, the handler's work, the new
 * position. Undefined when the lease was lost (it expired and another runner took the job). `ms`: from
 * the write lock taken (BEGIN IMMEDIATE on SQLite) to the commit.
 */
async function runBatch(
  db: DB,
  handler: JobHandler,
  job: JobOf<unknown, unknown>,
  options: RunOptions & { now: () => number; leaseMs: number },
  { size, times }: { size: number; times: BatchTimes },
) {
  const { owner, now, leaseMs } = options;
  // Before the lock is taken; used only if the job is still at the position it was prepared for.
  const prepared = handler.prepare && {
    position: JSON.stringify(job.position),
    items: await handler.prepare(db, { ...job, now: now() }, size),
  };
  let started = 0;
  const result = await writeTransaction(db, async (trx) => {
    started = performance.now();
    const at = now();
    const held = await leased(trx, job.id, owner)
      .where('state', '=', 'queued')
      .set({ lease_expires_at: at + leaseMs })
      .returning(['position', 'longest_batch_ms'])
      .executeTakeFirst();
    if (!held) return undefined;
    // Prepared for the position the batch starts at, or not used (the job moved on meanwhile).
    const current = held.position ?? 'null';
    const result = await handler.batch(
      trx,
      { ...job, position: parse(held.position), now: at },
      size,
      prepared?.position === current ? prepared.items : undefined,
    );
    const finished = result.done
      ? { state: 'done' as const, finished_at: new Date(at).toISOString(), lease_owner: null }
      : {};
    await leased(trx, job.id, owner)
      .set({
        position: JSON.stringify(result.position),
        // An earlier runner's (before a restart) may be longer.
        longest_batch_ms: Math.max(held.longest_batch_ms ?? 0, Math.ceil(times.longest)) || null,
        batch_count: (eb) => eb('batch_count', '+', 1),
        slow_batch_count: (eb) => eb('slow_batch_count', '+', times.slow),
        ...finished,
      })
      .execute();
    return result;
  });
  return (
    result && { done: result.done, position: result.position, ms: performance.now() - started }
  );
}

/** A batch threw: its transaction rolled back; try again later, or give up after MAX_ATTEMPTS. */
async function giveUpOrRetry(
  db: DB,
  handler: JobHandler,
  job: JobOf<unknown, unknown>,
  owner: string,
  now: number,
  error: unknown,
): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const row = await db
    .selectFrom('jobs')
    .select('attempts')
    .where('id', '=', job.id)
    .executeTakeFirst();
  const attempts = (row?.attempts ?? 0) + 1;
  const failed = attempts >= MAX_ATTEMPTS;
  await writeTransaction(db, (trx) =>
    trx
      .updateTable('jobs')
      .set({
        attempts,
        error: message.slice(0, 2000),
        lease_owner: null,
        // A short wait before the next try (a server restarting, a database briefly away).
        lease_expires_at: failed ? null : now + 1000 * attempts,
        ...(failed ? { state: 'failed' as const, finished_at: new Date(now).toISOString() } : {}),
      })
      .where('id', '=', job.id)
      .where('lease_owner', '=', owner)
      .execute(),
  );
  if (failed) await handler.failed?.(db, job, message);
}

export interface JobRunner {
  /** Look for work now (a job was just queued in this process). */
  wake(): void;
  /** No batch starts after this; resolves once the one in progress is committed and its lease handed back. */
  stop(): Promise<void>;
}

export function startJobRunner(
  db: DB,
  registry: JobRegistry,
  logger: Logger,
  { every = 1000, ...options }: Partial<RunOptions> & { every?: number } = {},
): JobRunner {
  const stopping = new AbortController();
  const owner = options.owner ?? runnerName();
  let running: Promise<void> | undefined;
  let again = false;
  const loop = async () => {
    try {
      do {
        again = false;
        while (
          !stopping.signal.aborted &&
          (await runNextJob(db, registry, {
            onAfterBatchError: (error, jobId) =>
              logger.warn('upkeep after a job batch failed', { job: jobId, error: String(error) }),
            ...options,
            owner,
            signal: stopping.signal,
          }))
        );
      } while (again && !stopping.signal.aborted);
    } catch (error) {
      logger.warn('background job runner failed', { error: String(error) });
    }
  };
  const wake = () => {
    if (running) again = true;
    else running = loop().finally(() => (running = undefined));
  };
  const timer = setInterval(wake, every);
  timer.unref();
  wake();
  let stopped: Promise<void> | undefined;
  return {
    wake,
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
