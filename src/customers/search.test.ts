// Finding one person among many: active search, sorting by column, keyset paging, counts.
import { describe, expect, it } from 'vitest';
import { insertCustomers } from './bulk.js';
import { EMPTY_VALUES } from './schema.js';
import { html as parse, one, textOf, type HTMLElement } from '../testing/html.js';
import { countSays, input, partial, setup } from './testing.js';

const ROWS_OF = (html: string) =>
  parse(html)
    .querySelectorAll('tr.customer-row[id^="customer-"]')
    .map((row) => Number(row.id.slice('customer-'.length)));
const NAMES_OF = (html: string) =>
  parse(html)
    .querySelectorAll('a.customer-name[href^="/customers/"]')
    .map((link) => textOf(one(link, 'bdi')));
/** An element's text with each highlighted part in [brackets]: "[Gra]ce [Hop]per". */
const marked = (element: HTMLElement): string =>
  element.childNodes
    .map((node) => ('tagName' in node && node.tagName === 'MARK' ? `[${node.text}]` : node.text))
    .join('');
/** The highlighted text of every element the selector finds. */
const markedAll = (html: string, selector: string) =>
  parse(html).querySelectorAll(selector).map(marked);

describe('search', async () => {
  const { client, seed } = await setup();
  const grace = await seed({
    first_name: 'Grace',
    last_name: 'Hopper',
    email: 'grace@navy.example',
    phone: '+1 (555) 0100',
    city: 'Arlington',
    state: 'VA',
    zipcode: '22202',
  });
  const jose = await seed({
    first_name: 'José',
    last_name: 'Müller',
    email: 'jose@example.es',
    city: 'Zürich',
    state: 'ZH',
    zipcode: '8001',
  });
  const yael = await seed({ first_name: 'יעל', last_name: 'כהן', city: 'תל אביב' });
  await seed({
    first_name: 'Alan',
    last_name: 'Turing',
    email: 'alan@bletchley.example',
    phone: '(020) 7946-0000',
    city: 'London',
    state: 'England',
    zipcode: 'SW1A 1AA',
  });
  const higashi = await seed({
    first_name: '太郎',
    last_name: '東',
    phone: '+1 (716) 555-7325',
    city: 'Buffalo',
  });

  const find = async (q: string) =>
    ROWS_OF(await (await client.get(`/customers?q=${encodeURIComponent(q)}`)).text());

  it.each([
    ['first name', 'grace', [grace.id]],
    ['last name', 'HOPPER', [grace.id]],
    ['full name by word prefixes', 'gra hop', [grace.id]],
    ['words in any order', 'hop gra', [grace.id]],
    ['email', 'grace@navy', [grace.id]],
    ['phone ignoring punctuation and spaces', '5550100', [grace.id]],
    ['phone as typed', '(555) 0100', [grace.id]],
    ['city', 'arling', [grace.id]],
    ['state', 'va', [grace.id]],
    ['zip code', '22202', [grace.id]],
    ['without accents', 'jose muller', [jose.id]],
    ['with accents', 'JOSÉ MÜLLER', [jose.id]],
    ['accented city', 'zurich', [jose.id]],
    ['right-to-left text', 'יעל', [yael.id]],
    ['a one-character CJK surname', '東', [higashi.id]],
    ['an initial', 'h', [grace.id]],
    ['an initial and a word', 'g hop', [grace.id]],
    ['a local phone number without country and area code', '5557325', [higashi.id]],
    ['the last 4 digits of a phone number', '7325', [higashi.id]],
    ['digits across the area code', '716555', [higashi.id]],
    ['digits from the country code on', '1716555', [higashi.id]],
    ['a run of digits typed with punctuation', '555-73', [higashi.id]],
    ['digits that are no run of the number', '1671655', []],
    ['3 digits inside a number (too short for a run)', '325', []],
    ['nothing', 'nobody-here', []],
  ])('finds by %s (%s)', async (_what, q, ids) => {
    expect(await find(q)).toEqual(ids);
  });

  it.each([
    '"',
    '*',
    'NEAR',
    'NEAR(',
    '-',
    'OR',
    'AND NOT',
    '"unclosed',
    'grace*',
    '^grace',
    'col:grace',
    '\u0000\u0007\u001b',
    '(',
    ')',
    '{}',
    'x'.repeat(10_240),
    'a b c d e f g h i j k l m n o p',
  ])('treats %j as plain words, never an error', async (q) => {
    const response = await client.get(`/customers?q=${encodeURIComponent(q)}`);
    expect(response.status).toBe(200);
    const htmx = await client.get(`/customers?q=${encodeURIComponent(q)}`, { htmx: true });
    expect(htmx.status).toBe(200);
  });

  it('highlights the matching start of each word', async () => {
    const html = await (await client.get('/customers?q=gra%20hop')).text();
    expect(markedAll(html, 'bdi')).toContain('[Gra]ce [Hop]per');
    const accented = await (await client.get('/customers?q=mull')).text();
    expect(markedAll(accented, 'bdi').some((text) => text.includes('[Müll]er'))).toBe(true);
  });

  it('highlights one-character words and runs of phone digits', async () => {
    const html = await (await client.get('/customers?q=%E6%9D%B1')).text();
    expect(markedAll(html, 'bdi')).toContain('太郎 [東]');
    const phone = await (await client.get('/customers?q=5557325')).text();
    expect(markedAll(phone, 'a[href^="tel:"]')).toContain('+1 (716) [555-7325]');
  });

  it('says when nothing matches and offers to clear the search, keeping what was typed', async () => {
    const html = await (await client.get('/customers?q=%3Cb%3Enobody')).text();
    expect(html).toContain('No customers match “<span>&lt;b>nobody</span>”');
    expect(html).toContain('Clear the search');
    expect(one(html, 'input#customer-q').attributes).toMatchObject({
      type: 'search',
      name: 'q',
      value: '<b>nobody',
    });
    expect(html).toContain('0 matches');
  });

  it('answers htmx with only the rows and the count, head and pager beside them, not the page', async () => {
    const response = await client.get('/customers?q=hopper', { htmx: true });
    const html = await response.text();
    expect(response.headers.get('Vary')).toContain('HX-Request');
    expect(parse(html).querySelector('html, body, header.app-header')).toBeNull();
    expect(ROWS_OF(html)).toEqual([grace.id]);
    expect(countSays(partial(html, '#customer-count'))).toBe('1 match');
    expect(one(partial(html, '#customer-head'), '[aria-sort]').tagName).toBe('TH');
    expect(partial(html, '#customer-pager')).toBeDefined();
  });

  it('the search box is a GET form that works without JavaScript and keeps the sort', async () => {
    const html = await (await client.get('/customers?sort=city&dir=desc&q=a')).text();
    const form = one(html, 'form#customer-search');
    expect(form.attributes).toMatchObject({
      method: 'get',
      action: '/customers',
      'hx-get': '/customers',
      'hx-trigger': 'input delay:250ms, submit',
      'hx-push-url': 'true',
      'hx-sync': 'this:replace',
    });
    expect(input(form, 'sort').attributes).toEqual({ type: 'hidden', name: 'sort', value: 'city' });
    expect(input(form, 'dir').attributes).toEqual({ type: 'hidden', name: 'dir', value: 'desc' });
  });

  it('a list answered in place (htmx) brings the search form the sort it shows, so the next search keeps it', async () => {
    const html = await (await client.get('/customers?sort=city&dir=desc', { htmx: true })).text();
    const fields = partial(html, '#customer-search-sort');
    expect(input(fields, 'sort').attributes).toEqual({
      type: 'hidden',
      name: 'sort',
      value: 'city',
    });
    expect(input(fields, 'dir').attributes).toEqual({ type: 'hidden', name: 'dir', value: 'desc' });
    expect(
      partial(
        await (await client.get('/customers', { htmx: true })).text(),
        '#customer-search-sort',
      ).querySelectorAll('input'),
    ).toHaveLength(0);
  });

  it('a deleted customer is no longer found, and found again after restore', async () => {
    const extra = await seed({ first_name: 'Temporary', last_name: 'Person' });
    expect(await find('temporary')).toEqual([extra.id]);
    await client.request('DELETE', `/customers/${extra.id}`, undefined, { htmx: true });
    expect(await find('temporary')).toEqual([]);
    await client.post(`/customers/${extra.id}/restore`);
    expect(await find('temporary')).toEqual([extra.id]);
  });

  it('an edit is found by its new values only', async () => {
    const edited = await seed({ first_name: 'Before', last_name: 'Edit' });
    const response = await client.request('PUT', `/customers/${edited.id}`, {
      first_name: 'After',
      last_name: 'Edit',
      version: '1',
    });
    expect(response.status).toBe(303);
    expect(await find('before')).toEqual([]);
    expect(await find('after edit')).toEqual([edited.id]);
  });
});

