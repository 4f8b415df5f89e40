// Parts of the table page made once per list (perList): each list its own, whatever it holds.
import { describe, expect, it } from 'vitest';
import { html, one } from '../../testing/html.js';
import { listUrl, parseListQuery } from '../listing.js';
import { perList, type ListState } from './list-links.js';
import { SearchForm } from './search-form.js';
import { TableHead } from './table-head.js';

const HOSTILE = `"><script>alert(1)</script> & R&amp;D`;

const LISTS: Record<string, string>[] = [
  {},
  { sort: 'name' },
  { sort: 'name', dir: 'desc' },
  { q: 'ada' },
  { q: HOSTILE },
  { city: 'Oakland' },
  { city: HOSTILE, sort: 'city' },
  { state: 'CA', added_after: '2026-11-01' },
  { q: 'ada', added_before: '2026-11-20', sort: 'email', dir: 'desc' },
];

describe('perList', () => {
  it('makes a part once for each list, and each list gets its own', () => {
    const made: string[] = [];
    const part = perList((list: ListState) => {
      made.push(listUrl(list));
      return `<p>${listUrl(list)}</p>`;
    });
    const states = LISTS.map((params) => parseListQuery(params));
    const first = states.map((state) => part(state));
    const again = states.map((state) => part({ ...state }));
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(LISTS.length);
    expect(made).toEqual(states.map((state) => listUrl(state)));
  });

  it('keeps nothing of a list with a long URL (a long search), and a bounded number of lists', () => {
    let renders = 0;
    const part = perList((list: ListState) => `<p>${(renders += 1)} ${list.q}</p>`);
    const long = parseListQuery({ q: '★'.repeat(100) });
    expect(part(long)).toBe(`<p>1 ${long.q}</p>`);
    expect(part(long)).toBe(`<p>2 ${long.q}</p>`);
    for (let i = 0; i < 1000; i += 1) part(parseListQuery({ q: `ada ${i}` }));
    expect(renders).toBe(1002);
    // Made again once its turn has passed: the kept lists were let go, not grown past their bound.
    expect(part(parseListQuery({ q: 'ada 0' }))).toBe('<p>1003 ada 0</p>');
  });

  it('gives the table head and the search form of each list, hostile text escaped, the second time as the first', () => {
    for (const params of LISTS) {
      const query = parseListQuery(params);
      const head = TableHead({ query }) as string;
      const form = SearchForm({ query }) as string;
      expect(TableHead({ query: parseListQuery(params) })).toBe(head);
      expect(SearchForm({ query: parseListQuery(params) })).toBe(form);

      const doc = html(`<table>${head}</table>${form}`);
      expect(doc.querySelectorAll('script')).toHaveLength(0);
      expect(one(doc, '#customer-q').getAttribute('value')).toBe(query.q);
      expect(one(doc, 'input[name="city"]').getAttribute('value')).toBe(query.filter.city);
      // The current sort's heading says so; the others offer to sort.
      const sorted = doc.querySelectorAll('th[aria-sort="ascending"], th[aria-sort="descending"]');
      expect(sorted).toHaveLength(1);
      expect(one(sorted[0]!, 'a').getAttribute('data-sort')).toBe(query.sort);
      // Every heading's link keeps the search and the filter.
      for (const link of doc.querySelectorAll('a.sort-link')) {
        const url = new URL(link.getAttribute('href')!, 'http://folio.test');
        expect(url.searchParams.get('q') ?? '').toBe(query.q);
        expect(url.searchParams.get('city') ?? '').toBe(query.filter.city);
      }
    }
  });
});
