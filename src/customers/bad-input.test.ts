// Bad input and hostile input: clear answers or a 404, never a 500, nothing written, nothing shown as markup.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CUSTOMER_FIELDS, MAX_LENGTHS, normalizeText } from './schema.js';
import { html as parse, one, textOf, texts } from '../testing/html.js';
import { input, memberOf, partial, setup } from './testing.js';

const outsideAttributes = (html: string) => html.replace(/="[^"]*"/g, '=""');

describe('ids that are not yours or not customers', () => {
  it('answers the same 404 page for an unknown and another workspace’s customer, deleted or not; 410 only for our own deleted one', async () => {
    const { app, db, client, seed } = await setup();
    const other = await memberOf(app, db);
    const theirs = await seed({ first_name: 'Secret' }, other);
    const theirsDeleted = await seed({ first_name: 'Hidden' }, other);
    await other.client.post(`/customers/${theirsDeleted.id}/delete`);
    const deleted = await seed();
    await client.post(`/customers/${deleted.id}/delete`);
    await client.get('/customers'); // show the delete's flash now, so it is not on the pages below

    const pages: string[] = [];
    for (const id of [theirs.id, theirsDeleted.id, 987654]) {
      for (const suffix of ['', '/edit', '/delete']) {
        const response = await client.get(`/customers/${id}${suffix}`);
        expect(response.status, `/customers/${id}${suffix}`).toBe(404);
        pages.push(await response.text());
      }
      expect((await client.post(`/customers/${id}/restore`)).status).toBe(404);
    }
    expect(new Set(pages).size).toBe(1);
    expect(pages[0]).toContain('Page not found');
    expect(pages[0]).not.toContain('Secret');
    expect(pages[0]).not.toContain('Hidden');
    for (const suffix of ['', '/edit', '/delete'])
      expect((await client.get(`/customers/${deleted.id}${suffix}`)).status).toBe(410);
    expect(
      (
        await db
          .selectFrom('customers')
          .select('deleted_at')
          .where('id', '=', theirsDeleted.id)
          .executeTakeFirstOrThrow()
      ).deleted_at,
    ).not.toBeNull();
  });

  it.each(['abc', '1.5', '-1', '0x1', '1e3', '%20', '99999999999999999999', '1;drop'])(
    'answers the id %j with 404, never a 500',
    async (id) => {
      const { client } = await setup();
      for (const suffix of ['', '/edit', '/delete'])
        expect((await client.get(`/customers/${id}${suffix}`)).status).toBe(404);
      expect(
        (await client.post(`/customers/${id}`, { version: 1, first_name: 'A', last_name: 'B' }))
          .status,
      ).toBe(404);
      expect((await client.post(`/customers/${id}/delete`)).status).toBe(404);
      expect((await client.post(`/customers/${id}/restore`)).status).toBe(404);
    },
  );

  it('never writes to another workspace’s customer, by any method', async () => {
    const { app, db, client, seed, stored } = await setup();
    const other = await memberOf(app, db);
    const theirs = await seed({ first_name: 'Secret' }, other);
    const url = `/customers/${theirs.id}`;
    const form = { version: 1, first_name: 'Hacked', last_name: 'X' };
    expect((await client.post(url, form)).status).toBe(404);
    expect((await client.request('PUT', url, form, { htmx: true })).status).toBe(404);
    expect((await client.request('PATCH', url, form, { htmx: true })).status).toBe(404);
    expect((await client.request('DELETE', url, undefined, { htmx: true })).status).toBe(404);
    expect((await client.post(`${url}/delete`)).status).toBe(404);
    expect(await stored(theirs.id)).toMatchObject({
      first_name: 'Secret',
      version: 1,
      deleted_at: null,
    });

    await other.client.post(`${url}/delete`);
    expect((await client.post(`${url}/restore`)).status).toBe(404);
    expect((await stored(theirs.id))?.deleted_at).not.toBeNull();
  });
});

