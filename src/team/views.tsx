// The team's lifecycle pages and panels: its name, former members, reset links, handing over, leaving,
// deleting, and the activity log. Pure functions of their props.
import { ConfirmForm, CsrfField, Field, FormAlert } from '../views/components.js';
import { personLabel } from '../views/format.js';
import type { ActivityRow, Person } from './activity.js';

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

/** A reset link just made, shown once (only its hash is stored), like a new invite link. */
export function NewResetLink({ link }: { link: string }): JSX.Element {
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

export interface FormerMembersProps {
  members: { id: number; name: string; deactivated_at: string }[];
  formatDate: (iso: string) => string;
}

/** People who were on the team: their names stay on the customers they added or changed. */
export function FormerMembers({ members, formatDate }: FormerMembersProps): JSX.Element {
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
export function TeamLifecyclePanel({
  csrfToken,
  isOwner,
  workspaceName,
  nameError,
}: {
  csrfToken: string;
  isOwner: boolean;
  workspaceName: string;
  nameError?: string;
}): JSX.Element {
  return (
    <section class="panel" aria-labelledby="team-settings-title">
      <h2 id="team-settings-title">Manage the team</h2>
      {isOwner ? (
        <>
          <TeamNameForm csrfToken={csrfToken} name={workspaceName} error={nameError} />
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

export interface TransferProps {
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

export interface LeaveProps {
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

export interface DeleteTeamProps {
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
        There is no export yet to take a copy first: exporting customers as CSV is planned (issue
        14) but not built. If you need the data, do not delete the team yet.
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

function who(person: Person | null): string {
  return person ? personLabel(person.name, person.former) : 'An operator (command line)';
}

/** One entry as a sentence after the actor's name, e.g. "removed Mia (former member)". */
export function describeActivity(entry: ActivityRow): string {
  const subject = entry.subject
    ? personLabel(entry.subject.name, entry.subject.former)
    : 'a former member';
  const from = typeof entry.details.from === 'string' ? entry.details.from : '';
  const to = typeof entry.details.to === 'string' ? entry.details.to : '';
  switch (entry.action) {
    case 'team.created':
      return 'created the team';
    case 'team.renamed':
      return `renamed the team from “${from}” to “${to}”`;
    case 'invite.created':
      return 'created an invite link';
    case 'invite.revoked':
      return 'revoked an invite link';
    case 'member.joined':
      return 'joined the team with an invite link';
    case 'member.removed':
      return `removed ${subject} from the team`;
    case 'member.left':
      return 'left the team';
    case 'member.renamed':
      return `changed their name from “${from}” to “${to}”`;
    case 'account.deleted':
      return 'deleted their account';
    case 'ownership.transferred':
      return `made ${subject} the owner (and became a member)`;
    case 'reset.created':
      return `created a password reset link for ${subject}`;
    case 'reset.used':
      return 'set a new password with a reset link';
    default:
      return entry.action;
  }
}

export interface ActivityPageProps {
  entries: ActivityRow[];
  /** The cursor for the next (older) page, or null at the beginning of the log. */
  older: number | null;
  /** Whether this is a later page (so a link back to the newest makes sense). */
  paged: boolean;
  formatDateTime: (iso: string) => string;
}

export function ActivityPage({
  entries,
  older,
  paged,
  formatDateTime,
}: ActivityPageProps): JSX.Element {
  return (
    <div class="settings">
      <header class="page-header">
        <h1>Team activity</h1>
      </header>
      <section class="panel" aria-labelledby="activity-title">
        <h2 id="activity-title">{paged ? 'Earlier activity' : 'Latest activity'}</h2>
        {entries.length === 0 ? (
          <p class="muted">Nothing here yet.</p>
        ) : (
          <div class="table-scroll">
            <table class="data-table activity-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr>
                    <td safe>{formatDateTime(entry.occurred_at)}</td>
                    <td safe>{who(entry.actor)}</td>
                    <td safe>{describeActivity(entry)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav class="confirm-actions" aria-label="Activity pages">
          {paged ? <a href="/settings/team/activity">Newest</a> : ''}
          {older !== null ? <a href={`/settings/team/activity?before=${older}`}>Older</a> : ''}
          <a href="/settings/team">Back to the team</a>
        </nav>
      </section>
    </div>
  );
}
