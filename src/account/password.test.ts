// /settings/account: the profile and changing the password (current one required, other sessions end).
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { Logger } from '../logger.js';
import { openTestDatabase } from '../testing/test-database.js';
import {
  createTestApp,
  setCookies,
  signIn,
  signUp,
  testConfig,
  TestClient,
  type SignedUp,
  type TestApp,
} from '../testing/harness.js';
import { html as parse, one, textOf, texts } from '../testing/html.js';

const NEW_PASSWORD = 'a brand new passphrase';

describe('account settings', () => {
  let t: TestApp;
  let person: SignedUp;
  let elsewhere: TestClient;
  beforeEach(async () => {
    t = await createTestApp();
    person = await signUp(t.app, {
      name: 'Barbara Liskov',
      email: 'barbara@example.com',
      workspace: 'CLU Inc',
    });
    elsewhere = new TestClient(t.app, '192.0.2.90');
    expect((await signIn(elsewhere, person.email, person.password)).status).toBe(303);
  });

  const hashOf = async () =>
    (await t.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow())
      .password_hash;

  it('shows the profile and how many other sessions are open', async () => {
    const response = await person.client.get('/settings/account');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(texts(html, 'dd')).toEqual(
      expect.arrayContaining(['Barbara Liskov', 'barbara@example.com', 'CLU Inc']),
    );
    expect(html).toContain('This device and 1 other session.');
    expect(one(html, 'form[action="/settings/account/password"]').tagName).toBe('FORM');
  });

  it('a password change gives this browser a new session: the old token stops working', async () => {
    const oldToken = person.client.cookies.get('folio_session')!;
    const response = await person.client.post('/settings/account/password', {
      current_password: person.password,
      password: NEW_PASSWORD,
      password_confirm: NEW_PASSWORD,
    });
    expect(response.status).toBe(303);
    const newToken = person.client.cookies.get('folio_session')!;
    expect(newToken).not.toBe(oldToken);
    expect((await person.client.get('/settings/account')).status).toBe(200);
    const stale = new TestClient(t.app, '192.0.2.91');
    stale.cookies.set('folio_session', oldToken);
    expect((await stale.get('/settings/account')).status).toBe(303);
  });

  it('guessing the current password is throttled like signing in: the sixth guess gets 429', async () => {
    for (let i = 0; i < 5; i++) {
      const wrong = await person.client.post('/settings/account/password', {
        current_password: `guess ${i}`,
        password: NEW_PASSWORD,
        password_confirm: NEW_PASSWORD,
      });
      expect(wrong.status).toBe(422);
    }
    const before = await hashOf();
    const blocked = await person.client.post('/settings/account/password', {
      current_password: person.password,
      password: NEW_PASSWORD,
      password_confirm: NEW_PASSWORD,
    });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(await hashOf()).toBe(before);
  });

  it('changes the password with the current one, keeps this session and ends the others', async () => {
    const before = await hashOf();
    const response = await person.client.post('/settings/account/password', {
      current_password: person.password,
      password: NEW_PASSWORD,
      password_confirm: NEW_PASSWORD,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/settings/account');
    expect(await hashOf()).not.toBe(before);

    const page = await person.client.get('/settings/account');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Password changed. Your other sessions were signed out.');
    expect(html).toContain('Only on this device.');
    expect((await elsewhere.get('/customers')).status).toBe(303);
    expect(await t.db.selectFrom('sessions').selectAll().execute()).toHaveLength(1);

    expect(
      (await signIn(new TestClient(t.app, '192.0.2.91'), person.email, person.password)).status,
    ).toBe(422);
    expect(
      (await signIn(new TestClient(t.app, '192.0.2.92'), person.email, NEW_PASSWORD)).status,
    ).toBe(303);
  });

  it('refuses a wrong current password with 422 next to that field, and changes nothing', async () => {
    const before = await hashOf();
    const response = await person.client.post('/settings/account/password', {
      current_password: 'not the current one',
      password: NEW_PASSWORD,
      password_confirm: NEW_PASSWORD,
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain(
      'id="field-current_password-error">That is not your current password.</p>',
    );
    expect(html).not.toContain('not the current one');
    expect(html).not.toContain(NEW_PASSWORD);
    expect(await hashOf()).toBe(before);
    expect((await elsewhere.get('/customers')).status).toBe(200);
  });

  it.each([
    [
      'everything empty',
      { current_password: '', password: '', password_confirm: '' },
      {
        current_password: 'Enter your current password.',
        password: 'Choose a password.',
        password_confirm: 'Repeat the new password.',
      },
    ],
    [
      'a short new password',
      { password: 'short', password_confirm: 'short' },
      { password: 'Use at least 8 characters.' },
    ],
    [
      'a common new password',
      { password: 'iloveyou1', password_confirm: 'iloveyou1' },
      { password: 'one of the most common' },
    ],
    [
      'new passwords that differ',
      { password_confirm: 'a brand new passphrasE' },
      { password_confirm: 'The two passwords do not match.' },
    ],
  ])('answers %s with 422 and a message next to each field', async (_, change, messages) => {
    const before = await hashOf();
    const fields: Record<string, string> = Object.assign(
      { current_password: person.password, password: NEW_PASSWORD, password_confirm: NEW_PASSWORD },
      change,
    );
    const response = await person.client.post('/settings/account/password', fields);
    expect(response.status).toBe(422);
    const html = await response.text();
    for (const [field, message] of Object.entries(messages))
      expect(textOf(one(html, `p#field-${field}-error`))).toContain(message);
    // No typed password comes back in any field.
    const shown = parse(html)
      .querySelectorAll('[value]')
      .map((element) => element.getAttribute('value'));
    for (const value of Object.values(fields))
      if (value.length >= 5) expect(shown).not.toContain(value);
    expect(await hashOf()).toBe(before);
    expect((await elsewhere.get('/customers')).status).toBe(200);
  });

  it('refuses a change without the CSRF token, or from another site, with 403', async () => {
    const before = await hashOf();
    const fields = {
      current_password: person.password,
      password: NEW_PASSWORD,
      password_confirm: NEW_PASSWORD,
    };
    expect(
      (await person.client.post('/settings/account/password', fields, { noCsrf: true })).status,
    ).toBe(403);
    expect(
      (await person.client.post('/settings/account/password', { ...fields, _csrf: 'x'.repeat(43) }))
        .status,
    ).toBe(403);
    const foreign = await person.client.post('/settings/account/password', fields, {
      headers: { Origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(await hashOf()).toBe(before);
    expect((await elsewhere.get('/customers')).status).toBe(200);
  });

  it('is only for signed-in people', async () => {
    const anonymous = new TestClient(t.app, '192.0.2.93');
    const page = await anonymous.get('/settings/account');
    expect(page.status).toBe(303);
    expect(page.headers.get('Location')).toBe('/login?next=%2Fsettings%2Faccount');
    const post = await anonymous.post('/settings/account/password', {
      current_password: 'x',
      password: NEW_PASSWORD,
      password_confirm: NEW_PASSWORD,
    });
    expect(post.status).toBe(401);
    expect(setCookies(post).has('folio_session')).toBe(false);
  });
});

describe('logging', () => {
  it('never writes a password to the log, whatever happens', async () => {
    const lines: string[] = [];
    const record = (level: string) => (message: string, fields?: object) =>
      lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
    const logger: Logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    };
    const { db, config: database } = await openTestDatabase();
    const config = testConfig({ logLevel: 'debug', database });
    const app = createApp({ db, config, logger });
    const client = new TestClient(app, '192.0.2.94');
    const secret = 'secret-in-logs-never';
    await client.post('/register', {
      name: 'Log',
      email: 'log@example.com',
      password: secret,
      password_confirm: secret,
    });
    await client.post('/settings/account/password', {
      current_password: `${secret}-wrong`,
      password: `${secret}-2`,
      password_confirm: `${secret}-2`,
    });
    await client.post('/logout');
    await client.post('/login', { email: 'log@example.com', password: `${secret}-bad` });
    await client.post('/login', { email: 'log@example.com', password: secret });
    expect(lines.length).toBeGreaterThan(4);
    expect(lines.join('\n')).not.toContain(secret);
  });
});
