// GET /customers/duplicates: likely duplicate groups across the book, one rule at a time (?by=email,
// phone or name_city), paged by the last group's key (?after=). Mounted inside the customer routes (so
// behind their sign-in), before /customers/:id.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import type { AppEnv } from '../../http/env.js';
import { signedInUser } from '../../http/params.js';
import { readerOf, renderPage } from '../../http/render.js';
import { duplicateGroups } from './queries.js';
import { DUPLICATE_RULES, type DuplicateRule } from './rules.js';
import { DuplicatesPage } from './page.js';

export const duplicateRoutes = new Hono<AppEnv>();

/** A group key's JSON: one or two parts. */
const GROUP_KEY_SHAPE = v.pipe(
  v.array(v.pipe(v.string(), v.maxLength(3000))),
  v.minLength(1),
  v.maxLength(2),
);

/**
 * A page link's key: a JSON array of one string, base64url (links made before migration 0022 held
 * two, the name and the city: read, and then ignored by the query). Null when it was tampered with.
 * A name key holds last name, first name and city (150 characters at most), folded: folding can
 * make one character 18 (U+FDFA).
 */
function decodeKey(raw: string): string[] | null {
  if (raw.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    const result = v.safeParse(GROUP_KEY_SHAPE, parsed);
    return result.success ? result.output : null;
  } catch {
    return null;
  }
}

duplicateRoutes.get('/duplicates', async (c) => {
  const raw = c.req.query('by');
  const by: DuplicateRule = DUPLICATE_RULES.find((rule) => rule === raw) ?? 'email';
  const afterRaw = c.req.query('after');
  const after = afterRaw ? decodeKey(afterRaw) : undefined;
  if (after === null)
    throw new HTTPException(400, {
      message: 'That page link is broken or out of date. Start again from the first page.',
    });
  const found = await duplicateGroups(c.get('deps').db, signedInUser(c).workspaceId, by, after);
  const page = (
    <DuplicatesPage by={by} found={found} paged={after !== undefined} reader={readerOf(c)} />
  );
  return renderPage(c, 'Likely duplicates', page);
});
