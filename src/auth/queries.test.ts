// createAccount: when two sign-ups race for one email, the unique index decides and the loser is
// refused (not an error), with nothing of theirs written; a spent invite is refused the same way.
import { describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.js';
import { insertInvite } from '../team/queries.js';
import { createAccount, type NewAccount } from './queries.js';
import { tokenHash } from './sessions.js';

const NOW = '2026-11-25T12:00:00.000Z';

function account(email: string, join: NewAccount['join']): NewAccount {
  return { name: 'Ada', email, passwordHash: 'not a real hash', now: NOW, join };
}

async function rows(db: TestApp['db']) {
  const count = async (table: 'users' | 'workspaces') =>
    (await db.selectFrom(table).select('id').execute()).length;
  const invites = await db.selectFrom('invites').select(['used_at', 'used_by']).execute();
  return { users: await count('users'), workspaces: await count('workspaces'), invites };
}

describe('createAccount', () => {
  it('refuses an email an active account has (in any case), whether owner or invited, writing nothing', async () => {
    const { db } = await createTestApp();
    const first = await createAccount(db, account('ada@example.com', { workspaceName: 'One' }));
    expect(first).toEqual({ userId: expect.any(Number) as number });
    const owner = (first as { userId: number }).userId;
    const workspace = await db.selectFrom('users').select('workspace_id').executeTakeFirstOrThrow();
    await insertInvite(db, {
      workspace_id: workspace.workspace_id,
      token_hash: tokenHash('invite-token'),
      created_by: owner,
      created_at: NOW,
      expires_at: '2026-12-01T00:00:00.000Z',
    });
    const before = await rows(db);

    const asOwner = account('ADA@example.com', { workspaceName: 'Two' });
    expect(await createAccount(db, asOwner)).toEqual({ refused: 'email-taken' });
    const asMember = account('ada@example.com', { inviteHash: tokenHash('invite-token') });
    expect(await createAccount(db, asMember)).toEqual({ refused: 'email-taken' });
    expect(await rows(db)).toEqual(before); // the invite is still unused

    const other = account('grace@example.com', { inviteHash: tokenHash('invite-token') });
    expect(await createAccount(db, other)).toEqual({ userId: expect.any(Number) as number });
    expect(await createAccount(db, { ...other, email: 'linus@example.com' })).toEqual({
      refused: 'invite-gone',
    });
  });
});
