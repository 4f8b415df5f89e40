// The Account page (profile, name, password, keyboard setting, sessions) and the pages for renaming
// yourself and deleting your account. Pure functions of their props.
import type { FieldErrors } from '../http/forms.js';
import { CsrfField, Field, FormAlert } from '../views/components.js';

/** The rename form, on the account page. */
function NameForm({
  csrfToken,
  name,
  error,
}: {
  csrfToken: string;
  name: string;
  error?: string | undefined;
}): JSX.Element {
  return (
    <form method="post" action="/settings/account/name" class="stack narrow" novalidate>
      <CsrfField token={csrfToken} />
      <Field
        name="name"
        label="Your name"
        autocomplete="name"
        value={name}
        error={error}
        required
        maxlength={100}
        hint="Your teammates see it on the customers you add or change."
      />
      <button type="submit" class="button">
        Save name
      </button>
    </form>
  );
}

/** The rename form on its own, when what was typed needs another look (422). */
export function RenameSelfPage({
  csrfToken,
  name,
  error,
}: {
  csrfToken: string;
  name: string;
  error: string;
}): JSX.Element {
  return (
    <section class="panel confirm-panel" aria-labelledby="rename-title">
      <h1 id="rename-title">Change your name</h1>
      <NameForm csrfToken={csrfToken} name={name} error={error} />
      <p>
        <a href="/settings/account">Back to your account</a>
      </p>
    </section>
  );
}

/** The account page's last panel: the way to delete the account. */
function DeleteAccountPanel(): JSX.Element {
  return (
    <section class="panel" aria-labelledby="delete-account-title">
      <h2 id="delete-account-title">Delete your account</h2>
      <p class="muted">
        You are signed out everywhere and cannot sign in again; the customers you added stay with
        your team.
      </p>
      <p>
        <a class="button button-danger" href="/settings/account/delete">
          {/* A reference, not the character: the page stays a one-byte string (views/escape.ts). */}
          Delete your account{'&hellip;'}
        </a>
      </p>
    </section>
  );
}

interface DeleteAccountProps {
  csrfToken: string;
  email: string;
  workspaceName: string;
  error?: string | undefined;
  /** An owner cannot: this says what to do instead. */
  blocked?: { alone: boolean };
}

export function DeleteAccountPage({
  csrfToken,
  email,
  workspaceName,
  error,
  blocked,
}: DeleteAccountProps): JSX.Element {
  return (
    <section class="panel confirm-panel" aria-labelledby="delete-account-title">
      <h1 id="delete-account-title">Delete your account?</h1>
      {blocked ? (
        <>
          <FormAlert
            message={
              blocked.alone
                ? 'You are the only member of your team: delete the team instead, which deletes your account with it.'
                : 'You own your team. Make another member its owner first; then you can delete your account.'
            }
          />
          <p class="confirm-actions">
            <a class="button" href="/settings/team">
              Go to the team
            </a>
          </p>
        </>
      ) : (
        <>
          <p>
            Your account is closed at once: you are signed out everywhere, your email and password
            are forgotten, and you can no longer sign in. The customers you added or changed stay
            with <strong safe>{workspaceName}</strong> and show your name as a former member.
          </p>
          <form method="post" action="/settings/account/delete" class="stack narrow" novalidate>
            <CsrfField token={csrfToken} />
            <input type="text" name="username" value={email} autocomplete="username" hidden />
            <Field
              name="password"
              label="Your password"
              type="password"
              autocomplete="current-password"
              error={error}
              required
            />
            <div class="confirm-actions">
              <button type="submit" class="button button-danger">
                Delete my account
              </button>
              <a class="button" href="/settings/account">
                Cancel
              </a>
            </div>
          </form>
        </>
      )}
    </section>
  );
}

interface AccountProps {
  csrfToken: string;
  name: string;
  email: string;
  workspaceName: string;
  /** Where you are signed in (session-list-views.tsx). */
  sessions: JSX.Element;
  /** The time zone setting (time-zone-views.tsx). */
  timeZone: JSX.Element;
  singleKeyShortcuts: boolean;
  errors?: FieldErrors;
}

