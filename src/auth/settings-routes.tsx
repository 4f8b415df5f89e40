// /settings: your account (password change) and your team (members, invite links). Members only.
import * as v from 'valibot';
import { HTTPException } from 'hono/http-exception';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env.js';
import { setFlash } from '../http/flash.js';
import { publicOrigin } from '../http/origin.js';
import { actorOf, idParam, signedInUser } from '../http/params.js';
import { fieldErrors, readForm } from '../http/forms.js';
import { localeOf, renderPage } from '../http/render.js';
import { formatDate } from '../views/format.js';
import { membersOnly } from './middleware.js';
import * as queries from './queries.js';
import { ChangePasswordSchema, ShortcutsSchema } from './schema.js';
import { generateToken, startSession, tokenHash } from './sessions.js';
import { claimSignInAttempt, clientAddress, forgiveSignIn } from './throttle.js';
import { sessionRows } from './session-routes.js';
import { SessionsPanel } from './session-views.js';
import { AccountPage, RemoveMemberPage, TeamPage } from './views.js';
import { accountRoutes } from '../account/routes.js';
import { teamRoutes } from '../team/routes.js';

export const settingsRoutes = membersOnly();

const INVITE_LIFETIME = 7 * 24 * 60 * 60 * 1000;

function ownerOnly(c: Context<AppEnv>) {
  const user = signedInUser(c);
  if (user.role !== 'owner')
    throw new HTTPException(403, {
      message: 'Only the team owner can manage members and invites.',
    });
  return user;
}

async function accountPage(
  c: Context<AppEnv>,
  errors?: Record<string, string>,
  status: 200 | 422 | 429 = errors ? 422 : 200,
) {
  const user = signedInUser(c);
  return renderPage(
    c,
    'Your account',
    <AccountPage
      csrfToken={c.var.csrfToken}
      name={user.name}
      email={user.email}
      workspaceName={user.workspaceName}
      sessions={<SessionsPanel csrfToken={c.var.csrfToken} sessions={await sessionRows(c)} />}
      singleKeyShortcuts={user.singleKeyShortcuts}
      errors={errors}
    />,
    status,
  );
}

settingsRoutes.get('/', (c) => c.redirect('/settings/account', 303));
settingsRoutes.get('/account', (c) => accountPage(c));

settingsRoutes.post('/account/password', async (c) => {
  const user = signedInUser(c);
  const { db, now } = c.var.deps;
  const parsed = v.safeParse(ChangePasswordSchema, await readForm(c));
  if (!parsed.success) return accountPage(c, fieldErrors(parsed.issues));
  // Guessing the current password is throttled like signing in (a borrowed, unlocked session).
  // Counted per address, without the sign-in form's slow-down for an email under attack: outsiders
  // guessing at /login must not hold the signed-in owner back here.
  const address = clientAddress(c);
  const { wait } = await claimSignInAttempt(db, user.email, address, now(), {
    slowWhenUnderAttack: false,
  });
  if (wait !== null) {
    c.header('Retry-After', String(wait));
    return accountPage(
      c,
      { current_password: 'Too many wrong passwords. Wait a few minutes and try again.' },
      429,
    );
  }
  const row = await queries.findUserById(db, user.id);
  if (
    !row ||
    !(await c.var.deps.passwords.verify(row.password_hash, parsed.output.current_password))
  ) {
    return accountPage(c, { current_password: 'That is not your current password.' });
  }
  await forgiveSignIn(db, user.email, address);
  await queries.updatePasswordHash(
    db,
    user.id,
    await c.var.deps.passwords.hash(parsed.output.password),
  );
  // Every session ends, this one too; this browser continues in a new one.
  await queries.deleteUserSessions(db, user.id);
  await startSession(c, user.id);
  setFlash(c, { kind: 'success', text: 'Password changed. Your other sessions were signed out.' });
  return c.redirect('/settings/account', 303);
});

