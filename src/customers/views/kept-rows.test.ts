// A kept row must be exactly the row the template would write now: anything it was made from that
// changes (a field, the reader, the search, the clock's wording) writes it anew.
import { describe, expect, it } from 'vitest';
import type { Reader } from '../../views/format.js';
import { marksOf } from '../highlight.js';
import { searchPlan } from '../keys.js';
import { SEARCH_COUNT_CAP, parseListQuery } from '../listing.js';
import type { ListedCustomer } from '../queries.js';
import { KEPT_BYTES, KEPT_ROWS, keptRow, keptRowsSize, rowContext } from './kept-rows.js';
import { customerRowList } from './results.js';
import { backQuery } from './list-links.js';
import { CustomerRow } from './row.js';

const MINUTE = 60_000;
const NOW = Date.parse('2026-11-25T12:00:00Z');
const reader = (now = NOW, timeZone = 'UTC', locale = 'en-US'): Reader => ({
  locale,
  timeZone,
  now,
});

let nextId = 10_000_000;
function customer(changes: Partial<ListedCustomer> = {}): ListedCustomer {
  return {
    id: (nextId += 1),
    first_name: 'Ada',
    last_name: 'Lovelace',
    email: 'ada@example.com',
    phone: '+44 20 7946 0000',
    city: 'London',
    state: 'LDN',
    created_at: '2026-11-20T10:00:00.000Z',
    touched_at: new Date(NOW - 90_000).toISOString(),
    ...changes,
  };
}

/** The table's rows for a list as the page gets them, decoded. */
function rowsOf(customers: ListedCustomer[], at: Reader, q = ''): string[] {
  const query = parseListQuery({ q });
  const search = q ? { count: 1, capped: false } : undefined;
  const list = { query, count: customers.length, search };
  return customerRowList({ customers, reader: at, list }).map((row) =>
    Buffer.from(row).toString('utf8'),
  );
}

/** The row as the template writes it, without anything kept. */
function written(c: ListedCustomer, at: Reader, q = ''): string {
  const marks = marksOf(q ? searchPlan(q) : null);
  return CustomerRow({
    customer: c,
    reader: at,
    marks,
    back: backQuery(parseListQuery({ q })),
  }) as string;
}

/** keptRow with a template that counts its calls. */
function counted(
  c: ListedCustomer,
  at: Reader,
  context = rowContext({ ...at, back: '', words: [], runs: [] }),
) {
  let writes = 0;
  const bytes = keptRow(c, context, at, () => {
    writes += 1;
    return written(c, at);
  });
  return { html: Buffer.from(bytes).toString('utf8'), writes };
}

/** A row shown twice, so kept (a row is kept the second time it is written). */
function kept(c: ListedCustomer, at: Reader) {
  counted(c, at);
  return counted(c, at);
}