export function AccountPage({
  csrfToken,
  name,
  email,
  workspaceName,
  sessions,
  timeZone,
  singleKeyShortcuts,
  errors = {},
}: AccountProps): JSX.Element {
  return (
    <div class="settings">
      <header class="page-header">
        <h1>Your account</h1>
      </header>
      <section class="panel" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <dl class="details">
          <dt>Name</dt>
          <dd safe>{name}</dd>
          <dt>Email</dt>
          <dd safe>{email}</dd>
          <dt>Team</dt>
          <dd safe>{workspaceName}</dd>
        </dl>
        <NameForm csrfToken={csrfToken} name={name} />
      </section>
      {sessions}
      <PasswordPanel csrfToken={csrfToken} email={email} errors={errors} />
      {timeZone}
      <KeyboardSettings
        csrfToken={csrfToken}
        on={singleKeyShortcuts}
        error={errors.single_key_shortcuts}
      />
      <DeleteAccountPanel />
    </div>
  );
}

/** Changing the password: the current one, and the new one twice. */
function PasswordPanel({
  csrfToken,
  email,
  errors,
}: {
  csrfToken: string;
  email: string;
  errors: FieldErrors;
}): JSX.Element {
  return (
    <section class="panel" aria-labelledby="password-title">
      <h2 id="password-title">Change password</h2>
      <p class="muted">Changing your password signs you out everywhere else.</p>
      <form method="post" action="/settings/account/password" class="stack narrow" novalidate>
        <CsrfField token={csrfToken} />
        <input type="text" name="username" value={email} autocomplete="username" hidden />
        <Field
          name="current_password"
          label="Current password"
          type="password"
          autocomplete="current-password"
          error={errors.current_password}
          required
        />
        <Field
          name="password"
          label="New password"
          type="password"
          autocomplete="new-password"
          error={errors.password}
          required
          minlength={8}
          maxlength={256}
          hint="At least 8 characters."
        />
        <Field
          name="password_confirm"
          label="Repeat new password"
          type="password"
          autocomplete="new-password"
          error={errors.password_confirm}
          required
        />
        <button type="submit" class="button button-primary">
          Change password
        </button>
      </form>
    </section>
  );
}

/** Single-key shortcuts on or off (WCAG 2.1.4: speech input and stray key presses must not trigger them). */
function KeyboardSettings({
  csrfToken,
  on,
  error,
}: {
  csrfToken: string;
  on: boolean;
  error?: string | undefined;
}): JSX.Element {
  return (
    <section class="panel" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <form method="post" action="/settings/account/shortcuts" class="stack narrow">
        <CsrfField token={csrfToken} />
        <div class={error ? 'field field-invalid' : 'field'}>
          <label class="checkbox">
            <input
              type="checkbox"
              name="single_key_shortcuts"
              id="field-single_key_shortcuts"
              checked={on}
              aria-describedby={
                error ? 'shortcuts-hint field-single_key_shortcuts-error' : 'shortcuts-hint'
              }
              aria-invalid={error ? 'true' : undefined}
            />
            Use single-key shortcuts
          </label>
          <p class="field-hint" id="shortcuts-hint">
            Keys such as <kbd>/</kbd> search, <kbd>N</kbd> new customer and <kbd>J</kbd>{' '}
            <kbd>K</kbd> move. Turn them off if you use speech input or press keys by accident;
            shortcuts with Ctrl or {'&#8984;'}, and the arrows, Enter, Escape and Delete in the
            customer table, keep working.
          </p>
          {error ? (
            <p class="field-error" id="field-single_key_shortcuts-error" safe>
              {error}
            </p>
          ) : (
            ''
          )}
        </div>
        <button type="submit" class="button">
          Save keyboard setting
        </button>
      </form>
    </section>
  );
}
