// The leased-job runner: batches of the size asked for, each with its saved position; a crash (a batch
// that throws, a process that dies holding the lease) resumes where the last commit stopped, with no
// item done twice; one runner per job; stop hands the lease back; a job that keeps failing is given up.
import { describe, expect, it } from 'vitest';
import type { DB } from '../db/database.js';
import { createLogger } from '../logger.js';
import { openTestDatabase } from '../testing/test-database.js';
import { LEASE_MS, queueJob, runNextJob, startJobRunner, type JobHandler } from './runner.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');

/** A job that writes items 1..count as activity rows (a table any workspace has), `limit` per batch. */
function counting(
  options: {
    failAt?: Set<number>;
    batches?: number[];
    between?: () => void;
    /** Milliseconds of work each item takes (the process kept busy). */
    itemMs?: number;
  } = {},
) {
  const handler: JobHandler<{ count: number }, number> = {
    async batch(trx, job, limit) {
      const from = job.position ?? 0;
      const to = Math.min(job.payload.count, from + limit);
      options.batches?.push(to - from);
      for (let item = from + 1; item <= to; item += 1) {
        await trx
          .insertInto('activity')
          .values({
            workspace_id: job.workspaceId,
            occurred_at: new Date(NOW).toISOString(),
            actor_id: null,
            action: 'test',
            subject_id: item,
            details: null,
          })
          .execute();
        if (options.failAt?.delete(item)) throw new Error(`item ${item} broke`);
        for (const end = performance.now() + (options.itemMs ?? 0); performance.now() < end;);
      }
      options.between?.();
      return { position: to, done: to >= job.payload.count };
    },
  };
  return handler;
}