describe('sorting', async () => {
  const { client, seed } = await setup();
  const b = await seed({
    first_name: 'Beth',
    last_name: 'Able',
    email: 'zed@example.com',
    city: 'Denver',
  });
  const a = await seed({
    first_name: 'Anna',
    last_name: 'able',
    email: 'amy@example.com',
    city: 'austin',
  });
  const c = await seed({
    first_name: 'Cara',
    last_name: 'Cole',
    email: 'm@example.com',
    city: 'Denver',
  });

  it.each([
    ['name', 'asc', ['Anna able', 'Beth Able', 'Cara Cole']],
    ['name', 'desc', ['Cara Cole', 'Beth Able', 'Anna able']],
    ['email', 'asc', ['Anna able', 'Cara Cole', 'Beth Able']],
    ['city', 'asc', ['Anna able', 'Beth Able', 'Cara Cole']],
    ['city', 'desc', ['Cara Cole', 'Beth Able', 'Anna able']],
    ['created', 'asc', ['Beth Able', 'Anna able', 'Cara Cole']],
    ['created', 'desc', ['Cara Cole', 'Anna able', 'Beth Able']],
  ])('by %s %s, ignoring case, ties broken by id', async (sort, dir, names) => {
    const html = await (await client.get(`/customers?sort=${sort}&dir=${dir}`)).text();
    expect(NAMES_OF(html)).toEqual(names);
    const ariaSort = dir === 'asc' ? 'ascending' : 'descending';
    const header = one(html, `th[aria-sort="${ariaSort}"]`);
    expect(header.attributes).toMatchObject({ scope: 'col', 'aria-sort': ariaSort });
    expect(header.hasAttribute('class')).toBe(true);
    const link = header.firstElementChild!;
    expect(link.attributes).toMatchObject({ class: 'sort-link sorted', 'data-sort': sort });
    expect(link.tagName === 'A' && link.hasAttribute('href')).toBe(true);
  });

  it.each(['asc', 'desc'])('customers without an email or city come last, %s', async (dir) => {
    const none = await seed({ first_name: 'Nora', last_name: 'None' });
    for (const sort of ['email', 'city']) {
      const html = await (await client.get(`/customers?sort=${sort}&dir=${dir}`)).text();
      expect(ROWS_OF(html).at(-1), sort).toBe(none.id);
    }
    await client.request('DELETE', `/customers/${none.id}`, undefined, { htmx: true });
  });

  it('names sort folded, as search folds them: Østergaard with the Os, not after Zhou', async () => {
    const ids = [
      await seed({ first_name: 'Wei', last_name: 'Zhou' }),
      await seed({ first_name: 'Søren', last_name: 'Østergaard' }),
      await seed({ first_name: 'Ole', last_name: 'olsen' }),
      await seed({ first_name: 'Pia', last_name: 'Park' }),
    ];
    const all = NAMES_OF(await (await client.get('/customers?sort=name')).text());
    expect(
      all.filter((name) =>
        ['Wei Zhou', 'Søren Østergaard', 'Ole olsen', 'Pia Park'].includes(name),
      ),
    ).toEqual(['Ole olsen', 'Søren Østergaard', 'Pia Park', 'Wei Zhou']);
    for (const { id } of ids)
      await client.request('DELETE', `/customers/${id}`, undefined, { htmx: true });
  });

  it('column headers link to the other direction, keeping the search', async () => {
    const html = await (await client.get('/customers?sort=name&q=able')).text();
    expect(one(html, 'a[data-sort="name"]').getAttribute('hx-get')).toBe(
      '/customers?q=able&sort=name&dir=desc',
    );
    expect(one(html, 'a[data-sort="city"]').getAttribute('href')).toBe(
      '/customers?q=able&sort=city',
    );
  });

  it.each(['password_hash', 'toString', '__proto__', 'constructor', 'hasOwnProperty'])(
    'an unknown sort (%s) falls back to the default',
    async (sort) => {
      const response = await client.get(`/customers?sort=${sort}&dir=sideways`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(NAMES_OF(html)).toEqual(['Cara Cole', 'Anna able', 'Beth Able']);
      expect(
        one(html, 'th[aria-sort="descending"]').firstElementChild?.getAttribute('data-sort'),
      ).toBe('created');
      void [a, b, c];
    },
  );
});

describe('paging', async () => {
  const { client, db, me, clock } = await setup();
  // 120 customers, created a second apart: "Person 120" is the newest.
  await insertCustomers(
    db,
    me.workspaceId,
    me.userId,
    Array.from({ length: 120 }, (_, i) => ({
      ...EMPTY_VALUES,
      first_name: 'Person',
      last_name: String(i + 1).padStart(3, '0'),
      city: i % 2 ? 'Even' : 'Odd',
      created_at: new Date(clock.now - (200 - i) * 1000).toISOString(),
    })),
  );
  const link = (html: string, rel: 'next' | 'prev') =>
    parse(html).querySelector(`a.button[rel="${rel}"]`)?.getAttribute('href');

  it('shows 50 a page with Next and Previous links that walk the whole book exactly once', async () => {
    const first = await (await client.get('/customers')).text();
    expect(NAMES_OF(first)).toHaveLength(50);
    expect(NAMES_OF(first)[0]).toBe('Person 120');
    expect(link(first, 'prev')).toBeUndefined();
    expect(first).toContain('Page 1');

    const secondUrl = link(first, 'next')!;
    expect(secondUrl).toMatch(/^\/customers\?after=[\w-]+&page=2$/);
    const second = await (await client.get(secondUrl)).text();
    expect(NAMES_OF(second)[0]).toBe('Person 070');
    const third = await (await client.get(link(second, 'next')!)).text();
    expect(NAMES_OF(third)).toHaveLength(20);
    expect(NAMES_OF(third).at(-1)).toBe('Person 001');
    expect(link(third, 'next')).toBeUndefined();
    expect(third).toContain('Page 3');

    const all = [...NAMES_OF(first), ...NAMES_OF(second), ...NAMES_OF(third)];
    expect(new Set(all).size).toBe(120);

    const back = await (await client.get(link(third, 'prev')!)).text();
    expect(NAMES_OF(back)).toEqual(NAMES_OF(second));
    expect(back).toContain('Page 2');
    expect(link(back, 'prev')).toBe('/customers');
  });

  it('keeps the search and sort in the page links', async () => {
    const first = await (await client.get('/customers?q=even&sort=name&dir=desc')).text();
    expect(first).toContain('60 matches');
    const next = link(first, 'next')!;
    expect(next).toMatch(/^\/customers\?q=even&sort=name&dir=desc&after=[\w-]+&page=2$/);
    const second = await (await client.get(next)).text();
    expect(NAMES_OF(second)).toHaveLength(10);
    expect(NAMES_OF(second).at(-1)).toBe('Person 002');
  });

  it('pages with htmx replace the rows and pager in place', async () => {
    const first = await (await client.get('/customers')).text();
    const html = await (await client.get(link(first, 'next')!, { htmx: true })).text();
    expect(parse(html).querySelector('html, body')).toBeNull();
    expect(ROWS_OF(html)).toHaveLength(50);
    expect(one(partial(html, '#customer-pager'), 'a[rel="prev"]').tagName).toBe('A');
  });

  it.each([
    'after=garbage',
    'after=' + Buffer.from('["x"]').toString('base64url'),
    'before=' + Buffer.from('[1,2,3]').toString('base64url'),
    'after=%00',
    'sort=name&after=' + Buffer.from('["2026-01-01", 1]').toString('base64url') + 'x',
  ])('a tampered cursor (%s) gets 400 with a way back', async (query) => {
    const response = await client.get(`/customers?${query}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Start again from the first page');
  });

  it.each(['page=-1', 'page=0', 'page=99999999999', 'page=abc'])(
    'an absurd page number (%s) is ignored',
    async (query) => {
      const response = await client.get(`/customers?${query}`);
      expect(response.status).toBe(200);
      expect(NAMES_OF(await response.text())[0]).toBe('Person 120');
    },
  );
});

describe('paging past the customers without a value', async () => {
  const { client, db, me, clock } = await setup();
  // 60 with an email, 60 without; emails run e000..e059 in the opposite order of creation.
  await insertCustomers(
    db,
    me.workspaceId,
    me.userId,
    Array.from({ length: 120 }, (_, i) => ({
      ...EMPTY_VALUES,
      first_name: 'Person',
      last_name: String(i).padStart(3, '0'),
      email: i < 60 ? `e${String(59 - i).padStart(3, '0')}@example.com` : '',
      created_at: new Date(clock.now - (200 - i) * 1000).toISOString(),
    })),
  );
  const link = (html: string, rel: 'next' | 'prev') =>
    parse(html).querySelector(`a.button[rel="${rel}"]`)?.getAttribute('href');

  it.each(['asc', 'desc'])(
    'by email %s: every customer once, those without an email last, and back again',
    async (dir) => {
      const pages: string[][] = [];
      let url: string | undefined = `/customers?sort=email&dir=${dir}`;
      const urls: string[] = [];
      while (url) {
        urls.push(url);
        const html = await (await client.get(url)).text();
        pages.push(NAMES_OF(html));
        url = link(html, 'next');
      }
      expect(pages.map((page) => page.length)).toEqual([50, 50, 20]);
      const all = pages.flat();
      expect(new Set(all).size).toBe(120);
      const withEmail = all.slice(0, 60).map((name) => Number(name.slice(-3)));
      expect(withEmail).toEqual(Array.from({ length: 60 }, (_, i) => (dir === 'asc' ? 59 - i : i)));
      // Without an email: newest first in descending order, oldest first in ascending, as ids break ties.
      const without = all.slice(60).map((name) => Number(name.slice(-3)));
      expect(without).toEqual(
        Array.from({ length: 60 }, (_, i) => (dir === 'asc' ? 60 + i : 119 - i)),
      );

      const last = await (await client.get(urls[2]!)).text();
      const back = await (await client.get(link(last, 'prev')!)).text();
      expect(NAMES_OF(back)).toEqual(pages[1]);
      const first = await (await client.get(link(back, 'prev')!)).text();
      expect(NAMES_OF(first)).toEqual(pages[0]);
    },
  );
});

describe('counts', async () => {
  const { client, db, me, clock } = await setup();

  it('the count follows creates, deletes and restores without counting the table', async () => {
    const created = await client.post(
      '/customers',
      { first_name: 'One', last_name: 'Person' },
      { htmx: true },
    );
    expect(countSays(partial(await created.text(), '#customer-count'))).toBe('1 customer');
    const id = (await db.selectFrom('customers').select('id').executeTakeFirstOrThrow()).id;
    await client.request('DELETE', `/customers/${id}`, undefined, { htmx: true });
    expect(await (await client.get('/customers')).text()).toContain('0 customers');
    await client.post(`/customers/${id}/restore`);
    const workspace = await db
      .selectFrom('workspaces')
      .select('customer_count')
      .where('id', '=', me.workspaceId)
      .executeTakeFirstOrThrow();
    expect(workspace.customer_count).toBe(1);
  });

  it('a search past 1,000 matches says 1,000+ instead of counting them all', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({
      ...EMPTY_VALUES,
      first_name: 'Smith',
      last_name: `Number${i}`,
      created_at: new Date(clock.now - i).toISOString(),
    }));
    await insertCustomers(db, me.workspaceId, me.userId, many);
    const html = await (await client.get('/customers?q=smi')).text();
    expect(html).toContain('1,000+ matches');
    expect(NAMES_OF(html)).toHaveLength(50);
    expect(await (await client.get('/customers')).text()).toContain('1,002 customers');
  });
});
