// In a search view, an inline create, delete or undo keeps the count about the matches shown (htmx
// sends the page's URL as HX-Current-URL); a new customer the search does not match is shown, marked.
import { describe, expect, it } from 'vitest';
import { insertCustomers } from './bulk.js';
import { EMPTY_VALUES } from './schema.js';
import { html as parse, one, textOf } from '../testing/html.js';
import { countSays, input, partial, setup } from './testing.js';

const inSearch = (q: string) => ({
  htmx: true,
  headers: { 'HX-Current-URL': `http://folio.test/customers?q=${encodeURIComponent(q)}&sort=name` },
});

describe('the count in a search view', () => {
  it('after an inline create counts the matches, and marks a new customer the search does not match', async () => {
    const { client, seed } = await setup();
    await seed({ last_name: 'Lovelace' });
    await seed({ first_name: 'Grace', last_name: 'Hopper' });

    const outside = await client.post(
      '/customers',
      { first_name: 'Zed', last_name: 'Other' },
      inSearch('lovelace'),
    );
    expect(outside.status).toBe(201);
    const html = parse(await outside.text());
    const count = partial(html, '#customer-count');
    expect(count.children.map((child) => child.id)).toEqual(['customer-count']);
    expect(countSays(count)).toBe('1 match');
    // The answer starts with the new row, marked in its look and in its name.
    const row = html.firstElementChild!;
    expect(row.tagName).toBe('TR');
    expect(row.id).toMatch(/^customer-\d+$/);
    expect(row.classList.value).toEqual(['customer-row', 'outside-search']);
    expect(row.getAttribute('aria-label')).toMatch(/, not in this search$/);
    expect(textOf(one(row, 'span.row-note'))).toBe('not in this search');

    const inside = await client.post(
      '/customers',
      { first_name: 'Byron', last_name: 'Lovelace' },
      inSearch('lovelace'),
    );
    const matched = await inside.text();
    expect(countSays(partial(matched, '#customer-count'))).toBe('2 matches');
    expect(matched).not.toContain('not in this search');

    // Outside a search the count is the book, as before.
    const plain = await client.post(
      '/customers',
      { first_name: 'Amy', last_name: 'Plain' },
      { htmx: true },
    );
    expect(countSays(partial(await plain.text(), '#customer-count'))).toBe('5 customers');
  });

  it('after an inline delete and its undo counts the matches, with the same 1,000+ cap', async () => {
    const { client, seed, db, me } = await setup();
    const ada = await seed({ last_name: 'Lovelace' });
    await seed({ first_name: 'Grace', last_name: 'Hopper' });
    const deleted = await client.request(
      'DELETE',
      `/customers/${ada.id}`,
      undefined,
      inSearch('lovelace'),
    );
    expect(countSays(partial(await deleted.text(), '#customer-count'))).toBe('0 matches');
    const undone = await client.post(`/customers/${ada.id}/restore`, {}, inSearch('lovelace'));
    const html = await undone.text();
    expect(countSays(partial(html, '#customer-count'))).toBe('1 match');
    expect(html).not.toContain('not in this search');

    const many = Array.from({ length: 1001 }, (_, i) => ({
      ...EMPTY_VALUES,
      first_name: `Many${i}`,
      last_name: 'Smith',
      created_at: '2026-01-01T00:00:00.000Z',
    }));
    await insertCustomers(db, me.workspaceId, me.userId, many);
    const capped = await client.request(
      'DELETE',
      `/customers/${ada.id}`,
      undefined,
      inSearch('smith'),
    );
    expect(countSays(partial(await capped.text(), '#customer-count'))).toBe('1,000+ matches');
  });
});

describe("a search's count", () => {
  // PostgreSQL counts the first index rows of the matched terms before counting them all: a book
  // where those rows belong to few customers (each with many matching words) must still count on.
  it('reaches the 1,000+ cap when the first matching terms belong to a few customers', async () => {
    const { client, db, me } = await setup();
    const row = (first_name: string, last_name: string) => ({
      ...EMPTY_VALUES,
      first_name,
      last_name,
      created_at: '2026-01-01T00:00:00.000Z',
    });
    // 400 customers with 11 words each, "smitha" to "smithk", sorting before the 700 "smithz".
    const words = [...'abcdefghijk'].map((letter) => `Smith${letter}`).join(' ');
    const many = Array.from({ length: 400 }, (_, i) => row(words, `Many${i}`));
    const more = Array.from({ length: 700 }, (_, i) => row(`More${i}`, 'Smithz'));
    await insertCustomers(db, me.workspaceId, me.userId, [...many, ...more]);
    expect(countSays(await (await client.get('/customers?q=smith')).text())).toBe('1,000+ matches');
    expect(countSays(await (await client.get('/customers?q=smitha')).text())).toBe('400 matches');
  });
});

describe('without JavaScript, in a search view', () => {
  it('adding and deleting come back to the same search (Post/Redirect/Get)', async () => {
    const { client, seed } = await setup();
    const ada = await seed({ last_name: 'Lovelace' });
    const list = await (await client.get('/customers?q=lovelace&sort=name')).text();
    const back = 'back=%2Fcustomers%3Fq%3Dlovelace%26sort%3Dname';
    expect(one(list, `a[href="/customers/new?${back}"]`).tagName).toBe('A');
    expect(one(list, `a[href="/customers/${ada.id}/delete?${back}"]`).tagName).toBe('A');

    const form = await (
      await client.get('/customers/new?back=%2Fcustomers%3Fq%3Dlovelace%26sort%3Dname')
    ).text();
    expect(form).toContain(
      '<input type="hidden" name="back" value="/customers?q=lovelace&amp;sort=name"/>',
    );
    const added = await client.post('/customers', {
      first_name: 'Byron',
      last_name: 'Lovelace',
      back: '/customers?q=lovelace&sort=name',
    });
    expect(added.headers.get('Location')).toMatch(
      /^\/customers\?q=lovelace&sort=name#customer-\d+$/,
    );

    const confirm = await (
      await client.get(`/customers/${ada.id}/delete?back=%2Fcustomers%3Fq%3Dlovelace`)
    ).text();
    expect(input(confirm, 'back').attributes).toEqual({
      type: 'hidden',
      name: 'back',
      value: '/customers?q=lovelace',
    });
    const deleted = await client.post(`/customers/${ada.id}/delete`, {
      back: '/customers?q=lovelace',
    });
    expect(deleted.headers.get('Location')).toBe('/customers?q=lovelace');
  });

  it('never redirects anywhere but a customer list', async () => {
    const { client, seed } = await setup();
    for (const back of [
      'https://evil.example/',
      '//evil.example',
      '/customers/../login',
      '/customersx?q=1',
      '/customers?after=broken',
    ]) {
      const ada = await seed();
      expect(
        (await client.post(`/customers/${ada.id}/delete`, { back })).headers.get('Location'),
      ).toBe('/customers');
      const added = await client.post('/customers', { first_name: 'A', last_name: 'B', back });
      expect(added.headers.get('Location')).toMatch(/^\/customers#customer-\d+$/);
    }
  });
});
