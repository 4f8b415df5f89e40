// The sign-in throttle: 5 failures per email or 20 per address within 15 minutes, then 429 with
// Retry-After; counted in the database so every app instance agrees.
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createLogger } from '../logger.js';
import { createTestApp, signIn, signUp, testConfig, TestClient, type SignedUp, type TestApp } from '../testing/harness.js';

const MINUTE = 60 * 1000;

describe('sign-in throttle', () => {
  let t: TestApp;
  let person: SignedUp;
  beforeEach(async () => {
    t = await createTestApp();
    person = await signUp(t.app, { email: 'ken@example.com', password: 'unix philosophy 1969' });
  });

  /** One failed attempt from the given address; the clock then moves on (a minute unless told). */
  async function fail(email: string, ip: string, step = MINUTE) {
    const response = await signIn(new TestClient(t.app, ip), email, 'guessed wrong');
    expect(response.status).toBe(422);
    t.clock.now += step;
  }

  it('counts guesses sent all at once one by one: 12 in parallel, at most 5 reach the password check', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signIn(new TestClient(t.app, `10.9.0.${i}`), 'ken@example.com', 'guessed wrong')),
    );
    const statuses = answers.map((response) => response.status);
    expect(statuses.filter((status) => status === 422)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
  });

  it('behind a proxy, takes the address the proxy added, not what the client put before it', async () => {
    for (let i = 0; i < 20; i++) {
      const client = new TestClient(t.app, '10.7.7.7');
      const response = await client.post('/login', { email: `nobody${i}@example.com`, password: 'guessed wrong' }, { headers: { 'X-Forwarded-For': `1.2.3.${i}, 10.7.7.7` } });
      expect(response.status).toBe(422);
    }
    const blocked = await new TestClient(t.app, '10.7.7.7').post('/login', { email: 'someone@example.com', password: 'x' }, { headers: { 'X-Forwarded-For': '9.9.9.9, 10.7.7.7' } });
    expect(blocked.status).toBe(429);
  });

  it('refuses a sixth attempt on one email within 15 minutes with 429 and Retry-After, even with the right password', async () => {
    const first = t.clock.now;
    for (let i = 0; i < 5; i++) await fail('ken@example.com', `10.0.0.${i}`);
    // Five minutes after the first failure: ten minutes left until it leaves the window.
    const client = new TestClient(t.app, '10.0.1.1');
    const response = await signIn(client, 'KEN@example.com', person.password);
    expect(response.status).toBe(429);
    expect(response.headers.get('Retry-After')).toBe(String((first + 15 * MINUTE - t.clock.now) / 1000));
    const html = await response.text();
    expect(html).toContain('Too many failed attempts. Wait 10 minutes before trying again.');
    expect(html).toContain('value="KEN@example.com"'); // what was typed
    expect(html).toContain('<form method="post" action="/login"');
    expect(client.sessionToken).toBeUndefined();
    expect(await t.db.selectFrom('sessions').selectAll().execute()).toHaveLength(1); // only the sign-up's
  });

  it('lets the person in again once the failures are older than 15 minutes', async () => {
    for (let i = 0; i < 5; i++) await fail('ken@example.com', `10.0.0.${i}`);
    const first = t.clock.now - 5 * MINUTE;
    t.clock.now = first + 15 * MINUTE - 1;
    expect((await signIn(new TestClient(t.app, '10.0.1.2'), person.email, person.password)).status).toBe(429);
    t.clock.now = first + 15 * MINUTE;
    const response = await signIn(new TestClient(t.app, '10.0.1.3'), person.email, person.password);
    expect(response.status).toBe(303);
  });

  it('allows four failures, and a successful sign-in starts the count again', async () => {
    for (let i = 0; i < 4; i++) await fail('ken@example.com', '10.0.0.9');
    expect((await signIn(new TestClient(t.app, '10.0.0.9'), person.email, person.password)).status).toBe(303);
    for (let i = 0; i < 4; i++) await fail('ken@example.com', '10.0.0.9');
    expect((await signIn(new TestClient(t.app, '10.0.0.9'), person.email, person.password)).status).toBe(303);
  });

  it('counts failures for an unknown email the same way', async () => {
    for (let i = 0; i < 5; i++) await fail('nobody@example.com', `10.0.2.${i}`);
    const response = await signIn(new TestClient(t.app, '10.0.2.9'), 'nobody@example.com', 'anything at all');
    expect(response.status).toBe(429);
    expect(response.headers.get('Retry-After')).toMatch(/^\d+$/);
  });

  it('refuses an address after 20 failures across emails, while other addresses still sign in', async () => {
    for (let i = 0; i < 20; i++) await fail(`target${i}@example.com`, '10.9.9.9', 30_000);
    const blocked = await signIn(new TestClient(t.app, '10.9.9.9'), person.email, person.password);
    expect(blocked.status).toBe(429);
    // The oldest of the 20 failures was 10 minutes ago: 5 minutes to wait.
    expect(blocked.headers.get('Retry-After')).toBe('300');
    const elsewhere = await signIn(new TestClient(t.app, '10.9.9.10'), person.email, person.password);
    expect(elsewhere.status).toBe(303);
  });

  it('keeps the counter in the database, so a second app instance on the same database agrees', async () => {
    const other = createApp({ db: t.db, config: testConfig(), logger: createLogger('silent'), now: () => t.clock.now });
    for (let i = 0; i < 5; i++) await fail('ken@example.com', `10.0.3.${i}`);
    const response = await signIn(new TestClient(other, '10.0.3.9'), person.email, person.password);
    expect(response.status).toBe(429);
    expect(await t.db.selectFrom('login_attempts').selectAll().execute()).toHaveLength(5);
  });
});
