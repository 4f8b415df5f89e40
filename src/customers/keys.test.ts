// The folding, sort keys and search terms every engine stores and compares byte-wise.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frozenKeys } from '../../migrations/0006_search_terms_and_sort_keys.js';
import { frozenKeys as frozenKeys0014 } from '../../migrations/0014_duplicates_and_filters.js';
import { demoCustomers } from '../cli/demo-customers.js';
import {
  customerKeys,
  fold,
  CITY_SEPARATOR,
  NAME_SEPARATOR,
  phoneRuns,
  searchPlan,
  searchText,
  sortKey,
} from './keys.js';
import { EMPTY_VALUES } from './schema.js';

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('fold', () => {
  it.each([
    ['Østergaard', 'ostergaard'],
    ['JOSÉ Müller', 'jose muller'],
    ['Łukasz Straße', 'lukasz strasse'],
    ['Ｆｕｌｌ ｗｉｄｔｈ', 'full width'],
    ['İstanbul', 'istanbul'],
    ['東 京', '東 京'],
    ['김민준', '김민준'],
    ['ΟΔΟΣ', 'οδοσ'],
  ])('%s -> %s', (text, folded) => {
    expect(fold(text)).toBe(folded);
  });

  it('folds plain ASCII (its quick path) exactly as the full normalisation does', () => {
    const ascii = String.fromCharCode(...Array.from({ length: 128 }, (_, code) => code));
    for (const text of [ascii, 'Grace HOPPER', 'ADA@Example.COM', '+1 (716) 555-7325'])
      expect(fold(text)).toBe(text.normalize('NFKD').toLowerCase().normalize('NFC'));
  });
});

describe('sort keys', () => {
  it('order names by folded last name, then first name, byte-wise', () => {
    const names = [
      ['Zhou', 'Wei'],
      ['Østergaard', 'Søren'],
      ['Olsen', 'Ann'],
      ['park', 'Ji-woo'],
      ['Ab', 'Zed'],
      ['Ab C', 'Ann'],
      ['Ábel', 'Ida'],
    ];
    const keys = names.map(([last, first]) => ({
      name: `${first} ${last}`,
      key: customerKeys({ ...EMPTY_VALUES, first_name: first!, last_name: last! }).name_key,
    }));
    keys.sort((a, b) => byBytes(a.key, b.key));
    // "Ab, Zed" before "Ab C, Ann": the last name decides first (the separator sorts below a space).
    expect(keys.map((k) => k.name)).toEqual([
      'Zed Ab',
      'Ann Ab C',
      'Ida Ábel',
      'Ann Olsen',
      'Søren Østergaard',
      'Ji-woo park',
      'Wei Zhou',
    ]);
  });

  it('are empty for empty values and never hold control characters or doubled spaces', () => {
    expect(sortKey('')).toBe('');
    expect(sortKey('  New \t  York ')).toBe('new york');
    expect(customerKeys({ ...EMPTY_VALUES, first_name: 'A', last_name: 'B' })).toMatchObject({
      email_key: '',
      city_key: '',
      name_key: `b${NAME_SEPARATOR}a${CITY_SEPARATOR}`,
    });
    // The name key ends with the city (migrations/0022), after a separator below every letter.
    expect(
      customerKeys({ ...EMPTY_VALUES, first_name: 'Ada', last_name: 'Lovelace', city: ' Zürich ' })
        .name_key,
    ).toBe(`lovelace${NAME_SEPARATOR}ada${CITY_SEPARATOR}zurich`);
  });
});

describe('search terms', () => {
  it('hold every folded word (one letter too) and every run of 4+ trailing phone digits', () => {
    const text = searchText({
      ...EMPTY_VALUES,
      first_name: 'J.',
      last_name: '東',
      email: 'J.Doe42@Example.com',
      phone: '+1 (716) 555-7325',
      city: 'Zürich',
    });
    expect(text).toBe(
      ' wj w東 wdoe w42 wexample wcom w1 w716 w555 w7325 wzurich p17165557325 p7165557325 p165557325 p65557325 p5557325 p557325 p57325 p7325',
    );
  });

  it('split where letters meet digits, so numbered emails add no words of their own', () => {
    expect(
      searchText({ ...EMPTY_VALUES, email: 'grace.hopper996@navy.example', zipcode: 'SW1A 1AA' }),
    ).toBe(' wgrace whopper w996 wnavy wexample wsw w1 wa waa');
  });

  it('leave an extension out of the runs', () => {
    expect(phoneRuns('+44 20 7946 0958 ext 3')[0]).toBe('442079460958');
    expect(phoneRuns('020 7946 0958 x123').at(-1)).toBe('0958');
    expect(phoneRuns('555')).toEqual([]);
  });

  it('are empty for a customer with nothing searchable', () => {
    expect(searchText({ ...EMPTY_VALUES, first_name: '---' })).toBe('');
  });
});

