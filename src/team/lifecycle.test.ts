// A team's lifecycle: members deactivated instead of deleted (their names stay on customers), renames,
// handing over ownership, leaving, deleting an account, deleting the team.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createTestApp,
  signIn,
  signUp,
  TestClient,
  type SignedUp,
  type TestApp,
} from '../testing/harness.js';
import { html as parse, one, textOf, texts } from '../testing/html.js';
import * as customers from '../customers/queries.js';
import { EMPTY_VALUES } from '../customers/schema.js';

async function invitedMember(
  t: TestApp,
  owner: TestClient,
  name: string,
): Promise<SignedUp & { id: number }> {
  await owner.post('/settings/team/invites');
  const invite = (await (await owner.get('/settings/team')).text()).match(
    /register\?invite=([a-z2-7]+)/,
  )![1]!;
  const person = await signUp(t.app, { name, invite });
  const { id } = await t.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', person.email.toLowerCase())
    .where('deactivated_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { ...person, id };
}

describe('team lifecycle', () => {
  let t: TestApp;
  let owner: SignedUp;
  let ownerId: number;
  let workspaceId: number;
  let member: SignedUp & { id: number };
  beforeEach(async () => {
    t = await createTestApp();
    owner = await signUp(t.app, { name: 'Olive Owner', workspace: 'Olive Co' });
    const row = await t.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', owner.email.toLowerCase())
      .executeTakeFirstOrThrow();
    ownerId = row.id;
    workspaceId = row.workspace_id;
    member = await invitedMember(t, owner.client, 'Mia Member');
  });

  const userRow = (id: number) =>
    t.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  describe('removing a member deactivates them', () => {
    it('keeps "added by" and "changed by" on their customers, marked as a former member', async () => {
      const actor = { workspaceId, userId: member.id, now: t.clock.now };
      const customer = await customers.createCustomer(t.db, actor, {
        ...EMPTY_VALUES,
        first_name: 'Ada',
        last_name: 'Lovelace',
      });
      expect((await owner.client.post(`/settings/team/members/${member.id}/remove`)).status).toBe(
        303,
      );

      const stored = await t.db
        .selectFrom('customers')
        .selectAll()
        .where('id', '=', customer.id)
        .executeTakeFirstOrThrow();
      expect(stored.created_by).toBe(member.id);
      expect(stored.updated_by).toBe(member.id);
      const page = await (await owner.client.get(`/customers/${customer.id}`)).text();
      expect(page).toContain('by Mia Member (former member).');
      expect(page).not.toMatch(/by Mia Member\./);
      const team = await (await owner.client.get('/settings/team')).text();
      expect(team).toContain('Former members');
      expect(texts(team, 'td')).toContain('Mia Member (former member)');
      expect(team).not.toContain(`/settings/team/members/${member.id}/remove`);
    });

    it('a customer they deleted says so, marked as a former member', async () => {
      const actor = { workspaceId, userId: member.id, now: t.clock.now };
      const customer = await customers.createCustomer(t.db, actor, {
        ...EMPTY_VALUES,
        first_name: 'Gone',
        last_name: 'Soon',
      });
      await customers.deleteCustomer(t.db, actor, customer.id);
      await owner.client.post(`/settings/team/members/${member.id}/remove`);
      const page = await (await owner.client.get(`/customers/${customer.id}`)).text();
      expect(page).toContain('Deleted by Mia Member (former member) on');
    });

    it('they cannot sign in, and can later join a team again with the same email', async () => {
      await owner.client.post(`/settings/team/members/${member.id}/remove`);
      const login = await signIn(
        new TestClient(t.app, '192.0.2.60'),
        member.email,
        member.password,
      );
      expect(login.status).toBe(422);
      expect(await login.text()).toContain('That email and password do not match an account.');
      const again = await signUp(t.app, {
        name: 'Mia Again',
        email: member.email,
        password: member.password,
      });
      expect((await again.client.get('/customers')).status).toBe(200);
      expect((await userRow(member.id)).deactivated_at).not.toBeNull();
    });
  });

  describe('names', () => {
    it('a person renames themselves; the header, the team page and the log follow', async () => {
      const response = await member.client.post('/settings/account/name', {
        name: '  Mia Renamed  ',
      });
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe('/settings/account');
      const account = await (await member.client.get('/settings/account')).text();
      expect(account).toContain('Name saved.');
      expect(texts(account, 'dd')).toContain('Mia Renamed');
      expect((await userRow(member.id)).name).toBe('Mia Renamed');
      expect(texts(await (await owner.client.get('/settings/team')).text(), 'td')).toContain(
        'Mia Renamed',
      );
      const log = await (await owner.client.get('/settings/team/activity')).text();
      expect(log).toContain('changed their name from “Mia Member” to “Mia Renamed”');
    });

    it('an empty or overlong name gets a message, keeps what was typed, and changes nothing', async () => {
      for (const [name, message] of [
        ['   ', 'Enter your name.'],
        ['x'.repeat(101), 'Use at most 100 characters.'],
      ] as const) {
        const response = await member.client.post('/settings/account/name', { name });
        expect(response.status).toBe(422);
        const html = await response.text();
        expect(html).toContain(message);
        expect(one(html, 'input[name="name"]').getAttribute('value')).toBe(name);
      }
      expect((await userRow(member.id)).name).toBe('Mia Member');
    });

    it('the owner renames the team; a member cannot', async () => {
      const refused = await member.client.post('/settings/team/name', { name: 'Hijacked' });
      expect(refused.status).toBe(403);
      expect((await owner.client.post('/settings/team/name', { name: '' })).status).toBe(422);
      const response = await owner.client.post('/settings/team/name', { name: 'Olive & Sons' });
      expect(response.status).toBe(303);
      const workspace = await t.db
        .selectFrom('workspaces')
        .select('name')
        .where('id', '=', workspaceId)
        .executeTakeFirstOrThrow();
      expect(workspace.name).toBe('Olive & Sons');
      expect(await (await member.client.get('/settings/team')).text()).toContain(
        'Olive &amp; Sons',
      );
    });
  });

  describe('handing over ownership', () => {
    it('makes the member the owner and the owner a member, after a confirmation page', async () => {
      const confirm = await owner.client.get(`/settings/team/members/${member.id}/transfer`);
      expect(confirm.status).toBe(200);
      expect(await confirm.text()).toContain(
        `action="/settings/team/members/${member.id}/transfer"`,
      );
      expect((await userRow(ownerId)).role).toBe('owner');

      const response = await owner.client.post(`/settings/team/members/${member.id}/transfer`);
      expect(response.status).toBe(303);
      expect((await userRow(member.id)).role).toBe('owner');
      expect((await userRow(ownerId)).role).toBe('member');
      // The previous owner is a member now: owner-only routes refuse them; the new owner has them.
      expect((await owner.client.post('/settings/team/invites')).status).toBe(403);
      expect((await member.client.get('/settings/team/activity')).status).toBe(200);
      expect(await (await member.client.get('/settings/team/activity')).text()).toContain(
        'made Mia Member the owner',
      );
    });

    it('a member cannot take it, and it cannot go to a former member', async () => {
      expect(
        (await member.client.post(`/settings/team/members/${member.id}/transfer`)).status,
      ).toBe(403);
      expect((await member.client.get(`/settings/team/members/${ownerId}/transfer`)).status).toBe(
        403,
      );
      expect((await owner.client.post(`/settings/team/members/${ownerId}/transfer`)).status).toBe(
        404,
      );
      await owner.client.post(`/settings/team/members/${member.id}/remove`);
      expect((await owner.client.post(`/settings/team/members/${member.id}/transfer`)).status).toBe(
        404,
      );
      expect((await userRow(ownerId)).role).toBe('owner');
      expect((await userRow(member.id)).role).toBe('member');
    });
  });

  describe('leaving', () => {
    it('a member leaves: deactivated, signed out everywhere, their work stays', async () => {
      const customer = await customers.createCustomer(
        t.db,
        { workspaceId, userId: member.id, now: t.clock.now },
        { ...EMPTY_VALUES, first_name: 'Kept', last_name: 'Record' },
      );
      expect((await member.client.get('/settings/team/leave')).status).toBe(200);
      const response = await member.client.post('/settings/team/leave');
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe('/login');
      expect(await (await member.client.get('/login')).text()).toContain('You left Olive Co.');
      expect((await userRow(member.id)).deactivated_at).not.toBeNull();
      expect(
        await t.db.selectFrom('sessions').select('id').where('user_id', '=', member.id).execute(),
      ).toEqual([]);
      expect(await (await owner.client.get(`/customers/${customer.id}`)).text()).toContain(
        'by Mia Member (former member)',
      );
    });

    it('an owner cannot leave: hand over first, or delete the team when alone', async () => {
      const page = await (await owner.client.get('/settings/team/leave')).text();
      expect(page).toContain('Make another member its owner first');
      expect(parse(page).querySelector('[action="/settings/team/leave"]')).toBeNull();
      const refused = await owner.client.post('/settings/team/leave');
      expect(refused.status).toBe(409);
      expect((await userRow(ownerId)).deactivated_at).toBeNull();
      await owner.client.post(`/settings/team/members/${member.id}/remove`);
      const alone = await owner.client.post('/settings/team/leave');
      expect(alone.status).toBe(409);
      expect(await alone.text()).toContain('delete the team instead');
    });
  });

  describe('deleting an account', () => {
    it('takes the password; then the person is gone but their work stays attributed', async () => {
      const customer = await customers.createCustomer(
        t.db,
        { workspaceId, userId: member.id, now: t.clock.now },
        { ...EMPTY_VALUES, first_name: 'Kept', last_name: 'Record' },
      );
      const wrong = await member.client.post('/settings/account/delete', {
        password: 'not my password',
      });
      expect(wrong.status).toBe(422);
      expect(await wrong.text()).toContain(
        'That is not your password. Your account was not deleted.',
      );
      expect((await userRow(member.id)).deactivated_at).toBeNull();

      const response = await member.client.post('/settings/account/delete', {
        password: member.password,
      });
      expect(response.status).toBe(303);
      expect(await (await member.client.get('/login')).text()).toContain(
        'Your account was deleted.',
      );
      const row = await userRow(member.id);
      expect(row.deactivated_at).not.toBeNull();
      expect(row.email).not.toContain(member.email.split('@')[0]); // email and password forgotten
      expect(row.password_hash).toBe('!');
      expect(row.name).toBe('Mia Member');
      expect(
        (await signIn(new TestClient(t.app, '192.0.2.61'), member.email, member.password)).status,
      ).toBe(422);
      expect(await (await owner.client.get(`/customers/${customer.id}`)).text()).toContain(
        'by Mia Member (former member)',
      );
      expect(await (await owner.client.get('/settings/team/activity')).text()).toContain(
        'deleted their account',
      );
    });

    it('an owner is sent to hand over or delete the team instead', async () => {
      expect(await (await owner.client.get('/settings/account/delete')).text()).toContain(
        'You own your team.',
      );
      expect(
        (await owner.client.post('/settings/account/delete', { password: owner.password })).status,
      ).toBe(409);
      expect((await userRow(ownerId)).deactivated_at).toBeNull();
    });
  });

  describe('deleting the team', () => {
    it('needs its name typed; a member cannot; a wrong name deletes nothing', async () => {
      expect((await member.client.get('/settings/team/delete')).status).toBe(403);
      expect(
        (await member.client.post('/settings/team/delete', { confirm_name: 'Olive Co' })).status,
      ).toBe(403);
      const page = await (await owner.client.get('/settings/team/delete')).text();
      expect(page).toContain('Folio cannot export customers yet'); // no export yet, said plainly
      expect(parse(page).querySelectorAll('[href*="export"]')).toHaveLength(0);
      const wrong = await owner.client.post('/settings/team/delete', { confirm_name: 'olive co' });
      expect(wrong.status).toBe(422);
      const html = await wrong.text();
      expect(textOf(parse(html))).toContain("That is not the team's name. Nothing was deleted.");
      expect(one(html, 'input[name="confirm_name"]').getAttribute('value')).toBe('olive co');
      expect(await t.db.selectFrom('workspaces').selectAll().execute()).toHaveLength(1);
    });

    it('deletes everything of it, and nothing of another team', async () => {
      const other = await signUp(t.app, { name: 'Other Owner', workspace: 'Other Co' });
      const otherUser = await t.db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', other.email.toLowerCase())
        .executeTakeFirstOrThrow();
      await customers.createCustomer(
        t.db,
        { workspaceId: otherUser.workspace_id, userId: otherUser.id, now: t.clock.now },
        { ...EMPTY_VALUES, first_name: 'Theirs', last_name: 'Kept' },
      );
      const mine = await customers.createCustomer(
        t.db,
        { workspaceId, userId: member.id, now: t.clock.now },
        { ...EMPTY_VALUES, first_name: 'Mine', last_name: 'Gone' },
      );
      await customers.deleteCustomer(
        t.db,
        { workspaceId, userId: ownerId, now: t.clock.now },
        (
          await customers.createCustomer(
            t.db,
            { workspaceId, userId: ownerId, now: t.clock.now },
            { ...EMPTY_VALUES, first_name: 'Trash', last_name: 'Gone' },
          )
        ).id,
      );
      await owner.client.post('/settings/team/invites');
      await owner.client.post(`/settings/team/members/${member.id}/reset`);

      const response = await owner.client.post('/settings/team/delete', {
        confirm_name: ' Olive Co ',
      });
      expect(response.status).toBe(303);
      expect(await (await owner.client.get('/login')).text()).toContain(
        'Olive Co and everything in it were deleted.',
      );
      for (const table of [
        'customers',
        'invites',
        'password_resets',
        'activity',
        'users',
      ] as const) {
        const rows = await t.db
          .selectFrom(table)
          .select('workspace_id')
          .where('workspace_id', '=', workspaceId)
          .execute();
        expect(rows, table).toEqual([]);
      }
      expect(
        await t.db
          .selectFrom('sessions')
          .select('id')
          .where('user_id', 'in', [ownerId, member.id])
          .execute(),
      ).toEqual([]);
      expect((await member.client.get('/customers')).status).toBe(303);
      expect(await customers.getCustomer(t.db, workspaceId, mine.id)).toBeUndefined();
      // The other team is untouched, its search still finds its customer.
      expect(
        await t.db
          .selectFrom('customers')
          .select('id')
          .where('workspace_id', '=', otherUser.workspace_id)
          .execute(),
      ).toHaveLength(1);
      expect(await (await other.client.get('/customers?q=theirs')).text()).toContain('Theirs');
      expect(
        (await signIn(new TestClient(t.app, '192.0.2.62'), owner.email, owner.password)).status,
      ).toBe(422);
    });
  });
});
