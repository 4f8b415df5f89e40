// Time zones: dates read in the person's zone (UTC until one is known), chosen in Account settings or
// guessed by the browser at sign-in.
import { describe, expect, it } from 'vitest';
import { html as parse, one, textOf, texts } from '../testing/html.js';
import { setup } from '../customers/testing.js';
import {
  createTestApp,
  signUp,
  TestClient,
  type SignedUp,
  type TestApp,
} from '../testing/harness.js';
import { canonicalTimeZone, timeZoneNames } from '../views/format.js';

describe("dates in the reader's time zone", () => {
  it('shows the Added day and the last change in the signed-in person’s zone, UTC when none', async () => {
    const { client, db, me, seed, clock } = await setup();
    // 23:30 UTC on Nov 24 is already Nov 25 in Berlin.
    clock.now = Date.parse('2026-11-24T23:30:00.000Z') + 3_600_000 - 1000;
    const ada = await seed();
    expect(ada.created_at).toBe('2026-11-24T23:30:00.000Z');
    const day = async () =>
      texts(
        parse(await (await client.get('/customers')).text()),
        `.col-created time[datetime="${ada.created_at}"]`,
      );
    const record = async () =>
      textOf(parse(await (await client.get(`/customers/${ada.id}`)).text()));

    expect(await day()).toEqual(['Nov 24, 2026']);
    expect(await record()).toContain('Last changed 59 minutes ago (Nov 24, 2026, 11:30 PM UTC)');

    await db
      .updateTable('users')
      .set({ time_zone: 'Europe/Berlin' })
      .where('id', '=', me.userId)
      .execute();
    expect(await day()).toEqual(['Nov 25, 2026']);
    expect(await record()).toContain('Nov 25, 2026, 12:30 AM GMT+1');
    expect(await record()).not.toContain('UTC');

    // A stored name this server's Intl does not list reads as UTC rather than failing the page.
    await db
      .updateTable('users')
      .set({ time_zone: 'Mars/Olympus' })
      .where('id', '=', me.userId)
      .execute();
    expect(await day()).toEqual(['Nov 24, 2026']);
  });

  it("dates the team's activity relative to the app's clock, exact in the reader's zone", async () => {
    const { client, db, me, clock } = await setup();
    await db
      .updateTable('users')
      .set({ time_zone: 'Asia/Calcutta' })
      .where('id', '=', me.userId)
      .execute();
    clock.now += 2 * 3_600_000;
    const page = parse(await (await client.get('/settings/team/activity')).text());
    const when = one(page, 'tbody tr:last-child td:first-child time.when');
    expect(textOf(when)).toBe('2 hours ago (Nov 24, 2026, 5:30 PM GMT+5:30)');
  });
});

