// /settings/account/...: changing your name and deleting your account. Mounted inside the settings
// router, which lets only signed-in members through and checks CSRF on every write.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import type { AppEnv } from '../http/env.js';
import { setFlash } from '../http/flash.js';
import { fieldErrors, readForm } from '../http/forms.js';
import { actorOf, signedInUser } from '../http/params.js';
import { renderPage } from '../http/render.js';
import { findUserById } from '../auth/queries.js';
import { signedOutWith } from '../auth/signed-out.js';
import { claimSignInAttempt, clientAddress, forgiveSignIn } from '../auth/throttle.js';
import { deactivateSelf, ownerBlock } from '../team/queries.js';
import { renameSelf } from './queries.js';
import { DeleteAccountSchema, RenameSelfSchema } from './schema.js';
import { DeleteAccountPage, RenameSelfPage } from './views.js';

export const accountRoutes = new Hono<AppEnv>();

accountRoutes.post('/name', async (c) => {
  const user = signedInUser(c);
  const form = await readForm(c);
  const parsed = v.safeParse(RenameSelfSchema, form);
  if (!parsed.success) {
    const error = fieldErrors(parsed.issues).name ?? 'Enter your name.';
    return renderPage(
      c,
      'Change your name',
      <RenameSelfPage csrfToken={c.var.csrfToken} name={form.name ?? ''} error={error} />,
      422,
    );
  }
  await renameSelf(c.var.deps.db, actorOf(c, user), parsed.output.name);
  setFlash(c, { kind: 'success', text: 'Name saved.' });
  return c.redirect('/settings/account', 303);
});

accountRoutes.get('/delete', async (c) => {
  const user = signedInUser(c);
  const blocked = await ownerBlock(c.var.deps.db, user);
  return renderPage(
    c,
    'Delete your account',
    <DeleteAccountPage
      csrfToken={c.var.csrfToken}
      email={user.email}
      workspaceName={user.workspaceName}
      blocked={blocked}
    />,
  );
});

accountRoutes.post('/delete', async (c) => {
  const user = signedInUser(c);
  const { db, now } = c.var.deps;
  const again = (status: 409 | 422 | 429, error?: string, blocked?: { alone: boolean }) =>
    renderPage(
      c,
      'Delete your account',
      <DeleteAccountPage
        csrfToken={c.var.csrfToken}
        email={user.email}
        workspaceName={user.workspaceName}
        error={error}
        blocked={blocked}
      />,
      status,
    );
  const blocked = await ownerBlock(db, user);
  if (blocked) return again(409, undefined, blocked);
  const parsed = v.safeParse(DeleteAccountSchema, await readForm(c));
  if (!parsed.success) return again(422, fieldErrors(parsed.issues).password);
  // Guessing the password from a borrowed session is throttled like the password-change form.
  const address = clientAddress(c);
  const { wait } = await claimSignInAttempt(db, user.email, address, now(), {
    slowWhenUnderAttack: false,
  });
  if (wait !== null) {
    c.header('Retry-After', String(wait));
    return again(429, 'Too many wrong passwords. Wait a few minutes and try again.');
  }
  const row = await findUserById(db, user.id);
  if (!row || !(await c.var.deps.passwords.verify(row.password_hash, parsed.output.password))) {
    return again(422, 'That is not your password. Your account was not deleted.');
  }
  await forgiveSignIn(db, user.email, address);
  if (!(await deactivateSelf(db, actorOf(c, user), 'account.deleted')))
    throw new HTTPException(404);
  return signedOutWith(c, 'Your account was deleted.');
});
