// Shared setup for the bulk action tests: a signed-in member, a way to post a bulk form as the browser
// sends it (JavaScript on or off), and the customers' state and history to check.
import type { TestClient } from '../../testing/harness.js';
import type { DB } from '../../db/database.js';
import { setup } from '../testing.js';

/** A bulk form as the browser sends it: one `id` per ticked box. */
export function bulkBody(
  client: TestClient,
  fields: Record<string, string | number>,
  ids: number[] = [],
  htmx = false,
): string {
  const form = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]));
  for (const id of ids) form.append('id', String(id));
  if (!htmx) form.set('_csrf', client.csrfToken!);
  return form.toString();
}

export async function bulkSetup(name = 'Bea Bulk') {
  const t = await setup(name);
  const at = t.clock.now;
  const post = (
    path: string,
    fields: Record<string, string | number>,
    ids: number[] = [],
    htmx = false,
  ) =>
    t.client.request('POST', path, bulkBody(t.client, { at, ...fields }, ids, htmx), {
      htmx,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
  const live = async () =>
    (
      await t.db
        .selectFrom('customers')
        .select(['id', 'state'])
        .where('workspace_id', '=', t.me.workspaceId)
        .where('deleted_at', 'is', null)
        .orderBy('id')
        .execute()
    ).map((row) => row.id);
  const events = (id: number) =>
    t.db
      .selectFrom('customer_events')
      .select(['kind', 'changes', 'details'])
      .where('customer_id', '=', id)
      .orderBy('id')
      .execute();
  return { ...t, at, post, live, events };
}

/** Someone else on the team (a row of its own: signing up makes a workspace of one's own). */
export async function teammateOf(db: DB, workspaceId: number): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      workspace_id: workspaceId,
      email: `teammate${workspaceId}@example.com`,
      name: 'Tess Teammate',
      password_hash: 'x',
      role: 'member',
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
