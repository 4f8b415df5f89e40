// The page a password reset link opens: choose a new password, or learn that the link no longer works.
import type { FieldErrors } from '../http/forms.js';
import { CsrfField, Field, FormAlert } from '../views/components.js';

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
        <Field
          name="password"
          label="New password"
          type="password"
          autocomplete="new-password"
          error={errors.password}
          required
          minlength={8}
          maxlength={256}
          hint="At least 8 characters. Avoid common passwords."
          autofocus
        />
        <Field
          name="password_confirm"
          label="Repeat new password"
          type="password"
          autocomplete="new-password"
          error={errors.password_confirm}
          required
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
