// Registering: a new workspace owned by the new person, signed in at once; bad input answered with 422.
import { describe, expect, it } from 'vitest';
import { createTestApp, setCookies, signUp, TestClient } from '../testing/harness.js';
import { one, textOf } from '../testing/html.js';
import { sessionIdOf } from './sessions.js';

const GOOD = {
  name: 'Ada Lovelace',
  email: 'Ada@Example.com',
  password: 'analytical engine 1843',
  password_confirm: 'analytical engine 1843',
  workspace: 'Difference Ltd',
};

async function counts(db: Awaited<ReturnType<typeof createTestApp>>['db']) {
  const [users, workspaces, sessions] = await Promise.all(
    (['users', 'workspaces', 'sessions'] as const).map((table) =>
      db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n)),
    ),
  );
  return { users, workspaces, sessions };
}

describe('register', () => {
  it('shows the form with every field and a CSRF token', async () => {
    const { app } = await createTestApp();
    const client = new TestClient(app);
    const response = await client.get('/register');
    expect(response.status).toBe(200);
    const html = await response.text();
    const form = one(html, 'form[action="/register"]');
    expect(form.getAttribute('method')).toBe('post');
    for (const name of ['name', 'email', 'password', 'password_confirm', 'workspace']) {
      expect(one(form, `input[name="${name}"]`).tagName).toBe('INPUT');
    }
    expect(one(form, 'input[name="_csrf"]').getAttribute('value')).toBe(client.csrfToken);
  });

  it('creates a workspace owned by the new person, signs them in and sends them to /customers', async () => {
    const { app, db } = await createTestApp();
    const client = new TestClient(app);
    const response = await client.post('/register', GOOD);
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/customers');

    const user = await db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(user).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com', role: 'owner' });
    expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$/); // the cost: passwords.test.ts
    expect(user.password_hash).not.toContain(GOOD.password);
    const workspace = await db
      .selectFrom('workspaces')
      .selectAll()
      .where('id', '=', user.workspace_id)
      .executeTakeFirstOrThrow();
    expect(workspace.name).toBe('Difference Ltd');

    // Signed in at once: the cookie's session is stored (by hash) for this user.
    const token = setCookies(response).get('folio_session')?.value;
    expect(token).toBeTruthy();
    const session = await db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', sessionIdOf(token!))
      .executeTakeFirst();
    expect(session?.user_id).toBe(user.id);

    const page = await client.get('/customers');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Ada Lovelace');
    expect(html).toContain('Difference Ltd');
    expect(html).toContain('Welcome to Folio');
  });

  it('names the workspace after the person when no team name is given', async () => {
    const { app, db } = await createTestApp();
    await new TestClient(app).post('/register', { ...GOOD, workspace: '   ' });
    const workspace = await db.selectFrom('workspaces').select('name').executeTakeFirstOrThrow();
    expect(workspace.name).toBe("Ada Lovelace's team");
  });

  it('answers an empty form with 422 and a message next to each required field, writing nothing', async () => {
    const { app, db } = await createTestApp();
    const response = await new TestClient(app).post('/register', {});
    expect(response.status).toBe(422);
    const html = await response.text();
    const error = (field: string) => textOf(one(html, `p#field-${field}-error`));
    expect(error('name')).toBe('Enter your name.');
    expect(error('email')).toBe('Enter your email address.');
    expect(error('password')).toBe('Choose a password.');
    expect(error('password_confirm')).toBe('Repeat the password.');
    expect(one(html, '#field-name').getAttribute('aria-invalid')).toBe('true');
    expect(await counts(db)).toEqual({ users: 0, workspaces: 0, sessions: 0 });
  });

  it.each([
    [
      'a malformed email',
      { email: 'ada-at-example' },
      'email',
      'Enter an email address like name@example.com.',
    ],
    [
      'a short password',
      { password: 'short12', password_confirm: 'short12' },
      'password',
      'Use at least 8 characters.',
    ],
    [
      'an overlong password',
      { password: 'x'.repeat(257), password_confirm: 'x'.repeat(257) },
      'password',
      'Use at most 256 characters.',
    ],
    [
      'a common password',
      { password: 'Password123', password_confirm: 'Password123' },
      'password',
      'one of the most common',
    ],
    [
      'passwords that differ',
      { password_confirm: 'analytical engine 1842' },
      'password_confirm',
      'The two passwords do not match.',
    ],
    ['an overlong name', { name: 'n'.repeat(101) }, 'name', 'Use at most 100 characters.'],
    [
      'an overlong team name',
      { workspace: 't'.repeat(101) },
      'workspace',
      'Use at most 100 characters.',
    ],
  ])(
    'refuses %s with 422, keeps what was typed except passwords, writes nothing',
    async (_, change, field, message) => {
      const { app, db } = await createTestApp();
      const response = await new TestClient(app).post('/register', { ...GOOD, ...change });
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(textOf(one(html, `p#field-${field}-error`))).toContain(message);
      // Typed values come back; passwords never do.
      const typed = { ...GOOD, ...(change as Record<string, string>) };
      for (const name of ['name', 'email', 'workspace'] as const)
        expect(one(html, `input[name="${name}"]`).getAttribute('value'), name).toBe(typed[name]);
      expect(html).not.toContain(typed.password);
      for (const name of ['password', 'password_confirm'])
        expect(one(html, `input[name="${name}"]`).attributes, name).toMatchObject({
          type: 'password',
          value: '',
        });
      expect(await counts(db)).toEqual({ users: 0, workspaces: 0, sessions: 0 });
    },
  );

  it('escapes typed values it shows again', async () => {
    const { app } = await createTestApp();
    const response = await new TestClient(app).post('/register', {
      ...GOOD,
      name: '"><script>alert(1)</script>',
      email: 'bad',
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).not.toContain('"><script>alert(1)');
    expect(html).toContain('value="&#34;><script>alert(1)</script>"');
  });

  it('refuses an email that is already registered, whatever its case', async () => {
    const { app, db } = await createTestApp();
    await signUp(app, { email: 'grace@example.com' });
    const before = await counts(db);
    const response = await new TestClient(app).post('/register', {
      ...GOOD,
      email: '  GRACE@example.COM ',
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('An account with this email already exists');
    expect(await counts(db)).toEqual(before);
  });

  it('sends a signed-in person from /register to /customers', async () => {
    const { app } = await createTestApp();
    const { client } = await signUp(app);
    const response = await client.get('/register');
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/customers');
  });

  describe('CSRF', () => {
    it('refuses a post without the token with 403 and writes nothing', async () => {
      const { app, db } = await createTestApp();
      const response = await new TestClient(app).post('/register', GOOD, { noCsrf: true });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('Reload the page and try again');
      expect(await counts(db)).toEqual({ users: 0, workspaces: 0, sessions: 0 });
      expect(setCookies(response).has('folio_session')).toBe(false);
    });

    it('refuses a post with a wrong token with 403 and writes nothing', async () => {
      const { app, db } = await createTestApp();
      const client = new TestClient(app);
      await client.get('/register');
      const response = await client.post('/register', { ...GOOD, _csrf: 'A'.repeat(43) });
      expect(response.status).toBe(403);
      expect(await counts(db)).toEqual({ users: 0, workspaces: 0, sessions: 0 });
    });

    it('refuses a post with a token but no token cookie', async () => {
      const { app, db } = await createTestApp();
      const client = new TestClient(app);
      await client.get('/register');
      const token = client.csrfToken!;
      client.cookies.delete('folio_csrf');
      const response = await client.request(
        'POST',
        '/register',
        new URLSearchParams({ ...GOOD, _csrf: token }).toString(),
        {
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        },
      );
      expect(response.status).toBe(403);
      expect(await counts(db)).toEqual({ users: 0, workspaces: 0, sessions: 0 });
    });

    it.each([
      ['another origin', { Origin: 'https://evil.example' }],
      ['an opaque origin', { Origin: 'null' }],
      ['a cross-site fetch', { 'Sec-Fetch-Site': 'cross-site' }],
    ])('refuses a post from %s even with the right token', async (_, headers) => {
      const { app, db } = await createTestApp();
      const response = await new TestClient(app).post('/register', GOOD, { headers });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('came from another site');
      expect(await counts(db)).toEqual({ users: 0, workspaces: 0, sessions: 0 });
    });
  });
});
