// Sign in, register (optionally through an invite), sign out. Public routes, each checked for CSRF.
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../http/env.js';
import { csrfProtection } from '../http/csrf.js';
import { setFlash } from '../http/flash.js';
import { fieldErrors, readForm } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import { canonicalTimeZone } from '../views/format.js';
import { findOpenInviteByHash } from '../team/queries.js';
import { register, userWithPassword } from './accounts.js';
import * as queries from './queries.js';
import { LoginSchema, RegisterSchema, safeNextPath } from './schema.js';
import { startSession, tokenHash } from './sessions.js';
import { signedOutWith } from './signed-out.js';
import {
  claimRegistration,
  claimSignInAttempt,
  clientAddress,
  forgiveSignIn,
  waitPhrase,
} from './throttle.js';
import {
  DeadInvitePage,
  LoginPage,
  RegisterPage,
  type LoginProps,
  type RegisterProps,
} from './views.js';

export const authRoutes = new Hono<AppEnv>();

/**
 * The browser's time zone, which app.js adds to the sign-in and sign-up forms, kept when the person
 * has none yet. Anything that is not a zone is ignored without a word: it is a guess, not an input.
 */
async function keepTimeZoneGuess(c: Context<AppEnv>, userId: number, sent: string | undefined) {
  const zone = canonicalTimeZone(sent);
  if (zone) await queries.guessTimeZone(c.get('deps').db, userId, zone);
}

authRoutes.get('/', (c) => c.redirect(c.get('user') ? '/customers' : '/login', 303));

authRoutes.get('/login', (c) => {
  const next = c.req.query('next');
  if (c.get('user')) return c.redirect(safeNextPath(next), 303);
  return renderPage(
    c,
    'Sign in',
    <LoginPage csrfToken={c.get('csrfToken')} next={next ? safeNextPath(next) : undefined} />,
  );
});

function loginPage(c: Context<AppEnv>, props: Omit<LoginProps, 'csrfToken'>, status: 422 | 429) {
  return renderPage(c, 'Sign in', <LoginPage csrfToken={c.get('csrfToken')} {...props} />, status);
}

authRoutes.post('/login', csrfProtection, async (c) => {
  const form = await readForm(c);
  const next = form.next ? safeNextPath(form.next) : undefined;
  const email = (form.email ?? '').trim().slice(0, 254);
  const again = (why: Pick<LoginProps, 'errors' | 'message'>, status: 422 | 429 = 422) =>
    loginPage(c, { email, next, ...why }, status);
  const parsed = v.safeParse(LoginSchema, form);
  if (!parsed.success) return again({ errors: fieldErrors(parsed.issues) });
  const { db, now } = c.get('deps');
  const address = clientAddress(c);
  const { wait } = await claimSignInAttempt(db, parsed.output.email, address, now());
  if (wait !== null) {
    c.header('Retry-After', String(wait));
    return again(
      { message: `Too many failed attempts. ${waitPhrase(wait)} before trying again.` },
      429,
    );
  }
  // The attempt was recorded as a failure before the check; only a success takes it back.
  const user = await userWithPassword(c.get('deps'), parsed.output.email, parsed.output.password);
  if (!user) return again({ message: 'That email and password do not match an account.' });
  await forgiveSignIn(db, parsed.output.email, address);
  await keepTimeZoneGuess(c, user.id, form.time_zone);
  await startSession(c, user.id);
  return c.redirect(next ?? '/customers', 303);
});

authRoutes.post('/logout', csrfProtection, async (c) => {
  const sessionId = c.get('sessionId');
  if (sessionId) await queries.deleteSession(c.get('deps').db, sessionId);
  return signedOutWith(c, 'You are signed out.');
});

async function openInvite(c: Context<AppEnv>, token: string | undefined) {
  if (!token || token.length > 100) return undefined;
  const nowIso = new Date(c.get('deps').now()).toISOString();
  const invite = await findOpenInviteByHash(c.get('deps').db, tokenHash(token), nowIso);
  return invite ? { token, workspaceName: invite.workspace_name } : undefined;
}

const DEAD_INVITE =
  'This invite link has expired, was revoked or was already used. Ask your team owner for a new one.';

authRoutes.get('/register', async (c) => {
  if (c.get('user')) return c.redirect('/customers', 303);
  const token = c.req.query('invite');
  const invite = await openInvite(c, token);
  if (token !== undefined && !invite)
    return renderPage(c, 'Invite link', <DeadInvitePage message={DEAD_INVITE} />, 404);
  return renderPage(
    c,
    'Create an account',
    <RegisterPage csrfToken={c.get('csrfToken')} invite={invite} />,
  );
});

const EMAIL_TAKEN = { email: 'An account with this email already exists. Sign in instead.' };
const WELCOME = 'Welcome to Folio. Add your first customer.';

function registerPage(
  c: Context<AppEnv>,
  props: Omit<RegisterProps, 'csrfToken'>,
  status: 422 | 429,
) {
  return renderPage(
    c,
    'Create an account',
    <RegisterPage csrfToken={c.get('csrfToken')} {...props} />,
    status,
  );
}

authRoutes.post('/register', csrfProtection, async (c) => {
  const form = await readForm(c);
  const invite = form.invite ? await openInvite(c, form.invite) : undefined;
  const values = { name: form.name, email: form.email, workspace: form.workspace };
  const again = (why: Pick<RegisterProps, 'errors' | 'message'>, status: 422 | 429 = 422) =>
    registerPage(c, { values, invite, ...why }, status);
  if (form.invite && !invite) return again({ message: DEAD_INVITE });
  const parsed = v.safeParse(RegisterSchema, form);
  if (!parsed.success) return again({ errors: fieldErrors(parsed.issues) });
  // Counted before the existence check and the (slow) hash: neither an oracle for emails nor a factory.
  const { wait } = await claimRegistration(c.get('deps').db, clientAddress(c), c.get('deps').now());
  if (wait !== null) {
    c.header('Retry-After', String(wait));
    return again(
      { message: `Too many sign-ups from your network. ${waitPhrase(wait)} and try again.` },
      429,
    );
  }
  const created = await register(c.get('deps'), parsed.output, invite?.token);
  if ('refused' in created)
    return again(
      created.refused === 'email-taken' ? { errors: EMAIL_TAKEN } : { message: DEAD_INVITE },
    );
  await keepTimeZoneGuess(c, created.userId, form.time_zone);
  await startSession(c, created.userId);
  setFlash(c, { kind: 'success', text: invite ? `Welcome to ${invite.workspaceName}.` : WELCOME });
  return c.redirect('/customers', 303);
});
