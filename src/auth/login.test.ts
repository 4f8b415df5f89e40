// Signing in: the form, the same answer for an unknown email and a wrong password, the `next` check.
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
import { html as parse, one, textOf } from '../testing/html.js';

/** The error alert's text, when the page shows one. */
function alertText(html: string): string | undefined {
  const alert = parse(html).querySelector('div.alert.alert-error[role="alert"]');
  return alert ? textOf(alert) : undefined;
}

describe('sign in', () => {
  let t: TestApp;
  let member: SignedUp;
  beforeAll(async () => {
    t = await createTestApp();
    member = await signUp(t.app, {
      name: 'Grace Hopper',
      email: 'grace@example.com',
      password: 'cobol compiler 1959',
    });
  });

  it('shows the form with email, password and a CSRF token', async () => {
    const client = new TestClient(t.app, '192.0.2.1');
    const response = await client.get('/login');
    expect(response.status).toBe(200);
    const html = await response.text();
    const form = one(html, 'form[action="/login"]');
    expect(form.getAttribute('method')).toBe('post');
    expect(one(form, 'input[name="email"]').tagName).toBe('INPUT');
    expect(one(form, 'input[name="password"]').getAttribute('type')).toBe('password');
    expect(one(form, 'input[name="_csrf"]').getAttribute('value')).toBe(client.csrfToken);
  });

  it('signs in with the right password (email in any case) and sends the person to /customers', async () => {
    const client = new TestClient(t.app, '192.0.2.2');
    const response = await signIn(client, '  GRACE@Example.com ', member.password);
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/customers');
    expect(setCookies(response).get('folio_session')?.value).toMatch(/^[a-z2-7]{32}$/);
    const page = await client.get('/customers');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Grace Hopper');
  });

  it('answers a wrong password with 422, one message, the email kept and no session', async () => {
    const client = new TestClient(t.app, '192.0.2.3');
    const response = await signIn(client, 'grace@example.com', 'not my password');
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(alertText(html)).toBe('That email and password do not match an account.');
    expect(one(html, 'input[name="email"]').getAttribute('value')).toBe('grace@example.com');
    expect(html).not.toContain('not my password');
    expect(setCookies(response).has('folio_session')).toBe(false);
    expect((await client.get('/customers')).status).toBe(303);
  });

  it('says exactly the same for an unknown email as for a wrong password', async () => {
    const wrong = await signIn(
      new TestClient(t.app, '192.0.2.4'),
      'grace@example.com',
      'not my password',
    );
    const unknown = await signIn(
      new TestClient(t.app, '192.0.2.5'),
      'nobody@example.com',
      'not my password',
    );
    expect(unknown.status).toBe(wrong.status);
    const [a, b] = [await wrong.text(), await unknown.text()];
    expect(alertText(b)).toBe(alertText(a));
    // Apart from the echoed email and the CSRF token, the two pages are identical.
    const normalise = (html: string, email: string) =>
      html.replaceAll(email, 'EMAIL').replace(/[A-Za-z0-9_-]{43}/g, 'TOKEN');
    expect(normalise(b, 'nobody@example.com')).toBe(normalise(a, 'grace@example.com'));
  });

  it('answers an empty form with 422 and a message next to each field', async () => {
    const response = await new TestClient(t.app, '192.0.2.6').post('/login', {
      email: '',
      password: '',
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(textOf(one(html, 'p#field-email-error'))).toBe('Enter your email address.');
    expect(textOf(one(html, 'p#field-password-error'))).toBe('Enter your password.');
  });

  it('answers a missing field like an empty one', async () => {
    const response = await new TestClient(t.app, '192.0.2.6').post('/login', {
      email: 'grace@example.com',
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(textOf(one(html, 'p#field-password-error'))).toBe('Enter your password.');
    expect(one(html, 'input[name="email"]').getAttribute('value')).toBe('grace@example.com');
  });

  describe('next', () => {
    it('returns to a local path after signing in', async () => {
      const client = new TestClient(t.app, '192.0.2.7');
      const response = await signIn(
        client,
        member.email,
        member.password,
        '/settings/team?tab=invites',
      );
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe('/settings/team?tab=invites');
    });

    it.each([
      'https://evil.example/',
      '//evil.example/',
      '/\\evil.example',
      '\\\\evil.example',
      'javascript:alert(1)',
      '/\t/evil.example',
      ' //evil.example',
      'evil.example',
      '',
    ])('ignores %j and goes to /customers', async (next) => {
      const client = new TestClient(t.app, '192.0.2.8');
      const response = await signIn(client, member.email, member.password, next);
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe('/customers');
    });

    it('keeps a local path with characters outside Latin-1 without failing', async () => {
      const client = new TestClient(t.app, '192.0.2.9');
      const response = await signIn(client, member.email, member.password, '/customers?q=Zoë €');
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe('/customers?q=Zo%C3%AB%20%E2%82%AC');
    });

    it('sends an anonymous visitor of a page to sign in and back afterwards', async () => {
      const client = new TestClient(t.app, '192.0.2.10');
      const guarded = await client.get('/settings/account');
      expect(guarded.status).toBe(303);
      expect(guarded.headers.get('Location')).toBe('/login?next=%2Fsettings%2Faccount');
      const form = await (await client.get(guarded.headers.get('Location')!)).text();
      expect(one(form, 'input[name="next"]').attributes).toEqual({
        type: 'hidden',
        name: 'next',
        value: '/settings/account',
      });
      const response = await signIn(client, member.email, member.password, '/settings/account');
      expect(response.headers.get('Location')).toBe('/settings/account');
      expect((await client.get('/settings/account')).status).toBe(200);
    });

    it('does not put a foreign next into the form', async () => {
      const html = await (
        await new TestClient(t.app, '192.0.2.11').get('/login?next=https%3A%2F%2Fevil.example')
      ).text();
      expect(html).not.toContain('evil.example');
    });

    it('keeps next when the password was wrong', async () => {
      const client = new TestClient(t.app, '192.0.2.12');
      const response = await signIn(client, member.email, 'wrong password', '/settings/team');
      expect(response.status).toBe(422);
      expect(await response.text()).toContain(
        '<input type="hidden" name="next" value="/settings/team"/>',
      );
    });

    it('sends someone already signed in straight on from /login', async () => {
      const response = await member.client.get('/login?next=%2Fsettings%2Fteam');
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe('/settings/team');
      const foreign = await member.client.get('/login?next=%2F%2Fevil.example');
      expect(foreign.headers.get('Location')).toBe('/customers');
    });
  });

  describe('GET /', () => {
    it('sends an anonymous visitor to /login', async () => {
      const response = await new TestClient(t.app).get('/');
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe('/login');
    });

    it('sends a signed-in person to /customers', async () => {
      const response = await member.client.get('/');
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe('/customers');
    });
  });

  it('refuses anonymous writes and htmx requests to members-only routes with 401', async () => {
    const client = new TestClient(t.app, '192.0.2.13');
    expect((await client.post('/settings/team/invites')).status).toBe(401);
    const htmx = await client.get('/customers?q=ada', {
      htmx: true,
      headers: { 'HX-Current-URL': 'http://folio.test/customers?q=ada' },
    });
    expect(htmx.status).toBe(401);
    expect(await htmx.text()).toContain('Sign in again');
    // htmx is told to load the sign-in page, which brings the person back afterwards.
    expect(htmx.headers.get('HX-Redirect')).toBe('/login?next=%2Fcustomers%3Fq%3Dada');
    const foreign = await client.get('/customers', {
      htmx: true,
      headers: { 'HX-Current-URL': 'https://evil.example/x' },
    });
    expect(foreign.headers.get('HX-Redirect')).toBe('/login');
  });
});
