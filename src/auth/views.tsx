// Sign-in and registration pages. Pure functions of their props.
import type { FieldErrors } from '../http/forms.js';
import { CsrfField, Field, FormAlert } from '../views/components.js';

interface AuthCardProps {
  title: string;
  /** One element (a fragment for several): xss-scan accepts a JSX.Element identifier, not a union. */
  children: JSX.Element;
}

function AuthCard({ title, children }: AuthCardProps): JSX.Element {
  return (
    <section class="auth-card panel" aria-labelledby="auth-title">
      <h1 id="auth-title" safe>
        {title}
      </h1>
      {children}
    </section>
  );
}

export interface LoginProps {
  csrfToken: string;
  email?: string;
  next?: string;
  errors?: FieldErrors;
  message?: string;
}

export function LoginPage({
  csrfToken,
  email,
  next,
  errors = {},
  message,
}: LoginProps): JSX.Element {
  return (
    <AuthCard title="Sign in to Folio">
      <>
        <FormAlert message={message} />
        <form method="post" action="/login" class="stack" novalidate data-time-zone-guess>
          <CsrfField token={csrfToken} />
          {next ? <input type="hidden" name="next" value={next} /> : ''}
          <Field
            name="email"
            label="Email"
            type="email"
            autocomplete="username"
            value={email}
            error={errors.email}
            required
            autofocus
          />
          <Field
            name="password"
            label="Password"
            type="password"
            autocomplete="current-password"
            error={errors.password}
            required
          />
          <button type="submit" class="button button-primary button-block">
            Sign in
          </button>
        </form>
        <p class="auth-switch">
          New to Folio? <a href="/register">Create an account</a>
        </p>
      </>
    </AuthCard>
  );
}

export interface RegisterProps {
  csrfToken: string;
  values?: { name?: string; email?: string; workspace?: string };
  errors?: FieldErrors;
  message?: string;
  invite?: { token: string; workspaceName: string };
}

interface DeadInviteProps {
  message: string;
}

/**
 * An invite link that no longer works. No form here: a person who followed a teammate's link means to
 * join that team, and a plain sign-up form would quietly make them a team of their own instead.
 */
export function DeadInvitePage({ message }: DeadInviteProps): JSX.Element {
  return (
    <AuthCard title="This invite link no longer works">
      <>
        <FormAlert message={message} />
        <p>
          <a class="button button-primary button-block" href="/login">
            Sign in
          </a>
        </p>
        <p class="auth-switch">
          Not joining a team? <a href="/register">Create your own account</a>
        </p>
      </>
    </AuthCard>
  );
}

export function RegisterPage({
  csrfToken,
  values = {},
  errors = {},
  message,
  invite,
}: RegisterProps): JSX.Element {
  const intro = invite ? (
    <p class="lead">
      You were invited to join <strong safe>{invite.workspaceName}</strong>.
    </p>
  ) : (
    <p class="lead">Keep your team's customers in one fast, shared table.</p>
  );
  return (
    <AuthCard title={invite ? 'Join your team on Folio' : 'Create your Folio account'}>
      <>
        {intro}
        <FormAlert message={message} />
        <RegisterForm csrfToken={csrfToken} values={values} errors={errors} invite={invite} />
        <p class="auth-switch">
          Already have an account? <a href="/login">Sign in</a>
        </p>
      </>
    </AuthCard>
  );
}

function RegisterForm({
  csrfToken,
  values,
  errors,
  invite,
}: Required<Pick<RegisterProps, 'csrfToken' | 'values' | 'errors'>> &
  Pick<RegisterProps, 'invite'>): JSX.Element {
  return (
    <form method="post" action="/register" class="stack" novalidate data-time-zone-guess>
      <CsrfField token={csrfToken} />
      {invite ? <input type="hidden" name="invite" value={invite.token} /> : ''}
      <Field
        name="name"
        label="Your name"
        autocomplete="name"
        value={values.name}
        error={errors.name}
        required
        maxlength={100}
        autofocus
      />
      <Field
        name="email"
        label="Email"
        type="email"
        autocomplete="email"
        value={values.email}
        error={errors.email}
        required
        maxlength={254}
      />
      <NewPasswordFields errors={errors} label="Password" repeatLabel="Repeat password" />
      {invite ? (
        ''
      ) : (
        <Field
          name="workspace"
          label="Team name (optional)"
          autocomplete="organization"
          value={values.workspace}
          error={errors.workspace}
          maxlength={100}
          hint="Shown to everyone you invite. Leave it empty to name the team after you."
        />
      )}
      <button type="submit" class="button button-primary button-block">
        {invite ? 'Join the team' : 'Create account'}
      </button>
    </form>
  );
}

/** A new password and its repeat, with the rules in the hint (registering, or through a reset link). */
export function NewPasswordFields({
  errors,
  label,
  repeatLabel,
  autofocus,
}: {
  errors: FieldErrors;
  label: string;
  repeatLabel: string;
  autofocus?: boolean;
}): JSX.Element {
  return (
    <>
      <Field
        name="password"
        label={label}
        type="password"
        autocomplete="new-password"
        error={errors.password}
        required
        minlength={8}
        maxlength={256}
        hint="At least 8 characters. Avoid common passwords."
        autofocus={autofocus}
      />
      <Field
        name="password_confirm"
        label={repeatLabel}
        type="password"
        autocomplete="new-password"
        error={errors.password_confirm}
        required
      />
    </>
  );
}
