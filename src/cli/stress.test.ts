// The stress tool's short runs on PostgreSQL: two server instances on one database, concurrent writers,
// and one instance killed mid-load. (SQLite's are in write-load.test.ts.)
import { expect, it } from 'vitest';
import { describeOnPostgres, openTestDatabase } from '../testing/test-database.js';
import { runStress } from './stress.js';

describeOnPostgres('npm run stress on PostgreSQL', () => {
  it('two instances on one new database, 16 writers for 3 s: only 409s, nothing lost, counters match', async () => {
    // Not migrated: both instances start at once and migrate it under the migration lock.
    const { config } = await openTestDatabase({ migrated: false });
    const result = await runStress(config, { seconds: 3, clients: 16, instances: 2, crash: false });
    expect(result.tally.samples).toEqual([]);
    expect(result).toMatchObject({
      failed: false,
      countMatches: true,
      missing: [],
      wrongValues: [],
      tally: { serverErrors: 0, clientErrors: 0, networkErrors: 0 },
    });
    // Enough writes to have overlapped across the two instances, even on a loaded machine.
    expect(result.tally.created).toBeGreaterThan(20);
    expect(result.tally.edited).toBeGreaterThan(10);
    expect(result.customers).toBe(result.tally.created);
  }, 90_000);

  it('one of two instances killed (SIGKILL) mid-load and started again: every acknowledged write survives', async () => {
    const { config } = await openTestDatabase();
    const result = await runStress(config, { seconds: 4, clients: 8, instances: 2, crash: true });
    expect(result.tally.samples).toEqual([]);
    expect(result).toMatchObject({
      failed: false,
      countMatches: true,
      missing: [],
      wrongValues: [],
      tally: { serverErrors: 0, clientErrors: 0 },
    });
    expect(result.tally.created).toBeGreaterThan(10);
    // The writers of the killed instance met it down: the crash did happen mid-load.
    expect(result.tally.networkErrors).toBeGreaterThan(0);
  }, 90_000);
});
