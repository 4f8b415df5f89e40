// The trash over HTTP: /customers/trash (a page, or its rows to htmx), and deleting for good, which
// only an owner may do and only to a customer in the trash. Mounted inside the customer routes (so
// behind their sign-in and CSRF checks), before /customers/:id.
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Customer } from '../../db/tables.js';
import { isHtmx, type AppEnv } from '../../http/env.js';
import { setFlash } from '../../http/flash.js';
import { actorOf, idParam, signedInUser } from '../../http/params.js';
import { readerOf, renderFragment, renderPage } from '../../http/render.js';
import { fullName } from '../display.js';
import { decodeCursor } from '../listing.js';
import * as trash from './queries.js';
import { DeleteForeverPage, NotInTrashPage } from './delete-forever-views.js';
import { trashViewOf } from './view-of.js';
import {
  TRASH_URL,
  TrashPage,
  TrashResults,
  TrashRowGone,
  trashRowList,
  trashUrl,
} from './views.js';

export const trashRoutes = new Hono<AppEnv>();

type Ctx = Context<AppEnv>;

/** The trash query of the URL; a broken page link is a 400 that says so. */
function trashQueryOf(c: Ctx): trash.TrashQuery & { page: number } {
  const q = (c.req.query('q') ?? '').slice(0, 200);
  const cursor = (side: 'after' | 'before') => {
    const raw = c.req.query(side);
    if (!raw) return undefined;
    const decoded = decodeCursor(raw);
    if (!decoded)
      throw new HTTPException(400, {
        message: 'That page link is broken or out of date. Start again from the first page.',
      });
    return decoded;
  };
  const after = cursor('after');
  const before = cursor('before');
  if (after && before)
    throw new HTTPException(400, { message: 'A page link cannot go both forwards and backwards.' });
  const raw = c.req.query('page') ?? '';
  const page = after || before ? Math.max(1, /^\d{1,6}$/.test(raw) ? Number(raw) : 1) : 1;
  return { q, after, before, page };
}

trashRoutes.get('/trash', async (c) => {
  const query = trashQueryOf(c);
  const view = await trashViewOf(c, query);
  const rows = trashRowList(view);
  if (isHtmx(c)) return renderFragment(c, <TrashResults view={view} />, 200, rows);
  const title = query.q ? `Trash matching “${query.q.slice(0, 60)}”` : 'Trash';
  return renderPage(c, title, <TrashPage view={view} />, 200, rows);
});

/**
 * The customer to delete for good: another workspace's (or none) is 404; a member is refused (403);
 * a live customer is 409, since it exists and is the person's to see, but is not in the trash.
 */
async function deletableOr(c: Ctx, erase: (customer: Customer) => Response | Promise<Response>) {
  const user = signedInUser(c);
  const id = idParam(c);
  const customer = await trash.customerInWorkspace(c.get('deps').db, user.workspaceId, id);
  if (!customer) throw new HTTPException(404);
  if (user.role !== 'owner')
    throw new HTTPException(403, {
      message:
        'Only the team owner can delete customers forever. You can restore them, or ask the owner.',
    });
  if (customer.deleted_at === null)
    return renderPage(
      c,
      `${fullName(customer)} is not in the trash`,
      <NotInTrashPage customer={customer} />,
      409,
    );
  return erase(customer);
}

trashRoutes.get('/:id{[0-9]{1,15}}/delete-forever', (c) =>
  deletableOr(c, (customer) => {
    const page = <DeleteForeverPage customer={customer} csrfToken={c.get('csrfToken')} />;
    return renderPage(c, `Delete ${fullName(customer)} forever?`, page);
  }),
);

trashRoutes.post('/:id{[0-9]{1,15}}/delete-forever', (c) =>
  deletableOr(c, async (customer) => {
    const { db } = c.get('deps');
    // Checked again inside the delete's transaction: it may have been restored since.
    const erased = await trash.deleteForever(db, actorOf(c, signedInUser(c)), customer.id);
    if (erased.outcome === 'missing') throw new HTTPException(404);
    if (erased.outcome === 'live')
      return renderPage(
        c,
        `${fullName(customer)} is not in the trash`,
        <NotInTrashPage customer={customer} />,
        409,
      );
    setFlash(c, { kind: 'success', text: `Deleted ${fullName(customer)} forever.` });
    return c.redirect(TRASH_URL, 303);
  }),
);

/**
 * The answer to Restore from the trash: without JavaScript, back to the trash (and its search) with a
 * flash; with htmx, the row leaves and a toast says so. One that is gone meanwhile (deleted forever,
 * or purged) is 404: the page's 404, or its row taken away with a toast.
 */
export async function answerTrashRestore(
  c: Ctx,
  id: number,
  customer: Customer | undefined,
  q: string | undefined,
): Promise<Response> {
  if (!customer && !isHtmx(c)) throw new HTTPException(404);
  const text = customer
    ? `Restored ${fullName(customer)}. They are back in your customers.`
    : 'That customer is no longer in the trash. Someone may have deleted them forever.';
  if (!isHtmx(c)) {
    setFlash(c, { kind: 'success', text });
    return c.redirect(trashUrl((q ?? '').slice(0, 200)), 303);
  }
  const user = signedInUser(c);
  const count = await trash.countTrash(c.get('deps').db, user.workspaceId, c.get('deps').now());
  const toast = { kind: customer ? 'success' : 'error', text } as const;
  const gone = <TrashRowGone id={id} count={count} reader={readerOf(c)} toast={toast} />;
  return renderFragment(c, gone, customer ? 200 : 404);
}
