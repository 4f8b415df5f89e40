import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing/harness.js';
import { testEngine } from '../testing/test-database.js';
import { memberOf } from '../customers/testing.js';
import * as queries from '../customers/queries.js';
import { EMPTY_VALUES } from '../customers/schema.js';
import { getBulkAction, startBulkAction } from '../customers/bulk-actions/queries.js';
import { createLogger } from '../logger.js';
import { atomics, writeTurnsBuffer } from '../db/write-turns.js';
import { backOff, jobThreadNiceness, startJobThread } from './thread.js';

/** The niceness of each of this process's threads (Linux: /proc/self/task/TID/stat, field 19). */
function threadNicenesses(): number[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
    } catch {
      return []; // The thread ended between the listing and the read.
    }
  });
}

const folder = mkdtempSync(path.join(tmpdir(), 'folio-job-thread-'));

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs a job thread that looks every 20 ms and makes its threads with `spawn`, for `ms`. */
async function lookingFor(
  t: Awaited<ReturnType<typeof createTestApp>>,
  spawn: () => Worker,
  ms: number,
): Promise<void> {
  const thread = startJobThread(
    t.db,
    { database: t.config.database, logLevel: 'error' },
    createLogger('error'),
    { lookEveryMs: 20, spawn },
  );
  try {
    await new Promise((resolve) => setTimeout(resolve, ms));
  } finally {
    await thread.stop();
  }
}

describe('the job thread', () => {
  it('starts for a job queued in the database, runs it to its end on its own connection, then ends', async () => {
    // A file (SQLite) or the test's database (PostgreSQL): the thread opens its own connection to it.
    const file = path.join(folder, 'folio.db');
    const t = await createTestApp(
      testEngine === 'sqlite' ? { database: { dialect: 'sqlite', path: file } } : {},
    );
    const me = await memberOf(t.app, t.db, 'Jo Jobs');
    const actor = { workspaceId: me.workspaceId, userId: me.userId, now: t.clock.now };
    const ids: number[] = [];
    for (const first_name of ['Ada', 'Bea', 'Cy'])
      ids.push((await queries.createCustomer(t.db, actor, { ...EMPTY_VALUES, first_name })).id);
    const thread = startJobThread(
      t.db,
      { database: t.config.database, logLevel: 'error' },
      createLogger('error'),
      { lookEveryMs: 50, idleMs: 300 },
    );
    try {
      // No job yet: no thread.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(thread.running).toBe(false);
      // Its write transactions take turns with this thread's (SQLite: write-turns.ts): each one's end
      // wakes whoever waits for the job's write.
      let sawJobWrite = false;
      const jobWrote = atomics.waitAsync(new Int32Array(writeTurnsBuffer()), 1, 0, 20_000);
      if (jobWrote.async) void jobWrote.value.then((how) => (sawJobWrite = how === 'ok'));
      const action = await startBulkAction(t.db, actor, { kind: 'delete' }, { ids }, actor.now, 3, {
        background: true,
      });
      await expect.poll(() => thread.running, { timeout: 5000, interval: 20 }).toBe(true);
      // The jobs' thread runs below the server's priority (this thread's), and only it: requests go
      // first. (A server already at the lowest has nothing lower to give.)
      const jobs = jobThreadNiceness(getPriority());
      if (process.platform === 'linux' && jobs !== getPriority()) {
        await expect
          .poll(() => threadNicenesses().includes(jobs), { timeout: 20_000, interval: 20 })
          .toBe(true);
        expect(threadNicenesses().filter((nice) => nice === jobs)).toHaveLength(1);
      }
      await expect
        .poll(async () => (await getBulkAction(t.db, me.workspaceId, action.id))?.status, {
          timeout: 20_000,
          interval: 100,
        })
        .toBe('done');
      // Before the thread ends (which also wakes them).
      expect(sawJobWrite).toBe(testEngine === 'sqlite');
      // With nothing more queued, the thread ends by itself.
      await expect.poll(() => thread.running, { timeout: 5000, interval: 50 }).toBe(false);
    } finally {
      await thread.stop();
    }
    const left = await t.db
      .selectFrom('customers')
      .select('id')
      .where('id', 'in', ids)
      .where('deleted_at', 'is', null)
      .execute();
    expect(left).toEqual([]);
    const job = await t.db.selectFrom('jobs').select(['state', 'lease_owner']).executeTakeFirst();
    expect(job).toEqual({ state: 'done', lease_owner: null });
    // Stopped: the thread has ended, and a second stop is the same one.
    expect(thread.running).toBe(false);
    await thread.stop();
  }, 30_000);

  it('waits twice as long after each failure in a row, up to 5 minutes, and starts the count again after a long run', () => {
    let clock = 0;
    const restarts = backOff(1000, () => clock);
    const waits = [];
    for (let failure = 0; failure < 10; failure += 1) {
      restarts.started();
      const { retryInMs } = restarts.failed();
      waits.push(retryInMs);
      expect(restarts.allowed()).toBe(false);
      clock += retryInMs - 1;
      expect(restarts.allowed()).toBe(false);
      clock += 1;
      expect(restarts.allowed()).toBe(true);
    }
    expect(waits).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 300, 300].map((s) => s * 1000));
    // A clean end, or a thread that ran 5 minutes before it failed: the next wait is the first again.
    restarts.succeeded();
    restarts.started();
    expect(restarts.failed().retryInMs).toBe(2000);
    restarts.started();
    clock += 5 * 60_000;
    expect(restarts.failed()).toEqual({ failures: 1, retryInMs: 2000 });
  });

  it('starts a thread that fails again after a wait that doubles, not at every look', async () => {
    const t = await createTestApp();
    const me = await memberOf(t.app, t.db, 'Jo Jobs');
    const actor = { workspaceId: me.workspaceId, userId: me.userId, now: t.clock.now };
    const { id } = await queries.createCustomer(t.db, actor, {
      ...EMPTY_VALUES,
      first_name: 'Ada',
    });
    await startBulkAction(t.db, actor, { kind: 'delete' }, { ids: [id] }, actor.now, 1, {
      background: true,
    });
    let started = 0;
    // A thread as a broken build makes it: it throws as it loads.
    const spawn = () => {
      started += 1;
      return new Worker('throw new Error("broken build")', { eval: true });
    };
    await lookingFor(t, spawn, 2000);
    // Looking every 20 ms, a thread started at each look would be 25 or more; waiting 40, 80, 160,
    // 320, 640 and 1,280 ms after each failure, at most 6 in 2 s. It is still tried again.
    expect(started).toBeGreaterThanOrEqual(2);
    expect(started).toBeLessThanOrEqual(6);
    const job = await t.db.selectFrom('jobs').select('state').executeTakeFirst();
    expect(job?.state).toBe('queued');

    // A thread that cannot even be made (the constructor throws) waits the same way.
    let tries = 0;
    const refusing = () => {
      tries += 1;
      throw new Error('no threads left');
    };
    await lookingFor(t, refusing, 1000);
    // Waiting 40, 80, 160 and 320 ms: 5 tries in the first 600 ms, then none before 1,240 ms.
    expect(tries).toBeGreaterThanOrEqual(2);
    expect(tries).toBeLessThanOrEqual(5);
  }, 30_000);
});
