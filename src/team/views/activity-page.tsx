// The team's activity log: each entry as a sentence, newest first, with a keyset pager. Pure functions.
import { personLabel, type Reader } from '../../views/format.js';
import { When } from '../../views/when.js';
import type { ActivityRow, Person } from '../activity.js';

function who(person: Person | null): string {
  return person ? personLabel(person.name, person.former) : 'An operator (command line)';
}

/** One entry as a sentence after the actor's name, e.g. "removed Mia (former member)". */
function describeActivity(entry: ActivityRow): string {
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
    case 'customer.deleted_forever':
      return `deleted the customer “${typeof entry.details.name === 'string' ? entry.details.name : ''}” forever, with their notes and history`;
    case 'customers.deleted_forever': {
      const count = typeof entry.details.count === 'number' ? entry.details.count : 0;
      return `deleted ${count} ${count === 1 ? 'customer' : 'customers'} forever from the trash, with their notes and history`;
    }
    default:
      return entry.action;
  }
}

interface ActivityPageProps {
  entries: ActivityRow[];
  /** The cursor for the next (older) page, or null at the beginning of the log. */
  older: number | null;
  /** Whether this is a later page (so a link back to the newest makes sense). */
  paged: boolean;
  reader: Reader;
}

export function ActivityPage({ entries, older, paged, reader }: ActivityPageProps): JSX.Element {
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
                    <td>
                      <When at={entry.occurred_at} reader={reader} />
                    </td>
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
