// /settings/account/sessions: sign out one of your other sessions, or all of them. Mounted inside the
// settings router (app.ts), members only; the list itself is part of the Account page. A session that
// is not yours (or is this one) is a 404.
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isHtmx, type AppEnv } from '../http/env.js';
import { setFlash, type Flash } from '../http/flash.js';
import { signedInUser } from '../http/params.js';
import { renderFragment } from '../http/render.js';
import { deviceName, lastSeenPhrase, sessionRef } from '../auth/devices.js';
import * as queries from './queries.js';
import { SessionsPanel, SessionsPanelWithToast, type SessionRow } from './session-list-views.js';

export const sessionListRoutes = new Hono<AppEnv>();

/** The signed-in person's sessions as the list shows them. */
export async function sessionRows(c: Context<AppEnv>): Promise<SessionRow[]> {
  const { db, now } = c.var.deps;
  const rows = await queries.listUserSessions(db, signedInUser(c).id);
  return rows.map((row) => {
    const lastSeen = Number(row.last_seen_at ?? Date.parse(row.created_at));
    return {
      ref: sessionRef(row.id),
      device: deviceName(row.user_agent),
      address: row.address,
      lastSeen: lastSeenPhrase(lastSeen, now()),
      lastSeenIso: new Date(lastSeen).toISOString(),
      current: row.id === c.var.sessionId,
    };
  });
}

/** Without JavaScript: back to the Account page with the message. With htmx: the panel and a toast. */
async function answer(c: Context<AppEnv>, flash: Flash) {
  if (!isHtmx(c)) {
    setFlash(c, flash);
    return c.redirect('/settings/account#sessions', 303);
  }
  const panel = <SessionsPanel csrfToken={c.var.csrfToken} sessions={await sessionRows(c)} />;
  return renderFragment(
    c,
    <SessionsPanelWithToast panel={panel} flash={flash} csrfToken={c.var.csrfToken} />,
  );
}

sessionListRoutes.post('/:id/sign-out', async (c) => {
  const user = signedInUser(c);
  const ref = c.req.param('id');
  const sessions = await queries.listUserSessions(c.var.deps.db, user.id);
  const target = sessions.find(
    (session) => session.id !== c.var.sessionId && sessionRef(session.id) === ref,
  );
  if (!target || !(await queries.deleteUserSession(c.var.deps.db, user.id, target.id)))
    throw new HTTPException(404);
  return answer(c, { kind: 'success', text: `Signed out ${deviceName(target.user_agent)}.` });
});

sessionListRoutes.post('/sign-out-others', async (c) => {
  const user = signedInUser(c);
  await queries.deleteUserSessions(c.var.deps.db, user.id, c.var.sessionId ?? undefined);
  return answer(c, { kind: 'success', text: 'Signed out everywhere else.' });
});
