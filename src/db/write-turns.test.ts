// Writers first: a write transaction says it is waiting until it ends, and a job's batch gives way
// until none is, or for GIVE_WAY_MS at most.
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/test-database.js';
import { writeTransaction } from './database.js';
import { announceWriter, giveWayToWriters, writersWaitingBuffer } from './write-turns.js';

const waitingNow = () => Atomics.load(new Int32Array(writersWaitingBuffer()), 0);

/** Whether the promise settles within `ms`. */
const settlesWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([
    promise.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);

describe('writers first', () => {
  it('a batch waits while a writer is waiting, and goes on once it is done', async () => {
    const done = announceWriter();
    const batch = giveWayToWriters(5_000);
    expect(await settlesWithin(batch, 100)).toBe(false);
    done();
    done(); // once only
    expect(await settlesWithin(batch, 1_000)).toBe(true);
    expect(waitingNow()).toBe(0);
  });

  it('gives way for at most its bound: a count left raised only slows the job', async () => {
    const done = announceWriter();
    const started = performance.now();
    await giveWayToWriters(50);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    done();
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
    await db.destroy();
    // SQLite counts its writers; PostgreSQL's transactions wait for row locks, not one lock.
    const counted = db.getExecutor().adapter.constructor.name === 'SqliteAdapter' ? 1 : 0;
    expect(seen).toEqual([counted, counted]);
    expect(waitingNow()).toBe(0);
  });
});
