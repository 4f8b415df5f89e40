// /reset-password: where a one-time reset link leads. Public (the person cannot sign in), CSRF-checked.
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../http/env.js';
import { csrfProtection } from '../http/csrf.js';
import { fieldErrors, readForm, type FieldErrors } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import { findOpenReset, usePasswordReset } from './resets.js';
import { ResetPasswordSchema } from './schema.js';
import { signedOutWith } from './signed-out.js';
import { DeadResetPage, ResetPasswordPage } from './reset-views.js';

export const resetRoutes = new Hono<AppEnv>();

function openReset(c: Context<AppEnv>, token: string | undefined) {
  if (!token || token.length > 100) return Promise.resolve(undefined);
  return findOpenReset(c.get('deps').db, token, c.get('deps').now());
}

const dead = (c: Context<AppEnv>) => renderPage(c, 'Reset link', <DeadResetPage />, 404);

/** The new-password form for an open link, with the messages of a refused attempt. */
function resetPage(
  c: Context<AppEnv>,
  token: string,
  reset: { name: string; email: string },
  errors?: FieldErrors,
) {
  const page = (
    <ResetPasswordPage
      csrfToken={c.get('csrfToken')}
      token={token}
      name={reset.name}
      email={reset.email}
      errors={errors}
    />
  );
  return renderPage(c, 'Choose a new password', page, errors ? 422 : 200);
}

resetRoutes.get('/reset-password', async (c) => {
  const token = c.req.query('token');
  const reset = await openReset(c, token);
  return reset ? resetPage(c, token!, reset) : dead(c);
});

resetRoutes.post('/reset-password', csrfProtection, async (c) => {
  const form = await readForm(c);
  const reset = await openReset(c, form.token);
  if (!reset) return dead(c);
  const parsed = v.safeParse(ResetPasswordSchema, form);
  if (!parsed.success) return resetPage(c, form.token!, reset, fieldErrors(parsed.issues));
  const { db, now, passwords } = c.get('deps');
  const passwordHash = await passwords.hash(parsed.output.password);
  // Used or expired while the hash was computed: the claim inside decides.
  if ((await usePasswordReset(db, form.token!, passwordHash, now())) === null) return dead(c);
  // Every session of that person ended, this browser's too if it was theirs; sign in with the new password.
  return signedOutWith(
    c,
    'Your new password is set, and you were signed out everywhere. Sign in with it.',
  );
});
