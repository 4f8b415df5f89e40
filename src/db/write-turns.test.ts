// Writers first: the job thread's write transactions wait for the other writers, and theirs for the
// job's write in progress; each wait has its bound.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/test-database.js';
import { writeTransaction } from './database.js';
import {
  checkpointerEnded,
  jobThreadEnded,
  jobTurn,
  writerTurn,
  writeTurnsBuffer,
} from './write-turns.js';
import {
  counters,
  jobWritingNow,
  resetTurns,
  settlesWithin,
  waitingNow,
} from '../testing/write-turns.js';

/** A few turns of the event loop: what was going to run without waiting has run. */
const settle = async () => {
  for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * Starts a write (`began` called as it begins) during the job's write, and checks that it waits,
 * counted, until the job's write ends (on SQLite; PostgreSQL has no one lock to wait for), then is
 * done and counted no more. `meanwhile` runs while it waits.
 */
async function waitsForTheJob(
  sqlite: boolean,
  write: (began: () => void) => Promise<unknown>,
  meanwhile = async () => {},
): Promise<void> {
  const jobDone = await jobTurn();
  const asked = performance.now();
  let began = false;
  const waited = write(() => {
    began = true;
  });
  await meanwhile();
  await settle();
  // The writer's wait ends at its bound (200 ms): a machine that slow checks no more here.
  if (sqlite && performance.now() - asked < 150) expect([began, waitingNow()]).toEqual([false, 1]);
  jobDone();
  await waited;
  expect([began, waitingNow()]).toEqual([true, 0]);
}

describe('writers first', () => {
  afterEach(resetTurns);

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

  it('a writer that comes as the job takes its turn goes first, and the job lowers its flag after', async () => {
    // The job has found no writer waiting; before it raises its flag, a writer raises its count.
    const job = jobTurn(5_000);
    const writer = writerTurn(5_000);
    expect(await settlesWithin(writer, 1_000)).toBe(true);
    // The job saw the writer and backed off: it waits, its flag down.
    expect(await settlesWithin(job, 100)).toBe(false);
    expect(jobWritingNow()).toBe(0);
    (await writer)();
    expect(await settlesWithin(job, 1_000)).toBe(true);
    expect(jobWritingNow()).toBe(1);
    (await job)();
    expect(jobWritingNow()).toBe(0);
  });

  it('each waits for its bound at most: a count left raised only slows the other', async () => {
    const writerDone = await writerTurn();
    let started = performance.now();
    const jobDone = await jobTurn(50);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(performance.now() - started).toBeLessThan(2_000);
    started = performance.now();
    const secondDone = await writerTurn(50);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(performance.now() - started).toBeLessThan(2_000);
    for (const done of [writerDone, jobDone, secondDone]) done();
    expect([waitingNow(), jobWritingNow()]).toEqual([0, 0]);
  });

  it("the checkpointer's RESTART goes before the job's next write and the others', and ending clears it", async () => {
    // The checkpointer's worker raises its flag (checkpointer.ts) while it waits for the lock or holds it.
    Atomics.store(counters(), 2, 1);
    const job = jobTurn(5_000);
    const writer = writerTurn(5_000);
    expect(await settlesWithin(Promise.race([job, writer]), 100)).toBe(false);
    expect(jobWritingNow()).toBe(0);
    // The worker ends (done, or killed mid-RESTART): both go on, the writer first (it is waiting).
    checkpointerEnded(writeTurnsBuffer());
    expect(await settlesWithin(writer, 1_000)).toBe(true);
    expect(await settlesWithin(job, 100)).toBe(false);
    (await writer)();
    expect(await settlesWithin(job, 1_000)).toBe(true);
    (await job)();
    expect([waitingNow(), jobWritingNow(), Atomics.load(counters(), 2)]).toEqual([0, 0, 0]);
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
    // On SQLite it waits for the job's write like any writer (and is counted meanwhile).
    const sqlite = db.getExecutor().adapter.constructor.name === 'SqliteAdapter';
    await waitsForTheJob(sqlite, (began) =>
      writeTransaction(db, () => {
        began();
        return Promise.resolve();
      }),
    );
    await db.destroy();
    // SQLite counts its writers; PostgreSQL's transactions wait for row locks, not one lock.
    expect(seen).toEqual(sqlite ? [1, 1] : [0, 0]);
    expect(waitingNow()).toBe(0);
  });

  it("a write statement on its own waits for the job's write too; a read does not", async () => {
    const { db } = await openTestDatabase();
    const sqlite = db.getExecutor().adapter.constructor.name === 'SqliteAdapter';
    await waitsForTheJob(
      sqlite,
      (written) => db.insertInto('app_secrets').values(secret('turn-test')).execute().then(written),
      async () => {
        const read = db.selectFrom('app_secrets').select('name').execute();
        expect(await settlesWithin(read, 1_000)).toBe(true);
      },
    );
    // A write inside a transaction is that transaction's turn, not one of its own; one of another
    // user of the connection, made meanwhile, is counted on its own.
    const counted: number[] = [];
    let meanwhile: Promise<unknown> | undefined;
    await writeTransaction(db, async (trx) => {
      await trx.deleteFrom('app_secrets').where('name', '=', 'turn-test').execute();
      counted.push(waitingNow());
      meanwhile = db.insertInto('app_secrets').values(secret('turn-test-2')).execute();
      await settle();
      counted.push(waitingNow());
    });
    await meanwhile;
    expect(counted).toEqual(sqlite ? [1, 2] : [0, 0]);
    expect(waitingNow()).toBe(0);
    await db.destroy();
  });

  it('a transaction begun through Kysely takes a turn from its BEGIN to its end, even when it fails', async () => {
    const { db } = await openTestDatabase();
    const sqlite = db.getExecutor().adapter.constructor.name === 'SqliteAdapter';
    const counted: number[] = [];
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('app_secrets').values(secret('kysely-turn')).execute();
      counted.push(waitingNow());
    });
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('app_secrets').values(secret('kysely-turn')).execute(); // taken
        counted.push(waitingNow());
      }),
    ).rejects.toMatchObject({ code: sqlite ? 'SQLITE_CONSTRAINT_PRIMARYKEY' : '23505' });
    expect(counted).toEqual(sqlite ? [1] : [0]);
    expect(waitingNow()).toBe(0);
    if (sqlite) {
      // A COMMIT that fails (a foreign key checked at the end), then Kysely's ROLLBACK.
      await expect(
        db.transaction().execute(async (trx) => {
          await sql`PRAGMA defer_foreign_keys = ON`.execute(trx);
          await trx
            .insertInto('customer_events')
            .values({
              workspace_id: 1,
              customer_id: 999_999,
              occurred_at: new Date(0).toISOString(),
              kind: 'created',
            })
            .execute();
          counted.push(waitingNow());
        }),
      ).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
      expect(counted).toEqual([1, 1]);
      expect(waitingNow()).toBe(0);
    }
    // It waits for the job's write in progress, counted meanwhile.
    await waitsForTheJob(sqlite, (began) =>
      db.transaction().execute(() => {
        began();
        return Promise.resolve();
      }),
    );
    await db.destroy();
  });
});

/** A row of app_secrets, a table of no feature's, for writes that only need to be writes. */
function secret(name: string) {
  return { name, value: 'x', created_at: new Date(0).toISOString() };
}
