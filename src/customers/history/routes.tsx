// The record page with its story: contact details, the note box and the timeline (a page at a time).
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { membersOnly } from '../../auth/middleware.js';
import { isHtmx, type AppEnv } from '../../http/env.js';
import { idParam, signedInUser } from '../../http/params.js';
import { readerOf as datesReader, renderFragment, renderPage } from '../../http/render.js';
import { fullName } from '../display.js';
import { NoteComposer } from '../notes/views.js';
import * as queries from '../queries.js';
import type { CustomerWithAuthors } from '../queries.js';
import { CustomerDetailPage } from '../views/record-page.js';
import { customerUrl } from '../views/common.js';
import { findDuplicatesOfCustomer } from '../duplicates/queries.js';
import { newestChangeBeside, timelinePage } from './queries.js';
import { Timeline, TimelineEntries, type TimelineReader } from './views.js';

type Ctx = Context<AppEnv>;

/** The likely duplicates the record page names, oldest first. */
const DUPLICATES_SHOWN = 3;

export const historyRoutes = membersOnly();

/** An older page's start (?older=), or the newest page; anything else is not a page of the timeline. */
function olderThan(c: Ctx): number | undefined {
  const raw = c.req.query('older');
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d{0,14}$/.test(raw))
    throw new HTTPException(400, { message: 'That timeline page does not exist.' });
  return Number(raw);
}

function timelineReader(c: Ctx): TimelineReader {
  const user = signedInUser(c);
  return {
    ...datesReader(c),
    userId: user.id,
    owner: user.role === 'owner',
    csrfToken: c.get('csrfToken'),
  };
}

/** A note typed into the box that was refused: shown again with its message. */
export interface NoteDraft {
  body: string;
  error: string;
}

/** The whole record page (a 422 when a refused note is shown again in the box). */
export async function showRecord(
  c: Ctx,
  customer: CustomerWithAuthors,
  draft?: NoteDraft,
  status: 200 | 422 = 200,
) {
  const { db } = c.get('deps');
  const older = olderThan(c);
  const [page, duplicates] = await Promise.all([
    timelinePage(db, customer.workspace_id, customer.id, older),
    // Three index seeks (duplicates/queries.ts): the page offers to merge a likely duplicate.
    findDuplicatesOfCustomer(db, customer.workspace_id, customer, DUPLICATES_SHOWN),
  ]);
  const newest = await newestChangeBeside(db, customer.id, page);
  const reader = timelineReader(c);
  const composer = (
    <NoteComposer
      customerId={customer.id}
      csrfToken={reader.csrfToken}
      body={draft?.body}
      error={draft?.error}
    />
  );
  const story = (
    <Timeline
      {...{ page, customer, reader, composer }}
      newestChange={newest}
      paged={older !== undefined}
    />
  );
  const body = <CustomerDetailPage {...{ customer, reader, story }} duplicates={duplicates} />;
  return renderPage(c, fullName(customer), body, status);
}

// The next page of the timeline, for "Show older entries" (a plain link to the record page without JS).
historyRoutes.get('/:id{[0-9]{1,15}}/timeline', async (c) => {
  const id = idParam(c);
  const older = olderThan(c);
  const { db } = c.get('deps');
  const customer = await queries.getCustomer(db, signedInUser(c).workspaceId, id);
  if (!customer) throw new HTTPException(404);
  if (!isHtmx(c))
    return c.redirect(`${customerUrl(id)}${older ? `?older=${older}` : ''}#timeline`, 303);
  const page = await timelinePage(db, customer.workspace_id, id, older);
  const newest = await newestChangeBeside(db, id, page);
  return renderFragment(
    c,
    <TimelineEntries {...{ page, customer }} reader={timelineReader(c)} newestChange={newest} />,
  );
});
