// Filters (state, city, dates added) narrow the table: with every sort and direction, with a search,
// paged by keyset cursors both ways, counted like a search; shown as fields and chips; bad values refused.
import { describe, expect, it } from 'vitest';
import type { DB } from '../db/database.js';
import { html as parse, one, texts } from '../testing/html.js';
import { insertCustomers, type CustomerFields } from './bulk.js';
import { listUrl, parseListQuery, type ListQuery, type SortKey } from './listing.js';
import * as queries from './queries.js';
import { EMPTY_VALUES } from './schema.js';
import { countSays, input, partial, setup } from './testing.js';

const STATES = ['NY', 'ny', 'CA', 'Oregon', ''];
const CITIES = ['Portland', 'portland', 'Salem', 'São Paulo', ''];
const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger'];

/** 150 customers spread over states, cities and 15 days (some near New York's midnight). */
function book(): CustomerFields[] {
  return Array.from({ length: 150 }, (_, i) => ({
    ...EMPTY_VALUES,
    first_name: FIRST[i % 4]!,
    last_name: `Person${String(i % 37).padStart(2, '0')}`,
    email: i % 6 === 0 ? '' : `p${i % 41}@example.com`,
    state: STATES[i % 5]!,
    city: CITIES[(i * 7) % 5]!,
    // Every 10 hours from Nov 10, 03:30 UTC (23:30 the day before in New York).
    created_at: new Date(Date.UTC(2026, 10, 10, 3, 30) + i * 10 * 3_600_000).toISOString(),
  }));
}

/** Every row of a list, read page by page forwards with the Next cursors. */
async function readAll(db: DB, workspaceId: number, params: Record<string, string>, zone: string) {
  const ids: number[] = [];
  let query: ListQuery = parseListQuery(params, zone);
  const pages: number[][] = [];
  for (let guard = 0; guard < 10; guard += 1) {
    const page = await queries.findCustomerPage(db, workspaceId, query);
    pages.push(page.customers.map((c) => c.id));
    ids.push(...page.customers.map((c) => c.id));
    if (!page.next) return { ids, pages, total: page.total, last: { query, prev: page.prev } };
    query = { ...query, after: page.next, page: query.page + 1 };
  }
  throw new Error('too many pages');
}

