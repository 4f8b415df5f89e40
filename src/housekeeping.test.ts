// The server's housekeeping: it runs at start and on its schedule, and stopping it (the server shutting
// down) lets the batch in progress finish, starts nothing more, and leaves the database free to close.
import { describe, expect, it } from 'vitest';
import { demoCustomers } from './cli/demo-customers.js';
import { insertCustomers } from './customers/bulk.js';
import { memberOf } from './customers/testing.js';
import { startHousekeeping } from './housekeeping.js';
import { createLogger } from './logger.js';
import { createTestApp } from './testing/harness.js';
import { itOnSqlite } from './testing/test-database.js';
import { mergeSearchIndex } from './customers/search/merging.js';

const DAY = 24 * 60 * 60 * 1000;

/** A book with one session expired by `now` and 20 customers deleted 41 days before it. */
async function overdue() {
  const test = await createTestApp();
  const me = await memberOf(test.app, test.db);
  await insertCustomers(test.db, me.workspaceId, me.userId, [...demoCustomers(20)]);
  const now = test.clock.now + 31 * DAY;
  await test.db
    .updateTable('customers')
    .set({ deleted_at: new Date(now - 41 * DAY).toISOString(), deleted_by: me.userId })
    .execute();
  const lines: string[] = [];
  const logger = createLogger('debug', (line) => lines.push(line));
  const left = async () => ({
    sessions: (await test.db.selectFrom('sessions').select('id').execute()).length,
    customers: (await test.db.selectFrom('customers').select('id').execute()).length,
  });
  return { db: test.db, now, lines, logger, left };
}

describe('housekeeping', () => {
  it('stopped mid-run: the batch in progress finishes, no other starts, the database closes cleanly', async () => {
    const { db, now, lines, logger, left } = await overdue();
    const housekeeping = startHousekeeping(db, logger, { now: () => now });
    // As the server does on SIGTERM: stop, then close the database once stop has resolved.
    await housekeeping.stop();
    // The first job's batch was under way when stop came: it is done by now...
    // ...and the jobs after it never began: the deleted customers are still there.
    expect(await left()).toEqual({ sessions: 0, customers: 20 });
    await db.destroy();
    // Anything housekeeping still had running would now fail on the closed database and say so.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines.filter((line) => !line.includes('level=debug'))).toEqual([]);
  });

  it('runs every job at start and again on schedule, and not once stopped', async () => {
    const { db, now, lines, logger, left } = await overdue();
    const housekeeping = startHousekeeping(db, logger, { now: () => now, every: 50 });
    try {
      await expect.poll(left).toEqual({ sessions: 0, customers: 0 });
      expect(lines.join('')).toMatch(/msg="purged deleted customers" count=20\n/);
      const me = await db
        .selectFrom('users')
        .select(['id', 'workspace_id'])
        .executeTakeFirstOrThrow();
      const again = async () => {
        await insertCustomers(db, me.workspace_id, me.id, [...demoCustomers(1)]);
        await db
          .updateTable('customers')
          .set({ deleted_at: new Date(now - 41 * DAY).toISOString() })
          .execute();
      };
      await again();
      await expect.poll(left).toEqual({ sessions: 0, customers: 0 });
      await housekeeping.stop();
      await again();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await left()).toEqual({ sessions: 0, customers: 1 });
    } finally {
      await housekeeping.stop();
    }
  });

  itOnSqlite('merges the search index the saves left (SQLite), and says so', async () => {
    const test = await createTestApp();
    const me = await memberOf(test.app, test.db);
    for (const customer of demoCustomers(40))
      await insertCustomers(test.db, me.workspaceId, me.userId, [customer]);
    const lines: string[] = [];
    const housekeeping = startHousekeeping(
      test.db,
      createLogger('info', (line) => lines.push(line)),
    );
    try {
      await expect.poll(() => lines.join('')).toMatch(/msg="merged the search index" steps=\d+/);
      expect(await mergeSearchIndex(test.db)).toBe(0);
    } finally {
      await housekeeping.stop();
    }
  });
});
