// The sessions list on the Account page: where you are signed in, and sign-out of any or all others.
// Pure functions of their props. Forms post without JavaScript; htmx swaps the panel in place.
import type { Flash } from '../http/flash.js';
import { CsrfField, FlashMessage } from '../views/components.js';
import type { Reader } from '../views/format.js';
import { When } from '../views/when.js';

export interface SessionRow {
  /** Public reference for URLs (devices.ts sessionRef), never the session id. */
  ref: string;
  device: string;
  address: string;
  /** "Active now", "3 hours ago": for the sign-out button's name. */
  lastSeen: string;
  lastSeenIso: string;
  /** Seen within the last few minutes (last seen is written no more often than that). */
  activeNow: boolean;
  current: boolean;
}

interface SessionsPanelProps {
  csrfToken: string;
  sessions: SessionRow[];
  reader: Reader;
}

const swap = { 'hx-target': '#sessions', 'hx-swap': 'outerHTML' };

export function SessionsPanel({ csrfToken, sessions, reader }: SessionsPanelProps): JSX.Element {
  const others = sessions.filter((session) => !session.current).length;
  return (
    <section class="panel" id="sessions" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Where you are signed in</h2>
      <p class="muted" safe>
        {others === 0
          ? 'Only on this device.'
          : `This device and ${others} other session${others === 1 ? '' : 's'}.`}
      </p>
      <ul class="session-list">
        {sessions.map((session) => (
          <SessionItem session={session} csrfToken={csrfToken} reader={reader} />
        ))}
      </ul>
      {others > 0 ? (
        <form
          method="post"
          action="/settings/account/sessions/sign-out-others"
          hx-post="/settings/account/sessions/sign-out-others"
          {...swap}
        >
          <CsrfField token={csrfToken} />
          <button type="submit" class="button">
            Sign out all other sessions
          </button>
        </form>
      ) : (
        ''
      )}
    </section>
  );
}

/** One session: its device, when and where it was last seen, and a sign-out unless it is this one. */
function SessionItem({
  session,
  csrfToken,
  reader,
}: {
  session: SessionRow;
  csrfToken: string;
  reader: Reader;
}): JSX.Element {
  return (
    <li class="session">
      <div class="session-about">
        <strong safe>{session.device}</strong>
        {session.current ? <span class="session-current"> (this device)</span> : ''}
        <span class="session-detail">
          {session.activeNow ? (
            <time datetime={session.lastSeenIso} safe>
              {session.lastSeen}
            </time>
          ) : (
            <When at={session.lastSeenIso} reader={reader} />
          )}
          {session.address ? (
            <>
              {' · '}
              <span safe>{session.address}</span>
            </>
          ) : (
            ''
          )}
        </span>
      </div>
      {session.current ? (
        ''
      ) : (
        <form
          method="post"
          action={`/settings/account/sessions/${session.ref}/sign-out`}
          hx-post={`/settings/account/sessions/${session.ref}/sign-out`}
          {...swap}
        >
          <CsrfField token={csrfToken} />
          <button type="submit" class="button button-small button-danger">
            Sign out{' '}
            <span class="visually-hidden" safe>{`${session.device}, ${session.lastSeen}`}</span>
          </button>
        </form>
      )}
    </li>
  );
}

/** The htmx answer to a sign-out: the panel again, and the message in the toast region. */
export function SessionsPanelWithToast({
  panel,
  flash,
  csrfToken,
}: {
  panel: JSX.Element;
  flash: Flash;
  csrfToken: string;
}): JSX.Element {
  return (
    <>
      {panel}
      <hx-partial hx-target="#flash" hx-swap="innerHTML">
        <FlashMessage flash={flash} csrfToken={csrfToken} />
      </hx-partial>
    </>
  );
}
