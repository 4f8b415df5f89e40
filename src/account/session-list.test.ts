// The sessions list on the Account page: device, last seen and address per session, "this device"
// marked; sign out one or all others (no JS: 303 and a message; htmx: the panel again); at most 20
// sessions per person (the oldest goes); last seen written at most every 5 minutes.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signIn,
  signUp,
  TestClient,
  type SignedUp,
  type TestApp,
} from '../testing/harness.js';
import { html as parse, leading, one, textOf, texts } from '../testing/html.js';
import { sessionRef } from '../auth/devices.js';
import { sessionIdOf } from '../auth/sessions.js';

const FIREFOX_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const MINUTE = 60 * 1000;

describe('sessions list', () => {
  let t: TestApp;
  let person: SignedUp;
  let phone: TestClient;
  beforeEach(async () => {
    t = await createTestApp();
    person = await signUp(t.app, { email: 'grace@example.com' });
    phone = new TestClient(t.app, '192.0.2.77', { 'User-Agent': SAFARI_IPHONE });
    t.clock.now += 60 * MINUTE;
    expect((await signIn(phone, person.email, person.password)).status).toBe(303);
  });

  const sessionsOf = () => t.db.selectFrom('sessions').selectAll().orderBy('created_at').execute();

  it('lists each session with its device, last seen and address, and marks this device', async () => {
    const laptop = new TestClient(t.app, '2001:db8::7', { 'User-Agent': FIREFOX_WINDOWS });
    t.clock.now += 2 * MINUTE;
    await signIn(laptop, person.email, person.password);
    t.clock.now += 3 * 60 * MINUTE;
    const html = await (await laptop.get('/settings/account')).text();
    const panel = one(html, '#sessions');
    const seen = textOf(panel);
    expect(seen).toContain('This device and 2 other sessions.');
    const current = one(panel, 'span.session-current');
    expect(textOf(current)).toBe('(this device)');
    expect(current.previousElementSibling?.tagName).toBe('STRONG');
    expect(textOf(current.previousElementSibling!)).toBe('Firefox on Windows');
    expect(seen).toContain('2001:db8::7');
    expect(texts(panel, 'strong')).toContain('Safari on iOS');
    expect(seen).toContain('192.0.2.77');
    expect(seen).toContain('3 hours ago'); // the phone, not seen since it signed in
    expect(texts(panel, 'strong')).toContain('Unknown device'); // the sign-up, without a User-Agent
    expect(seen).toContain('Active now'); // this request
    const phoneRef = sessionRef(sessionIdOf(phone.sessionToken!));
    expect(
      one(panel, `form[action="/settings/account/sessions/${phoneRef}/sign-out"]`).tagName,
    ).toBe('FORM');
    expect(panel.outerHTML).not.toContain(
      `/sessions/${sessionRef(sessionIdOf(laptop.sessionToken!))}/sign-out`,
    ); // none for this one
    expect(one(panel, 'form[action="/settings/account/sessions/sign-out-others"]').tagName).toBe(
      'FORM',
    );
    expect(html).not.toContain(sessionIdOf(phone.sessionToken!)); // the id itself never reaches the page
  });

  it('writes last seen (and the address) at most every 5 minutes, not on every request', async () => {
    const phoneId = sessionIdOf(phone.sessionToken!);
    const lastSeen = async () =>
      await t.db
        .selectFrom('sessions')
        .select(['last_seen_at', 'address'])
        .where('id', '=', phoneId)
        .executeTakeFirstOrThrow();
    const signedInAt = t.clock.now;
    t.clock.now += 4 * MINUTE;
    const moved = new TestClient(t.app, '192.0.2.99');
    moved.cookies.set('folio_session', phone.sessionToken!);
    expect((await moved.get('/customers')).status).toBe(200);
    expect(await lastSeen()).toEqual({ last_seen_at: signedInAt, address: '192.0.2.77' });
    t.clock.now = signedInAt + 5 * MINUTE;
    expect((await moved.get('/customers')).status).toBe(200);
    expect(await lastSeen()).toEqual({
      last_seen_at: signedInAt + 5 * MINUTE,
      address: '192.0.2.99',
    });
    t.clock.now += MINUTE;
    expect((await moved.get('/customers')).status).toBe(200);
    expect((await lastSeen()).last_seen_at).toBe(signedInAt + 5 * MINUTE);
  });

  it('signs out one other session without JavaScript: 303 back with a message; that session ends, the rest stay', async () => {
    const response = await person.client.post(
      `/settings/account/sessions/${sessionRef(sessionIdOf(phone.sessionToken!))}/sign-out`,
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/settings/account#sessions');
    expect(await (await person.client.get('/settings/account')).text()).toContain(
      'Signed out Safari on iOS.',
    );
    expect((await phone.get('/customers')).status).toBe(303);
    expect((await person.client.get('/customers')).status).toBe(200);
    expect(await sessionsOf()).toHaveLength(1);
  });

  it('with htmx, answers the panel itself and the message as a toast', async () => {
    const response = await person.client.post(
      `/settings/account/sessions/${sessionRef(sessionIdOf(phone.sessionToken!))}/sign-out`,
      {},
      { htmx: true },
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    const panel = leading(html);
    expect(panel.tagName).toBe('SECTION');
    expect(panel.id).toBe('sessions');
    expect(panel.classList.contains('panel')).toBe(true);
    expect(html).toContain('Only on this device.');
    const toast = one(html, 'hx-partial[hx-target="#flash"]');
    expect(toast.getAttribute('hx-swap')).toBe('innerHTML');
    expect(textOf(toast)).toContain('Signed out Safari on iOS.');
    expect(parse(html).querySelector('html, body')).toBeNull();
    expect((await phone.get('/customers')).status).toBe(303);
  });

  it('signs out all other sessions, keeping this one', async () => {
    const third = new TestClient(t.app, '192.0.2.79');
    await signIn(third, person.email, person.password);
    const response = await person.client.post('/settings/account/sessions/sign-out-others');
    expect(response.status).toBe(303);
    expect(await (await person.client.get('/settings/account')).text()).toContain(
      'Signed out everywhere else.',
    );
    expect((await phone.get('/customers')).status).toBe(303);
    expect((await third.get('/customers')).status).toBe(303);
    expect((await person.client.get('/customers')).status).toBe(200);
    expect((await sessionsOf()).map((row) => row.id)).toEqual([
      sessionIdOf(person.client.sessionToken!),
    ]);
  });

  it("answers 404 for a teammate's session, for this session and for nonsense, and ends nothing", async () => {
    await person.client.post('/settings/team/invites');
    const link = (await (await person.client.get('/settings/team')).text()).match(
      /invite=([a-z2-7]+)/,
    )![1]!;
    const teammate = await signUp(t.app, { invite: link });
    const before = await sessionsOf();
    for (const ref of [
      sessionRef(sessionIdOf(teammate.client.sessionToken!)),
      sessionRef(sessionIdOf(person.client.sessionToken!)),
      'x'.repeat(32),
      sessionIdOf(phone.sessionToken!),
    ]) {
      const response = await person.client.post(`/settings/account/sessions/${ref}/sign-out`);
      expect(response.status).toBe(404);
    }
    expect(await sessionsOf()).toEqual(before);
    expect((await teammate.client.get('/customers')).status).toBe(200);
  });

  it('keeps at most 20 sessions per person: the 21st sign-in ends the oldest', async () => {
    const clients: TestClient[] = [person.client, phone];
    const signInAgain = async (i: number) => {
      t.clock.now += 1000;
      const client = new TestClient(t.app, `192.0.2.${100 + i}`);
      expect((await signIn(client, person.email, person.password)).status).toBe(303);
      clients.push(client);
    };
    for (let i = 0; i < 18; i++) await signInAgain(i);
    expect(await sessionsOf()).toHaveLength(20);
    expect((await person.client.get('/customers')).status).toBe(200);
    await signInAgain(18);
    const rows = await sessionsOf();
    expect(rows).toHaveLength(20);
    expect(rows.map((row) => row.id)).not.toContain(sessionIdOf(person.client.sessionToken!)); // the sign-up: the oldest
    expect((await person.client.get('/customers')).status).toBe(303);
    for (const client of clients.slice(1))
      expect((await client.get('/customers')).status).toBe(200);
  });

  it('keeps the cap when sign-ins arrive at once', async () => {
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        signIn(new TestClient(t.app, `192.0.2.${150 + i}`), person.email, person.password),
      ),
    );
    expect(await sessionsOf()).toHaveLength(20);
  });
});
