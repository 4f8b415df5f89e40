// What a trash page shows for a request: the page of deleted customers, the count, and what the
// reader may do; read by the trash's own routes and by the bulk answers that show the trash again.
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { signedInUser } from '../../http/params.js';
import { readerOf } from '../../http/render.js';
import * as trash from './queries.js';
import { TRASH_URL, type TrashView } from './views.js';

export async function trashViewOf(
  c: Context<AppEnv>,
  query: trash.TrashQuery & { page: number },
): Promise<TrashView> {
  const user = signedInUser(c);
  const { db, now } = c.get('deps');
  // The search's matches worked out once, for the page and the count of matches.
  const search = await trash.trashSearch(db, user.workspaceId, query.q);
  const found = await trash.findTrashPage(db, user.workspaceId, query, now(), search);
  const count = await trash.countTrash(db, user.workspaceId, now());
  return {
    ...found,
    q: query.q,
    page: query.page,
    count,
    matching: query.q
      ? await trash.countTrash(db, user.workspaceId, now(), query.q, search)
      : count,
    isOwner: user.role === 'owner',
    csrfToken: c.get('csrfToken'),
    reader: readerOf(c),
  };
}

/** The search of the trash page a request came from (htmx sends its URL), or null for another page. */
export function trashSearchOfPage(pageUrl: string | undefined): string | null {
  if (!pageUrl) return null;
  try {
    const url = new URL(pageUrl);
    return url.pathname === TRASH_URL ? (url.searchParams.get('q') ?? '').slice(0, 200) : null;
  } catch {
    return null;
  }
}
