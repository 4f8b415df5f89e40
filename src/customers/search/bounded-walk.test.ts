// A page of many matches walks the sort's index for at most so many entries, then reads every match
// and sorts them: on PostgreSQL for every sort (postgres.ts), on SQLite for a search alone sorted by
// name or email (sqlite.ts). Whichever way a page is read, it is the same page.
import { describe, expect, it } from 'vitest';
import type { DB } from '../../db/database.js';
import { testEngine } from '../../testing/test-database.js';
import { insertCustomers, type CustomerFields } from '../bulk.js';
import { searchPlan, type SearchPlan } from '../keys.js';
import { parseListQuery, type Direction, type SortKey } from '../listing.js';
import { cursorOf, findCustomerPage, findCustomers, type FoundPage } from '../queries.js';
import { EMPTY_VALUES } from '../schema.js';
import { setup } from '../testing.js';
import { customerSearch, type MatchedCustomers } from './index.js';
import * as postgres from './postgres.js';
import * as sqlite from './sqlite.js';

/** How a page sorted by name reads a search past the count's cap (bounded on both engines). */
function capped(db: DB, workspaceId: number, plan: SearchPlan): MatchedCustomers {
  return customerSearch(db).matchedCustomers(
    db,
    workspaceId,
    plan,
    { count: 1_000, capped: true },
    'name',
  );
}

/** The engine's bounded walk, giving up after `entries` entries of the sort's index. */
function walkAtMost(entries: number, workspaceId: number, plan: SearchPlan, test: 'set' | 'terms') {
  return testEngine === 'postgres'
    ? postgres.walkAtMost(entries, plan)
    : sqlite.walkAtMost(entries, test, sqlite.matchExpression(workspaceId, plan), plan);
}

