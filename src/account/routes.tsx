// /settings/account/...: the Account page, and changing your password, keyboard setting and name, and
// deleting your account. Mounted inside the settings router (app.ts), which lets only signed-in members
// through and checks CSRF on every write.
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import type { AppEnv } from '../http/env.js';
import { setFlash } from '../http/flash.js';
import { fieldErrors, readForm } from '../http/forms.js';
import { actorOf, signedInUser } from '../http/params.js';
import { readerOf, renderPage } from '../http/render.js';
import { isOwnPassword } from '../auth/accounts.js';
import { startSession } from '../auth/sessions.js';
import { signedOutWith } from '../auth/signed-out.js';
import { claimSignInAttempt, clientAddress, forgiveSignIn } from '../auth/throttle.js';
import { deactivateSelf, ownerBlock } from '../team/queries.js';
import * as queries from './queries.js';
import {
  ChangePasswordSchema,
  DeleteAccountSchema,
  RenameSelfSchema,
  ShortcutsSchema,
  TimeZoneSchema,
} from './schema.js';
import { sessionRows } from './session-list-routes.js';
import { SessionsPanel } from './session-list-views.js';
import { TimeZoneSettings } from './time-zone-views.js';
import { AccountPage, DeleteAccountPage, RenameSelfPage } from './views.js';

export const accountRoutes = new Hono<AppEnv>();

async function accountPage(
  c: Context<AppEnv>,
  errors?: Record<string, string>,
  status: 200 | 422 | 429 = errors ? 422 : 200,
) {
  const user = signedInUser(c);
  const reader = readerOf(c);
  return renderPage(
    c,
    'Your account',
    <AccountPage
      csrfToken={c.get('csrfToken')}
      name={user.name}
      email={user.email}
      workspaceName={user.workspaceName}
      sessions={
        <SessionsPanel
          csrfToken={c.get('csrfToken')}
          sessions={await sessionRows(c)}
          reader={reader}
        />
      }
      timeZone={
        <TimeZoneSettings
          csrfToken={c.get('csrfToken')}
          chosen={user.timeZone}
          reader={reader}
          error={errors?.time_zone}
        />
      }
      singleKeyShortcuts={user.singleKeyShortcuts}
      errors={errors}
    />,
    status,
  );
}

accountRoutes.get('/', (c) => accountPage(c));

const TOO_MANY = 'Too many wrong passwords. Wait a few minutes and try again.';

/**
 * Checks the signed-in person's own password, throttled like signing in: a borrowed, unlocked session
 * must not make guessing cheap. Counted per address, without the sign-in form's slow-down for an
 * email under attack, so outsiders guessing at /login do not hold the owner back here. 'throttled'
 * has set Retry-After.
 */
async function checkOwnPassword(c: Context<AppEnv>, password: string) {
  const user = signedInUser(c);
  const { db, now } = c.get('deps');
  const address = clientAddress(c);
  const { wait } = await claimSignInAttempt(db, user.email, address, now(), {
    slowWhenUnderAttack: false,
  });
  if (wait !== null) {
    c.header('Retry-After', String(wait));
    return 'throttled';
  }
  if (!(await isOwnPassword(c.get('deps'), user.id, password))) return 'wrong';
  await forgiveSignIn(db, user.email, address);
  return 'ok';
}

accountRoutes.post('/password', async (c) => {
  const user = signedInUser(c);
  const parsed = v.safeParse(ChangePasswordSchema, await readForm(c));
  if (!parsed.success) return accountPage(c, fieldErrors(parsed.issues));
  const check = await checkOwnPassword(c, parsed.output.current_password);
  if (check === 'throttled') return accountPage(c, { current_password: TOO_MANY }, 429);
  if (check === 'wrong')
    return accountPage(c, { current_password: 'That is not your current password.' });
  const { db, passwords } = c.get('deps');
  await queries.updatePasswordHash(db, user.id, await passwords.hash(parsed.output.password));
  // Every session ends, this one too; this browser continues in a new one.
  await queries.deleteUserSessions(db, user.id);
  await startSession(c, user.id);
  setFlash(c, { kind: 'success', text: 'Password changed. Your other sessions were signed out.' });
  return c.redirect('/settings/account', 303);
});

accountRoutes.post('/shortcuts', async (c) => {
  const user = signedInUser(c);
  const parsed = v.safeParse(ShortcutsSchema, await readForm(c));
  if (!parsed.success) return accountPage(c, fieldErrors(parsed.issues));
  const on = parsed.output.single_key_shortcuts === 'on';
  await queries.setSingleKeyShortcuts(c.get('deps').db, user.id, on);
  setFlash(c, {
    kind: 'success',
    text: on
      ? 'Single-key shortcuts are on.'
      : 'Single-key shortcuts are off. Shortcuts with Ctrl or ⌘ still work.',
  });
  return c.redirect('/settings/account', 303);
});

accountRoutes.post('/time-zone', async (c) => {
  const user = signedInUser(c);
  const parsed = v.safeParse(TimeZoneSchema, await readForm(c));
  if (!parsed.success) return accountPage(c, fieldErrors(parsed.issues));
  await queries.setTimeZone(c.get('deps').db, user.id, parsed.output.time_zone);
  setFlash(c, { kind: 'success', text: `Time zone saved: ${parsed.output.time_zone}.` });
  return c.redirect('/settings/account#time-zone', 303);
});

accountRoutes.post('/name', async (c) => {
  const user = signedInUser(c);
  const form = await readForm(c);
  const parsed = v.safeParse(RenameSelfSchema, form);
  if (!parsed.success) {
    const error = fieldErrors(parsed.issues).name ?? 'Enter your name.';
    return renderPage(
      c,
      'Change your name',
      <RenameSelfPage csrfToken={c.get('csrfToken')} name={form.name ?? ''} error={error} />,
      422,
    );
  }
  await queries.renameSelf(c.get('deps').db, actorOf(c, user), parsed.output.name);
  setFlash(c, { kind: 'success', text: 'Name saved.' });
  return c.redirect('/settings/account', 303);
});

function deleteAccountPage(
  c: Context<AppEnv>,
  status: 200 | 409 | 422 | 429,
  props: { error?: string; blocked?: { alone: boolean } | undefined },
) {
  const user = signedInUser(c);
  return renderPage(
    c,
    'Delete your account',
    <DeleteAccountPage
      csrfToken={c.get('csrfToken')}
      email={user.email}
      workspaceName={user.workspaceName}
      {...props}
    />,
    status,
  );
}

accountRoutes.get('/delete', async (c) =>
  deleteAccountPage(c, 200, { blocked: await ownerBlock(c.get('deps').db, signedInUser(c)) }),
);

accountRoutes.post('/delete', async (c) => {
  const user = signedInUser(c);
  const blocked = await ownerBlock(c.get('deps').db, user);
  if (blocked) return deleteAccountPage(c, 409, { blocked });
  const parsed = v.safeParse(DeleteAccountSchema, await readForm(c));
  if (!parsed.success)
    return deleteAccountPage(c, 422, { error: fieldErrors(parsed.issues).password });
  const check = await checkOwnPassword(c, parsed.output.password);
  if (check === 'throttled') return deleteAccountPage(c, 429, { error: TOO_MANY });
  if (check === 'wrong') {
    const error = 'That is not your password. Your account was not deleted.';
    return deleteAccountPage(c, 422, { error });
  }
  if (!(await deactivateSelf(c.get('deps').db, actorOf(c, user), 'account.deleted')))
    throw new HTTPException(404);
  return signedOutWith(c, 'Your account was deleted.');
});