describe('what people type', () => {
  const tricky = {
    first_name: 'Zoë-Ångström',
    last_name: "O'Connor-Núñez 🌸",
    email: "o'connor@example.ie",
    phone: '+353 (1) 555-0100',
    address: 'רחוב הרצל 12',
    city: '\u200fתל אביב',
    state: 'القاهرة',
    zipcode: '〒105-0011',
  };

  it('turns a pasted tab or line break into a space, and takes extensions and international addresses', async () => {
    const { client, all } = await setup();
    const response = await client.post('/customers', {
      first_name: 'Ada\t',
      last_name: 'Lovelace',
      address: '12 St James’s Square\r\nSecond floor',
      city: 'London\tWest',
      phone: '+44 20 7946 0958 ext 3',
      email: 'ünï@exämple.de',
    });
    expect(response.status).toBe(303);
    expect((await all())[0]).toMatchObject({
      first_name: 'Ada',
      address: '12 St James’s Square Second floor',
      city: 'London West',
      phone: '+44 20 7946 0958 ext 3',
      email: 'ünï@exämple.de',
    });
    const edit = await client.get(`/customers/${(await all())[0]!.id}/edit`);
    expect(input(await edit.text(), 'email').getAttribute('value')).toBe('ünï@exämple.de');
  });

  it('says a pasted value is too long instead of cutting it, keeping all of it in the field', async () => {
    const { client, all } = await setup();
    const pasted = `${'Very long address line '.repeat(5)}end`;
    const response = await client.post(
      '/customers',
      { first_name: 'Ada', last_name: 'Lovelace', address: pasted },
      { htmx: true },
    );
    expect(response.status).toBe(422);
    const html = parse(await response.text());
    expect(texts(html, 'p.field-error#customer-new-address-error')).toEqual([
      `Use at most 100 characters (this has ${pasted.length}).`,
    ]);
    expect(input(html, 'address').getAttribute('value')).toBe(pasted);
    expect(input(html, 'address').hasAttribute('maxlength')).toBe(false);
    expect(texts(html, 'p.field-hint#customer-new-address-hint')).toEqual(['Up to 100 characters']);
    expect(await all()).toHaveLength(0);
  });

  it('stores accents, apostrophes, emoji and right-to-left text exactly as typed, and shows them the same', async () => {
    const { client, all } = await setup();
    const created = await client.post('/customers', tricky);
    expect(created.status).toBe(303);
    const [row] = await all();
    expect(row).toMatchObject(tricky);

    const table = parse(await (await client.get('/customers')).text());
    expect(texts(table, 'bdi')).toEqual(
      expect.arrayContaining(["Zoë-Ångström O'Connor-Núñez 🌸", '\u200fתל אביב, القاهرة']),
    );
    const avatar = one(table, 'span.avatar');
    expect(avatar.attributes).toEqual({ class: 'avatar avatar-tone-1', 'aria-hidden': 'true' });
    expect(textOf(avatar)).toBe('ZO');

    const record = await (await client.get(`/customers/${row!.id}`)).text();
    expect(texts(record, 'bdi')).toEqual(expect.arrayContaining(['רחוב הרצל 12', '〒105-0011']));
    const form = await (await client.get(`/customers/${row!.id}/edit`)).text();
    expect(input(form, 'last_name').getAttribute('value')).toBe("O'Connor-Núñez 🌸");
    expect(input(form, 'city').getAttribute('value')).toBe('\u200fתל אביב');
  });

  it('takes initials by grapheme, so an emoji or accent is never split', async () => {
    const { client, seed } = await setup();
    await seed({ first_name: '👩🏽‍💻 Dev', last_name: 'e\u0301clair' });
    const html = await (await client.get('/customers')).text();
    expect(html).toContain('aria-hidden="true">👩🏽‍💻E\u0301</span>');
  });

  const markup = '<img src=x onerror=alert(1)>';
  const script = '</script><script>alert("x")</script>';

  it('shows markup in any field as text: table, record, forms, toasts and conflicts', async () => {
    const { client, all } = await setup();
    const response = await client.post('/customers', {
      first_name: script,
      last_name: markup,
      address: '"><svg onload=alert(1)>',
      city: '<b>bold</b>',
      state: "'><a href=javascript:alert(1)>",
      zipcode: '&amp;',
    });
    expect(response.status).toBe(303);
    const [row] = await all();
    expect(row!.first_name).toBe(script);
    expect(row!.zipcode).toBe('&amp;');

    const pages = [
      await (await client.get('/customers')).text(),
      await (await client.get(`/customers/${row!.id}`)).text(),
      await (await client.get(`/customers/${row!.id}/edit`)).text(),
      await (await client.get(`/customers/${row!.id}/delete`)).text(),
      await (await client.get(`/customers/${row!.id}`, { htmx: true })).text(),
      await (await client.get(`/customers/${row!.id}/edit`, { htmx: true })).text(),
      await (
        await client.request(
          'PUT',
          `/customers/${row!.id}`,
          { version: 1, first_name: script, last_name: 'x', city: '<i>' },
          { htmx: true },
        )
      ).text(),
      await (
        await client.request(
          'PUT',
          `/customers/${row!.id}`,
          { version: 1, first_name: markup, last_name: 'y' },
          { htmx: true },
        )
      ).text(),
      await (
        await client.request('DELETE', `/customers/${row!.id}`, undefined, { htmx: true })
      ).text(),
    ];
    for (const page of pages) {
      // Inside a quoted attribute < and > are inert; kitajs escapes the quote, so text outside is what matters.
      const html = outsideAttributes(page);
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('<svg onload');
      expect(html).not.toContain('<b>bold</b>');
      expect(html).not.toContain('<a href=javascript');
      expect(html).not.toContain('<i>');
    }
    expect(pages[0]).toContain(
      '<bdi>&lt;/script>&lt;script>alert(&#34;x&#34;)&lt;/script> &lt;img src=x onerror=alert(1)></bdi>',
    );
    expect(pages[1]).toContain('<bdi>&amp;amp;</bdi>');
    expect(pages[7]).toContain(
      '<span>Keep mine:</span> <bdi>&lt;img src=x onerror=alert(1)></bdi>',
    ); // in the conflict table
    // As sent: the escaping is what is tested.
    expect(partial(pages[8]!, '#flash').innerHTML).toContain('Deleted &lt;/script>&lt;script>');
  });

  it('ignores fields it does not know and never lets the form set ownership, ids or versions', async () => {
    const { app, db, client, all, me } = await setup();
    const other = await memberOf(app, db);
    const response = await client.post('/customers', {
      first_name: 'Ada',
      last_name: 'Lovelace',
      id: 77,
      workspace_id: other.workspaceId,
      created_by: other.userId,
      version: 9,
      deleted_at: '2020-01-01',
      created_at: '1999-01-01',
      is_admin: 'yes',
    });
    expect(response.status).toBe(303);
    const [row] = await all();
    expect(row).toMatchObject({
      workspace_id: me.workspaceId,
      created_by: me.userId,
      version: 1,
      deleted_at: null,
      created_at: '2026-11-24T12:00:00.000Z',
    });
    expect(row!.id).not.toBe(77);
  });

  it('reads the first value when a field is sent twice', async () => {
    const { client, all } = await setup();
    const body = `first_name=Ada&first_name=Eve&last_name=Lovelace&_csrf=${client.csrfToken}`;
    const response = await client.request('POST', '/customers', body, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(303);
    expect((await all())[0]?.first_name).toBe('Ada');
  });

  it('answers a body that is not a form with the form’s own messages', async () => {
    const { client, all } = await setup();
    const response = await client.request('POST', '/customers', '{"first_name":"Ada"}', {
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': client.csrfToken! },
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('Enter a first name.');
    expect(await all()).toHaveLength(0);
  });

  it('refuses a body over the size limit with 413', async () => {
    const { client, all } = await setup();
    const response = await client.post('/customers', {
      first_name: 'Ada',
      last_name: 'x'.repeat(70_000),
    });
    expect(response.status).toBe(413);
    expect(await all()).toHaveLength(0);
  });

  it('never answers 500 and never stores anything but valid, trimmed values, whatever is typed', async () => {
    const { client, all, db } = await setup();
    const value = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.constantFrom('', ' ', '<b>', '"\'', '\u0000', '\u202e', 'a@b.co', '+1 (555) 010-2030'),
    );
    const form = fc.record(
      Object.fromEntries(CUSTOMER_FIELDS.map((field) => [field, value])) as Record<
        (typeof CUSTOMER_FIELDS)[number],
        fc.Arbitrary<string>
      >,
      {
        requiredKeys: [],
      },
    );
    await fc.assert(
      fc.asyncProperty(form, fc.boolean(), async (fields, viaHtmx) => {
        await db.deleteFrom('customers').execute();
        const response = await client.post('/customers', fields, { htmx: viaHtmx });
        expect([201, 303, 422]).toContain(response.status);
        const html = outsideAttributes(await response.text());
        expect(html).not.toContain('<b>');
        const rows = await all();
        if (response.status === 422) {
          expect(rows).toHaveLength(0);
          return;
        }
        expect(rows).toHaveLength(1);
        for (const field of CUSTOMER_FIELDS) {
          const stored = rows[0]![field];
          expect(stored).toBe(normalizeText(fields[field] ?? ''));
          expect(stored.length).toBeLessThanOrEqual(MAX_LENGTHS[field]);
        }
      }),
      { numRuns: 60 },
    );
  });
});