describe('a search whose matches cluster away from where the walk starts', () => {
  // "smi" tests the match set; "sm", two letters, each row's stored terms (SQLite; PostgreSQL walks
  // such a search to the end).
  const searches: [string, 'set' | 'terms'][] = [['smi', 'set']];
  if (testEngine === 'sqlite') searches.push(['sm', 'terms']);
  it.each(searches)(
    'reads the same pages walking, giving up early, or reading the matches (%s)',
    async (q, test) => {
      const { db, me } = await setup();
      // 1,050 Smiths (more than the count's cap: a page walks the sort's index), and 600 Youngs, who
      // sort after them by name and between them by city, and match nothing.
      const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      const rows: CustomerFields[] = [
        ...Array.from({ length: 1_050 }, (_, i) => ({
          ...EMPTY_VALUES,
          first_name: `Pat${i % 97}`,
          last_name: 'Smith',
          city: i % 3 ? 'Aachen' : 'Zagreb',
          created_at: at(i),
        })),
        ...Array.from({ length: 600 }, (_, i) => ({
          ...EMPTY_VALUES,
          first_name: `Quinn${i}`,
          last_name: 'Young',
          city: 'Lisbon',
          created_at: at(2_000 + i),
        })),
      ];
      await insertCustomers(db, me.workspaceId, me.userId, rows);
      const plan = searchPlan(q)!;
      const matched = capped(db, me.workspaceId, plan);
      const bounded = matched.bounded!;
      expect(bounded).toBeDefined();
      const walk = (entries: number) => walkAtMost(entries, me.workspaceId, plan, test);

      const ways: Record<string, MatchedCustomers> = {
        'walking to the end': { ...matched, bounded: { ...bounded, walk: walk(1e6) } },
        'giving up after 10 rows': { ...matched, bounded: { ...bounded, walk: walk(10) } },
        'as it is': matched,
        'reading the matches': bounded.otherwise,
      };
      const shape = (page: FoundPage) => ({
        ids: page.customers.map((customer) => customer.id),
        hasMore: page.hasMore,
      });
      const sorts: [SortKey, Direction][] = [
        ['name', 'desc'],
        ['name', 'asc'],
        ['city', 'desc'],
        ['created', 'desc'],
      ];
      for (const [sort, dir] of sorts) {
        const pages: Record<string, ReturnType<typeof shape>[]> = {};
        for (const [way, search] of Object.entries(ways)) {
          pages[way] = [];
          let from;
          for (let page = 0; page < 3; page += 1) {
            const found = await findCustomers(db, {
              workspaceId: me.workspaceId,
              sort,
              dir,
              from,
              search,
              limit: 50,
            });
            pages[way].push(shape(found));
            from = cursorOf(found.customers.at(-1)!, sort);
          }
        }
        const expected = pages['walking to the end']!;
        expect(expected.flatMap((page) => page.ids)).toHaveLength(150);
        for (const way of Object.keys(ways))
          expect(pages[way], `${sort} ${dir}, ${way}`).toEqual(expected);
      }
    },
    30_000, // 1,650 customers written with their search terms, on a shared machine
  );

  it('a walk that gives up in one run does not go on to the next', async () => {
    const { db, me } = await setup();
    // By city: Aachen (no match), Zagreb (Smiths), then the Smiths without a city, after every city.
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
    const people = (last_name: string, city: string, from: number): CustomerFields[] =>
      Array.from({ length: 20 }, (_, i) => ({
        ...EMPTY_VALUES,
        first_name: `P${i}`,
        last_name,
        city,
        created_at: at(from + i),
      }));
    await insertCustomers(db, me.workspaceId, me.userId, [
      ...people('Young', 'Aachen', 0),
      ...people('Smith', 'Zagreb', 100),
      ...people('Smith', '', 200),
    ]);
    const plan = searchPlan('smi')!;
    const matched = capped(db, me.workspaceId, plan);
    const page = (rowsWalked: number) =>
      findCustomers(db, {
        workspaceId: me.workspaceId,
        sort: 'city',
        dir: 'asc',
        search: {
          ...matched,
          bounded: {
            ...matched.bounded!,
            walk: walkAtMost(rowsWalked, me.workspaceId, plan, 'set'),
          },
        },
        limit: 5,
      }).then((found) => found.customers.map((customer) => customer.city));
    // Ten rows are all Aachen: the walk gives up, and the page is the Zagreb Smiths, not the city-less.
    expect(await page(10)).toEqual(Array(5).fill('Zagreb'));
    expect(await page(1_000)).toEqual(Array(5).fill('Zagreb'));
  });

  it('a filter narrows a search of many matches to the matches it holds', async () => {
    const { db, me } = await setup();
    const rows = (count: number, last_name: string, city: string): CustomerFields[] =>
      Array.from({ length: count }, (_, i) => ({
        ...EMPTY_VALUES,
        first_name: `P${i}`,
        last_name,
        city,
        created_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      }));
    // More Smiths than the count's cap (a page walks), and one of them in Bonn among others.
    await insertCustomers(db, me.workspaceId, me.userId, [
      ...rows(1_010, 'Smith', 'Aachen'),
      ...rows(5, 'Young', 'Bonn'),
      ...rows(1, 'Smith', 'Bonn'),
    ]);
    for (const sort of ['created', 'name', 'city']) {
      const found = await findCustomerPage(
        db,
        me.workspaceId,
        parseListQuery({ q: 'smi', city: 'bonn', sort }),
      );
      expect(found.total, sort).toEqual({ count: 1, capped: false });
      expect(found.customers.map((c) => [c.last_name, c.city])).toEqual([['Smith', 'Bonn']]);
    }
    const aachen = await findCustomerPage(
      db,
      me.workspaceId,
      parseListQuery({ q: 'smi', city: 'aachen' }),
    );
    expect(aachen.total).toEqual({ count: 1_000, capped: true });
    expect(new Set(aachen.customers.map((c) => `${c.last_name} ${c.city}`))).toEqual(
      new Set(['Smith Aachen']),
    );
  }, 30_000);
});
