// The team page: invite links that work once and expire after 7 days, revoking them, removing members.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createTestApp,
  setCookies,
  signUp,
  TestClient,
  type SignedUp,
  type TestApp,
} from '../testing/harness.js';
import { html as parse, one, texts } from '../testing/html.js';
import { tokenHash as inviteTokenHash } from '../auth/sessions.js';

const DAY = 24 * 60 * 60 * 1000;
const DEAD = 'This invite link has expired, was revoked or was already used.';

/** Creates an invite as the given owner and returns the link's token, read from the page like a person would. */
async function createInvite(owner: TestClient): Promise<string> {
  const response = await owner.post('/settings/team/invites');
  expect(response.status).toBe(303);
  expect(response.headers.get('Location')).toBe('/settings/team');
  const html = await (await owner.get('/settings/team')).text();
  const field = one(html, 'input#new-invite-link');
  expect(field.attributes).toMatchObject({ type: 'text', readonly: '' });
  const link = field.getAttribute('value');
  expect(link).toMatch(/^http:\/\/folio\.test\/register\?invite=[a-z2-7]+$/);
  expect(html).toContain('Invite link created.');
  // In the panel, not in a toast that may vanish.
  expect(parse(html).querySelector('.toast-link')).toBeNull();
  return new URL(link!).searchParams.get('invite')!;
}

function joinFields(token: string, email: string) {
  return {
    name: 'New Teammate',
    email,
    password: 'teammate secret 42',
    password_confirm: 'teammate secret 42',
    invite: token,
  };
}

async function userCount(t: TestApp) {
  return (await t.db.selectFrom('users').select('id').execute()).length;
}

