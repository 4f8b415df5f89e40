// The sign-in and sign-up throttles: failures counted per email and address together (IPv6 per /64),
// an account under attack from many addresses slowed rather than locked, the owner never locked out by
// someone who only knows the email; every claim atomic under parallel requests. Counted in the
// database, so every app instance agrees. Addresses arrive as X-Forwarded-For (TRUST_PROXY).
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createLogger } from '../logger.js';
import {
  cheapPasswords,
  createTestApp,
  signIn,
  signUp,
  testConfig,
  TestClient,
  type SignedUp,
  type TestApp,
} from '../testing/harness.js';
import { addressKey } from './throttle.js';
import { openDatabase } from '../db/database.js';
import { itOnPostgres } from '../testing/test-database.js';

const MINUTE = 60 * 1000;
const NEW_PASSWORD = 'a brand new passphrase';

describe('sign-in throttle', () => {
  let t: TestApp;
  let person: SignedUp;
  beforeEach(async () => {
    t = await createTestApp();
    person = await signUp(t.app, { email: 'ken@example.com', password: 'unix philosophy 1969' });
  });

  const guess = (ip: string, email = 'ken@example.com', password = 'guessed wrong') =>
    signIn(new TestClient(t.app, ip), email, password);

  /** One failed attempt from the given address; the clock then moves on (a minute unless told). */
  async function fail(email: string, ip: string, step = MINUTE) {
    expect((await guess(ip, email)).status).toBe(422);
    t.clock.now += step;
  }

  it('counts guesses sent all at once from one address one by one: 12 in parallel, exactly 5 reach the password check', async () => {
    const statuses = (await Promise.all(Array.from({ length: 12 }, () => guess('10.9.0.1')))).map(
      (r) => r.status,
    );
    expect(statuses.filter((status) => status === 422)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
  });

  it('refuses a sixth guess from that address with 429 and Retry-After, while the owner elsewhere signs in', async () => {
    const first = t.clock.now;
    for (let i = 0; i < 5; i++) await fail('ken@example.com', '10.0.0.1');
    // Even the right password from the guessing address waits: ten minutes left of the window.
    const client = new TestClient(t.app, '10.0.0.1');
    const response = await signIn(client, 'KEN@example.com', person.password);
    expect(response.status).toBe(429);
    expect(response.headers.get('Retry-After')).toBe(
      String((first + 15 * MINUTE - t.clock.now) / 1000),
    );
    const html = await response.text();
    expect(html).toContain('Too many failed attempts. Wait 10 minutes before trying again.');
    expect(html).toContain('value="KEN@example.com"'); // what was typed
    expect(client.sessionToken).toBeUndefined();
    // The owner, from their own address: straight in.
    const owner = await signIn(new TestClient(t.app, '10.0.1.1'), person.email, person.password);
    expect(owner.status).toBe(303);
    expect(owner.headers.get('Location')).toBe('/customers');
  });

  it('lets the guessing address in again once its failures are older than 15 minutes', async () => {
    for (let i = 0; i < 5; i++) await fail('ken@example.com', '10.0.0.2');
    const first = t.clock.now - 5 * MINUTE;
    t.clock.now = first + 15 * MINUTE - 1;
    expect((await guess('10.0.0.2', person.email, person.password)).status).toBe(429);
    t.clock.now = first + 15 * MINUTE;
    expect((await guess('10.0.0.2', person.email, person.password)).status).toBe(303);
  });

  it('allows four failures, and a successful sign-in starts that address’s count again', async () => {
    for (let i = 0; i < 4; i++) await fail('ken@example.com', '10.0.0.9');
    expect((await guess('10.0.0.9', person.email, person.password)).status).toBe(303);
    for (let i = 0; i < 4; i++) await fail('ken@example.com', '10.0.0.9');
    expect((await guess('10.0.0.9', person.email, person.password)).status).toBe(303);
  });

  it('counts failures for an unknown email the same way', async () => {
    for (let i = 0; i < 5; i++) await fail('nobody@example.com', '10.0.2.1');
    const response = await guess('10.0.2.1', 'nobody@example.com', 'anything at all');
    expect(response.status).toBe(429);
    expect(response.headers.get('Retry-After')).toMatch(/^\d+$/);
  });

  it('counts IPv6 addresses per /64: a new address in the same /64 is the same guesser, the next /64 is not', async () => {
    for (let i = 1; i <= 5; i++) await fail('ken@example.com', `2001:db8:1:2::${i}`);
    expect(
      (await guess('2001:db8:1:2:ffff:ffff:ffff:ffff', person.email, person.password)).status,
    ).toBe(429);
    expect((await guess('2001:db8:1:3::1', person.email, person.password)).status).toBe(303);
    expect(addressKey('2001:DB8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
  });

  it('refuses an address after 20 failures across emails, while other addresses still sign in', async () => {
    for (let i = 0; i < 20; i++) await fail(`target${i}@example.com`, '10.9.9.9', 30_000);
    const blocked = await guess('10.9.9.9', person.email, person.password);
    expect(blocked.status).toBe(429);
    // The oldest of the 20 failures was 10 minutes ago: 5 minutes to wait.
    expect(blocked.headers.get('Retry-After')).toBe('300');
    expect((await guess('10.9.9.10', person.email, person.password)).status).toBe(303);
  });

  it('behind a proxy, takes the address the proxy added, not what the client put before it', async () => {
    for (let i = 0; i < 20; i++) {
      const client = new TestClient(t.app, '10.7.7.7');
      const response = await client.post(
        '/login',
        { email: `nobody${i}@example.com`, password: 'guessed wrong' },
        { headers: { 'X-Forwarded-For': `1.2.3.${i}, 10.7.7.7` } },
      );
      expect(response.status).toBe(422);
    }
    const blocked = await new TestClient(t.app, '10.7.7.7').post(
      '/login',
      { email: 'someone@example.com', password: 'x' },
      { headers: { 'X-Forwarded-For': '9.9.9.9, 10.7.7.7' } },
    );
    expect(blocked.status).toBe(429);
  });

  describe('an account under attack from many addresses', () => {
    const attackers = Array.from({ length: 30 }, (_, i) => `172.16.${i}.1`);

    it('is slowed, not locked: failing addresses wait their turn (in parallel too), the owner from a fresh address signs in', async () => {
      // Round one, all at once: each address's first guess is checked (none of them had failed).
      const first = await Promise.all(attackers.map((ip) => guess(ip)));
      expect(first.map((r) => r.status)).toEqual(attackers.map(() => 422));

      // Round two at the same moment: 30 failures put the email under attack; a failing address must
      // wait 21 s (one second per failure past the ninth) after the email's last failure.
      const second = await Promise.all(attackers.map((ip) => guess(ip)));
      expect(second.map((r) => r.status)).toEqual(attackers.map(() => 429));
      expect(second[0]!.headers.get('Retry-After')).toBe('21');
      expect(await second[0]!.text()).toContain('Wait 21 seconds before trying again.');

      // 21 s later, again all at once: exactly one guess gets through, and the wait grows by a second.
      t.clock.now += 21_000;
      const third = await Promise.all(attackers.map((ip) => guess(ip)));
      expect(third.filter((r) => r.status === 422)).toHaveLength(1);
      expect(third.filter((r) => r.status === 429)).toHaveLength(29);
      t.clock.now += 21_000;
      expect((await guess(attackers[0]!)).status).toBe(429);
      t.clock.now += 1_000;
      expect((await guess(attackers[0]!)).status).toBe(422);

      // Even the right password waits at a failing address; the owner's own address is not held back.
      expect((await guess(attackers[1]!, person.email, person.password)).status).toBe(429);
      expect((await guess('10.1.1.1', person.email, person.password)).status).toBe(303);
      expect(await t.db.selectFrom('login_attempts').selectAll().execute()).toHaveLength(32);
    }, 20_000); // 95 sign-ins at once, each checking a password: seconds on a busy machine

    it('does not lock the password-change form of the signed-in owner', async () => {
      for (const ip of attackers) await fail('ken@example.com', ip, 1000);
      expect((await guess(attackers[0]!)).status).toBe(429); // under attack
      const changed = await person.client.post('/settings/account/password', {
        current_password: person.password,
        password: NEW_PASSWORD,
        password_confirm: NEW_PASSWORD,
      });
      expect(changed.status).toBe(303);
      expect((await guess('10.1.1.2', person.email, NEW_PASSWORD)).status).toBe(303);
    });
  });

  it('keeps the counter in the database, so a second app instance on the same database agrees', async () => {
    const other = createApp({
      db: t.db,
      config: testConfig(),
      logger: createLogger('silent'),
      now: () => t.clock.now,
      passwords: cheapPasswords,
    });
    for (let i = 0; i < 5; i++) await fail('ken@example.com', '10.0.3.1');
    const response = await signIn(new TestClient(other, '10.0.3.1'), person.email, person.password);
    expect(response.status).toBe(429);
    expect(await t.db.selectFrom('login_attempts').selectAll().execute()).toHaveLength(5);
  });
});

describe('sign-in throttle across instances', () => {
  // Two instances: two apps, each with its own connections to one PostgreSQL database. Each claim is a
  // SERIALIZABLE transaction (db/database.ts), so guesses racing on different connections are still
  // counted one after another.
  itOnPostgres(
    '12 guesses at once, split over two instances: exactly 5 reach the password check',
    async () => {
      const t = await createTestApp();
      await signUp(t.app, { email: 'rob@example.com', password: 'plan nine from bell labs' });
      const db = openDatabase(t.config.database);
      try {
        const other = createApp({
          db,
          config: t.config,
          logger: createLogger('silent'),
          now: () => t.clock.now,
          passwords: cheapPasswords,
        });
        const guess = (app: typeof t.app) =>
          signIn(new TestClient(app, '10.9.9.9'), 'rob@example.com', 'wrong guess 123').then(
            (response) => response.status,
          );
        const statuses = await Promise.all(
          Array.from({ length: 12 }, (_, i) => guess(i % 2 ? other : t.app)),
        );
        expect(statuses.filter((status) => status === 422)).toHaveLength(5);
        expect(statuses.filter((status) => status === 429)).toHaveLength(7);
        expect(await t.db.selectFrom('login_attempts').selectAll().execute()).toHaveLength(5);
      } finally {
        await db.destroy();
      }
    },
  );
});

describe('sign-up throttle', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });

  const register = (ip: string, email: string) =>
    new TestClient(t.app, ip).post('/register', {
      name: 'Sign Up',
      email,
      password: 'a fine password',
      password_confirm: 'a fine password',
    });

  it('lets 10 sign-ups a hour through from one address, sent all at once, and answers the rest 429 without checking the email', async () => {
    const answers = await Promise.all(
      Array.from({ length: 14 }, (_, i) => register('10.5.0.1', `new${i}@example.com`)),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    expect(await t.db.selectFrom('users').selectAll().execute()).toHaveLength(10);
    const refused = answers.find((r) => r.status === 429)!;
    expect(refused.headers.get('Retry-After')).toBe('3600');
    const html = await refused.text();
    expect(html).toContain('Too many sign-ups from your network. Wait 60 minutes and try again.');
    expect(html).toMatch(/value="new\d+@example\.com"/); // what was typed stays
    // An existing email is no oracle either: the same 429, not "already exists".
    const taken = await register('10.5.0.1', 'new0@example.com');
    expect(taken.status).toBe(429);
    expect(await taken.text()).not.toContain('already exists');
    // Another address, or the same one an hour later, signs up.
    expect((await register('10.5.0.2', 'other@example.com')).status).toBe(303);
    t.clock.now += 60 * MINUTE;
    expect((await register('10.5.0.1', 'later@example.com')).status).toBe(303);
  });

  it('counts "already exists" answers too, and IPv6 per /64', async () => {
    await signUp(t.app, { email: 'exists@example.com' });
    for (let i = 1; i <= 10; i++)
      expect((await register(`2001:db8:5:5::${i}`, 'exists@example.com')).status).toBe(422);
    expect((await register('2001:db8:5:5::ff', 'fresh@example.com')).status).toBe(429);
    expect((await register('2001:db8:5:6::1', 'fresh@example.com')).status).toBe(303);
  });

  it('does not count a form refused before the email is looked at', async () => {
    for (let i = 0; i < 12; i++) {
      const bad = await new TestClient(t.app, '10.5.1.1').post('/register', {
        name: '',
        email: 'x@example.com',
        password: 'a fine password',
        password_confirm: 'nope',
      });
      expect(bad.status).toBe(422);
    }
    expect((await register('10.5.1.1', 'valid@example.com')).status).toBe(303);
  });
});
