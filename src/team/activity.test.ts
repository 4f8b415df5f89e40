// The team activity log: who did what and when, newest first, a page at a time; owners only; append-only.
import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, signUp, type SignedUp, type TestApp } from '../testing/harness.js';
import { html as parse, texts } from '../testing/html.js';
import { recordActivity } from './activity.js';

/** The "Who" and "What" cells of the log page, in order. */
function rows(html: string): string[] {
  return parse(html)
    .querySelectorAll('tr')
    .map((row) => texts(row, ':scope > td'))
    .filter((cells) => cells.length === 3)
    .map(([, who, what]) => `${who}: ${what}`);
}

/** The log's older-entries cursor, from its link. */
function olderCursor(html: string): string {
  const href = parse(html)
    .querySelector('a[href^="/settings/team/activity?before="]')
    ?.getAttribute('href');
  return /^\/settings\/team\/activity\?before=(\d+)$/.exec(href ?? '')![1]!;
}

describe('team activity log', () => {
  let t: TestApp;
  let owner: SignedUp;
  let workspaceId: number;
  beforeEach(async () => {
    t = await createTestApp();
    owner = await signUp(t.app, { name: 'Olive Owner', workspace: 'Olive Co' });
    workspaceId = (await t.db.selectFrom('users').select('workspace_id').executeTakeFirstOrThrow())
      .workspace_id;
  });

  it('records invites, joins, resets, renames, handovers and removals with who, newest first', async () => {
    await owner.client.post('/settings/team/invites');
    const invite = (await (await owner.client.get('/settings/team')).text()).match(
      /register\?invite=([a-z2-7]+)/,
    )![1]!;
    const member = await signUp(t.app, { name: 'Mia Member', invite });
    await owner.client.post('/settings/team/invites');
    const open = await t.db
      .selectFrom('invites')
      .select('id')
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    await owner.client.post(`/settings/team/invites/${open.id}/revoke`);
    await owner.client.post(`/settings/team/invites/${open.id}/revoke`); // nothing to revoke: no entry
    const memberId = (
      await t.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', member.email.toLowerCase())
        .executeTakeFirstOrThrow()
    ).id;
    await owner.client.post(`/settings/team/members/${memberId}/reset`);
    await owner.client.post('/settings/team/name', { name: 'Olive & Sons' });
    await owner.client.post(`/settings/team/members/${memberId}/transfer`);
    const ownerId = (
      await t.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', owner.email.toLowerCase())
        .executeTakeFirstOrThrow()
    ).id;
    await member.client.post(`/settings/team/members/${ownerId}/remove`);

    const response = await member.client.get('/settings/team/activity');
    expect(response.status).toBe(200);
    expect(rows(await response.text())).toEqual([
      'Mia Member: removed Olive Owner (former member) from the team',
      'Olive Owner (former member): made Mia Member the owner (and became a member)',
      'Olive Owner (former member): renamed the team from “Olive Co” to “Olive & Sons”',
      'Olive Owner (former member): created a password reset link for Mia Member',
      'Olive Owner (former member): revoked an invite link',
      'Olive Owner (former member): created an invite link',
      'Mia Member: joined the team with an invite link',
      'Olive Owner (former member): created an invite link',
      'Olive Owner (former member): created the team',
    ]);
  });

  it('pages with a keyset cursor: Older links on until the first entry', async () => {
    for (let i = 1; i <= 120; i++) {
      await recordActivity(t.db, {
        workspaceId,
        actorId: null,
        action: 'invite.created',
        details: { n: i },
        at: t.clock.now + i,
      });
    }
    const first = await (await owner.client.get('/settings/team/activity')).text();
    expect(rows(first)).toHaveLength(50);
    expect(rows(first)[0]).toBe('An operator (command line): created an invite link');
    const cursor = olderCursor(first);
    const second = await (
      await owner.client.get(`/settings/team/activity?before=${cursor}`)
    ).text();
    expect(rows(second)).toHaveLength(50);
    expect(texts(second, 'a[href="/settings/team/activity"]')).toContain('Newest');
    const ids = await t.db.selectFrom('activity').select('id').orderBy('id', 'desc').execute();
    expect(Number(cursor)).toBe(ids[49]!.id);
    const next = olderCursor(second);
    const last = await (await owner.client.get(`/settings/team/activity?before=${next}`)).text();
    expect(rows(last)).toHaveLength(21); // 120 + "created the team"
    expect(rows(last).at(-1)).toBe('Olive Owner: created the team');
    expect(last).not.toContain('?before=');
  });

  it('is for owners only, shows only this team, and refuses a malformed cursor', async () => {
    await owner.client.post('/settings/team/invites');
    const invite = (await (await owner.client.get('/settings/team')).text()).match(
      /register\?invite=([a-z2-7]+)/,
    )![1]!;
    const member = await signUp(t.app, { name: 'Mia Member', invite });
    const refused = await member.client.get('/settings/team/activity');
    expect(refused.status).toBe(403);
    expect(await (await member.client.get('/settings/team')).text()).not.toContain(
      '/settings/team/activity',
    );
    expect(await (await owner.client.get('/settings/team')).text()).toContain(
      'href="/settings/team/activity"',
    );

    const stranger = await signUp(t.app, { name: 'Stranger Danger', workspace: 'Elsewhere' });
    await stranger.client.post('/settings/team/name', { name: 'Secret Rename' });
    const mine = await (await owner.client.get('/settings/team/activity?before=999999')).text();
    expect(mine).not.toContain('Stranger');
    expect(mine).not.toContain('Secret Rename');
    expect((await owner.client.get('/settings/team/activity?before=abc')).status).toBe(400);
  });

  it('is append-only: the database refuses to change or remove an entry', async () => {
    await expect(sql`update activity set action = 'forged'`.execute(t.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from activity`.execute(t.db)).rejects.toThrow(/append-only/);
    expect(await t.db.selectFrom('activity').select('action').execute()).toEqual([
      { action: 'team.created' },
    ]);
  });
});