describe('the ASCII shortcuts', () => {
  // sortKey and the search words skip Unicode's tables for plain ASCII text; stored keys depend on
  // them, so they must give exactly what the general rule gives, for any text.
  const general = {
    sortKey: (text: string) =>
      fold(text)
        .replace(/[\p{Cc}]/gu, '')
        .replace(/\s+/gu, ' ')
        .trim(),
    words: (text: string) => fold(text).match(/\p{L}+|\p{N}+/gu) ?? [],
  };
  const pieces = fc.constantFrom(
    'a',
    'Z',
    'q7',
    '42',
    ' ',
    '  ',
    '\t',
    '\n',
    '\r',
    '\v',
    '\f',
    '\x1c',
    '\u0085',
    '\x00',
    '\x1f',
    '\x7f',
    '.',
    '@',
    '-',
    "'",
    '~',
    'é',
    'Ø',
    'ß',
    '\u00a0',
    '\u2003',
    'İ',
    '東',
    'Ｆ',
  );
  const texts = fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join(''));

  it('sort keys: the same as the general rule', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(sortKey(text)).toBe(general.sortKey(text));
      }),
      {
        numRuns: 3000,
      },
    );
  });

  it('search terms: the same words as the general rule', () => {
    fc.assert(
      fc.property(texts, texts, (first, email) => {
        const values = { ...EMPTY_VALUES, first_name: first, email };
        const words = [...new Set(general.words(`${first}  ${email}    `))];
        expect(searchText(values)).toBe(
          words.length ? ` ${words.map((w) => `w${w}`).join(' ')}` : '',
        );
      }),
      { numRuns: 3000 },
    );
  });
});

describe('search plan', () => {
  it('keeps one-letter and CJK words as word prefixes', () => {
    expect(searchPlan('s')).toEqual([[[{ kind: 'w', text: 's' }]]]);
    expect(searchPlan('東')).toEqual([[[{ kind: 'w', text: '東' }]]]);
  });

  it('lets a word of 4+ digits also be a run inside a phone number, and a shorter one not', () => {
    expect(searchPlan('7325')).toEqual([
      [
        [
          { kind: 'w', text: '7325' },
          { kind: 'p', text: '7325' },
        ],
      ],
    ]);
    expect(searchPlan('732')).toEqual([[[{ kind: 'w', text: '732' }]]]);
  });

  it('matches a typed phone number by its digits run together too', () => {
    expect(searchPlan('(716) 555-7325')).toEqual([
      [
        [
          { kind: 'p', text: '7165557325' },
          { kind: 'w', text: '7165557325' },
        ],
      ],
      [
        [{ kind: 'w', text: '716' }],
        [{ kind: 'w', text: '555' }],
        [
          { kind: 'w', text: '7325' },
          { kind: 'p', text: '7325' },
        ],
      ],
    ]);
  });

  it('folds the words, drops FTS syntax and repeats, and has nothing to find without a word', () => {
    expect(searchPlan('"JOSÉ" OR* -jose')).toEqual([
      [[{ kind: 'w', text: 'jose' }], [{ kind: 'w', text: 'or' }]],
    ]);
    expect(searchPlan(' -*" ')).toBeNull();
  });
});

describe('the migration', () => {
  it('fills existing rows with exactly what the app computes today (its frozen copy has not drifted)', () => {
    const tricky = [
      'Østergaard',
      'İstanbul',
      'Ｆｕｌｌ',
      'ΟΔΟΣ',
      '東京',
      'a\u0301b',
      'x'.repeat(50),
      '+1 (716) 555-7325 ext 4',
      '',
    ];
    const samples = [...demoCustomers(500)].concat(
      tricky.map((value) => ({
        ...EMPTY_VALUES,
        first_name: value,
        last_name: value,
        email: value,
        phone: value,
        city: value,
        state: value,
        zipcode: value,
        created_at: '',
      })),
    );
    for (const values of samples) {
      const { name_key, email_key, city_key, state_key, phone_key, search_text } =
        customerKeys(values);
      // 0022 ends the name key with the city, in SQL.
      const frozen = frozenKeys(values);
      expect({
        ...frozen,
        name_key: `${frozen.name_key}${CITY_SEPARATOR}${frozen.city_key}`,
      }).toEqual({ name_key, email_key, city_key, search_text });
      // 0014 added the state and phone keys, with its own frozen copy.
      expect(frozenKeys0014(values)).toEqual({ state_key, phone_key });
    }
  });
});
