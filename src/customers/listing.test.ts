import { describe, expect, it } from 'vitest';
import { MAX_ID } from '../http/params.js';
import { searchPlan } from './keys.js';
import {
  BadListQuery,
  decodeCursor,
  encodeCursor,
  listBack,
  listUrl,
  NO_FILTER,
  pageUrls,
  parseListQuery,
  searchOfPage,
  type Cursor,
} from './listing.js';

const base64url = (text: string) => Buffer.from(text).toString('base64url');

describe('keyset cursors', () => {
  it('come back as they went in, whatever the key holds', () => {
    const cursors: Cursor[] = [
      { key: '2026-01-01T00:00:00.000Z', id: 1 },
      { key: 'hopper\u0001grace', id: 42 },
      { key: '', id: MAX_ID },
      { key: 'østergaard "quoted" <b>&amp;', id: 7 },
      { key: 'x'.repeat(4000), id: 3 },
    ];
    for (const cursor of cursors) {
      const raw = encodeCursor(cursor);
      expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(raw)).toEqual(cursor);
    }
  });

  it('refuse a tampered or made-up cursor', () => {
    const tampered = [
      '',
      'abc+/=', // base64, not base64url
      'not a cursor',
      base64url('not json'),
      base64url('{"key":"a","id":1}'),
      base64url('["a"]'),
      base64url('[1, 1]'),
      base64url('["a", "1"]'),
      base64url('["a", 0]'),
      base64url('["a", -5]'),
      base64url('["a", 1.5]'),
      base64url(`["a", ${Number.MAX_SAFE_INTEGER + 2}]`),
      base64url(JSON.stringify(['x'.repeat(4001), 1])),
      'A'.repeat(8001),
    ];
    for (const raw of tampered) expect(decodeCursor(raw), raw.slice(0, 40)).toBeNull();
  });
});

describe('reading the list query from the URL', () => {
  it('defaults to the newest customers first, page 1, no search', () => {
    expect(parseListQuery({})).toEqual({
      q: '',
      plan: null,
      filter: NO_FILTER,
      filterKeys: null,
      sort: 'created',
      dir: 'desc',
      page: 1,
    });
  });

  it('takes each sort with its own default direction, and an explicit one', () => {
    expect(parseListQuery({ sort: 'name' })).toMatchObject({ sort: 'name', dir: 'asc' });
    expect(parseListQuery({ sort: 'city', dir: 'desc' })).toMatchObject({
      sort: 'city',
      dir: 'desc',
    });
    expect(parseListQuery({ sort: 'created', dir: 'asc' })).toMatchObject({
      sort: 'created',
      dir: 'asc',
    });
  });

  it('falls back to the default for an unknown sort or direction, inherited names included', () => {
    for (const sort of ['phone', 'NAME', 'constructor', '__proto__', 'toString', ''])
      expect(parseListQuery({ sort }), sort).toMatchObject({ sort: 'created', dir: 'desc' });
    expect(parseListQuery({ sort: 'email', dir: 'sideways' })).toMatchObject({
      sort: 'email',
      dir: 'asc',
    });
  });

  it('keeps the search box as typed (up to 1,000 characters) and plans the search from it', () => {
    expect(parseListQuery({ q: 'Grace  Hopper' })).toMatchObject({
      q: 'Grace  Hopper',
      plan: searchPlan('Grace  Hopper'),
    });
    expect(parseListQuery({ q: 'a'.repeat(1500) }).q).toHaveLength(1000);
    expect(parseListQuery({ q: ' -*" ' })).toMatchObject({ q: ' -*" ', plan: null });
  });

  it('reads a cursor either way, and the page number only beside one', () => {
    const at = { key: 'm', id: 1500 };
    expect(parseListQuery({ after: encodeCursor(at), page: '30' })).toMatchObject({
      after: at,
      page: 30,
    });
    expect(parseListQuery({ before: encodeCursor(at), page: '2' })).toMatchObject({
      before: at,
      page: 2,
    });
    expect(parseListQuery({ page: '30' }).page).toBe(1);
    expect(parseListQuery({ after: '', before: '', page: '5' })).toEqual(parseListQuery({}));
    for (const page of ['0', '-3', 'abc', '1e3', '1234567', ' 4'])
      expect(parseListQuery({ after: encodeCursor(at), page }).page, page).toBe(1);
  });

  it('refuses a broken cursor, and a link that goes both ways', () => {
    expect(() => parseListQuery({ after: 'broken!' })).toThrow(BadListQuery);
    expect(() => parseListQuery({ before: base64url('["a", 0]') })).toThrow(
      'That page link is broken or out of date. Start again from the first page.',
    );
    const at = encodeCursor({ key: 'm', id: 1 });
    expect(() => parseListQuery({ after: at, before: at })).toThrow(
      'A page link cannot go both forwards and backwards.',
    );
  });
});

