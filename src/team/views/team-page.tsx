// The team page: its members (with the owner's controls), invite links, former members, and the
// panel that manages the team. Pure functions of their props.
import { CsrfField, Field } from '../../views/components.js';
import { personLabel } from '../../views/format.js';

interface TeamProps {
  csrfToken: string;
  workspaceName: string;
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
      <MembersPanel {...props} />
      {props.isOwner ? <InvitesPanel {...props} /> : ''}
      <FormerMembers members={props.formerMembers} formatDate={props.formatDate} />
      <TeamLifecyclePanel
        csrfToken={props.csrfToken}
        isOwner={props.isOwner}
        workspaceName={props.workspaceName}
      />
    </div>
  );
}

/** Everyone on the team; the owner also gets each member's reset, hand-over and remove controls. */
function MembersPanel(props: TeamProps): JSX.Element {
  return (
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
                      <MemberActions member={member} csrfToken={props.csrfToken} />
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
  );
}

/** The owner's invite links: a new one shown once, and the open ones with Revoke. */
function InvitesPanel(props: TeamProps): JSX.Element {
  return (
    <section class="panel" aria-labelledby="invites-title">
      <h2 id="invites-title">Invite links</h2>
      <p class="muted">
        An invite link lets one person join this team. It works once and expires after 7 days.
      </p>
      {props.newInviteLink ? <NewInviteLink link={props.newInviteLink} /> : ''}
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
  );
}

/** The owner's controls for one member: a reset link, handing over the team, removing them. */
function MemberActions({
  member,
  csrfToken,
}: {
  member: { id: number; name: string };
  csrfToken: string;
}): JSX.Element {
  return (
    <>
      <form method="post" action={`/settings/team/members/${member.id}/reset`}>
        <CsrfField token={csrfToken} />
        <button type="submit" class="button button-small">
          Reset password <span class="visually-hidden" safe>{`of ${member.name}`}</span>
        </button>
      </form>{' '}
      <a class="button button-small" href={`/settings/team/members/${member.id}/transfer`}>
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
  );
}

/** An invite link just made, shown once (only its hash is stored). */
function NewInviteLink({ link }: { link: string }): JSX.Element {
  return (
    <div class="new-invite">
      <label id="new-invite-label" for="new-invite-link">
        Your new invite link. Copy it now: it is shown only this once.
      </label>
      <input id="new-invite-link" type="text" readonly value={link} data-select-on-focus />
    </div>
  );
}

/** A reset link just made, shown once (only its hash is stored), like a new invite link. */
function NewResetLink({ link }: { link: string }): JSX.Element {
  return (
    <div class="new-invite">
      <label for="new-reset-link">
        Password reset link. Copy it now and send it to them: it is shown only this once, works
        once, for one hour.
      </label>
      <input id="new-reset-link" type="text" readonly value={link} data-select-on-focus />
    </div>
  );
}

interface FormerMembersProps {
  members: { id: number; name: string; deactivated_at: string }[];
  formatDate: (iso: string) => string;
}

/** People who were on the team: their names stay on the customers they added or changed. */
function FormerMembers({ members, formatDate }: FormerMembersProps): JSX.Element {
  if (members.length === 0) return '';
  return (
    <section class="panel" aria-labelledby="former-title">
      <h2 id="former-title">Former members</h2>
      <p class="muted">
        They can no longer sign in. Customers they added or changed still show their name.
      </p>
      <div class="table-scroll">
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Left</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr>
                <td safe>{personLabel(member.name, true)}</td>
                <td safe>{formatDate(member.deactivated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The end of the team page: the owner's team settings, and everyone's way out. */
function TeamLifecyclePanel({
  csrfToken,
  isOwner,
  workspaceName,
}: {
  csrfToken: string;
  isOwner: boolean;
  workspaceName: string;
}): JSX.Element {
  return (
    <section class="panel" aria-labelledby="team-settings-title">
      <h2 id="team-settings-title">Manage the team</h2>
      {isOwner ? (
        <>
          <TeamNameForm csrfToken={csrfToken} name={workspaceName} />
          <p>
            <a href="/settings/team/activity">Activity log</a>: invites, joins, removals, handovers
            and resets, with who and when.
          </p>
          <p class="muted">
            To leave the team, first make another member its owner (Make owner, above).
          </p>
          <p>
            <a class="button button-danger" href="/settings/team/delete">
              Delete the team…
            </a>
          </p>
        </>
      ) : (
        <p>
          <a class="button button-danger" href="/settings/team/leave">
            Leave the team…
          </a>
        </p>
      )}
    </section>
  );
}

/** The owner's rename form, on the team page. */
export function TeamNameForm({
  csrfToken,
  name,
  error,
}: {
  csrfToken: string;
  name: string;
  error?: string | undefined;
}): JSX.Element {
  return (
    <form method="post" action="/settings/team/name" class="stack narrow" novalidate>
      <CsrfField token={csrfToken} />
      <Field
        name="name"
        label="Team name"
        autocomplete="organization"
        value={name}
        error={error}
        required
        maxlength={100}
      />
      <button type="submit" class="button">
        Rename team
      </button>
    </form>
  );
}
