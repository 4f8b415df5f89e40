// Sessions as the Lucia guide describes them: token in the cookie, its hash in the database, sliding
// expiry, a new session at every sign-in, deleted at sign-out, expired ones purged.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  setCookies,
  signIn,
  signUp,
  TestClient,
  type SignedUp,
  type TestApp,
} from '../testing/harness.js';
import { purgeExpired } from './maintenance.js';
import { SESSION_LIFETIME, sessionIdOf } from './sessions.js';

const DAY = 24 * 60 * 60 * 1000;

async function sessionRows(t: TestApp) {
  return t.db.selectFrom('sessions').selectAll().execute();
}

describe('sessions', () => {
  let t: TestApp;
  let person: SignedUp;
  beforeAll(async () => {
    t = await createTestApp();
    person = await signUp(t.app, { email: 'linus@example.com' });
  });

  it('keeps a random 20-byte token in the cookie and only its SHA-256 in the database', async () => {
    const client = new TestClient(t.app, '192.0.2.50');
    const response = await signIn(client, person.email, person.password);
    const token = setCookies(response).get('folio_session')!.value;
    expect(token).toMatch(/^[a-z2-7]{32}$/); // 20 bytes, base32
    const rows = await sessionRows(t);
    expect(rows.map((r) => r.id)).toContain(sessionIdOf(token));
    expect(sessionIdOf(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(token);
    const row = rows.find((r) => r.id === sessionIdOf(token))!;
    expect(Number(row.expires_at)).toBe(t.clock.now + SESSION_LIFETIME);
  });

  it('a session hash stolen from the database does not work as a cookie', async () => {
    const client = new TestClient(t.app, '192.0.2.52');
    const response = await signIn(client, person.email, person.password);
    const token = setCookies(response).get('folio_session')!.value;
    const thief = new TestClient(t.app, '192.0.2.53');
    thief.cookies.set('folio_session', sessionIdOf(token));
    const page = await thief.get('/customers');
    expect(page.status).toBe(303);
    expect(page.headers.get('Location')).toMatch(/^\/login/);
    // The real token still works, and the hash was not mistaken for it.
    expect((await client.get('/customers')).status).toBe(200);
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, Path=/, expiring in 30 days, not Secure in development', async () => {
    const response = await signIn(
      new TestClient(t.app, '192.0.2.51'),
      person.email,
      person.password,
    );
    const cookie = setCookies(response).get('folio_session')!;
    expect(cookie.attributes).toHaveProperty('httponly');
    expect(cookie.attributes.samesite).toBe('Lax');
    expect(cookie.attributes.path).toBe('/');
    expect(cookie.attributes).not.toHaveProperty('secure');
    expect(Date.parse(cookie.attributes.expires!)).toBe(
      Math.floor((t.clock.now + 30 * DAY) / 1000) * 1000,
    );
  });

  it('marks every cookie Secure (and __Host-) over https', async () => {
    const production = await createTestApp({
      production: true,
      publicUrl: new URL('https://folio.test'),
    });
    const client = new TestClient(production.app, '203.0.113.7', { Origin: 'https://folio.test' });
    const response = await client.post('/register', {
      name: 'Prod',
      email: 'prod@example.com',
      password: 'production secret',
      password_confirm: 'production secret',
    });
    expect(response.status).toBe(303);
    const cookies = setCookies(response);
    expect([...cookies.keys()].sort()).toEqual([
      '__Host-folio_csrf',
      '__Host-folio_flash',
      '__Host-folio_session',
    ]);
    for (const [name, cookie] of cookies) {
      expect(cookie.attributes, name).toHaveProperty('secure');
      expect(cookie.attributes, name).toHaveProperty('httponly');
      expect(cookie.attributes.samesite, name).toBe('Lax');
      expect(cookie.attributes.path, name).toBe('/');
    }
    const signOut = setCookies(await client.post('/logout')).get('__Host-folio_session')!;
    expect(signOut.attributes).toHaveProperty('secure');
  });

  it('starts a new session at sign-in and ends the one the browser had (no fixation)', async () => {
    const client = new TestClient(t.app, '192.0.2.52');
    await signIn(client, person.email, person.password);
    const before = client.sessionToken!;
    const response = await signIn(client, person.email, person.password);
    const after = setCookies(response).get('folio_session')!.value;
    expect(after).not.toBe(before);
    const ids = (await sessionRows(t)).map((r) => r.id);
    expect(ids).toContain(sessionIdOf(after));
    expect(ids).not.toContain(sessionIdOf(before));

    // The old token no longer signs anyone in.
    const stale = new TestClient(t.app, '192.0.2.53');
    stale.cookies.set('folio_session', before);
    const page = await stale.get('/customers');
    expect(page.status).toBe(303);
    expect(setCookies(page).get('folio_session')?.attributes['max-age']).toBe('0');
  });

  it('ignores a token planted before sign-in and issues its own', async () => {
    const client = new TestClient(t.app, '192.0.2.54');
    const planted = 'a'.repeat(32);
    client.cookies.set('folio_session', planted);
    const response = await signIn(client, person.email, person.password);
    expect(setCookies(response).get('folio_session')!.value).not.toBe(planted);
    expect((await sessionRows(t)).map((r) => r.id)).not.toContain(sessionIdOf(planted));
  });

  it('also rotates the CSRF token at sign-in', async () => {
    const client = new TestClient(t.app, '192.0.2.55');
    await client.get('/login');
    const before = client.csrfToken;
    await signIn(client, person.email, person.password);
    expect(client.csrfToken).toBeTruthy();
    expect(client.csrfToken).not.toBe(before);
  });

  describe('sign out', () => {
    it('deletes the session on the server, clears the cookie and says so on the sign-in page', async () => {
      const client = new TestClient(t.app, '192.0.2.56');
      await signIn(client, person.email, person.password);
      const token = client.sessionToken!;
      const other = new TestClient(t.app, '192.0.2.57');
      await signIn(other, person.email, person.password);

      const response = await client.post('/logout');
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe('/login');
      const cleared = setCookies(response).get('folio_session')!;
      expect(cleared.value).toBe('');
      expect(cleared.attributes['max-age']).toBe('0');
      const ids = (await sessionRows(t)).map((r) => r.id);
      expect(ids).not.toContain(sessionIdOf(token));

      const login = await client.get('/login');
      expect(login.status).toBe(200);
      expect(await login.text()).toContain('You are signed out.');

      // A copy of the cookie kept elsewhere is worthless now; the person's other browser is unaffected.
      const copy = new TestClient(t.app, '192.0.2.58');
      copy.cookies.set('folio_session', token);
      expect((await copy.get('/customers')).status).toBe(303);
      expect((await other.get('/customers')).status).toBe(200);
    });

    it('needs the CSRF token: without it the answer is 403 and the session lives on', async () => {
      const client = new TestClient(t.app, '192.0.2.59');
      await signIn(client, person.email, person.password);
      const response = await client.post('/logout', {}, { noCsrf: true });
      expect(response.status).toBe(403);
      expect((await sessionRows(t)).map((r) => r.id)).toContain(sessionIdOf(client.sessionToken!));
      expect((await client.get('/customers')).status).toBe(200);
    });

    it('refuses a sign-out posted from another site', async () => {
      const client = new TestClient(t.app, '192.0.2.60');
      await signIn(client, person.email, person.password);
      const response = await client.post(
        '/logout',
        {},
        { headers: { Origin: 'https://evil.example' } },
      );
      expect(response.status).toBe(403);
      expect((await client.get('/customers')).status).toBe(200);
    });

    it('offers a sign-out button (a form with the CSRF token) on every signed-in page', async () => {
      const html = await (await person.client.get('/customers')).text();
      expect(html).toMatch(
        /<form method="post" action="\/logout"><input type="hidden" name="_csrf" value="[A-Za-z0-9_-]{43}"\/><button type="submit"[^>]*>Sign out<\/button><\/form>/,
      );
    });
  });

  describe('sliding expiry', () => {
    it('leaves the expiry alone before half-life and extends it to 30 days once half is gone', async () => {
      const app = await createTestApp();
      const { client } = await signUp(app.app);
      const start = app.clock.now;
      const expiry = async () =>
        Number(
          (await app.db.selectFrom('sessions').select('expires_at').executeTakeFirstOrThrow())
            .expires_at,
        );
      expect(await expiry()).toBe(start + 30 * DAY);

      app.clock.now = start + 15 * DAY - 1;
      const early = await client.get('/customers');
      expect(early.status).toBe(200);
      expect(setCookies(early).has('folio_session')).toBe(false);
      expect(await expiry()).toBe(start + 30 * DAY);

      app.clock.now = start + 15 * DAY;
      const late = await client.get('/customers');
      expect(late.status).toBe(200);
      const renewed = setCookies(late).get('folio_session')!;
      expect(renewed.value).toBe(client.sessionToken);
      expect(Date.parse(renewed.attributes.expires!)).toBe(
        Math.floor((start + 45 * DAY) / 1000) * 1000,
      );
      expect(renewed.attributes).toHaveProperty('httponly');
      expect(await expiry()).toBe(start + 45 * DAY);

      // Still good a day before the new expiry: the session slid forward instead of ending at day 30.
      app.clock.now = start + 44 * DAY;
      expect((await client.get('/customers')).status).toBe(200);
    });

    it('ends a session at its expiry: the row is deleted and the cookie cleared', async () => {
      const app = await createTestApp();
      const { client } = await signUp(app.app);
      app.clock.now += 30 * DAY;
      const response = await client.get('/customers');
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe('/login?next=%2Fcustomers');
      expect(setCookies(response).get('folio_session')?.attributes['max-age']).toBe('0');
      expect(await app.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    });
  });

  it('purges expired sessions and stale sign-in failures, keeping live ones', async () => {
    const app = await createTestApp();
    const old = await signUp(app.app);
    app.clock.now += 20 * DAY;
    const recent = await signUp(app.app);
    await signIn(new TestClient(app.app, '192.0.2.61'), recent.email, 'wrong password');
    expect(await app.db.selectFrom('login_attempts').selectAll().execute()).toHaveLength(1);

    // At day 31 the first session has expired and the failure is long past its 15-minute window.
    const now = app.clock.now + 11 * DAY;
    await purgeExpired(app.db, now);
    const left = await app.db.selectFrom('sessions').select(['id', 'user_id']).execute();
    expect(left).toEqual([
      { id: sessionIdOf(recent.client.sessionToken!), user_id: expect.any(Number) as number },
    ]);
    expect(old.client.sessionToken).toBeTruthy();
    expect(await app.db.selectFrom('login_attempts').selectAll().execute()).toEqual([]);
  });
});