describe('kept rows', () => {
  it('keeps a row the second time it is written, then gives the same bytes while nothing it shows has changed', () => {
    const ada = customer({ first_name: 'Zoë 東京' });
    const first = counted(ada, reader());
    const second = counted({ ...ada }, reader(NOW + 1000));
    const third = counted({ ...ada }, reader(NOW + 2000));
    expect([first.writes, second.writes, third.writes]).toEqual([1, 1, 0]);
    expect(second.html).toBe(first.html);
    expect(third.html).toBe(first.html);
    expect(first.html).toBe(written(ada, reader()));
    // Kept as UTF-8 (the page copies it), written the first time as HTML.
    const context = rowContext({ ...reader(), back: '', words: [], runs: [] });
    expect(keptRow(ada, context, reader(), () => '')).toBeInstanceOf(Uint8Array);
    const stranger = customer();
    expect(typeof keptRow(stranger, context, reader(), () => written(stranger, reader()))).toBe(
      'string',
    );
  });

  it.each([
    ['first_name', 'Augusta'],
    ['last_name', 'King'],
    ['email', 'augusta@example.com'],
    ['phone', '+44 20 7946 0001'],
    ['city', 'Ockham'],
    ['state', 'SRY'],
    ['created_at', '2026-11-21T10:00:00.000Z'],
    ['touched_at', new Date(NOW - 30 * MINUTE).toISOString()],
  ] as const)('writes the row again when its %s changes', (field, value) => {
    const ada = customer();
    expect(kept(ada, reader()).writes).toBe(1);
    expect(counted(ada, reader()).writes).toBe(0);
    const changed = { ...ada, [field]: value };
    const after = counted(changed, reader());
    expect(after.writes).toBe(1);
    expect(after.html).toBe(written(changed, reader()));
    expect(after.html).not.toBe(written(ada, reader()));
  });

  it('writes the row again for another reader (zone, language), search or way back', () => {
    const ada = customer({ touched_at: '2026-11-01T10:00:00.000Z' });
    const rows = (at: Reader, q = '') => rowsOf([ada], at, q)[0]!;
    const plain = rows(reader());
    expect(plain).toBe(written(ada, reader()));
    const tokyo = reader(NOW, 'Asia/Tokyo');
    expect(rows(tokyo)).toBe(written(ada, tokyo));
    expect(rows(tokyo)).not.toBe(plain);
    const german = reader(NOW, 'UTC', 'de-DE');
    expect(rows(german)).toBe(written(ada, german));
    expect(rows(german)).toContain('1. Nov. 2026');
    // A search marks what matched and links back to itself: each search its own row.
    const ada1 = rows(reader(), 'ada');
    expect(ada1).toBe(written(ada, reader(), 'ada'));
    expect(ada1).toContain('<mark>');
    expect(rows(reader(), 'lovelace')).toBe(written(ada, reader(), 'lovelace'));
    expect(rows(reader(), 'ada')).toBe(ada1);
    expect(rows(reader())).toBe(plain);
  });

  it('follows the clock: the last change reads "just now", then "2 minutes ago", never a kept word past its time', () => {
    const ada = customer({ touched_at: new Date(NOW - 10_000).toISOString() });
    const at = (ms: number) => rowsOf([ada], reader(NOW + ms))[0]!;
    expect(at(0)).toContain('>just now</time>');
    expect(at(30_000)).toContain('>just now</time>');
    expect(at(55_000)).toContain('>1 minute ago</time>');
    expect(at(2 * MINUTE)).toContain('>2 minutes ago</time>');
    // A clock set back (tests, another machine's clock) is asked again too.
    expect(at(0)).toContain('>just now</time>');
    // Hours count calendar days in the reader's zone: asked every time, kept when the words agree.
    const old = customer({ touched_at: new Date(NOW - 5 * 60 * MINUTE).toISOString() });
    expect(rowsOf([old], reader())[0]).toContain('>5 hours ago</time>');
    expect(rowsOf([old], reader(NOW + 13 * 60 * MINUTE))[0]).toContain('>yesterday</time>');
    for (const ms of [0, 45 * MINUTE, 3 * 24 * 60 * MINUTE])
      expect(rowsOf([old], reader(NOW + ms))[0]).toBe(written(old, reader(NOW + ms)));
  });

  it('writes a row with the words of a note the search found anew, and never keeps them', () => {
    const ada = customer();
    const query = parseListQuery({ q: 'analytical' });
    const list = { query, count: 1, search: { count: SEARCH_COUNT_CAP, capped: true } };
    const notes = new Map([
      [ada.id, { noteId: 3, safeExcerpt: 'the <mark>analytical</mark> engine' }],
    ]);
    const [row] = customerRowList({ customers: [ada], reader: reader(), list, notes });
    expect(Buffer.from(row!).toString('utf8')).toContain('the <mark>analytical</mark> engine');
    const [without] = customerRowList({ customers: [ada], reader: reader(), list });
    expect(Buffer.from(without!).toString('utf8')).not.toContain('row-note-match');
  });

  it('keeps a row written twice for one context: a search typed over kept rows leaves them kept', () => {
    const ada = customer();
    kept(ada, reader());
    for (const q of ['a', 'ad', 'ada', 'adal']) {
      const context = rowContext({
        ...reader(),
        back: backQuery(parseListQuery({ q })),
        ...marksOf(searchPlan(q)),
      });
      const row = keptRow(ada, context, reader(), () => written(ada, reader(), q));
      expect(row).toBe(written(ada, reader(), q));
    }
    expect(counted(ada, reader()).writes).toBe(0);
    // Another reader's zone, once: written for them, the kept row left as it was.
    const tokyo = reader(NOW, 'Asia/Tokyo');
    expect(
      counted(ada, tokyo, rowContext({ ...tokyo, back: '', words: [], runs: [] })).writes,
    ).toBe(1);
    expect(counted(ada, reader()).writes).toBe(0);
  });

  it(`keeps at most ${KEPT_ROWS} rows, letting the least recently shown go`, () => {
    const first = customer();
    const shownAgain = customer();
    kept(first, reader());
    kept(shownAgain, reader());
    for (let i = 0; i < KEPT_ROWS; i += 1) {
      kept(customer(), reader());
      if (i === KEPT_ROWS / 2) expect(counted(shownAgain, reader()).writes).toBe(0);
    }
    expect(keptRowsSize().rows).toBe(KEPT_ROWS);
    expect(counted(shownAgain, reader()).writes).toBe(0);
    expect(counted(first, reader()).writes).toBe(1);
  });

  it(`keeps at most ${KEPT_BYTES / 1024 / 1024} MB of rows, and no row of a search too long to be shown twice`, () => {
    const long = 'x'.repeat(4000);
    for (let i = 0; i < 700; i += 1) kept(customer({ email: `${long}@example.com` }), reader());
    expect(keptRowsSize().bytes).toBeLessThanOrEqual(KEPT_BYTES);
    expect(keptRowsSize().bytes).toBeGreaterThan(KEPT_BYTES * 0.9);

    const ada = customer();
    const q = 'ada '.repeat(100);
    const before = keptRowsSize();
    const [row] = rowsOf([ada], reader(), q);
    expect(row).toBe(written(ada, reader(), q));
    expect(keptRowsSize()).toEqual(before);
  });
});
