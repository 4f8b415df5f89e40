// Property-based fuzzing: whatever arrives (any Unicode, control characters, NUL, 10 KB values, missing
// or repeated fields, wrong content types, oversized bodies, odd URLs), the answer is a success or a
// 4xx with a message, never a 5xx, and the database holds exactly what the successful requests wrote.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestApp, signUp } from '../testing/harness.js';

const FIELDS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'address',
  'city',
  'state',
  'zipcode',
  'version',
  '_csrf',
  'unknown',
];

/** Any text: every Unicode code point (lone surrogates too), control characters and NUL, up to 10 KB. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '\u0000',
      '\u0007',
      '\u001b',
      '\u200f',
      '\u202e',
      '\ufeff',
      'é',
      '😀',
      '"',
      "'",
      '<',
      '&',
      ' ',
    ),
    maxLength: 30,
  }),
  fc.string({ maxLength: 10_240, minLength: 5_000 }),
  fc.constantFrom('', ' ', 'Ada', 'ada@example.com', '+1 (555) 0100', '1', '-1', '1e309', 'NaN'),
);

/** Form fields in any order, some missing, some repeated. */
const formPairs = fc.array(fc.tuple(fc.constantFrom(...FIELDS), anyText), { maxLength: 14 });

function encode(pairs: [string, string][]): string {
  return pairs
    .map(
      ([key, value]) =>
        `${encodeURIComponent(key)}=${encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd'))}`,
    )
    .join('&');
}

// Hundreds of requests per property: a hang guard for a loaded machine, not a speed check.
describe('fuzzing', { timeout: 30_000 }, async () => {
  const { app, db } = await createTestApp();
  const me = await signUp(app, { name: 'Fuzz Owner' });
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', me.email.toLowerCase())
    .executeTakeFirstOrThrow();
  const seeded = await me.client.post('/customers', { first_name: 'Ada', last_name: 'Lovelace' });
  expect(seeded.status).toBe(303);
  const seededId = (await db.selectFrom('customers').select('id').executeTakeFirstOrThrow()).id;
  const liveRows = async () =>
    Number(
      (
        await db
          .selectFrom('customers')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('workspace_id', '=', user.workspace_id)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('creating a customer from any form: 2xx/303 or a 4xx, and only successes add rows', async () => {
    const start = await liveRows();
    let created = start;
    await fc.assert(
      fc.asyncProperty(formPairs, fc.boolean(), fc.boolean(), async (pairs, named, htmx) => {
        // Half the forms start with a valid name (the first value of a field wins), so many succeed.
        const base: [string, string][] = named
          ? [
              ['first_name', 'Ada'],
              ['last_name', 'Lovelace'],
            ]
          : [];
        const withToken: [string, string][] = [
          ['_csrf', me.client.csrfToken!],
          ...base,
          ...pairs.filter(([key]) => key !== '_csrf'),
        ];
        const response = await me.client.request('POST', '/customers', encode(withToken), {
          htmx,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        });
        expect(response.status).toBeLessThan(500);
        const body = await response.text();
        if (response.status >= 400) expect(body.length).toBeGreaterThan(0);
        // Added: 303 (a page) or 201 (a row). A 200 is the form again, asking about a likely
        // duplicate (the same name and city as an earlier run's), with nothing saved yet.
        if (response.status === 201 || response.status === 303) created += 1;
        else if (response.status < 400) expect(body).toContain('Save anyway');
        expect(await liveRows()).toBe(created);
      }),
      { numRuns: 150 },
    );
    expect(created - start).toBeGreaterThan(10);
  });

  it('editing with any form never 5xx, and a refused edit changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        formPairs,
        fc.constantFrom('PUT', 'PATCH', 'POST'),
        fc.boolean(),
        async (pairs, method, htmx) => {
          const before = await db
            .selectFrom('customers')
            .selectAll()
            .where('id', '=', seededId)
            .executeTakeFirstOrThrow();
          const withToken: [string, string][] = [
            ['_csrf', me.client.csrfToken!],
            ...pairs.filter(([key]) => key !== '_csrf'),
          ];
          const response = await me.client.request(
            method,
            `/customers/${seededId}`,
            encode(withToken),
            {
              htmx,
              headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            },
          );
          expect(response.status).toBeLessThan(500);
          const after = await db
            .selectFrom('customers')
            .selectAll()
            .where('id', '=', seededId)
            .executeTakeFirstOrThrow();
          if (response.status >= 400) expect(after).toEqual(before);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the table answers any query string without a 5xx', async () => {
    const param = fc.oneof(
      anyText,
      fc.base64String({ maxLength: 80 }),
      fc.constantFrom(
        'name',
        'email',
        'city',
        'created',
        'asc',
        'desc',
        '-1',
        '99999999999',
        'toString',
        '__proto__',
        'constructor',
        'valueOf',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('q', 'sort', 'dir', 'after', 'before', 'page', 'x'), param),
        fc.boolean(),
        async (params, htmx) => {
          const query = new URLSearchParams(
            Object.entries(params).map(([k, v]) => [k, v.replace(/[\ud800-\udfff]/g, '\ufffd')]),
          );
          const response = await me.client.get(`/customers?${query}`, { htmx });
          expect([200, 400]).toContain(response.status);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('odd URLs and ids get 404 (or a redirect), never a 5xx', async () => {
    const segment = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.constantFrom(
        '-1',
        '0',
        '1.5',
        '1e3',
        '0x10',
        '99999999999999999999',
        '%00',
        '..',
        '%2e%2e',
        ' 1',
        String(seededId) + 'x',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        segment,
        fc.constantFrom('', '/edit', '/delete', '/restore'),
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        async (raw, suffix, method) => {
          const response = await me.client.request(
            method,
            `/customers/${encodeURIComponent(raw)}${suffix}`,
            method === 'GET' ? undefined : { first_name: 'A', last_name: 'B', version: '1' },
          );
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('wrong content types and broken bodies get a 4xx with a message, never a 5xx', async () => {
    const contentType = fc.constantFrom(
      'application/json',
      'text/plain',
      'multipart/form-data; boundary=x',
      'multipart/form-data',
      'application/x-www-form-urlencoded; charset=utf-16',
      'application/xml',
      '',
    );
    await fc.assert(
      fc.asyncProperty(
        contentType,
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.constantFrom('/customers', `/customers/${seededId}`, '/login', '/register'),
        async (type, body, path) => {
          const method = path === `/customers/${seededId}` ? 'PUT' : 'POST';
          const headers: Record<string, string> = { 'X-CSRF-Token': me.client.csrfToken! };
          if (type) headers['Content-Type'] = type;
          const response = await me.client.request(method, path, body, { headers });
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('a body over the limit is refused with 413 before anything is written', async () => {
    const before = await liveRows();
    const response = await me.client.post('/customers', {
      first_name: 'A'.repeat(70 * 1024),
      last_name: 'B',
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('larger than Folio accepts');
    expect(await liveRows()).toBe(before);
  });
});
