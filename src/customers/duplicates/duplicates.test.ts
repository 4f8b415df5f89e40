// What counts as a duplicate, finding them by index (one customer's, and groups across the book), and
// the form's warning before a save that would add one (JavaScript on and off), with "Save anyway".
import { describe, expect, it } from 'vitest';
import { html as parse, one, texts } from '../../testing/html.js';
import { insertCustomers } from '../bulk.js';
import { EMPTY_VALUES, type CustomerValues } from '../schema.js';
import { memberOf, setup } from '../testing.js';
import {
  duplicateGroups,
  findDuplicatesOf,
  findDuplicatesOfCustomer,
  GROUPS_PER_PAGE,
} from './queries.js';
import { duplicateKeys, emailMatchKey, rulesMatched, storedDuplicateKeys } from './rules.js';
import { customerKeys, withKeys } from '../keys.js';

const person = (values: Partial<CustomerValues>): CustomerValues => ({
  ...EMPTY_VALUES,
  first_name: 'Ada',
  last_name: 'Lovelace',
  ...values,
});

describe('the rules', () => {
  it('match by folded email, by 7 or more phone digits, and by folded full name with city', () => {
    expect(emailMatchKey(' Ada@Exámple.COM ')).toBe('ada@example.com');
    expect(
      rulesMatched(
        person({ email: 'ADA@example.com', phone: '+1 (716) 555-7325', city: 'Zürich' }),
        person({
          first_name: 'ADA',
          email: 'ada@example.com',
          phone: '17165557325',
          city: 'zurich',
        }),
      ),
    ).toEqual(['email', 'phone', 'name_city']);
    // Six digits are too few to tell people apart; an extension is not part of the number.
    expect(rulesMatched(person({ phone: '555-732' }), person({ phone: '555732' }))).toEqual([]);
    expect(duplicateKeys(person({ phone: '555-7325 ext 12' })).phone).toBe('5557325');
    // Empty values match nobody: no email, no city, no name.
    expect(rulesMatched(person({}), person({}))).toEqual([]);
    expect(
      duplicateKeys({ ...EMPTY_VALUES, city: 'Paris' }).name_city,
      'a city without a name',
    ).toBeUndefined();
    expect(
      rulesMatched(person({ city: 'Paris' }), person({ last_name: 'Byron', city: 'Paris' })),
    ).toEqual([]);
    // A stored customer's key columns give the same keys (the record page reads those).
    for (const values of [
      person({ email: ' Ada@Exámple.COM ', phone: '+1 (716) 555-7325', city: 'Zürich' }),
      person({ city: 'Paris' }),
      { ...EMPTY_VALUES, city: 'Paris' },
      person({ phone: '555-732' }),
    ])
      expect(storedDuplicateKeys(withKeys(values))).toEqual(duplicateKeys(values));
  });
});

/** Ada's email where no search may find it: on a deleted customer, and in another workspace. */
async function neverMatched({ db, app, seed }: Awaited<ReturnType<typeof setup>>) {
  const gone = await seed({ email: 'ada@example.com' });
  await db
    .updateTable('customers')
    .set({ deleted_at: '2026-11-24T00:00:00Z' })
    .where('id', '=', gone.id)
    .execute();
  const other = await memberOf(app, db, 'Other');
  await seed({ email: 'ada@example.com' }, other);
}

