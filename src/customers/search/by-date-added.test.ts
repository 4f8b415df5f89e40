// A search's first page by date added, read on SQLite from the full-text index's highest (lowest) ids
// and used only when no customer with an id past them was added after (before) its last row: it is
// the page the match set's walk reads, or it is not used.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DB } from '../../db/database.js';
import { testEngine } from '../../testing/test-database.js';
import { insertCustomers, type CustomerFields } from '../bulk.js';
import { searchPlan } from '../keys.js';
import type { Direction, SortKey } from '../listing.js';
import { cursorOf, findCustomers, type FoundPage } from '../queries.js';
import { EMPTY_VALUES } from '../schema.js';
import { memberOf, setup } from '../testing.js';
import { customerSearch, type MatchedCustomers } from './index.js';

const CAPPED = { count: 1_000, capped: true };
const minute = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();

/** Smiths (the search's matches) and Youngs, every third a Young, added a minute apart from `from`. */
function people(count: number, from: number, at = minute): CustomerFields[] {
  return Array.from({ length: count }, (_, i) => ({
    ...EMPTY_VALUES,
    first_name: `Pat${i}`,
    last_name: i % 3 === 2 ? 'Young' : 'Smith',
    created_at: at(from + i),
  }));
}

/** "smi" past the count's cap, as a page without a filter reads it in this sort. */
function smi(db: DB, workspaceId: number, sort: SortKey = 'created', q = 'smi'): MatchedCustomers {
  return customerSearch(db).matchedCustomers(db, workspaceId, searchPlan(q)!, CAPPED, sort);
}

const ids = (page: FoundPage) => ({
  ids: page.customers.map((customer) => customer.id),
  hasMore: page.hasMore,
});

/** Three pages by date added, read with and without the index's ids; both must agree. */
async function samePages(db: DB, workspaceId: number, dir: Direction, limit = 20, q = 'smi') {
  const matched = smi(db, workspaceId, 'created', q);
  const pages = async (search: MatchedCustomers) => {
    const read: ReturnType<typeof ids>[] = [];
    let from;
    for (let page = 0; page < 3; page += 1) {
      const found = await findCustomers(db, {
        workspaceId,
        sort: 'created',
        dir,
        from,
        search,
        limit,
      });
      read.push(ids(found));
      if (!found.hasMore) break;
      from = cursorOf(found.customers.at(-1)!, 'created');
    }
    return read;
  };
  const walked = await pages({ ...matched, byDateAdded: undefined });
  expect(await pages(matched), dir).toEqual(walked);
  return walked;
}