describe('writing the list query into a link', () => {
  it('leaves out what is default', () => {
    expect(listUrl({ q: '', sort: 'created', dir: 'desc' })).toBe('/customers');
    expect(listUrl({ q: '', sort: 'name', dir: 'asc' })).toBe('/customers?sort=name');
    expect(listUrl({ q: '', sort: 'name', dir: 'desc' })).toBe('/customers?sort=name&dir=desc');
    expect(listUrl({ q: '', sort: 'created', dir: 'desc' }, { page: 1 })).toBe('/customers');
  });

  it('is read back as the same list query', () => {
    const at = { key: 'lovelace\u0001ada', id: 12 };
    const url = listUrl({ q: 'ada & co', sort: 'name', dir: 'desc' }, { after: at, page: 3 });
    expect(url).toMatch(/^\/customers\?q=ada\+%26\+co&sort=name&dir=desc&after=[\w-]+&page=3$/);
    const params = Object.fromEntries(new URL(url, 'http://folio.test').searchParams);
    expect(parseListQuery(params)).toEqual({
      q: 'ada & co',
      plan: searchPlan('ada & co'),
      filter: NO_FILTER,
      filterKeys: null,
      sort: 'name',
      dir: 'desc',
      after: at,
      page: 3,
    });
  });
});

describe('links around a list', () => {
  const query = parseListQuery({ q: 'ada', sort: 'name' });
  const at = { key: 'lovelace\u0001ada', id: 12 };

  it('links the next page after the last row, and the previous before the first (page 2 back to page 1)', () => {
    expect(pageUrls(query, {})).toEqual({ nextUrl: undefined, prevUrl: undefined });
    expect(pageUrls(query, { next: at }).nextUrl).toBe(listUrl(query, { after: at, page: 2 }));
    const third = { ...query, page: 3 };
    expect(pageUrls(third, { prev: at }).prevUrl).toBe(listUrl(query, { before: at, page: 2 }));
    expect(pageUrls({ ...query, page: 2 }, { prev: at }).prevUrl).toBe(
      '/customers?q=ada&sort=name',
    );
  });

  it('brings a whole-page write back to a /customers list only, rebuilt from its search and sort', () => {
    expect(listBack('/customers?q=ada&sort=name&evil=1')).toBe('/customers?q=ada&sort=name');
    expect(listBack(undefined)).toBe('/customers');
    expect(listBack('https://evil.example/customers?q=ada')).toBe('/customers');
    expect(listBack('/customers?after=broken')).toBe('/customers');
  });

  it('reads the search of the page htmx says it is on, and nothing from any other page', () => {
    expect(searchOfPage('http://folio.test/customers?q=ada')).toEqual(searchPlan('ada'));
    expect(searchOfPage('http://folio.test/customers')).toBeNull();
    expect(searchOfPage('http://folio.test/customers/7?q=ada')).toBeNull();
    expect(searchOfPage('not a url')).toBeNull();
    expect(searchOfPage('http://folio.test/customers?q=ada&after=broken')).toBeNull();
    expect(searchOfPage(undefined)).toBeNull();
  });
});

describe('the filter: state, city and dates added', () => {
  it("folds state and city as stored, and reads the days in the reader's time zone, both included", () => {
    const query = parseListQuery(
      { state: ' NY ', city: 'São Paulo', added_after: '2026-11-01', added_before: '2026-11-24' },
      'America/New_York',
    );
    expect(query.filter).toEqual({
      state: 'NY',
      city: 'São Paulo',
      added_after: '2026-11-01',
      added_before: '2026-11-24',
    });
    expect(query.filterKeys).toEqual({
      state: 'ny',
      city: 'sao paulo',
      from: '2026-11-01T04:00:00.000Z',
      until: '2026-11-25T05:00:00.000Z',
    });
    expect(parseListQuery({ added_after: '2026-11-01' }).filterKeys).toEqual({
      from: '2026-11-01T00:00:00.000Z',
    });
    expect(parseListQuery({ state: '', city: '  ' }).filterKeys).toBeNull();
  });

  it('refuses a date that is not a day, a range that ends before it starts, and a long value, saying why', () => {
    for (const [params, message] of [
      [{ added_after: '2026-02-30' }, /“Added from” must be a date written as YYYY-MM-DD/],
      [{ added_before: '24/11/2026' }, /“Added to” must be a date/],
      [{ added_after: '2026-11-24', added_before: '2026-11-23' }, /on or before/],
      [{ city: 'x'.repeat(101) }, /at most 100 characters/],
    ] as const) {
      expect(() => parseListQuery(params)).toThrow(BadListQuery);
      expect(() => parseListQuery(params)).toThrow(message);
    }
    // One day from and to itself is a day.
    expect(
      parseListQuery({ added_after: '2026-11-24', added_before: '2026-11-24' }).filterKeys,
    ).toEqual({ from: '2026-11-24T00:00:00.000Z', until: '2026-11-25T00:00:00.000Z' });
  });

  it('is carried in every link of the list: pages, sorts and back', () => {
    const filter = { ...NO_FILTER, state: 'NY', added_after: '2026-11-01' };
    const url = listUrl(
      { q: 'ada', sort: 'city', dir: 'asc', filter },
      { after: { key: 'x', id: 3 }, page: 2 },
    );
    expect(url).toMatch(/^\/customers\?q=ada&state=NY&added_after=2026-11-01&sort=city&after=/);
    const params = Object.fromEntries(new URL(url, 'http://folio.test').searchParams);
    expect(parseListQuery(params).filter).toEqual(filter);
    expect(listBack('/customers?state=NY&sort=name')).toBe('/customers?state=NY&sort=name');
  });
});