describe('account settings: time zone', () => {
  const zoneOf = async (db: TestApp['db'], email: string) =>
    (
      await db
        .selectFrom('users')
        .select('time_zone')
        .where('email', '=', email.toLowerCase())
        .executeTakeFirstOrThrow()
    ).time_zone;

  it('offers every zone grouped by region, UTC first and selected while none is chosen', async () => {
    const { app } = await createTestApp();
    const person = await signUp(app);
    const html = await (await person.client.get('/settings/account')).text();
    const select = one(html, 'form[action="/settings/account/time-zone"] select[name="time_zone"]');
    expect(one(html, 'label[for="field-time_zone"]').text).toBe('Time zone');
    expect(select.querySelectorAll('option')).toHaveLength(timeZoneNames().size);
    expect(textOf(select.querySelector('option')!)).toBe('UTC');
    expect(texts(select, 'option[selected]')).toEqual(['UTC']);
    expect(select.querySelectorAll('optgroup').map((group) => group.getAttribute('label'))).toEqual(
      [
        'Africa',
        'America',
        'Antarctica',
        'Arctic',
        'Asia',
        'Atlantic',
        'Australia',
        'Europe',
        'Indian',
        'Pacific',
      ],
    );
    const america = select.querySelector('optgroup[label="America"]')!;
    expect(textOf(one(america, 'option[value="America/Argentina/Rio_Gallegos"]'))).toBe(
      'Argentina / Rio Gallegos',
    );
    const values = america.querySelectorAll('option').map((option) => option.getAttribute('value'));
    expect(values).toEqual([...values].sort());
    expect(textOf(one(html, '#time-zone-hint'))).toBe(
      'Folio shows dates and times in this zone: it is now Nov 24, 2026, 12:00 PM UTC. Not chosen yet: UTC until you choose one, or sign in with JavaScript on.',
    );
  });

  it('saves a zone after a redirect with a message, and every date then reads in it', async () => {
    const { app, db } = await createTestApp();
    const person = await signUp(app);
    const other = await signUp(app);
    const response = await person.client.post('/settings/account/time-zone', {
      time_zone: 'America/Los_Angeles',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/settings/account#time-zone');
    expect(await zoneOf(db, person.email)).toBe('America/Los_Angeles');
    expect(await zoneOf(db, other.email)).toBeNull();
    const html = await (await person.client.get('/settings/account')).text();
    expect(html).toContain('Time zone saved: America/Los_Angeles.');
    expect(texts(html, 'select[name="time_zone"] option[selected]')).toEqual(['Los Angeles']);
    expect(textOf(one(html, '#time-zone-hint'))).toBe(
      'Folio shows dates and times in this zone: it is now Nov 24, 2026, 4:00 AM PST.',
    );
  });

  it.each([['Mars/Olympus'], [''], ['Europe/Berlin<script>'], ['+01:00']])(
    'refuses %j with 422 and a message, and writes nothing',
    async (zone) => {
      const { app, db } = await createTestApp();
      const person = await signUp(app);
      await person.client.post('/settings/account/time-zone', { time_zone: 'Europe/Berlin' });
      const response = await person.client.post('/settings/account/time-zone', { time_zone: zone });
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(textOf(one(html, '#field-time_zone-error'))).toBe('Choose a time zone from the list.');
      expect(one(html, '#field-time_zone').getAttribute('aria-invalid')).toBe('true');
      expect(texts(html, 'select[name="time_zone"] option[selected]')).toEqual(['Berlin']);
      expect(await zoneOf(db, person.email)).toBe('Europe/Berlin');
    },
  );

  it('needs the CSRF token and a signed-in person', async () => {
    const { app, db } = await createTestApp();
    const person = await signUp(app);
    const refused = await person.client.post(
      '/settings/account/time-zone',
      { time_zone: 'Asia/Tokyo' },
      { noCsrf: true },
    );
    expect(refused.status).toBe(403);
    const visitor = new TestClient(app, '192.0.2.45');
    const anonymous = await visitor.post('/settings/account/time-zone', {
      time_zone: 'Asia/Tokyo',
    });
    expect([401, 403]).toContain(anonymous.status);
    expect(await zoneOf(db, person.email)).toBeNull();
  });
});

describe("the browser's time zone at sign-in and sign-up", () => {
  const zoneOf = async (db: TestApp['db'], email: string) =>
    (
      await db
        .selectFrom('users')
        .select('time_zone')
        .where('email', '=', email.toLowerCase())
        .executeTakeFirstOrThrow()
    ).time_zone;
  const signInFrom = async (app: TestApp['app'], person: SignedUp, zone?: string) => {
    const client = new TestClient(app, '192.0.2.61');
    const response = await client.post('/login', {
      email: person.email,
      password: person.password,
      ...(zone === undefined ? {} : { time_zone: zone }),
    });
    expect(response.status).toBe(303);
    return client;
  };

  it('asks app.js for it on both forms (without JavaScript no field is there)', async () => {
    const { app } = await createTestApp();
    const visitor = new TestClient(app);
    for (const path of ['/login', '/register']) {
      const html = await (await visitor.get(path)).text();
      expect(one(html, `form[action="${path}"]`).hasAttribute('data-time-zone-guess')).toBe(true);
      expect(html).not.toContain('name="time_zone"');
    }
  });

  it('keeps it when the person has none, as Intl names it, and dates then read in it', async () => {
    const { app, db } = await createTestApp();
    const person = await signUp(app);
    const client = await signInFrom(app, person, 'Asia/Kolkata');
    expect(await zoneOf(db, person.email)).toBe(canonicalTimeZone('Asia/Kolkata'));
    const hint = textOf(
      one(await (await client.get('/settings/account')).text(), '#time-zone-hint'),
    );
    expect(hint).toContain('it is now Nov 24, 2026, 5:30 PM GMT+5:30.');
  });

  it('never overwrites a zone the person has (chosen, or guessed before)', async () => {
    const { app, db } = await createTestApp();
    const person = await signUp(app);
    await person.client.post('/settings/account/time-zone', { time_zone: 'Europe/Berlin' });
    await signInFrom(app, person, 'America/New_York');
    expect(await zoneOf(db, person.email)).toBe('Europe/Berlin');
  });

  it.each([
    ['an unknown zone', 'Mars/Olympus'],
    ['markup', '<b>Europe/Berlin</b>'],
    ['5,000 characters', 'x'.repeat(5000)],
    ['an empty value', ''],
  ])('ignores %s without a word: the sign-in goes through and UTC applies', async (_what, zone) => {
    const { app, db } = await createTestApp();
    const person = await signUp(app);
    const client = await signInFrom(app, person, zone);
    expect(await zoneOf(db, person.email)).toBeNull();
    const hint = textOf(
      one(await (await client.get('/settings/account')).text(), '#time-zone-hint'),
    );
    expect(hint).toContain('12:00 PM UTC');
  });

  it('is not kept from a failed sign-in, and nothing is sent without JavaScript', async () => {
    const { app, db } = await createTestApp();
    const person = await signUp(app);
    const client = new TestClient(app, '192.0.2.62');
    const wrong = await client.post('/login', {
      email: person.email,
      password: 'not the password at all',
      time_zone: 'Europe/Berlin',
    });
    expect(wrong.status).toBe(422);
    expect(await zoneOf(db, person.email)).toBeNull();
    await signInFrom(app, person);
    expect(await zoneOf(db, person.email)).toBeNull();
  });

  it('registration keeps it for the new person', async () => {
    const { app, db } = await createTestApp();
    const client = new TestClient(app, '192.0.2.63');
    const email = 'zoned@example.com';
    const password = 'correct horse battery staple';
    const response = await client.post('/register', {
      name: 'Zoned Person',
      email,
      password,
      password_confirm: password,
      time_zone: 'America/Los_Angeles',
    });
    expect(response.status).toBe(303);
    expect(await zoneOf(db, email)).toBe('America/Los_Angeles');
  });
});
