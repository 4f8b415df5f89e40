// Forgotten passwords: an owner's one-time reset link for a member (an hour, once, only its hash stored),
// the operator's command that prints one, and what using one does (new password, every session ended).
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signIn,
  signUp,
  testConfig,
  TestClient,
  type SignedUp,
  type TestApp,
} from '../testing/harness.js';
import { html as parse, one } from '../testing/html.js';
import { main as userCommand, originFor, resetPasswordLink } from '../cli/user.js';
import { tokenHash } from './sessions.js';

const HOUR = 60 * 60 * 1000;
const NEW_PASSWORD = 'a fresh start 2026';
const DEAD = 'This password reset link has expired or was already used.';

/** Creates a reset link for the member as the owner and reads it from the team page, like a person would. */
async function createResetLink(owner: TestClient, memberId: number): Promise<string> {
  const response = await owner.post(`/settings/team/members/${memberId}/reset`);
  expect(response.status).toBe(303);
  expect(response.headers.get('Location')).toBe('/settings/team');
  const html = await (await owner.get('/settings/team')).text();
  expect(html).toContain('Password reset link for Mia Member created.');
  expect(parse(html).querySelector('#new-invite-link')).toBeNull(); // shown with the members, not as an invite
  const field = one(html, 'input#new-reset-link');
  expect(field.attributes).toMatchObject({ type: 'text', readonly: '' });
  const link = field.getAttribute('value');
  expect(link).toMatch(/^http:\/\/folio\.test\/reset-password\?token=[a-z2-7]+$/);
  return new URL(link!).searchParams.get('token')!;
}

const setPassword = (
  client: TestClient,
  token: string,
  password = NEW_PASSWORD,
  confirm = password,
) => client.post('/reset-password', { token, password, password_confirm: confirm });

