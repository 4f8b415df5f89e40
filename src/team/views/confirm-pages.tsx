// The pages that ask before a team change: renaming it (again, after a mistake), removing a member,
// handing over ownership, leaving, deleting the team. Pure functions of their props.
import { ConfirmForm, CsrfField, Field, FormAlert } from '../../views/components.js';
import { TeamNameForm } from './team-page.js';

/** The rename form on its own, when what was typed needs another look (422). */
export function RenameTeamPage({
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
      <h1 id="rename-title">Rename the team</h1>
      <TeamNameForm csrfToken={csrfToken} name={name} error={error} />
      <p>
        <a href="/settings/team">Back to the team</a>
      </p>
    </section>
  );
}

interface RemoveMemberProps {
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

interface TransferProps {
  csrfToken: string;
  workspaceName: string;
  member: { id: number; name: string; email: string };
}

export function TransferOwnershipPage({
  csrfToken,
  workspaceName,
  member,
}: TransferProps): JSX.Element {
  return (
    <section class="panel confirm-panel" aria-labelledby="transfer-title">
      <h1 id="transfer-title">
        Make <span safe>{member.name}</span> the owner?
      </h1>
      <p>
        <strong safe>{member.name}</strong> (<span safe>{member.email}</span>) will own{' '}
        <strong safe>{workspaceName}</strong>: they manage members, invites and the team's settings.
        You stay on the team as a member and can no longer do those things.
      </p>
      <ConfirmForm
        action={`/settings/team/members/${member.id}/transfer`}
        csrfToken={csrfToken}
        label="Make owner"
        kind="primary"
        cancelHref="/settings/team"
        autofocus
      />
    </section>
  );
}

interface LeaveProps {
  csrfToken: string;
  workspaceName: string;
  /** An owner cannot leave: this says what to do instead. */
  blocked?: { alone: boolean };
}

export function LeaveTeamPage({ csrfToken, workspaceName, blocked }: LeaveProps): JSX.Element {
  return (
    <section class="panel confirm-panel" aria-labelledby="leave-title">
      <h1 id="leave-title">
        Leave <span safe>{workspaceName}</span>?
      </h1>
      {blocked ? (
        <>
          <FormAlert
            message={
              blocked.alone
                ? 'You are the only member of this team, so it cannot be left: delete the team instead.'
                : 'You own this team. Make another member its owner first; then you can leave.'
            }
          />
          <p class="confirm-actions">
            {blocked.alone ? (
              <a class="button button-danger" href="/settings/team/delete">
                Delete the team…
              </a>
            ) : (
              ''
            )}
            <a class="button" href="/settings/team">
              Back to the team
            </a>
          </p>
        </>
      ) : (
        <>
          <p>
            You will be signed out everywhere at once, and your account closes with your membership
            (in Folio an account belongs to one team). The customers you added or changed stay with
            the team and show your name as a former member. To come back, ask the owner for a new
            invite link.
          </p>
          <ConfirmForm
            action="/settings/team/leave"
            csrfToken={csrfToken}
            label="Leave the team"
            kind="danger"
            cancelHref="/settings/team"
          />
        </>
      )}
    </section>
  );
}

interface DeleteTeamProps {
  csrfToken: string;
  workspaceName: string;
  customerCount: number;
  memberCount: number;
  value?: string;
  error?: string;
}

export function DeleteTeamPage(props: DeleteTeamProps): JSX.Element {
  return (
    <section class="panel confirm-panel" aria-labelledby="delete-team-title">
      <h1 id="delete-team-title">
        Delete <span safe>{props.workspaceName}</span>?
      </h1>
      <p>
        This deletes the team and everything in it, at once and for good:{' '}
        <strong safe>{countOf(props.customerCount, 'customer')}</strong> (the trash too), its invite
        links, its activity log, and the accounts of{' '}
        <strong safe>{countOf(props.memberCount, 'member')}</strong>, you included, who are all
        signed out.
      </p>
      <p class="muted">
        Folio cannot export customers yet, so there is no copy to take first. If you need the data,
        do not delete the team yet.
      </p>
      <form method="post" action="/settings/team/delete" class="stack narrow" novalidate>
        <CsrfField token={props.csrfToken} />
        <Field
          name="confirm_name"
          label="Type the team's name to confirm"
          value={props.value}
          error={props.error}
          required
          autocomplete="off"
          hint={`The team's name is: ${props.workspaceName}`}
        />
        <div class="confirm-actions">
          <button type="submit" class="button button-danger">
            Delete the team and everything in it
          </button>
          <a class="button" href="/settings/team">
            Cancel
          </a>
        </div>
      </form>
    </section>
  );
}

function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
