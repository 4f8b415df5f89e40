// GET /customers/export.csv: the list the person is looking at (search, filter and sort), every row, streamed.
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { signedInUser } from '../../http/params.js';
import { readerOf } from '../../http/render.js';
import { HTTPException } from 'hono/http-exception';
import { BadListQuery, parseListQuery } from '../listing.js';
import { csvDownload } from './download.js';
import { exportedCustomers } from './queries.js';

/** Mounted inside the members-only customer routes. */
export const exportRoutes = new Hono<AppEnv>();

exportRoutes.get('/export.csv', (c) => {
  const user = signedInUser(c);
  const { q, sort, dir, state, city, added_after, added_before } = c.req.query();
  // Only the search, filter and sort count: an export is the whole list, not the page a cursor points at.
  const filter = { state, city, added_after, added_before };
  let query;
  try {
    query = parseListQuery({ q, sort, dir, ...filter }, readerOf(c).timeZone);
  } catch (error) {
    if (error instanceof BadListQuery) throw new HTTPException(400, { message: error.message });
    throw error;
  }
  return csvDownload(c, exportedCustomers(c.get('deps').db, user.workspaceId, query));
});