describe('finding duplicates', () => {
  it("finds the workspace's live customers a set of values matches, with the rules, never itself", async () => {
    const test = await setup();
    const { db, me, seed } = test;
    const a = await seed({ email: 'ada@example.com', city: 'London' });
    const b = await seed({ first_name: 'Augusta', phone: '+44 20 7946 0000' });
    await neverMatched(test);
    const matches = await findDuplicatesOf(
      db,
      me.workspaceId,
      person({ email: 'ADA@EXAMPLE.COM', phone: '442079460000', city: 'london' }),
    );
    expect(matches.map((m) => [m.customer.id, m.rules])).toEqual([
      [a.id, ['email', 'name_city']],
      [b.id, ['phone']],
    ]);
    expect(
      await findDuplicatesOf(db, me.workspaceId, person({ email: 'ada@example.com' }), {
        exceptId: a.id,
      }),
    ).toEqual([]);
  });

  it("a stored customer's (the record page): the oldest matches by every rule its keys allow, with the rules, never itself", async () => {
    const test = await setup();
    const { db, me, seed, stored } = test;
    const ada = await seed({ email: 'ada@example.com', phone: '+44 20 7946 0000', city: 'London' });
    const byAll = await seed({ email: 'ADA@example.com', phone: '442079460000', city: 'london' });
    const byPhone = await seed({ first_name: 'Augusta', phone: '+44 (20) 7946-0000' });
    const byNameCity = await seed({ city: 'LONDON' });
    await neverMatched(test);
    const found = async (id: number, limit: number) =>
      (await findDuplicatesOfCustomer(db, me.workspaceId, (await stored(id))!, limit)).map((m) => [
        m.customer.id,
        m.rules,
      ]);
    expect(await found(ada.id, 5)).toEqual([
      [byAll.id, ['email', 'phone', 'name_city']],
      [byPhone.id, ['phone']],
      [byNameCity.id, ['name_city']],
    ]);
    // The oldest first, however many rules: the limit keeps the oldest.
    expect(await found(ada.id, 2)).toEqual([
      [byAll.id, ['email', 'phone', 'name_city']],
      [byPhone.id, ['phone']],
    ]);
    // Keys for one rule only (no email, no city): only that rule is asked.
    expect(await found(byPhone.id, 5)).toEqual([
      [ada.id, ['phone']],
      [byAll.id, ['phone']],
    ]);
  });

  it('lists groups per rule in key order, paged, each with its members', async () => {
    const { db, me } = await setup();
    const rows = Array.from({ length: 60 }, (_, i) => ({
      ...person({
        first_name: `P${i}`,
        // 25 pairs by email, one triple by phone, one pair by name and city.
        email: i < 50 ? `pair${String(Math.floor(i / 2)).padStart(2, '0')}@example.com` : '',
        phone: i >= 50 && i < 53 ? '+1 716 555 7325' : '',
        city: i >= 55 ? 'Oslo' : '',
      }),
      ...(i >= 55 && i < 57 ? { first_name: 'Kari', last_name: 'Nordmann' } : {}),
      created_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    }));
    await insertCustomers(db, me.workspaceId, me.userId, rows);
    const first = await duplicateGroups(db, me.workspaceId, 'email');
    expect(first.groups).toHaveLength(GROUPS_PER_PAGE);
    expect(first.more).toBe(true);
    expect(first.groups[0]!.key).toEqual(['pair00@example.com']);
    expect(first.groups[0]!.customers.map((c) => c.first_name)).toEqual(['P0', 'P1']);
    const second = await duplicateGroups(db, me.workspaceId, 'email', first.groups.at(-1)!.key);
    expect(second.groups.map((g) => g.key[0])).toEqual(
      [20, 21, 22, 23, 24].map((n) => `pair${n}@example.com`),
    );
    expect(second.more).toBe(false);
    const phones = await duplicateGroups(db, me.workspaceId, 'phone');
    expect(phones.groups.map((g) => [g.key, g.size])).toEqual([[['17165557325'], 3]]);
    const names = await duplicateGroups(db, me.workspaceId, 'name_city');
    expect(names.groups.map((g) => g.customers.map((c) => c.first_name))).toEqual([
      ['Kari', 'Kari'],
    ]);
  });
});