async function book() {
  const { db } = await openTestDatabase();
  const workspace = await db
    .insertInto('workspaces')
    .values({ name: 'Jobs', created_at: new Date(NOW).toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const queue = (count: number, kind = 'count') =>
    queueJob(db, { workspaceId: workspace.id, kind, payload: { count }, now: NOW });
  const items = async () =>
    (await db.selectFrom('activity').select('subject_id').orderBy('id').execute()).map(
      (row) => row.subject_id,
    );
  const job = (id: number) =>
    db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { db, queue, items, job };
}

const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const fixed = (size: number) => ({
  batchSize: size,
  maxBatch: size,
  budgetMs: Number.POSITIVE_INFINITY,
  now: () => NOW,
});

describe('leased-job runner', () => {
  it('runs a job in batches of the size asked for, saving the position with each', async () => {
    const { db, queue, items, job } = await book();
    const batches: number[] = [];
    const id = await queue(23);
    const registry = { count: counting({ batches }) };
    expect(await runNextJob(db, registry, { owner: 'a', ...fixed(5) })).toBe(true);
    expect(batches).toEqual([5, 5, 5, 5, 3]);
    expect(await items()).toEqual(upTo(23));
    expect(await job(id)).toMatchObject({ state: 'done', position: '23', lease_owner: null });
    expect(await runNextJob(db, registry, { owner: 'a', ...fixed(5) })).toBe(false);
  });

  it('a batch that throws is rolled back whole; the next run resumes there, no item twice', async () => {
    const { db, queue, items, job } = await book();
    const id = await queue(12);
    const registry = { count: counting({ failAt: new Set([8]) }) };
    await runNextJob(db, registry, { owner: 'a', ...fixed(5) });
    expect(await items()).toEqual(upTo(5));
    expect(await job(id)).toMatchObject({ state: 'queued', position: '5', attempts: 1 });
    // Retried after a short wait, by any runner.
    expect(await runNextJob(db, registry, { owner: 'b', ...fixed(5) })).toBe(false);
    await runNextJob(db, registry, { owner: 'b', ...fixed(5), now: () => NOW + 5_000 });
    expect(await items()).toEqual(upTo(12));
    expect(await job(id)).toMatchObject({ state: 'done', position: '12' });
  });

  it('runs afterBatch after each committed batch, in a transaction of its own, and not after one that threw', async () => {
    const { db, queue, items, job } = await book();
    const id = await queue(12);
    const workspaceId = (await job(id)).workspace_id;
    const sizes: number[] = [];
    // Writes beside the batch, as the search index's merge does: an item of its own, numbered 100+.
    const afterBatch = async (trx: DB, size: number) => {
      sizes.push(size);
      await trx
        .insertInto('activity')
        .values({
          workspace_id: workspaceId,
          occurred_at: new Date(NOW).toISOString(),
          actor_id: null,
          action: 'test',
          subject_id: 100 + sizes.length,
          details: null,
        })
        .execute();
    };
    const registry = { count: counting({ failAt: new Set([8]) }) };
    await runNextJob(db, registry, { owner: 'a', ...fixed(5), afterBatch });
    // The second batch threw: no afterBatch for it; the first's stayed.
    expect(sizes).toEqual([5]);
    expect(await items()).toEqual([1, 2, 3, 4, 5, 101]);
    await runNextJob(db, registry, { owner: 'a', ...fixed(5), now: () => NOW + 5_000, afterBatch });
    expect(sizes).toEqual([5, 5, 5]);
    expect(await items()).toEqual([1, 2, 3, 4, 5, 101, 6, 7, 8, 9, 10, 102, 11, 12, 103]);
  });

  it('a failing afterBatch is reported and the job goes on to the end, each batch once', async () => {
    const { db, queue, items, job } = await book();
    const id = await queue(12);
    const reported: string[] = [];
    await runNextJob(
      db,
      { count: counting() },
      {
        owner: 'a',
        ...fixed(5),
        afterBatch: () => Promise.reject(new Error('index busy')),
        onAfterBatchError: (error, jobId) => reported.push(`${jobId}: ${String(error)}`),
      },
    );
    expect(await items()).toEqual(upTo(12));
    expect(await job(id)).toMatchObject({ state: 'done', position: '12', attempts: 0 });
    expect(reported).toEqual(Array(3).fill(`${id}: Error: index busy`));
  });

  it('prepares each batch before its transaction, and hands it over only for the position it was prepared for', async () => {
    const { db, queue, items, job } = await book();
    const id = await queue(12);
    const seen: { at: number | null; prepared?: number[] }[] = [];
    const plain = counting();
    // Prepares the items' numbers; before the second batch, another runner (say) moved the job on
    // to 7 meanwhile, so that batch starts at 7 and must do without what was prepared from 5.
    const handler: JobHandler<{ count: number }, number, number[]> = {
      async prepare(reader, next, limit) {
        const from = next.position ?? 0;
        if (from === 5)
          await reader.updateTable('jobs').set({ position: '7' }).where('id', '=', id).execute();
        return upTo(Math.min(limit, next.payload.count - from)).map((item) => from + item);
      },
      async batch(trx, current, limit, prepared) {
        seen.push({ at: current.position, prepared });
        return plain.batch(trx, current, limit);
      },
    };
    await runNextJob(db, { count: handler }, { owner: 'a', ...fixed(5) });
    expect(seen).toEqual([
      { at: null, prepared: [1, 2, 3, 4, 5] },
      { at: 7, prepared: undefined },
    ]);
    expect(await items()).toEqual([1, 2, 3, 4, 5, 8, 9, 10, 11, 12]);
    expect(await job(id)).toMatchObject({ state: 'done', position: '12' });
  });

  it('a runner that died holding the lease: another takes over once it expires, from the saved position', async () => {
    const { db, queue, items, job } = await book();
    const id = await queue(10);
    const controller = new AbortController();
    // The first runner "dies" after its second batch: it never runs another nor hands the lease back.
    let batch = 0;
    const dying = counting({
      between: () => {
        if ((batch += 1) === 2) controller.abort();
      },
    });
    await runNextJob(
      db,
      { count: dying },
      {
        owner: 'dead',
        ...fixed(3),
        // Death at the start of the third batch: its transaction rolls back and nothing else runs,
        // not even the hand-back of the lease.
        now: () => {
          if (controller.signal.aborted) throw new Error('process died');
          return NOW;
        },
      },
    ).catch(() => undefined);
    expect(await items()).toEqual(upTo(6));
    expect(await job(id)).toMatchObject({ position: '6', lease_owner: 'dead' });
    const registry = { count: counting() };
    expect(await runNextJob(db, registry, { owner: 'b', ...fixed(3) })).toBe(false);
    await runNextJob(db, registry, { owner: 'b', ...fixed(3), now: () => NOW + LEASE_MS + 1 });
    expect(await items()).toEqual(upTo(10));
    expect(await job(id)).toMatchObject({ state: 'done', lease_owner: null });
  });

  it('two runners at once: one runs the job, the other finds nothing to do', async () => {
    const { db, queue, items } = await book();
    await queue(40);
    const registry = { count: counting() };
    const ran = await Promise.all(
      ['a', 'b', 'c'].map((owner) => runNextJob(db, registry, { owner, ...fixed(4) })),
    );
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(await items()).toEqual(upTo(40));
  });

  it('stopped between batches: the lease is handed back and a restart resumes at once', async () => {
    const { db, queue, items, job } = await book();
    const id = await queue(9);
    const stopping = new AbortController();
    const registry = { count: counting({ between: () => stopping.abort() }) };
    await runNextJob(db, registry, { owner: 'a', ...fixed(4), signal: stopping.signal });
    expect(await items()).toEqual(upTo(4));
    expect(await job(id)).toMatchObject({ state: 'queued', lease_owner: null, position: '4' });
    await runNextJob(db, { count: counting() }, { owner: 'b', ...fixed(4) });
    expect(await items()).toEqual(upTo(9));
  });

  it('gives a job up after repeated errors, and tells its handler', async () => {
    const { db, queue, job } = await book();
    const id = await queue(3);
    const failures: string[] = [];
    const broken: JobHandler = {
      batch: () => Promise.reject(new Error('always broken')),
      failed: (_db: DB, failedJob, message) => {
        failures.push(`${failedJob.id}: ${message}`);
        return Promise.resolve();
      },
    };
    for (let attempt = 0; attempt < 3; attempt += 1)
      await runNextJob(
        db,
        { count: broken },
        {
          owner: 'a',
          now: () => NOW + attempt * 10_000,
        },
      );
    expect(await job(id)).toMatchObject({ state: 'failed', error: 'always broken', attempts: 3 });
    expect(failures).toEqual([`${id}: always broken`]);
  });

  it('adapts the batch size to the time budget and yields to the event loop between batches', async () => {
    const { db, queue, items } = await book();
    await queue(200);
    const batches: number[] = [];
    let served = 0;
    let seenBetween = 0;
    const tick = setInterval(() => (served += 1), 0);
    const registry = {
      count: counting({ batches, between: () => (seenBetween = Math.max(seenBetween, served)) }),
    };
    await runNextJob(db, registry, { owner: 'a', batchSize: 2, maxBatch: 64, now: () => NOW });
    clearInterval(tick);
    expect(batches[0]).toBe(2);
    expect(Math.max(...batches)).toBeGreaterThan(2);
    expect(Math.max(...batches)).toBeLessThanOrEqual(64);
    expect(await items()).toEqual(upTo(200));
    expect(seenBetween).toBeGreaterThan(0); // timers ran while the job was under way
  });

  it('sizes a batch for 40% of the budget, so one that runs slower than the last still fits', async () => {
    const { db, queue } = await book();
    await queue(24);
    const batches: number[] = [];
    // 20 ms an item and a 400 ms budget: 8 items. At 50% it would be 9 on a quiet machine, but 8 once
    // the first batch's own writes take 13 ms more: a busy one can hide that regression, never fake it.
    await runNextJob(
      db,
      { count: counting({ batches, itemMs: 20 }) },
      { owner: 'a', batchSize: 6, budgetMs: 400, now: () => NOW },
    );
    expect(batches[0]).toBe(6);
    expect(batches[1]).toBeGreaterThan(0);
    expect(batches[1]).toBeLessThanOrEqual(8);
  });

  it('starts with a small batch when no size is asked for (a row can cost a millisecond in a large book)', async () => {
    const { db, queue } = await book();
    await queue(30);
    const batches: number[] = [];
    await runNextJob(db, { count: counting({ batches }) }, { owner: 'a', now: () => NOW });
    expect(batches[0]).toBe(20);
  });

  it('keeps its longest batch (write lock held, BEGIN to COMMIT) and counts its batches and the slow ones in the job row, the last one too', async () => {
    const { db, queue, job } = await book();
    for (const slow of [2, 3]) {
      const batches: number[] = [];
      const id = await queue(3);
      const hold = () => {
        if (batches.length !== slow) return;
        for (const end = performance.now() + 300; performance.now() < end;);
      };
      await runNextJob(
        db,
        { count: counting({ batches, between: hold }) },
        { owner: 'a', ...fixed(1), budgetMs: 200 },
      );
      expect(batches).toEqual([1, 1, 1]);
      const row = await job(id);
      expect(row.longest_batch_ms, `slow batch ${slow}`).toBeGreaterThanOrEqual(300);
      expect(row.batch_count).toBe(3);
      expect(row.slow_batch_count, `slow batch ${slow}`).toBe(1);
    }
    const id = await queue(2);
    await runNextJob(db, { count: counting() }, { owner: 'a', ...fixed(1) });
    expect(await job(id)).toMatchObject({ batch_count: 2, slow_batch_count: 0 });
  });

  it('startJobRunner runs queued work and stops cleanly', async () => {
    const { db, queue, items } = await book();
    await queue(7);
    const runner = startJobRunner(db, { count: counting() }, createLogger('silent'), {
      every: 10,
      batchSize: 3,
    });
    await expect.poll(items).toEqual(upTo(7));
    await runner.stop();
  });
});