describe('filtering the list', () => {
  const ZONE = 'America/New_York';
  const filters: [string, Record<string, string>, (row: CustomerFields) => boolean][] = [
    ['state (folded: NY and ny)', { state: 'Ny' }, (r) => r.state.toLowerCase() === 'ny'],
    ['city (accents folded)', { city: 'sao paulo' }, (r) => r.city === 'São Paulo'],
    [
      'days added, in the reader’s zone',
      { added_after: '2026-11-12', added_before: '2026-11-14' },
      (r) =>
        r.created_at >= '2026-11-12T05:00:00.000Z' && r.created_at < '2026-11-15T05:00:00.000Z',
    ],
    [
      'state, city and a start day',
      { state: 'ny', city: 'portland', added_after: '2026-11-13' },
      (r) =>
        r.state.toLowerCase() === 'ny' &&
        r.city.toLowerCase() === 'portland' &&
        r.created_at >= '2026-11-13T05:00:00.000Z',
    ],
  ];

  it(
    'keeps exactly the matching customers in the unfiltered order, every sort both ways, and pages back the same',
    {
      timeout: 20_000,
    },
    async () => {
      const { db, me } = await setup();
      const rows = book();
      await insertCustomers(db, me.workspaceId, me.userId, rows);
      const stored = await db
        .selectFrom('customers')
        .select(['id', 'created_at'])
        .where('workspace_id', '=', me.workspaceId)
        .orderBy('id')
        .execute();
      // Each sort and direction with two of the filters in turn (every filter meets five of them).
      let turn = 0;
      for (const sort of ['created', 'touched', 'name', 'email', 'city'] as SortKey[]) {
        for (const dir of ['asc', 'desc']) {
          const everyone = await readAll(db, me.workspaceId, { sort, dir }, ZONE);
          for (const [name, params, keeps] of [filters[turn++ % 4]!, filters[turn++ % 4]!]) {
            const kept = new Set(stored.filter((_, i) => keeps(rows[i]!)).map((row) => row.id));
            const expected = everyone.ids.filter((id) => kept.has(id));
            const found = await readAll(db, me.workspaceId, { ...params, sort, dir }, ZONE);
            expect(found.ids, `${name} by ${sort} ${dir}`).toEqual(expected);
            expect(found.total).toEqual({ count: expected.length, capped: false });
            // Back from the last page with its Previous cursor: the page before, as it was read forwards.
            if (found.pages.length > 1) {
              const back = await queries.findCustomerPage(db, me.workspaceId, {
                ...found.last.query,
                after: undefined,
                before: found.last.prev,
              });
              expect(back.customers.map((c) => c.id)).toEqual(found.pages.at(-2));
            }
          }
        }
      }
    },
  );

  it('combines with a search: both must match, counted together', async () => {
    const { db, me } = await setup();
    const rows = book();
    await insertCustomers(db, me.workspaceId, me.userId, rows);
    const found = await readAll(
      db,
      me.workspaceId,
      { q: 'grace', state: 'NY', sort: 'name' },
      ZONE,
    );
    const expected = rows.filter((r) => r.first_name === 'Grace' && r.state.toLowerCase() === 'ny');
    expect(found.ids).toHaveLength(expected.length);
    expect(found.total.count).toBe(expected.length);
    const none = await readAll(db, me.workspaceId, { q: 'edsger', city: 'nowhere' }, ZONE);
    expect(none.ids).toEqual([]);
  });
});

