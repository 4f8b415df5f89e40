// /reset-password: where a one-time reset link leads. Public (the person cannot sign in), CSRF-checked.
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../http/env.js';
import { csrfProtection } from '../http/csrf.js';
import { fieldErrors, readForm } from '../http/forms.js';
import { renderPage } from '../http/render.js';
import { findOpenReset, usePasswordReset } from './resets.js';
import { ResetPasswordSchema } from './schema.js';
import { signedOutWith } from './signed-out.js';
import { DeadResetPage, ResetPasswordPage } from './reset-views.js';

export const resetRoutes = new Hono<AppEnv>();

function openReset(c: Context<AppEnv>, token: string | undefined) {
  if (!token || token.length > 100) return Promise.resolve(undefined);
  return findOpenReset(c.var.deps.db, token, c.var.deps.now());
}

const dead = (c: Context<AppEnv>) => renderPage(c, 'Reset link', <DeadResetPage />, 404);

resetRoutes.get('/reset-password', async (c) => {
  const token = c.req.query('token');
  const reset = await openReset(c, token);
  if (!reset) return dead(c);
  return renderPage(
    c,
    'Choose a new password',
    <ResetPasswordPage
      csrfToken={c.var.csrfToken}
      token={token!}
      name={reset.name}
      email={reset.email}
    />,
  );
});

resetRoutes.post('/reset-password', csrfProtection, async (c) => {
  const form = await readForm(c);
  const reset = await openReset(c, form.token);
  if (!reset) return dead(c);
  const parsed = v.safeParse(ResetPasswordSchema, form);
  if (!parsed.success) {
    const page = (
      <ResetPasswordPage
        csrfToken={c.var.csrfToken}
        token={form.token!}
        name={reset.name}
        email={reset.email}
        errors={fieldErrors(parsed.issues)}
      />
    );
    return renderPage(c, 'Choose a new password', page, 422);
  }
  const passwordHash = await c.var.deps.passwords.hash(parsed.output.password);
  // Used or expired while the hash was computed: the claim inside decides.
  if ((await usePasswordReset(c.var.deps.db, form.token!, passwordHash, c.var.deps.now())) === null)
    return dead(c);
  // Every session of that person ended, this browser's too if it was theirs; sign in with the new password.
  return signedOutWith(
    c,
    'Your new password is set, and you were signed out everywhere. Sign in with it.',
  );
});
