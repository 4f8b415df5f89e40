// The search index merged in bounded steps (migrations/0020): on SQLite, FTS5's own merging is off,
// what single saves leave is merged step by step until none is left, and every search finds what it
// found before; a merge step commits or rolls back with its transaction. PostgreSQL has nothing to merge.
import { sql } from 'kysely';
import { describe, expect } from 'vitest';
import { demoCustomers } from '../../cli/demo-customers.js';
import { insertCustomers } from '../bulk.js';
import { searchPlan } from '../keys.js';
import { memberOf } from '../testing.js';
import { createTestApp } from '../../testing/harness.js';
import { itOnPostgres, itOnSqlite, searchIndexIntact } from '../../testing/test-database.js';
import { writeTransaction } from '../../db/database.js';
import { customerSearch } from './index.js';
import { indexNeedsMerging, mergeAfterBatch, mergeSearchIndex } from './merging.js';
import { jobOptions } from '../../jobs/registry.js';

/** A book written one customer at a time, as saves write it: each its own transaction. */
async function savedOneByOne(count: number) {
  const test = await createTestApp();
  const me = await memberOf(test.app, test.db);
  for (const customer of demoCustomers(count))
    await insertCustomers(test.db, me.workspaceId, me.userId, [customer]);
  const counts = async () => {
    const search = customerSearch(test.db);
    const counted: Record<string, number> = {};
    for (const q of ['a', 'gr', 'smith', 'new york', '555'])
      counted[q] = await search.countMatches(test.db, me.workspaceId, searchPlan(q)!, 10_000);
    return counted;
  };
  return { db: test.db, counts };
}

describe('merging the search index', () => {
  itOnSqlite(
    "FTS5's own merging is off after the migrations; Folio's jobs merge after each batch",
    async () => {
      const { db } = await createTestApp();
      expect(indexNeedsMerging(db)).toBe(true);
      expect(jobOptions(db).afterBatch).toBe(mergeAfterBatch);
      const { rows } = await sql<{
        v: number;
      }>`SELECT v FROM customers_fts_config WHERE k = 'automerge'`.execute(db);
      expect(rows).toEqual([{ v: 0 }]);
    },
  );

  itOnSqlite(
    'merges what single saves left, a step at a time, until nothing is left; searches find the same',
    async () => {
      // 40 segments: FTS5 merges a level itself only once it holds 16, so several levels are left.
      const { db, counts } = await savedOneByOne(40);
      const before = await counts();
      expect(Object.values(before).some((n) => n > 0)).toBe(true);
      const steps = await mergeSearchIndex(db);
      expect(steps).toBeGreaterThan(0);
      expect(await mergeSearchIndex(db)).toBe(0);
      expect(await counts()).toEqual(before);
      expect(await searchIndexIntact(db)).toBe(true);
    },
  );

  itOnSqlite('stops between steps once told to, and does no step when told before', async () => {
    const { db } = await savedOneByOne(40);
    const stopped = new AbortController();
    stopped.abort();
    expect(await mergeSearchIndex(db, stopped.signal)).toBe(0);
    expect(await mergeSearchIndex(db)).toBeGreaterThan(0);
  });

  itOnSqlite('a merge step is part of its transaction: rolled back with it', async () => {
    const { db } = await savedOneByOne(40);
    await expect(
      writeTransaction(db, async (trx) => {
        await mergeAfterBatch(trx, 2_000);
        throw new Error('the transaction failed');
      }),
    ).rejects.toThrow('the transaction failed');
    // Still all to do: the merge went with the transaction.
    expect(await mergeSearchIndex(db)).toBeGreaterThan(0);
    await writeTransaction(db, (trx) => mergeAfterBatch(trx, 2_000));
    expect(await mergeSearchIndex(db)).toBe(0);
  });

  itOnPostgres(
    'has nothing to do on PostgreSQL: no merging after batches, none in housekeeping',
    async () => {
      const { db, counts } = await savedOneByOne(20);
      expect(indexNeedsMerging(db)).toBe(false);
      expect(jobOptions(db)).toEqual({});
      const before = await counts();
      expect(await mergeSearchIndex(db)).toBe(0);
      await writeTransaction(db, (trx) => mergeAfterBatch(trx, 100));
      expect(await counts()).toEqual(before);
    },
  );
});
