// The page a password reset link opens: choose a new password, or learn that the link no longer works.
import type { FieldErrors } from '../http/forms.js';
import { CsrfField, FormAlert } from '../views/components.js';
import { NewPasswordFields } from './views.js';

interface ResetPasswordProps {
  csrfToken: string;
  token: string;
  name: string;
  email: string;
  errors?: FieldErrors;
}

export function ResetPasswordPage({
  csrfToken,
  token,
  name,
  email,
  errors = {},
}: ResetPasswordProps): JSX.Element {
  return (
    <section class="auth-card panel" aria-labelledby="auth-title">
      <h1 id="auth-title">Choose a new password</h1>
      <p class="lead">
        For <strong safe>{name}</strong> (<span safe>{email}</span>). Setting it signs you out
        everywhere; then sign in with it.
      </p>
      <form method="post" action="/reset-password" class="stack" novalidate>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="token" value={token} />
        <input type="text" name="username" value={email} autocomplete="username" hidden />
        <NewPasswordFields
          errors={errors}
          label="New password"
          repeatLabel="Repeat new password"
          autofocus
        />
        <button type="submit" class="button button-primary button-block">
          Set new password
        </button>
      </form>
    </section>
  );
}

const DEAD_RESET =
  'This password reset link has expired or was already used. Ask your team owner for a new one.';

export function DeadResetPage(): JSX.Element {
  return (
    <section class="auth-card panel" aria-labelledby="auth-title">
      <h1 id="auth-title">This reset link no longer works</h1>
      <FormAlert message={DEAD_RESET} />
      <p class="muted">A reset link works once, for one hour after it was made.</p>
      <p>
        <a class="button button-primary button-block" href="/login">
          Sign in
        </a>
      </p>
    </section>
  );
}
