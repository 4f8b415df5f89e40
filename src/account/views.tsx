// A person's own settings beyond the password: their name, and deleting their account. Pure functions.
import { CsrfField, Field, FormAlert } from '../views/components.js';

/** The rename form, on the account page. */
export function NameForm({
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
export function DeleteAccountPanel(): JSX.Element {
  return (
    <section class="panel" aria-labelledby="delete-account-title">
      <h2 id="delete-account-title">Delete your account</h2>
      <p class="muted">
        You are signed out everywhere and cannot sign in again; the customers you added stay with
        your team.
      </p>
      <p>
        <a class="button button-danger" href="/settings/account/delete">
          Delete your account…
        </a>
      </p>
    </section>
  );
}

export interface DeleteAccountProps {
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