settingsRoutes.post('/account/shortcuts', async (c) => {
  const user = signedInUser(c);
  const parsed = v.safeParse(ShortcutsSchema, await readForm(c));
  if (!parsed.success) return accountPage(c, fieldErrors(parsed.issues));
  const on = parsed.output.single_key_shortcuts === 'on';
  await queries.setSingleKeyShortcuts(c.var.deps.db, user.id, on);
  setFlash(c, {
    kind: 'success',
    text: on
      ? 'Single-key shortcuts are on.'
      : 'Single-key shortcuts are off. Shortcuts with Ctrl or ⌘ still work.',
  });
  return c.redirect('/settings/account', 303);
});

settingsRoutes.get('/team', async (c) => {
  const user = signedInUser(c);
  const { db, now } = c.var.deps;
  const isOwner = user.role === 'owner';
  const [members, invites, formerMembers] = await Promise.all([
    queries.listMembers(db, user.workspaceId),
    isOwner
      ? queries.listOpenInvites(db, user.workspaceId, new Date(now()).toISOString())
      : Promise.resolve([]),
    queries.listFormerMembers(db, user.workspaceId),
  ]);
  const locale = localeOf(c);
  // A just-created invite link belongs in the invite panel, where it stays until the page is left; the
  // toast keeps only the sentence.
  const flash = c.var.flash;
  // A new reset link goes next to the members, a new invite link into the invite panel.
  const isReset = flash?.link ? new URL(flash.link).pathname === '/reset-password' : false;
  const newInviteLink = isOwner && !isReset ? flash?.link : undefined;
  const newResetLink = isOwner && isReset ? flash?.link : undefined;
  if (flash?.link) c.set('flash', { kind: flash.kind, text: flash.text });
  return renderPage(
    c,
    'Team',
    <TeamPage
      csrfToken={c.var.csrfToken}
      workspaceName={user.workspaceName}
      currentUserId={user.id}
      isOwner={isOwner}
      members={members}
      formerMembers={formerMembers}
      invites={invites}
      newInviteLink={newInviteLink}
      newResetLink={newResetLink}
      formatDate={(iso) => formatDate(iso, locale)}
    />,
  );
});

settingsRoutes.post('/team/invites', async (c) => {
  const user = ownerOnly(c);
  const { db, now } = c.var.deps;
  const token = generateToken();
  await queries.insertInvite(db, {
    workspace_id: user.workspaceId,
    token_hash: tokenHash(token),
    created_by: user.id,
    created_at: new Date(now()).toISOString(),
    expires_at: new Date(now() + INVITE_LIFETIME).toISOString(),
  });
  const link = new URL(`/register?invite=${token}`, publicOrigin(c)).toString();
  setFlash(c, {
    kind: 'success',
    text: 'Invite link created. Send it to your teammate: it works once, for 7 days.',
    link,
  });
  return c.redirect('/settings/team', 303);
});

settingsRoutes.post('/team/invites/:id/revoke', async (c) => {
  const user = ownerOnly(c);
  const revoked = await queries.revokeInvite(c.var.deps.db, actorOf(c, user), idParam(c));
  if (!revoked) throw new HTTPException(404);
  setFlash(c, { kind: 'success', text: 'Invite revoked. The link no longer works.' });
  return c.redirect('/settings/team', 303);
});

settingsRoutes.get('/team/members/:id/remove', async (c) => {
  const user = ownerOnly(c);
  const member = await queries.findMember(c.var.deps.db, user.workspaceId, idParam(c));
  if (!member) throw new HTTPException(404);
  return renderPage(
    c,
    'Remove member',
    <RemoveMemberPage
      csrfToken={c.var.csrfToken}
      workspaceName={user.workspaceName}
      member={member}
    />,
  );
});

settingsRoutes.post('/team/members/:id/remove', async (c) => {
  const user = ownerOnly(c);
  const removed = await queries.removeMember(c.var.deps.db, actorOf(c, user), idParam(c));
  if (!removed) throw new HTTPException(404);
  setFlash(c, {
    kind: 'success',
    text: 'Member removed. They were signed out at once and are listed as a former member.',
  });
  return c.redirect('/settings/team', 303);
});

settingsRoutes.route('/account', accountRoutes);
settingsRoutes.route('/team', teamRoutes);