describe.runIf(testEngine === 'sqlite')(
  "a search's first page by date added, from the index's ids",
  () => {
    it('is offered for a search of many matches by date added alone', async () => {
      const { db, me } = await setup();
      expect(smi(db, me.workspaceId).byDateAdded).toBeDefined();
      for (const sort of ['name', 'email', 'city', 'touched'] as const)
        expect(smi(db, me.workspaceId, sort).byDateAdded, sort).toBeUndefined();
      const search = customerSearch(db);
      // A filter leaves the sort out; few matches are read and sorted.
      expect(
        search.matchedCustomers(db, me.workspaceId, searchPlan('smi')!, CAPPED).byDateAdded,
      ).toBeUndefined();
      expect(
        search.matchedCustomers(
          db,
          me.workspaceId,
          searchPlan('smi')!,
          { count: 9, capped: false },
          'created',
        ).byDateAdded,
      ).toBeUndefined();
      // Short words too, whose walk tests each row's stored terms.
      expect(smi(db, me.workspaceId, 'created', 'sm').byDateAdded).toBeDefined();
    });

    it('reads the same pages as the walk, newest and oldest first, and is used for the first', async () => {
      const { db, me, app } = await setup();
      // Another workspace's Smiths between ours, and some of our newest and oldest Smiths deleted.
      const other = await memberOf(app, db, 'Ada Lovelace');
      await insertCustomers(db, me.workspaceId, me.userId, people(90, 0));
      await insertCustomers(db, other.workspaceId, other.userId, people(40, 95));
      await insertCustomers(db, me.workspaceId, me.userId, people(90, 200));
      const smiths = await db
        .selectFrom('customers')
        .select('id')
        .where('workspace_id', '=', me.workspaceId)
        .where('last_name', '=', 'Smith')
        .orderBy('id')
        .execute();
      const gone = [...smiths.slice(0, 3), ...smiths.slice(-3)].map((row) => row.id);
      await db
        .updateTable('customers')
        .set({ deleted_at: minute(500) })
        .where('id', 'in', gone)
        .execute();

      // "smi" walks testing the match set, "sm" each row's stored terms.
      for (const q of ['smi', 'sm'])
        for (const dir of ['desc', 'asc'] as const) {
          const matched = smi(db, me.workspaceId, 'created', q);
          const first = await matched.byDateAdded!(db, { sort: 'created', dir, limit: 21 });
          expect(first, `${q} ${dir}: the index's ids are the page`).not.toBeNull();
          const pages = await samePages(db, me.workspaceId, dir, 20, q);
          expect(first!.map((row) => row.id).slice(0, 20)).toEqual(pages[0]!.ids);
          expect(pages.flatMap((page) => page.ids)).toHaveLength(60);
          expect(pages.flatMap((page) => page.ids).some((id) => gone.includes(id))).toBe(false);
        }
    });

    it('is not used when a customer with a lower id was added later (a clock set back)', async () => {
      const { db, me } = await setup();
      await insertCustomers(db, me.workspaceId, me.userId, people(120, 0));
      // Then the clock went back a day: these have the highest ids and dates before all the others.
      await insertCustomers(db, me.workspaceId, me.userId, people(30, -1_440));
      for (const q of ['smi', 'sm'])
        for (const dir of ['desc', 'asc'] as const) {
          const matched = smi(db, me.workspaceId, 'created', q);
          expect(
            await matched.byDateAdded!(db, { sort: 'created', dir, limit: 21 }),
            dir,
          ).toBeNull();
          await samePages(db, me.workspaceId, dir, 20, q);
        }
    });

    it('finds the one customer added out of order at either end', async () => {
      for (const dir of ['desc', 'asc'] as const) {
        const { db, me } = await setup();
        await insertCustomers(db, me.workspaceId, me.userId, people(120, 0));
        // One Smith with a low id added after everyone (newest first), or one with the highest id
        // added before everyone (oldest first): either way the first of the page, and not among the
        // index's ids read for it.
        const [lowest] = await db
          .selectFrom('customers')
          .select('id')
          .where('workspace_id', '=', me.workspaceId)
          .where('last_name', '=', 'Smith')
          .orderBy('id')
          .limit(1)
          .execute();
        let outOfOrder = lowest!.id;
        if (dir === 'desc') {
          await db
            .updateTable('customers')
            .set({ created_at: minute(10_000) })
            .where('id', '=', outOfOrder)
            .execute();
        } else {
          await insertCustomers(db, me.workspaceId, me.userId, [
            { ...EMPTY_VALUES, first_name: 'Early', last_name: 'Smith', created_at: minute(-10) },
          ]);
          const { id } = await db
            .selectFrom('customers')
            .select(sql<number>`max(id)`.as('id'))
            .executeTakeFirstOrThrow();
          outOfOrder = id;
        }
        const matched = smi(db, me.workspaceId);
        expect(await matched.byDateAdded!(db, { sort: 'created', dir, limit: 21 }), dir).toBeNull();
        const pages = await samePages(db, me.workspaceId, dir);
        expect(pages[0]!.ids[0], dir).toBe(outOfOrder);
      }
    });

    it('sorts the ids it read by date: a customer dated among them, not at their end, is in its place', async () => {
      const { db, me } = await setup();
      await insertCustomers(db, me.workspaceId, me.userId, people(100, 0));
      // The highest id, dated among the newest (a save whose time was taken before the last ones').
      await insertCustomers(db, me.workspaceId, me.userId, [
        { ...EMPTY_VALUES, first_name: 'Late', last_name: 'Smith', created_at: minute(95.5) },
      ]);
      const matched = smi(db, me.workspaceId);
      for (const dir of ['desc', 'asc'] as const) {
        const read = await matched.byDateAdded!(db, { sort: 'created', dir, limit: 21 });
        if (dir === 'desc') expect(read, "the index's ids are the page").not.toBeNull();
        const [first] = await samePages(db, me.workspaceId, dir);
        if (dir === 'desc') {
          expect(read!.map((row) => row.id).slice(0, 20)).toEqual(first!.ids);
          // Three newer Smiths (minutes 99, 97, 96) before it.
          expect(read!.findIndex((row) => row.first_name === 'Late')).toBe(3);
        }
      }
    });

    it('takes an import batch sharing one date across the page’s end, in both directions', async () => {
      const { db, me } = await setup();
      // 60 customers, then 45 added in one batch (one date, ids in order), then 60 more.
      const batch = () => minute(60);
      await insertCustomers(db, me.workspaceId, me.userId, [
        ...people(60, 0),
        ...people(45, 0, batch),
        ...people(60, 200),
      ]);
      const matched = smi(db, me.workspaceId);
      for (const dir of ['desc', 'asc'] as const) {
        // 40 Smiths each side of the batch: a page of 51 ends inside it.
        const read = await matched.byDateAdded!(db, { sort: 'created', dir, limit: 51 });
        expect(read, dir).not.toBeNull();
        const pages = await samePages(db, me.workspaceId, dir, 50);
        expect(read!.map((row) => row.id).slice(0, 50), dir).toEqual(pages[0]!.ids);
        expect(read!.at(-1)!.created_at, dir).toBe(batch());
      }
    });

    it('reads every match when there are fewer than a page', async () => {
      const { db, me } = await setup();
      await insertCustomers(db, me.workspaceId, me.userId, people(12, 0));
      const matched = smi(db, me.workspaceId);
      const all = await matched.byDateAdded!(db, { sort: 'created', dir: 'desc', limit: 21 });
      expect(all!.map((row) => row.first_name)).toEqual(
        people(12, 0)
          .filter((row) => row.last_name === 'Smith')
          .map((row) => row.first_name)
          .reverse(),
      );
      const pages = await samePages(db, me.workspaceId, 'desc');
      expect(pages).toEqual([{ ids: all!.map((row) => row.id), hasMore: false }]);
    });
  },
);
