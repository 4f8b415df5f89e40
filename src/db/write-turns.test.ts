// Writers first: the job thread's write transactions wait for the other writers, and theirs for the
// job's write in progress; each wait has its bound.
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/test-database.js';
import { writeTransaction } from './database.js';
import { jobThreadEnded, jobTurn, writerTurn, writeTurnsBuffer } from './write-turns.js';

const counters = () => new Int32Array(writeTurnsBuffer());
const waitingNow = () => Atomics.load(counters(), 0);
const jobWritingNow = () => Atomics.load(counters(), 1);

/** Whether the promise settles within `ms`. */
const settlesWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([
    promise.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);

describe('writers first', () => {
  it("the job's write waits while another writer's is in its turn, and goes on once it is done", async () => {
    const writerDone = await writerTurn();
    const job = jobTurn(5_000);
    expect(await settlesWithin(job, 100)).toBe(false);
    expect(jobWritingNow()).toBe(0);
    writerDone();
    writerDone(); // once only
    expect(await settlesWithin(job, 1_000)).toBe(true);
    expect(waitingNow()).toBe(0);
    expect(jobWritingNow()).toBe(1);
    (await job)();
    expect(jobWritingNow()).toBe(0);
  });

  it("a writer waits for the job's write in progress, and is woken as it ends", async () => {
    const jobDone = await jobTurn();
    const writer = writerTurn(5_000);
    // Counted at once: the job's next write would wait for it.
    expect(waitingNow()).toBe(1);
    expect(await settlesWithin(writer, 100)).toBe(false);
    jobDone();
    expect(await settlesWithin(writer, 1_000)).toBe(true);
    (await writer)();
    expect(waitingNow()).toBe(0);
  });

  it('each waits for its bound at most: a count left raised only slows the other', async () => {
    const writerDone = await writerTurn();
    let started = performance.now();
    const jobDone = await jobTurn(50);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    started = performance.now();
    const secondDone = await writerTurn(50);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    for (const done of [writerDone, jobDone, secondDone]) done();
    expect([waitingNow(), jobWritingNow()]).toEqual([0, 0]);
  });

  it('a job thread that ended mid-write keeps nobody waiting', async () => {
    await jobTurn(); // never said done: the thread died
    const writer = writerTurn(5_000);
    expect(await settlesWithin(writer, 100)).toBe(false);
    jobThreadEnded();
    expect(await settlesWithin(writer, 1_000)).toBe(true);
    (await writer)();
  });

  it('a write transaction is counted while it waits and writes, and not after, even when it fails', async () => {
    const { db } = await openTestDatabase();
    const seen: number[] = [];
    await writeTransaction(db, () => {
      seen.push(waitingNow());
      return Promise.resolve();
    });
    await expect(
      writeTransaction(db, () => {
        seen.push(waitingNow());
        return Promise.reject(new Error('refused'));
      }),
    ).rejects.toThrow('refused');
    // On SQLite it waits for the job's write like any writer.
    const jobDone = await jobTurn();
    const waited = writeTransaction(db, () => Promise.resolve());
    const sqlite = db.getExecutor().adapter.constructor.name === 'SqliteAdapter';
    expect(await settlesWithin(waited, 100)).toBe(!sqlite);
    jobDone();
    await waited;
    await db.destroy();
    // SQLite counts its writers; PostgreSQL's transactions wait for row locks, not one lock.
    expect(seen).toEqual(sqlite ? [1, 1] : [0, 0]);
    expect(waitingNow()).toBe(0);
  });
});
