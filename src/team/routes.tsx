// /settings/team/...: the team page, invite links, members (removing, reset links, handing over
// ownership), the team's name, leaving, deleting the team, and the activity log. Mounted inside the
// settings router (app.ts), which lets only signed-in members through and checks CSRF on every write.
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import type { AppEnv } from '../http/env.js';
import { setFlash } from '../http/flash.js';
import { fieldErrors, readForm } from '../http/forms.js';
import { publicOrigin } from '../http/origin.js';
import { actorOf, idParam, isId, signedInUser } from '../http/params.js';
import { readerOf, renderPage } from '../http/render.js';
import { formatDate } from '../views/format.js';
import { createPasswordReset } from '../auth/resets.js';
import { generateToken, tokenHash } from '../auth/sessions.js';
import { signedOutWith } from '../auth/signed-out.js';
import { countCustomers } from '../customers/queries.js';
import { listActivity } from './activity.js';
import * as queries from './queries.js';
import { ConfirmTeamNameSchema, TeamNameSchema } from './schema.js';
import { ActivityPage } from './views/activity-page.js';
import {
  DeleteTeamPage,
  LeaveTeamPage,
  RemoveMemberPage,
  RenameTeamPage,
  TransferOwnershipPage,
} from './views/confirm-pages.js';
import { TeamPage } from './views/team-page.js';

export const teamRoutes = new Hono<AppEnv>();

type Ctx = Context<AppEnv>;

function ownerOnly(c: Ctx) {
  const user = signedInUser(c);
  if (user.role !== 'owner')
    throw new HTTPException(403, {
      message: 'Only the team owner can manage members and invites.',
    });
  return user;
}

const INVITE_LIFETIME = 7 * 24 * 60 * 60 * 1000;

/**
 * A link just made (an invite or a reset link) belongs in its panel on the team page, where it stays
 * until the page is left; the toast keeps only the sentence. Only an owner makes them.
 */
function newLinks(c: Ctx, isOwner: boolean) {
  const flash = c.get('flash');
  if (!flash?.link) return {};
  c.set('flash', { kind: flash.kind, text: flash.text });
  if (!isOwner) return {};
  const isReset = new URL(flash.link).pathname === '/reset-password';
  return isReset ? { newResetLink: flash.link } : { newInviteLink: flash.link };
}

teamRoutes.get('/', async (c) => {
  const user = signedInUser(c);
  const isOwner = user.role === 'owner';
  const nowIso = new Date(c.get('deps').now()).toISOString();
  const team = await queries.teamOverview(
    c.get('deps').db,
    user.workspaceId,
    isOwner ? nowIso : null,
  );
  const reader = readerOf(c);
  return renderPage(
    c,
    'Team',
    <TeamPage
      csrfToken={c.get('csrfToken')}
      workspaceName={user.workspaceName}
      isOwner={isOwner}
      {...team}
      {...newLinks(c, isOwner)}
      formatDate={(iso) => formatDate(iso, reader)}
    />,
  );
});