describe('filters on the page', () => {
  it('shows the fields with their values, a chip per filter with a link without it, and counts matches', async () => {
    const { client, seed } = await setup();
    await seed({ first_name: 'Ada', state: 'NY', city: 'Albany' });
    await seed({ first_name: 'Bob', state: 'NY', city: 'Buffalo' });
    await seed({ first_name: 'Cleo', state: 'CA', city: 'Albany' });
    const response = await client.get('/customers?state=ny&city=Albany&sort=name');
    expect(response.status).toBe(200);
    const page = parse(await response.text());
    expect(countSays(page)).toBe('1 match');
    expect(texts(page, 'tr.customer-row .customer-name > bdi')).toEqual(['Ada Lovelace']);
    expect(input(page, 'state').getAttribute('value')).toBe('ny');
    expect(input(page, 'city').getAttribute('value')).toBe('Albany');
    expect(input(page, 'added_after').getAttribute('type')).toBe('date');
    expect(one(page, 'details.list-filters').hasAttribute('open')).toBe(true);
    expect(texts(page, '#customer-filter-chips .filter-chip > span')).toEqual([
      'State: ny',
      'City: Albany',
    ]);
    const remove = page.querySelectorAll('#customer-filter-chips a.filter-chip-remove');
    expect(remove.map((a) => a.getAttribute('href'))).toEqual([
      '/customers?city=Albany&sort=name',
      '/customers?state=ny&sort=name',
    ]);
    expect(remove[0]!.getAttribute('aria-label')).toBe('Remove filter State: ny');
    // The sort links keep the filter.
    expect(one(page, 'a.sort-link[data-sort="city"]').getAttribute('href')).toBe(
      '/customers?state=ny&city=Albany&sort=city',
    );
  });

  it('answers htmx with the rows and the chips to match; nothing matching says so with a way out', async () => {
    const { client, seed } = await setup();
    await seed({ state: 'NY' });
    const answer = parse(await (await client.get('/customers?state=TX', { htmx: true })).text());
    expect(texts(answer, 'tr.empty-row h2')).toEqual(['No customers match these filters']);
    expect(one(answer, 'tr.empty-row a.button').getAttribute('href')).toBe('/customers');
    expect(texts(partial(answer, '#customer-filter-chips'), '.filter-chip > span')).toEqual([
      'State: TX',
    ]);
    expect(countSays(partial(answer, '#customer-count'))).toBe('0 matches');
  });

  it('reads the days in the person’s time zone', async () => {
    const { client, seed, db, me } = await setup();
    const ada = await seed();
    await db
      .updateTable('users')
      .set({ time_zone: 'Asia/Tokyo' })
      .where('id', '=', me.userId)
      .execute();
    // Added at 23:00 UTC on Nov 23: Nov 24 in Tokyo.
    await db
      .updateTable('customers')
      .set({ created_at: '2026-11-23T23:00:00.000Z' })
      .where('id', '=', ada.id)
      .execute();
    const on = (day: string) =>
      client
        .get(`/customers?added_after=${day}&added_before=${day}`)
        .then(async (r) => texts(parse(await r.text()), 'tr.customer-row .customer-name > bdi'));
    expect(await on('2026-11-24')).toEqual(['Ada Lovelace']);
    expect(await on('2026-11-23')).toEqual([]);
  });

  it('refuses a bad date or range with a 400 that says what to fix', async () => {
    const { client } = await setup();
    for (const [url, message] of [
      ['/customers?added_after=2026-13-01', '“Added from” must be a date written as YYYY-MM-DD'],
      ['/customers?added_after=2026-11-02&added_before=2026-11-01', 'on or before'],
    ]) {
      const response = await client.get(url!);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(message!);
    }
  });

  it('refuses a day outside 1900..9998 (past it the instants sort wrongly) and never answers a malformed day with a 5xx', async () => {
    const { client, seed } = await setup();
    await seed({ first_name: 'Ada' });
    for (const day of ['9999-12-31', '1899-12-31', '0000-01-01']) {
      const response = await client.get(`/customers?added_before=${day}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(
        '“Added to” must be a day between the years 1900 and 9998.',
      );
    }
    // The widest range allowed still lists the book.
    const wide = await client.get('/customers?added_after=1900-01-01&added_before=9998-12-31');
    expect(texts(parse(await wide.text()), 'tr.customer-row .customer-name > bdi')).toHaveLength(1);
    const malformed = [
      '2026-02-30',
      '2026-1-1',
      '２０２６-01-01',
      '2026-11-24T00:00',
      '%00',
      'x'.repeat(5000),
      '+10000-01-01',
      '-001-01-01',
    ];
    for (const day of malformed)
      for (const url of [
        `/customers?added_after=${encodeURIComponent(day)}`,
        `/customers/export.csv?added_before=${encodeURIComponent(day)}`,
      ]) {
        const response = await client.get(url);
        expect(response.status, url).toBe(400);
        expect(await response.text()).toMatch(/must be a date written as YYYY-MM-DD/);
      }
    const html = await (await client.get('/customers')).text();
    expect(one(html, '#customer-filter-added-before').getAttribute('max')).toBe('9998-12-31');
    expect(one(html, '#customer-filter-added-after').getAttribute('min')).toBe('1900-01-01');
  });

  it('an inline create in a filtered view counts the filter’s matches', async () => {
    const { client, seed } = await setup();
    await seed({ state: 'NY' });
    await seed({ state: 'CA' });
    const response = await client.post(
      '/customers',
      { first_name: 'Zed', last_name: 'Other', state: 'ny' },
      {
        htmx: true,
        headers: {
          'HX-Current-URL': `http://folio.test${listUrl({ q: '', sort: 'created', dir: 'desc', filter: { state: 'NY', city: '', added_after: '', added_before: '' } })}`,
        },
      },
    );
    expect(response.status).toBe(201);
    expect(countSays(partial(await response.text(), '#customer-count'))).toBe('2 matches');
  });
});