describe('the form warns before adding or saving a duplicate', () => {
  it('without JavaScript: the page again with a link to the other, what was typed, and Save anyway', async () => {
    const { client, seed, all } = await setup();
    const ada = await seed({ email: 'ada@example.com' });
    const typed = {
      first_name: 'Augusta',
      last_name: 'King',
      email: 'Ada@Example.com',
      city: 'Ockham',
    };
    const response = await client.post('/customers', typed);
    expect(response.status).toBe(200);
    const page = parse(await response.text());
    expect(texts(page, '.duplicate-notice h2')).toEqual([
      'This looks like a customer you already have',
    ]);
    expect(one(page, '.duplicate-notice a.duplicate-link').getAttribute('href')).toBe(
      `/customers/${ada.id}`,
    );
    expect(texts(page, '.duplicate-notice li')).toEqual(['Ada Lovelace has the same email.']);
    expect(one(page, 'input[name="city"]').getAttribute('value')).toBe('Ockham');
    expect(one(page, 'input[name="duplicates_ok"]').getAttribute('value')).toBe('yes');
    expect(texts(page, 'button[data-action="save-anyway"]')).toEqual(['Save anyway']);
    expect(await all()).toHaveLength(1);

    const saved = await client.post('/customers', { ...typed, duplicates_ok: 'yes' });
    expect(saved.status).toBe(303);
    expect(await all()).toHaveLength(2);
  });

  it('with htmx: the inline row again, warned; an edit warns only about a match it makes', async () => {
    const { client, seed, stored } = await setup();
    await seed({ phone: '+1 (716) 555-7325' });
    const bob = await seed({ first_name: 'Bob', last_name: 'Marley', phone: '+1 716 555 7325' });
    const form = async (values: Partial<CustomerValues>, base: Partial<CustomerValues>) => ({
      ...Object.fromEntries(Object.entries(base).map(([k, v]) => [`base_${k}`, v])),
      ...values,
      version: String((await stored(bob.id))!.version),
    });
    const bobValues = { first_name: 'Bob', last_name: 'Marley', phone: '+1 716 555 7325' };
    // Already a duplicate by phone: changing his city is not a new match, so it saves.
    const city = await client.request(
      'PUT',
      `/customers/${bob.id}`,
      await form({ ...bobValues, city: 'Kingston' }, bobValues),
      { htmx: true },
    );
    expect(city.status).toBe(200);
    expect((await stored(bob.id))!.city).toBe('Kingston');
    // An email nobody else has: no warning.
    const moved = { ...bobValues, city: 'Kingston' };
    const renamed = await client.request(
      'PUT',
      `/customers/${bob.id}`,
      await form({ ...moved, email: 'ada@example.com' }, moved),
      { htmx: true },
    );
    expect(renamed.status).toBe(200);
    const eve = await seed({ first_name: 'Eve', email: 'eve@example.com' });
    const warned = await client.request(
      'PUT',
      `/customers/${bob.id}`,
      await form({ ...moved, email: 'EVE@example.com' }, { ...moved, email: 'ada@example.com' }),
      { htmx: true },
    );
    expect(warned.status).toBe(200);
    const row = parse(await warned.text()).firstElementChild!;
    expect(row.classList.contains('has-duplicates')).toBe(true);
    expect(one(row, 'a.duplicate-link').getAttribute('href')).toBe(`/customers/${eve.id}`);
    expect(one(row, 'input[name="email"]').getAttribute('value')).toBe('EVE@example.com');
    expect(one(row, 'input[name="version"]').getAttribute('value')).toBe('3');
    expect(one(row, 'input[name="base_email"]').getAttribute('value')).toBe('ada@example.com');
    expect((await stored(bob.id))!.email).toBe('ada@example.com');
  });
});

describe('GET /customers/duplicates', () => {
  it('shows each rule’s groups with links to the records, paged, and only the workspace’s own', async () => {
    const { client, seed, app, db } = await setup();
    const a = await seed({ first_name: 'Ada', email: 'ada@example.com', phone: '555 123 4567' });
    const b = await seed({ first_name: 'Augusta', email: 'ADA@example.com' });
    await seed({ first_name: 'Alone', email: 'alone@example.com', phone: '5551234567' });
    const other = await memberOf(app, db, 'Other');
    await seed({ first_name: 'Secret', email: 'ada@example.com' }, other);

    const page = parse(await (await client.get('/customers/duplicates')).text());
    expect(texts(page, 'h1')).toEqual(['Likely duplicates']);
    expect(texts(page, '.duplicate-group .customer-name bdi')).toEqual([
      'Ada Lovelace',
      'Augusta Lovelace',
    ]);
    expect(
      page.querySelectorAll('.duplicate-group a.customer-name').map((l) => l.getAttribute('href')),
    ).toEqual([`/customers/${a.id}`, `/customers/${b.id}`]);
    expect(one(page, '.duplicate-tabs a[aria-current="page"]').textContent).toBe('Same email');
    expect(page.toString()).not.toContain('Secret');

    const phones = parse(await (await client.get('/customers/duplicates?by=phone')).text());
    expect(texts(phones, '.duplicate-group .customer-name bdi')).toEqual([
      'Ada Lovelace',
      'Alone Lovelace',
    ]);
    const names = parse(await (await client.get('/customers/duplicates?by=name_city')).text());
    expect(texts(names, '.empty-state h2')).toEqual(['No likely duplicates']);
    expect((await client.get('/customers/duplicates?after=%%%')).status).toBe(400);
    // A page link after the longest name key there can be (name and city folded: U+FDFA is 18
    // letters), and one made before the name key held the city (two keys): both answer the page.
    const longest = customerKeys({
      ...EMPTY_VALUES,
      first_name: '\uFDFA'.repeat(50),
      last_name: '\uFDFA'.repeat(50),
      city: '\uFDFA'.repeat(50),
    }).name_key;
    for (const key of [[longest], ['lovelace\u0001ada', 'london']]) {
      const after = Buffer.from(JSON.stringify(key)).toString('base64url');
      expect((await client.get(`/customers/duplicates?by=name_city&after=${after}`)).status).toBe(
        200,
      );
    }
  });
});