describe('invites and members', () => {
  let t: TestApp;
  let owner: SignedUp;
  beforeEach(async () => {
    t = await createTestApp();
    owner = await signUp(t.app, {
      name: 'Olive Owner',
      email: 'olive@example.com',
      workspace: 'Olive & Co',
    });
  });

  it('shows the owner the members and an empty invite list', async () => {
    const response = await owner.client.get('/settings/team');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Olive &amp; Co');
    expect(texts(html, 'td')).toEqual(expect.arrayContaining(['olive@example.com', 'Owner']));
    expect(html).toContain('Create invite link');
    expect(html).toContain('No open invites.');
    expect(html).not.toContain('/remove"'); // the owner cannot remove themselves
    expect(html).not.toContain('new-invite-link');
  });

  it('creates a 7-day link shown once, stores only its hash, and lists it as open', async () => {
    const token = await createInvite(owner.client);
    const row = await t.db.selectFrom('invites').selectAll().executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(inviteTokenHash(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(7 * DAY);
    expect(row.used_at).toBeNull();
    const html = await (await owner.client.get('/settings/team')).text();
    expect(html).not.toContain(token); // the link was shown once; the list never shows it
    expect(one(html, `form[action="/settings/team/invites/${row.id}/revoke"]`).tagName).toBe(
      'FORM',
    );
    expect(html).not.toContain('No open invites.');
  });

  it('lets a new person join the workspace as a member through the link, once', async () => {
    const token = await createInvite(owner.client);

    const guest = new TestClient(t.app, '192.0.2.80');
    const form = await guest.get(`/register?invite=${token}`);
    expect(form.status).toBe(200);
    const page = await form.text();
    expect(page).toContain('Join your team on Folio');
    expect(texts(page, 'strong')).toContain('Olive & Co');
    expect(one(page, 'input[name="invite"]').attributes).toEqual({
      type: 'hidden',
      name: 'invite',
      value: token,
    });
    expect(parse(page).querySelector('[name="workspace"]')).toBeNull();

    const joined = await guest.post('/register', joinFields(token, 'Tess@Example.com'));
    expect(joined.status).toBe(303);
    expect(joined.headers.get('Location')).toBe('/customers');
    const welcome = await (await guest.get('/customers')).text();
    expect(welcome).toContain('Welcome to Olive &amp; Co.');

    const ownerRow = await t.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'olive@example.com')
      .executeTakeFirstOrThrow();
    const member = await t.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'tess@example.com')
      .executeTakeFirstOrThrow();
    expect(member.role).toBe('member');
    expect(member.workspace_id).toBe(ownerRow.workspace_id);
    expect(await t.db.selectFrom('workspaces').selectAll().execute()).toHaveLength(1);
    const invite = await t.db.selectFrom('invites').selectAll().executeTakeFirstOrThrow();
    expect(invite.used_at).not.toBeNull();
    expect(invite.used_by).toBe(member.id);

    // The owner now sees the member, and the invite is no longer open.
    const team = await (await owner.client.get('/settings/team')).text();
    expect(texts(team, 'td')).toContain('tess@example.com');
    expect(team).toContain('No open invites.');

    // A second use: a clear message on the page and on the post, and no account.
    const again = new TestClient(t.app, '192.0.2.81');
    const deadPage = await again.get(`/register?invite=${token}`);
    expect(deadPage.status).toBe(404);
    const dead = await deadPage.text();
    expect(dead).toContain(DEAD);
    // No sign-up form that would quietly create a separate team; a link to do that on purpose instead.
    expect(parse(dead).querySelector('form[action="/register"]')).toBeNull();
    expect(texts(dead, 'a[href="/register"]')).toContain('Create your own account');
    const before = await userCount(t);
    const refused = await again.post('/register', joinFields(token, 'second@example.com'));
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain(DEAD);
    expect(one(html, 'input[name="email"]').getAttribute('value')).toBe('second@example.com');
    expect(await userCount(t)).toBe(before);
    expect(setCookies(refused).has('folio_session')).toBe(false);
  });

  it('answers an unknown invite with a clear message and creates no account', async () => {
    const guest = new TestClient(t.app, '192.0.2.82');
    expect(await (await guest.get('/register?invite=nosuchtoken')).text()).toContain(DEAD);
    const before = await userCount(t);
    const response = await guest.post('/register', joinFields('nosuchtoken', 'ghost@example.com'));
    expect(response.status).toBe(422);
    expect(await response.text()).toContain(DEAD);
    expect(await userCount(t)).toBe(before);
  });

  it('does not spend the invite on bad input, and keeps carrying it in the form', async () => {
    const token = await createInvite(owner.client);
    const guest = new TestClient(t.app, '192.0.2.83');
    const response = await guest.post('/register', {
      ...joinFields(token, 'tess@example.com'),
      password_confirm: 'something else',
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('The two passwords do not match.');
    expect(one(html, 'input[name="invite"]').attributes).toEqual({
      type: 'hidden',
      name: 'invite',
      value: token,
    });
    const taken = await guest.post('/register', joinFields(token, 'OLIVE@example.com'));
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('An account with this email already exists');
    expect(
      (await t.db.selectFrom('invites').select('used_at').executeTakeFirstOrThrow()).used_at,
    ).toBeNull();
    expect((await guest.post('/register', joinFields(token, 'tess@example.com'))).status).toBe(303);
  });

  it('expires an invite after 7 days', async () => {
    const token = await createInvite(owner.client);
    const created = t.clock.now;
    t.clock.now = created + 7 * DAY - 1;
    expect(
      await (await new TestClient(t.app).get(`/register?invite=${token}`)).text(),
    ).not.toContain(DEAD);
    t.clock.now = created + 7 * DAY;
    const guest = new TestClient(t.app, '192.0.2.84');
    expect(await (await guest.get(`/register?invite=${token}`)).text()).toContain(DEAD);
    const before = await userCount(t);
    expect((await guest.post('/register', joinFields(token, 'late@example.com'))).status).toBe(422);
    expect(await userCount(t)).toBe(before);
    expect(await (await owner.client.get('/settings/team')).text()).toContain('No open invites.');
  });

  it('lets the owner revoke an open invite, after which the link is dead', async () => {
    const token = await createInvite(owner.client);
    const invite = await t.db.selectFrom('invites').select('id').executeTakeFirstOrThrow();
    const response = await owner.client.post(`/settings/team/invites/${invite.id}/revoke`);
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/settings/team');
    const team = await (await owner.client.get('/settings/team')).text();
    expect(team).toContain('Invite revoked.');
    expect(team).toContain('No open invites.');
    const before = await userCount(t);
    const refused = await new TestClient(t.app, '192.0.2.85').post(
      '/register',
      joinFields(token, 'tess@example.com'),
    );
    expect(refused.status).toBe(422);
    expect(await userCount(t)).toBe(before);
    // Revoking twice finds nothing to revoke.
    expect((await owner.client.post(`/settings/team/invites/${invite.id}/revoke`)).status).toBe(
      404,
    );
  });

  it("keeps another workspace's owner away from this workspace's invites and members", async () => {
    const token = await createInvite(owner.client);
    await new TestClient(t.app, '192.0.2.86').post(
      '/register',
      joinFields(token, 'tess@example.com'),
    );
    await createInvite(owner.client);
    const stranger = await signUp(t.app, { name: 'Stranger Owner' });
    const invite = await t.db
      .selectFrom('invites')
      .select('id')
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    const member = await t.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'tess@example.com')
      .executeTakeFirstOrThrow();

    expect((await stranger.client.post(`/settings/team/invites/${invite.id}/revoke`)).status).toBe(
      404,
    );
    expect((await stranger.client.post(`/settings/team/members/${member.id}/remove`)).status).toBe(
      404,
    );
    expect(
      (
        await t.db
          .selectFrom('invites')
          .select('revoked_at')
          .where('id', '=', invite.id)
          .executeTakeFirstOrThrow()
      ).revoked_at,
    ).toBeNull();
    expect(
      await t.db.selectFrom('users').select('id').where('id', '=', member.id).executeTakeFirst(),
    ).toBeTruthy();
    expect(
      await t.db.selectFrom('sessions').select('id').where('user_id', '=', member.id).execute(),
    ).toHaveLength(1);

    const theirs = await (await stranger.client.get('/settings/team')).text();
    expect(theirs).not.toContain('tess@example.com');
    expect(theirs).not.toContain('olive@example.com');
  });

  describe('a member', () => {
    let member: TestClient;
    let memberId: number;
    beforeEach(async () => {
      const token = await createInvite(owner.client);
      member = new TestClient(t.app, '192.0.2.87');
      expect((await member.post('/register', joinFields(token, 'mia@example.com'))).status).toBe(
        303,
      );
      memberId = (
        await t.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', 'mia@example.com')
          .executeTakeFirstOrThrow()
      ).id;
    });

    it('sees the members but no invite or remove controls, and cannot use them', async () => {
      const html = await (await member.get('/settings/team')).text();
      expect(texts(html, 'td')).toContain('olive@example.com');
      expect(html).not.toContain('Create invite link');
      expect(html).not.toContain('/remove"');
      const invites = await t.db.selectFrom('invites').select('id').execute();
      const create = await member.post('/settings/team/invites');
      expect(create.status).toBe(403);
      expect(await create.text()).toContain('Only the team owner');
      expect(await t.db.selectFrom('invites').select('id').execute()).toEqual(invites);
      const ownerId = (
        await t.db
          .selectFrom('users')
          .select('id')
          .where('role', '=', 'owner')
          .executeTakeFirstOrThrow()
      ).id;
      expect((await member.post(`/settings/team/members/${ownerId}/remove`)).status).toBe(403);
      expect((await member.get(`/settings/team/members/${ownerId}/remove`)).status).toBe(403);
      expect(await userCount(t)).toBe(2);
    });

    it('is removed by the owner, and their sessions end at once', async () => {
      const second = new TestClient(t.app, '192.0.2.88');
      expect(
        (await second.post('/login', { email: 'mia@example.com', password: 'teammate secret 42' }))
          .status,
      ).toBe(303);
      expect((await member.get('/customers')).status).toBe(200);

      const html = await (await owner.client.get('/settings/team')).text();
      expect(one(html, `a[href="/settings/team/members/${memberId}/remove"]`).tagName).toBe('A');
      // Without JavaScript the link leads to a confirmation page; nothing is removed by looking at it.
      const confirm = await owner.client.get(`/settings/team/members/${memberId}/remove`);
      expect(confirm.status).toBe(200);
      const page = await confirm.text();
      expect(page).toContain('Remove <span>New Teammate</span>?');
      expect(page).toContain(
        `<form method="post" action="/settings/team/members/${memberId}/remove"`,
      );
      expect(await userCount(t)).toBe(2);
      const response = await owner.client.post(`/settings/team/members/${memberId}/remove`);
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe('/settings/team');
      const team = await (await owner.client.get('/settings/team')).text();
      expect(team).toContain('Member removed.');
      expect(team).not.toContain('mia@example.com');

      expect(
        await t.db.selectFrom('sessions').selectAll().where('user_id', '=', memberId).execute(),
      ).toEqual([]);
      // Deactivated, not deleted: the row stays for the customers that name them.
      const row = await t.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', memberId)
        .executeTakeFirstOrThrow();
      expect(row.deactivated_at).toBe(new Date(t.clock.now).toISOString());
      expect(texts(team, 'td')).toContain('New Teammate (former member)');
      for (const browser of [member, second]) {
        const page = await browser.get('/customers');
        expect(page.status).toBe(303);
        expect(page.headers.get('Location')).toBe('/login?next=%2Fcustomers');
      }
      // The owner is still signed in.
      expect((await owner.client.get('/customers')).status).toBe(200);
    });

    it('cannot be removed without the CSRF token', async () => {
      const response = await owner.client.post(
        `/settings/team/members/${memberId}/remove`,
        {},
        { noCsrf: true },
      );
      expect(response.status).toBe(403);
      expect(await userCount(t)).toBe(2);
      expect((await member.get('/customers')).status).toBe(200);
    });
  });

  it('refuses to remove the owner, or a malformed id, with 404', async () => {
    const ownerId = (await t.db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
    expect((await owner.client.post(`/settings/team/members/${ownerId}/remove`)).status).toBe(404);
    expect((await owner.client.post('/settings/team/members/abc/remove')).status).toBe(404);
    expect((await owner.client.get(`/settings/team/members/${ownerId}/remove`)).status).toBe(404);
    expect((await owner.client.post('/settings/team/invites/1e3/revoke')).status).toBe(404);
    expect(await userCount(t)).toBe(1);
    expect((await owner.client.get('/settings/team')).status).toBe(200); // still signed in
  });

  it('creates no invite when the CSRF token is missing or the post comes from another site', async () => {
    expect((await owner.client.post('/settings/team/invites', {}, { noCsrf: true })).status).toBe(
      403,
    );
    expect(
      (
        await owner.client.post(
          '/settings/team/invites',
          {},
          { headers: { Origin: 'https://evil.example' } },
        )
      ).status,
    ).toBe(403);
    expect(await t.db.selectFrom('invites').selectAll().execute()).toEqual([]);
  });
});
