// Sign in, register (optionally through an invite), sign out. Public routes, each checked for CSRF.
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../http/env.js';
import { csrfProtection, rotateCsrfToken } from '../http/csrf.js';
import { setFlash } from '../http/flash.js';
import { fieldErrors, readForm } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import * as queries from './queries.js';
import { findOpenInviteByHash } from '../team/queries.js';
import { LoginSchema, RegisterSchema, safeNextPath } from './schema.js';
import { clearSessionCookie, startSession, tokenHash } from './sessions.js';
import {
  claimRegistration,
  claimSignInAttempt,
  clientAddress,
  forgiveSignIn,
  waitPhrase,
} from './throttle.js';
import { DeadInvitePage, LoginPage, RegisterPage } from './views.js';

export const authRoutes = new Hono<AppEnv>();

authRoutes.get('/', (c) => c.redirect(c.var.user ? '/customers' : '/login', 303));

authRoutes.get('/login', (c) => {
  const next = c.req.query('next');
  if (c.var.user) return c.redirect(safeNextPath(next), 303);
  return renderPage(
    c,
    'Sign in',
    <LoginPage csrfToken={c.var.csrfToken} next={next ? safeNextPath(next) : undefined} />,
  );
});

authRoutes.post('/login', csrfProtection, async (c) => {
  const { db, now } = c.var.deps;
  const form = await readForm(c);
  const next = form.next ? safeNextPath(form.next) : undefined;
  const email = (form.email ?? '').trim().slice(0, 254);
  const again = (status: 422 | 429, props: { errors?: Record<string, string>; message?: string }) =>
    renderPage(
      c,
      'Sign in',
      <LoginPage csrfToken={c.var.csrfToken} email={email} next={next} {...props} />,
      status,
    );

  const parsed = v.safeParse(LoginSchema, form);
  if (!parsed.success) return again(422, { errors: fieldErrors(parsed.issues) });

  const address = clientAddress(c);
  const { wait } = await claimSignInAttempt(db, parsed.output.email, address, now());
  if (wait !== null) {
    c.header('Retry-After', String(wait));
    return again(429, {
      message: `Too many failed attempts. ${waitPhrase(wait)} before trying again.`,
    });
  }

  const user = await queries.findUserByEmail(db, parsed.output.email);
  // Verify against a dummy hash when there is no such user, so both failures take the same time.
  const { passwords } = c.var.deps;
  const valid = await passwords.verify(
    user?.password_hash ?? passwords.dummyHash,
    parsed.output.password,
  );
  // The attempt was recorded as a failure before the check; only a success takes it back.
  if (!user || !valid)
    return again(422, { message: 'That email and password do not match an account.' });
  await forgiveSignIn(db, parsed.output.email, address);
  await startSession(c, user.id);
  return c.redirect(next ?? '/customers', 303);
});

authRoutes.post('/logout', csrfProtection, async (c) => {
  if (c.var.sessionId) await queries.deleteSession(c.var.deps.db, c.var.sessionId);
  clearSessionCookie(c);
  rotateCsrfToken(c);
  setFlash(c, { kind: 'info', text: 'You are signed out.' });
  return c.redirect('/login', 303);
});

async function openInvite(c: Context<AppEnv>, token: string | undefined) {
  if (!token || token.length > 100) return undefined;
  const nowIso = new Date(c.var.deps.now()).toISOString();
  const invite = await findOpenInviteByHash(c.var.deps.db, tokenHash(token), nowIso);
  return invite ? { token, workspaceName: invite.workspace_name } : undefined;
}

const DEAD_INVITE =
  'This invite link has expired, was revoked or was already used. Ask your team owner for a new one.';

authRoutes.get('/register', async (c) => {
  if (c.var.user) return c.redirect('/customers', 303);
  const token = c.req.query('invite');
  const invite = await openInvite(c, token);
  if (token !== undefined && !invite)
    return renderPage(c, 'Invite link', <DeadInvitePage message={DEAD_INVITE} />, 404);
  return renderPage(
    c,
    'Create an account',
    <RegisterPage csrfToken={c.var.csrfToken} invite={invite} />,
  );
});

authRoutes.post('/register', csrfProtection, async (c) => {
  const { db, now } = c.var.deps;
  const form = await readForm(c);
  const invite = form.invite ? await openInvite(c, form.invite) : undefined;
  const values = { name: form.name, email: form.email, workspace: form.workspace };
  const again = (errors: Record<string, string>, message?: string, status: 422 | 429 = 422) =>
    renderPage(
      c,
      'Create an account',
      <RegisterPage
        csrfToken={c.var.csrfToken}
        values={values}
        errors={errors}
        message={message}
        invite={invite}
      />,
      status,
    );

  if (form.invite && !invite) return again({}, DEAD_INVITE);
  const parsed = v.safeParse(RegisterSchema, form);
  if (!parsed.success) return again(fieldErrors(parsed.issues));
  const input = parsed.output;
  // Counted before the existence check and the (slow) hash: neither an oracle for emails nor a factory.
  const { wait } = await claimRegistration(db, clientAddress(c), now());
  if (wait !== null) {
    c.header('Retry-After', String(wait));
    return again(
      {},
      `Too many sign-ups from your network. ${waitPhrase(wait)} and try again.`,
      429,
    );
  }
  const taken = { email: 'An account with this email already exists. Sign in instead.' };
  if (await queries.findUserByEmail(db, input.email)) return again(taken);

  const passwordHash = await c.var.deps.passwords.hash(input.password);
  const nowIso = new Date(now()).toISOString();
  let userId: number | null;
  try {
    userId = invite
      ? await queries.joinWorkspaceWithInvite(db, {
          tokenHash: tokenHash(invite.token),
          name: input.name,
          email: input.email,
          passwordHash,
          now: nowIso,
        })
      : await queries.createWorkspaceWithOwner(db, {
          workspaceName: input.workspace || `${input.name}'s team`,
          name: input.name,
          email: input.email,
          passwordHash,
          now: nowIso,
        });
  } catch (error) {
    // Two sign-ups racing for one email: the unique index decides, the loser gets the same message.
    if (String(error).match(/unique|duplicate/i)) return again(taken);
    throw error;
  }
  if (userId === null) return again({}, DEAD_INVITE);
  await startSession(c, userId);
  setFlash(c, {
    kind: 'success',
    text: invite
      ? `Welcome to ${invite.workspaceName}.`
      : 'Welcome to Folio. Add your first customer.',
  });
  return c.redirect('/customers', 303);
});