teamRoutes.post('/invites', async (c) => {
  const user = ownerOnly(c);
  const { db, now } = c.get('deps');
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

teamRoutes.post('/invites/:id/revoke', async (c) => {
  const user = ownerOnly(c);
  const revoked = await queries.revokeInvite(c.get('deps').db, actorOf(c, user), idParam(c));
  if (!revoked) throw new HTTPException(404);
  setFlash(c, { kind: 'success', text: 'Invite revoked. The link no longer works.' });
  return c.redirect('/settings/team', 303);
});

teamRoutes.get('/members/:id/remove', async (c) => {
  const user = ownerOnly(c);
  const member = await queries.findMember(c.get('deps').db, user.workspaceId, idParam(c));
  if (!member) throw new HTTPException(404);
  return renderPage(
    c,
    'Remove member',
    <RemoveMemberPage
      csrfToken={c.get('csrfToken')}
      workspaceName={user.workspaceName}
      member={member}
    />,
  );
});

teamRoutes.post('/members/:id/remove', async (c) => {
  const user = ownerOnly(c);
  const removed = await queries.removeMember(c.get('deps').db, actorOf(c, user), idParam(c));
  if (!removed) throw new HTTPException(404);
  setFlash(c, {
    kind: 'success',
    text: 'Member removed. They were signed out at once and are listed as a former member.',
  });
  return c.redirect('/settings/team', 303);
});

teamRoutes.post('/name', async (c) => {
  const user = ownerOnly(c);
  const form = await readForm(c);
  const parsed = v.safeParse(TeamNameSchema, form);
  if (!parsed.success) {
    const error = fieldErrors(parsed.issues).name ?? 'Enter a team name.';
    return renderPage(
      c,
      'Rename the team',
      <RenameTeamPage csrfToken={c.get('csrfToken')} name={form.name ?? ''} error={error} />,
      422,
    );
  }
  await queries.renameTeam(c.get('deps').db, actorOf(c, user), parsed.output.name);
  setFlash(c, { kind: 'success', text: 'Team renamed.' });
  return c.redirect('/settings/team', 303);
});

teamRoutes.post('/members/:id/reset', async (c) => {
  const user = ownerOnly(c);
  const { db, now } = c.get('deps');
  const member = await queries.findMember(db, user.workspaceId, idParam(c));
  if (!member) throw new HTTPException(404);
  const token = await createPasswordReset(db, {
    workspaceId: user.workspaceId,
    userId: member.id,
    createdBy: user.id,
    now: now(),
  });
  if (!token) throw new HTTPException(404);
  const link = new URL(`/reset-password?token=${token}`, publicOrigin(c)).toString();
  setFlash(c, { kind: 'success', text: `Password reset link for ${member.name} created.`, link });
  return c.redirect('/settings/team', 303);
});

teamRoutes.get('/members/:id/transfer', async (c) => {
  const user = ownerOnly(c);
  const member = await queries.findMember(c.get('deps').db, user.workspaceId, idParam(c));
  if (!member) throw new HTTPException(404);
  return renderPage(
    c,
    'Hand over the team',
    <TransferOwnershipPage
      csrfToken={c.get('csrfToken')}
      workspaceName={user.workspaceName}
      member={member}
    />,
  );
});

teamRoutes.post('/members/:id/transfer', async (c) => {
  const user = ownerOnly(c);
  const { db } = c.get('deps');
  const member = await queries.findMember(db, user.workspaceId, idParam(c));
  if (!member || !(await queries.transferOwnership(db, actorOf(c, user), member.id)))
    throw new HTTPException(404);
  setFlash(c, { kind: 'success', text: `${member.name} now owns the team. You are a member.` });
  return c.redirect('/settings/team', 303);
});

const ownerBlock = (c: Ctx) => queries.ownerBlock(c.get('deps').db, signedInUser(c));

teamRoutes.get('/leave', async (c) => {
  const user = signedInUser(c);
  return renderPage(
    c,
    'Leave the team',
    <LeaveTeamPage
      csrfToken={c.get('csrfToken')}
      workspaceName={user.workspaceName}
      blocked={await ownerBlock(c)}
    />,
  );
});

teamRoutes.post('/leave', async (c) => {
  const user = signedInUser(c);
  const blocked = await ownerBlock(c);
  if (blocked)
    return renderPage(
      c,
      'Leave the team',
      <LeaveTeamPage
        csrfToken={c.get('csrfToken')}
        workspaceName={user.workspaceName}
        blocked={blocked}
      />,
      409,
    );
  if (!(await queries.deactivateSelf(c.get('deps').db, actorOf(c, user), 'member.left')))
    throw new HTTPException(404);
  return signedOutWith(c, `You left ${user.workspaceName}.`);
});

async function deleteTeamPage(c: Ctx, status: 200 | 422, value?: string, error?: string) {
  const user = ownerOnly(c);
  const { db } = c.get('deps');
  const [customerCount, memberCount] = await Promise.all([
    countCustomers(db, user.workspaceId),
    queries.countActiveMembers(db, user.workspaceId),
  ]);
  return renderPage(
    c,
    'Delete the team',
    <DeleteTeamPage
      csrfToken={c.get('csrfToken')}
      workspaceName={user.workspaceName}
      customerCount={customerCount}
      memberCount={memberCount}
      value={value}
      error={error}
    />,
    status,
  );
}

teamRoutes.get('/delete', (c) => deleteTeamPage(c, 200));

teamRoutes.post('/delete', async (c) => {
  const user = ownerOnly(c);
  const form = await readForm(c);
  const parsed = v.safeParse(ConfirmTeamNameSchema, form);
  const typed = parsed.success ? parsed.output.confirm_name : '';
  if (typed !== user.workspaceName) {
    const error =
      typed === ''
        ? "Type the team's name to confirm."
        : "That is not the team's name. Nothing was deleted.";
    return deleteTeamPage(c, 422, form.confirm_name ?? '', error);
  }
  if (!(await queries.deleteTeam(c.get('deps').db, actorOf(c, user)))) throw new HTTPException(404);
  return signedOutWith(c, `${user.workspaceName} and everything in it were deleted.`);
});

teamRoutes.get('/activity', async (c) => {
  const user = ownerOnly(c);
  const raw = c.req.query('before');
  if (raw !== undefined && !isId(raw))
    throw new HTTPException(400, { message: 'That page of the activity log does not exist.' });
  const before = raw === undefined ? null : Number(raw);
  const page = await listActivity(c.get('deps').db, user.workspaceId, before);
  const reader = readerOf(c);
  return renderPage(
    c,
    'Team activity',
    <ActivityPage
      entries={page.entries}
      older={page.older}
      paged={before !== null}
      reader={reader}
    />,
  );
});
