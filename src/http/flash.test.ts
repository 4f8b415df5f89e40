// The flash cookie is signed with a key every process and instance shares, and bound to the browser's
// CSRF token: a planted or copied cookie is dropped unread.
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createLogger } from '../logger.js';
import {
  cheapPasswords,
  createTestApp,
  signUp,
  testConfig,
  TestClient,
} from '../testing/harness.js';
import { signFlash } from './flash.js';
import { derivedKey } from './secret-key.js';

const PLANTED = {
  kind: 'error',
  text: 'Your session is broken. Press Fix to repair it.',
  action: { label: 'Fix', url: '/settings/team/invites' },
};

describe('flash cookie', () => {
  it('drops an unsigned cookie planted in a signed-in browser: no text, no button', async () => {
    const { app } = await createTestApp();
    const victim = await signUp(app);
    victim.client.cookies.set(
      'folio_flash',
      Buffer.from(JSON.stringify(PLANTED)).toString('base64url'),
    );
    const html = await (await victim.client.get('/customers')).text();
    expect(html).not.toContain('Press Fix');
    expect(html).not.toContain('/settings/team/invites');
  });

  it("drops a genuine flash copied from another browser (signed for that browser's CSRF token)", async () => {
    const { app } = await createTestApp();
    const planter = new TestClient(app, '192.0.2.31');
    const victim = await signUp(app);
    await signUp(app).then(async (other) => {
      await other.client.post('/logout');
      planter.cookies.set('folio_flash', other.client.cookies.get('folio_flash')!);
    });
    victim.client.cookies.set('folio_flash', planter.cookies.get('folio_flash')!);
    expect(await (await victim.client.get('/customers')).text()).not.toContain(
      'You are signed out.',
    );
  });

  it('drops a cookie signed with another key, or with its payload changed', async () => {
    const { app } = await createTestApp();
    const victim = await signUp(app);
    const token = victim.client.csrfToken!;
    victim.client.cookies.set(
      'folio_flash',
      signFlash(derivedKey('not the key'.padEnd(32, '!'), 'flash-cookie'), token, PLANTED as never),
    );
    expect(await (await victim.client.get('/customers')).text()).not.toContain('Press Fix');
    await victim.client.post('/logout');
    const [payload, mac] = victim.client.cookies.get('folio_flash')!.split('.');
    const changed = Buffer.from(
      Buffer.from(payload!, 'base64url')
        .toString()
        .replace('You are signed out.', 'Press Fix now.'),
    ).toString('base64url');
    victim.client.cookies.set('folio_flash', `${changed}.${mac}`);
    expect(await (await victim.client.get('/login')).text()).not.toContain('Press Fix');
  });

  it('shows the real flash once, in another app instance on the same database too (the key is kept there, once)', async () => {
    const t = await createTestApp();
    const person = await signUp(t.app);
    await person.client.post('/logout');
    const other = createApp({
      db: t.db,
      config: testConfig(),
      logger: createLogger('silent'),
      passwords: cheapPasswords,
      now: () => t.clock.now,
    });
    const elsewhere = new TestClient(other, person.client.ip);
    for (const [name, value] of person.client.cookies) elsewhere.cookies.set(name, value);
    expect(await (await elsewhere.get('/login')).text()).toContain('You are signed out.');
    expect(await (await elsewhere.get('/login')).text()).not.toContain('You are signed out.');
    expect(await t.db.selectFrom('app_secrets').select('name').execute()).toEqual([
      { name: 'secret_key' },
    ]);
  });

  it('with SECRET_KEY set, instances on different databases share the key and nothing is stored', async () => {
    const secretKey = 's'.repeat(40);
    const a = await createTestApp({ secretKey });
    const b = await createTestApp({ secretKey });
    const person = await signUp(a.app);
    await person.client.post('/logout');
    const elsewhere = new TestClient(b.app, person.client.ip);
    for (const [name, value] of person.client.cookies) elsewhere.cookies.set(name, value);
    expect(await (await elsewhere.get('/login')).text()).toContain('You are signed out.');
    expect(await a.db.selectFrom('app_secrets').selectAll().execute()).toEqual([]);
  });
});
