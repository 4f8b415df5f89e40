// /settings/account/sessions: sign out one of your other sessions, or all of them. Mounted inside the
// settings router (app.ts), members only; the list itself is part of the Account page. A session that
// is not yours (or is this one) is a 404.
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isHtmx, type AppEnv } from '../http/env.js';
import { setFlash, type Flash } from '../http/flash.js';
import { signedInUser } from '../http/params.js';
import { readerOf, renderFragment } from '../http/render.js';
import { deviceName, sessionRef } from '../auth/devices.js';
import { relativeTime } from '../views/when.js';
import * as queries from './queries.js';
import { SessionsPanel, SessionsPanelWithToast, type SessionRow } from './session-list-views.js';

export const sessionListRoutes = new Hono<AppEnv>();

const ACTIVE_NOW = 5 * 60 * 1000;

/** The signed-in person's sessions as the list shows them. */
export async function sessionRows(c: Context<AppEnv>): Promise<SessionRow[]> {
  const reader = readerOf(c);
  const rows = await queries.listUserSessions(c.get('deps').db, signedInUser(c).id);
  const sessionId = c.get('sessionId');
  return rows.map((row) => {
    const lastSeen = Number(row.last_seen_at ?? Date.parse(row.created_at));
    const lastSeenIso = new Date(lastSeen).toISOString();
    // Last seen is written at most every 5 minutes, so anything closer is "now".
    const activeNow = reader.now - lastSeen < ACTIVE_NOW;
    return {
      ref: sessionRef(row.id),
      device: deviceName(row.user_agent),
      address: row.address,
      lastSeen: activeNow ? 'Active now' : relativeTime(lastSeenIso, reader),
      lastSeenIso,
      activeNow,
      current: row.id === sessionId,
    };
  });
}

/** Without JavaScript: back to the Account page with the message. With htmx: the panel and a toast. */
async function answer(c: Context<AppEnv>, flash: Flash) {
  if (!isHtmx(c)) {
    setFlash(c, flash);
    return c.redirect('/settings/account#sessions', 303);
  }
  const sessions = await sessionRows(c);
  const panel = (
    <SessionsPanel csrfToken={c.get('csrfToken')} sessions={sessions} reader={readerOf(c)} />
  );
  return renderFragment(
    c,
    <SessionsPanelWithToast panel={panel} flash={flash} csrfToken={c.get('csrfToken')} />,
  );
}

sessionListRoutes.post('/:id/sign-out', async (c) => {
  const user = signedInUser(c);
  const ref = c.req.param('id');
  const sessions = await queries.listUserSessions(c.get('deps').db, user.id);
  const target = sessions.find(
    (session) => session.id !== c.get('sessionId') && sessionRef(session.id) === ref,
  );
  if (!target || !(await queries.deleteUserSession(c.get('deps').db, user.id, target.id)))
    throw new HTTPException(404);
  return answer(c, { kind: 'success', text: `Signed out ${deviceName(target.user_agent)}.` });
});

sessionListRoutes.post('/sign-out-others', async (c) => {
  const user = signedInUser(c);
  await queries.deleteUserSessions(c.get('deps').db, user.id, c.get('sessionId') ?? undefined);
  return answer(c, { kind: 'success', text: 'Signed out everywhere else.' });
});
