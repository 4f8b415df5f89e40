// Account pages: sign in, register, account settings and the team page. Pure functions of their props.
import type { FieldErrors } from '../http/forms.js';
import { ConfirmForm, CsrfField, Field, FormAlert } from '../views/components.js';
import { DeleteAccountPanel, NameForm } from '../account/views.js';
import { FormerMembers, NewResetLink, TeamLifecyclePanel } from '../team/views.js';

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
        <form method="post" action="/login" class="stack" novalidate>
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

export interface DeadInviteProps {
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
        <form method="post" action="/register" class="stack" novalidate>
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
          <Field
            name="password"
            label="Password"
            type="password"
            autocomplete="new-password"
            error={errors.password}
            required
            minlength={8}
            maxlength={256}
            hint="At least 8 characters. Avoid common passwords."
          />
          <Field
            name="password_confirm"
            label="Repeat password"
            type="password"
            autocomplete="new-password"
            error={errors.password_confirm}
            required
          />
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
        <p class="auth-switch">
          Already have an account? <a href="/login">Sign in</a>
        </p>
      </>
    </AuthCard>
  );
}

export interface AccountProps {
  csrfToken: string;
  name: string;
  email: string;
  workspaceName: string;
  /** Where you are signed in (session-views.tsx). */
  sessions: JSX.Element;
  singleKeyShortcuts: boolean;
  errors?: FieldErrors;
}

export function AccountPage({
  csrfToken,
  name,
  email,
  workspaceName,
  sessions,
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
      <KeyboardSettings
        csrfToken={csrfToken}
        on={singleKeyShortcuts}
        error={errors.single_key_shortcuts}
      />
      <DeleteAccountPanel />
    </div>
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
            shortcuts with Ctrl or ⌘, and the arrows, Enter, Escape and Delete in the customer
            table, keep working.
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

export interface TeamProps {
  csrfToken: string;
  workspaceName: string;
  currentUserId: number;
  isOwner: boolean;
  members: {
    id: number;
    name: string;
    email: string;
    role: 'owner' | 'member';
    created_at: string;
  }[];
  formerMembers: { id: number; name: string; deactivated_at: string }[];
  invites: { id: number; created_at: string; expires_at: string; created_by_name: string }[];
  /** A link just created, shown once in the invite panel (it is never stored, only its hash). */
  newInviteLink?: string | undefined;
  /** A password reset link just created for a member, shown once like an invite link. */
  newResetLink?: string | undefined;
  formatDate: (iso: string) => string;
}

export function TeamPage(props: TeamProps): JSX.Element {
  return (
    <div class="settings">
      <header class="page-header">
        <h1>
          Team{' '}
          <span class="muted" safe>
            {props.workspaceName}
          </span>
        </h1>
      </header>
      <section class="panel" aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        {props.newResetLink ? <NewResetLink link={props.newResetLink} /> : ''}
        <div class="table-scroll">
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                {props.isOwner ? (
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                ) : (
                  ''
                )}
              </tr>
            </thead>
            <tbody>
              {props.members.map((member) => (
                <tr>
                  <td safe>{member.name}</td>
                  <td safe>{member.email}</td>
                  <td>{member.role === 'owner' ? 'Owner' : 'Member'}</td>
                  <td safe>{props.formatDate(member.created_at)}</td>
                  {props.isOwner ? (
                    <td class="actions">
                      {member.role === 'member' ? (
                        <>
                          <form method="post" action={`/settings/team/members/${member.id}/reset`}>
                            <CsrfField token={props.csrfToken} />
                            <button type="submit" class="button button-small">
                              Reset password{' '}
                              <span class="visually-hidden" safe>{`of ${member.name}`}</span>
                            </button>
                          </form>{' '}
                          <a
                            class="button button-small"
                            href={`/settings/team/members/${member.id}/transfer`}
                          >
                            Make owner{' '}
                            <span class="visually-hidden" safe>
                              {member.name}
                            </span>
                          </a>{' '}
                          <a
                            class="button button-small button-danger"
                            href={`/settings/team/members/${member.id}/remove`}
                          >
                            Remove{' '}
                            <span class="visually-hidden" safe>
                              {member.name}
                            </span>
                          </a>
                        </>
                      ) : (
                        ''
                      )}
                    </td>
                  ) : (
                    ''
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {props.isOwner ? (
        <section class="panel" aria-labelledby="invites-title">
          <h2 id="invites-title">Invite links</h2>
          <p class="muted">
            An invite link lets one person join this team. It works once and expires after 7 days.
          </p>
          {props.newInviteLink ? (
            <div class="new-invite">
              <label id="new-invite-label" for="new-invite-link">
                Your new invite link. Copy it now: it is shown only this once.
              </label>
              <input
                id="new-invite-link"
                type="text"
                readonly
                value={props.newInviteLink}
                data-select-on-focus
              />
            </div>
          ) : (
            ''
          )}
          <form method="post" action="/settings/team/invites" class="invite-create">
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="button button-primary">
              Create invite link
            </button>
          </form>
          {props.invites.length === 0 ? (
            <p class="muted">No open invites.</p>
          ) : (
            <div class="table-scroll">
              <table class="data-table">
                <thead>
                  <tr>
                    <th scope="col">Created</th>
                    <th scope="col">By</th>
                    <th scope="col">Expires</th>
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {props.invites.map((invite) => (
                    <tr>
                      <td safe>{props.formatDate(invite.created_at)}</td>
                      <td safe>{invite.created_by_name}</td>
                      <td safe>{props.formatDate(invite.expires_at)}</td>
                      <td class="actions">
                        <form method="post" action={`/settings/team/invites/${invite.id}/revoke`}>
                          <CsrfField token={props.csrfToken} />
                          <button type="submit" class="button button-small button-danger">
                            Revoke
                          </button>
                        </form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : (
        ''
      )}
      <FormerMembers members={props.formerMembers} formatDate={props.formatDate} />
      <TeamLifecyclePanel
        csrfToken={props.csrfToken}
        isOwner={props.isOwner}
        workspaceName={props.workspaceName}
      />
    </div>
  );
}

export interface RemoveMemberProps {
  csrfToken: string;
  workspaceName: string;
  member: { id: number; name: string; email: string };
}

/** The confirmation before removing a member: removing ends their sessions and cannot be undone. */
export function RemoveMemberPage({
  csrfToken,
  workspaceName,
  member,
}: RemoveMemberProps): JSX.Element {
  return (
    <section class="panel confirm-panel" aria-labelledby="remove-title">
      <h1 id="remove-title">
        Remove <span safe>{member.name}</span>?
      </h1>
      <p>
        <strong safe>{member.name}</strong> (<span safe>{member.email}</span>) will be signed out at
        once and can no longer sign in to <strong safe>{workspaceName}</strong>. The customers they
        added or changed stay, and show their name as a former member. This cannot be undone; to
        bring them back, send them a new invite link.
      </p>
      <ConfirmForm
        action={`/settings/team/members/${member.id}/remove`}
        csrfToken={csrfToken}
        label="Remove member"
        kind="danger"
        cancelHref="/settings/team"
        autofocus
      />
    </section>
  );
}