describe('password reset links', () => {
  let t: TestApp;
  let owner: SignedUp;
  let member: SignedUp;
  let memberId: number;
  beforeEach(async () => {
    t = await createTestApp();
    owner = await signUp(t.app, { name: 'Olive Owner', workspace: 'Olive Co' });
    await owner.client.post('/settings/team/invites');
    const invite = (await (await owner.client.get('/settings/team')).text()).match(
      /register\?invite=([a-z2-7]+)/,
    )![1]!;
    member = await signUp(t.app, { name: 'Mia Member', invite });
    memberId = (
      await t.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', member.email.toLowerCase())
        .executeTakeFirstOrThrow()
    ).id;
  });

  it('an owner makes a one-hour link for a member, shown once; only its hash is stored', async () => {
    const token = await createResetLink(owner.client, memberId);
    const row = await t.db.selectFrom('password_resets').selectAll().executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(tokenHash(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.user_id).toBe(memberId);
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(HOUR);
    expect(await (await owner.client.get('/settings/team')).text()).not.toContain(token);
  });

  it('using it sets the new password and ends every session of that person; a second use gets a clear page', async () => {
    const token = await createResetLink(owner.client, memberId);
    const visitor = new TestClient(t.app, '192.0.2.40');
    const form = await visitor.get(`/reset-password?token=${token}`);
    expect(form.status).toBe(200);
    const page = await form.text();
    expect(page).toContain('Choose a new password');
    expect(page).toContain('Mia Member');

    const done = await setPassword(visitor, token);
    expect(done.status).toBe(303);
    expect(done.headers.get('Location')).toBe('/login');
    expect(await (await visitor.get('/login')).text()).toContain('Your new password is set');
    expect(
      await t.db.selectFrom('sessions').select('id').where('user_id', '=', memberId).execute(),
    ).toEqual([]);
    expect((await member.client.get('/customers')).status).toBe(303); // signed out at once
    expect((await owner.client.get('/customers')).status).toBe(200); // nobody else is
    expect(
      (await signIn(new TestClient(t.app, '192.0.2.41'), member.email, member.password)).status,
    ).toBe(422);
    expect(
      (await signIn(new TestClient(t.app, '192.0.2.42'), member.email, NEW_PASSWORD)).status,
    ).toBe(303);

    const again = await visitor.get(`/reset-password?token=${token}`);
    expect(again.status).toBe(404);
    expect(await again.text()).toContain(DEAD);
    const hash = (
      await t.db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', memberId)
        .executeTakeFirstOrThrow()
    ).password_hash;
    const reuse = await setPassword(
      new TestClient(t.app, '192.0.2.43'),
      token,
      'another one entirely',
    );
    expect(reuse.status).toBe(404);
    expect(await reuse.text()).toContain(DEAD);
    expect(
      (
        await t.db
          .selectFrom('users')
          .select('password_hash')
          .where('id', '=', memberId)
          .executeTakeFirstOrThrow()
      ).password_hash,
    ).toBe(hash);
  });

  it('expires after an hour', async () => {
    const token = await createResetLink(owner.client, memberId);
    const visitor = new TestClient(t.app, '192.0.2.44');
    t.clock.now += HOUR - 1;
    expect((await visitor.get(`/reset-password?token=${token}`)).status).toBe(200);
    t.clock.now += 1;
    const late = await visitor.get(`/reset-password?token=${token}`);
    expect(late.status).toBe(404);
    expect(await late.text()).toContain(DEAD);
    expect((await setPassword(visitor, token)).status).toBe(404);
    expect((await member.client.get('/customers')).status).toBe(200);
  });

  it('bad input keeps the link usable and changes nothing; the rules are registration’s', async () => {
    const token = await createResetLink(owner.client, memberId);
    const visitor = new TestClient(t.app, '192.0.2.45');
    for (const [password, confirm, message] of [
      ['short', 'short', 'Use at least 8 characters.'],
      ['iloveyou1', 'iloveyou1', 'one of the most common'],
      [NEW_PASSWORD, 'something else', 'The two passwords do not match.'],
    ] as const) {
      const response = await setPassword(visitor, token, password, confirm);
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain(message);
      expect(one(html, 'input[name="token"]').getAttribute('value')).toBe(token);
    }
    expect(
      (await t.db.selectFrom('password_resets').select('used_at').executeTakeFirstOrThrow())
        .used_at,
    ).toBeNull();
    expect((await member.client.get('/customers')).status).toBe(200);
    expect((await setPassword(visitor, token)).status).toBe(303);
  });

  it('a newer link replaces the older one', async () => {
    const first = await createResetLink(owner.client, memberId);
    const second = await createResetLink(owner.client, memberId);
    expect((await new TestClient(t.app).get(`/reset-password?token=${first}`)).status).toBe(404);
    expect((await new TestClient(t.app).get(`/reset-password?token=${second}`)).status).toBe(200);
  });

  it('only the owner makes links, only for active members of their own team', async () => {
    const ownerId = (
      await t.db
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'owner')
        .executeTakeFirstOrThrow()
    ).id;
    const refused = await member.client.post(`/settings/team/members/${ownerId}/reset`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Only the team owner');
    expect((await owner.client.post(`/settings/team/members/${ownerId}/reset`)).status).toBe(404); // not for themselves
    await owner.client.post(`/settings/team/members/${memberId}/remove`);
    expect((await owner.client.post(`/settings/team/members/${memberId}/reset`)).status).toBe(404); // a former member
    expect(await t.db.selectFrom('password_resets').selectAll().execute()).toEqual([]);
    expect((await member.client.get('/settings/team')).status).toBe(303);
  });

  it('a removed member’s open link stops working', async () => {
    const token = await createResetLink(owner.client, memberId);
    await owner.client.post(`/settings/team/members/${memberId}/remove`);
    expect((await setPassword(new TestClient(t.app), token)).status).toBe(404);
    expect(
      (await signIn(new TestClient(t.app, '192.0.2.46'), member.email, NEW_PASSWORD)).status,
    ).toBe(422);
  });

  it('unknown or oversized tokens get the same clear page', async () => {
    for (const token of ['', 'nosuchtoken', 'x'.repeat(500)]) {
      const response = await new TestClient(t.app).get(`/reset-password?token=${token}`);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain(DEAD);
    }
    expect((await new TestClient(t.app).get('/reset-password')).status).toBe(404);
  });
});

describe('npm run user -- reset-password', () => {
  it('prints a link for an active account that works like an owner’s, made by an operator', async () => {
    const t = await createTestApp();
    const person = await signUp(t.app, { name: 'Oscar Operatorless', workspace: 'Solo' });
    const link = await resetPasswordLink(
      t.db,
      person.email.toUpperCase(),
      'https://folio.example',
      t.clock.now,
    );
    expect(link).toMatch(/^https:\/\/folio\.example\/reset-password\?token=[a-z2-7]+$/);
    const token = new URL(link!).searchParams.get('token')!;
    const visitor = new TestClient(t.app, '192.0.2.47');
    expect((await setPassword(visitor, token)).status).toBe(303);
    expect((await person.client.get('/customers')).status).toBe(303);
    expect((await signIn(visitor, person.email, NEW_PASSWORD)).status).toBe(303);
    const entry = await t.db
      .selectFrom('activity')
      .selectAll()
      .where('action', '=', 'reset.created')
      .executeTakeFirstOrThrow();
    expect(entry.actor_id).toBeNull(); // shown as "An operator (command line)"
    expect(
      await resetPasswordLink(t.db, 'nobody@example.com', 'https://folio.example', t.clock.now),
    ).toBeNull();
  });

  it('makes the link on --origin, else PUBLIC_URL, else the address the server listens on', () => {
    const config = testConfig({ port: 8000, publicUrl: new URL('https://crm.example') });
    expect(originFor('https://other.example/ignored/path', config)).toBe('https://other.example');
    expect(originFor(undefined, config)).toBe('https://crm.example');
    expect(originFor(undefined, testConfig({ port: 8000, host: '0.0.0.0', publicUrl: null }))).toBe(
      'http://127.0.0.1:8000',
    );
  });

  it('explains bad usage and a missing account, with exit codes', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const run = (args: string[]) =>
      userCommand(
        args,
        { DATABASE_URL: ':memory:' },
        (l) => out.push(l),
        (l) => err.push(l),
      );
    expect(await run(['reset-password'])).toBe(2);
    expect(err.join('\n')).toContain('--email must be an email address');
    expect(await run(['frobnicate', '--email', 'a@b.c'])).toBe(2);
    expect(err.join('\n')).toContain('usage: npm run user -- reset-password --email E');
    expect(await run(['reset-password', '--email', 'nobody@example.com'])).toBe(1);
    expect(err.join('\n')).toContain('no active account has the email nobody@example.com');
    expect(out).toEqual([]);
  });
});
