import { describe, expect, it } from 'vitest';
import { createTestApp, setCookies, signUp, TestClient } from '../testing/harness.js';
import { html as parse } from '../testing/html.js';

const PASSWORD = 'correct horse battery staple';

async function registerThrough(client: TestClient, email: string) {
  const response = await client.post('/register', {
    name: 'Proxied',
    email,
    password: PASSWORD,
    password_confirm: PASSWORD,
  });
  expect(response.status).toBe(303);
  return response;
}

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  it('builds invite links from the forwarded scheme and host', async () => {
    const { app } = await createTestApp({ trustProxy: true });
    const proxied = {
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Host': 'crm.example.com',
      Origin: 'https://crm.example.com',
    };
    const client = new TestClient(app, '203.0.113.7', proxied);
    await registerThrough(client, 'proxied@example.com');
    const created = await client.post('/settings/team/invites');
    expect(created.status).toBe(303);
    const page = await (await client.get('/settings/team')).text();
    expect(page).toMatch(/https:\/\/crm\.example\.com\/register\?invite=[a-z2-7]+/);
  });

  it('takes a forwarded host without a port as given: no internal port in links, writes accepted', async () => {
    const { app } = await createTestApp({ trustProxy: true });
    const proxied = {
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Host': 'folio.example',
      Origin: 'https://folio.example',
    };
    // The proxy talks to Folio on its internal port; the public URL has none.
    const client = new TestClient(app, '203.0.113.8', { ...proxied, Host: 'localhost:8124' });
    const original = client.request.bind(client);
    client.request = (method, path, body, options) =>
      original(method, new URL(path, 'http://localhost:8124').href, body, options);
    await registerThrough(client, 'noport@example.com');
    expect((await client.post('/settings/team/invites')).status).toBe(303);
    const page = await (await client.get('/settings/team')).text();
    expect(
      parse(page)
        .querySelectorAll('input')
        .some((input) =>
          /^https:\/\/folio\.example\/register\?invite=[a-z2-7]+$/.test(
            input.getAttribute('value') ?? '',
          ),
        ),
    ).toBe(true);
  });

  it('ignores forwarded headers when the proxy is not trusted', async () => {
    const { app } = await createTestApp({ trustProxy: false });
    const { client } = await signUp(app);
    const forged = { 'X-Forwarded-Host': 'evil.example', Origin: 'https://evil.example' };
    const refused = await client.post('/settings/team/invites', {}, { headers: forged });
    expect(refused.status).toBe(403);
  });
});

describe('cookies and HSTS follow the public scheme', () => {
  it('over https (the proxy says so): Secure, __Host- prefixed cookies and HSTS, and signing in works', async () => {
    const { app } = await createTestApp({ trustProxy: true });
    const client = new TestClient(app, '203.0.113.9', {
      'X-Forwarded-Proto': 'https',
      Origin: 'https://folio.test',
    });
    const response = await registerThrough(client, 'https@example.com');
    expect(response.headers.get('Strict-Transport-Security')).toMatch(/max-age=\d{7,}/);
    const cookies = setCookies(response);
    expect([...cookies.keys()].sort()).toEqual([
      '__Host-folio_csrf',
      '__Host-folio_flash',
      '__Host-folio_session',
    ]);
    for (const [name, cookie] of cookies) {
      expect(cookie.attributes, name).toHaveProperty('secure');
      expect(cookie.attributes, name).toHaveProperty('httponly');
      expect(cookie.attributes.path, name).toBe('/');
      expect(cookie.attributes, name).not.toHaveProperty('domain');
    }
    const page = await client.get('/customers');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Welcome to Folio.');
    // A bare-named cookie planted over http is not read over https.
    const planted = new TestClient(app, '203.0.113.10', { 'X-Forwarded-Proto': 'https' });
    planted.cookies.set('folio_session', client.sessionToken!);
    expect((await planted.get('/customers')).status).toBe(303);
  });

  it('with PUBLIC_URL=https://…: the same, without any proxy header', async () => {
    const { app } = await createTestApp({
      trustProxy: false,
      publicUrl: new URL('https://folio.test'),
    });
    const client = new TestClient(app, '203.0.113.11', { Origin: 'https://folio.test' });
    const response = await registerThrough(client, 'public-url@example.com');
    expect(response.headers.get('Strict-Transport-Security')).toMatch(/max-age=/);
    expect([...setCookies(response).keys()].sort()).toEqual([
      '__Host-folio_csrf',
      '__Host-folio_flash',
      '__Host-folio_session',
    ]);
  });

  it('in production on plain http (http://127.0.0.1:8000): bare names, not Secure, no HSTS, so sign-in works', async () => {
    const { app } = await createTestApp({ production: true, trustProxy: false });
    const client = new TestClient(app);
    const response = await registerThrough(client, 'plain-http@example.com');
    expect(response.headers.get('Strict-Transport-Security')).toBeNull();
    const cookies = setCookies(response);
    expect([...cookies.keys()].sort()).toEqual(['folio_csrf', 'folio_flash', 'folio_session']);
    for (const [name, cookie] of cookies)
      expect(cookie.attributes, name).not.toHaveProperty('secure');
    expect((await client.get('/customers')).status).toBe(200);
  });
});
