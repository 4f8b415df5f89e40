// Two workspaces side by side: for every route that takes an id, with every method, a member of one
// workspace gets the same 404 for the other's ids, and the other's data is unchanged afterwards.
import { describe, expect, it } from 'vitest';
import { createTestApp, signUp } from '../testing/harness.js';
import { registeredRoutes, snapshot } from '../testing/snapshot.js';
import * as customers from '../customers/queries.js';
import { EMPTY_VALUES } from '../customers/schema.js';
import { createNote } from '../customers/notes/queries.js';
import { uploaded } from '../customers/import/testing.js';
import * as bulk from '../customers/bulk-actions/queries.js';
import { mergeRecords } from '../customers/merging/queries.js';
import { sessionRef } from '../auth/devices.js';
import { sessionIdOf } from '../auth/sessions.js';

const VALID_CUSTOMER = {
  ...EMPTY_VALUES,
  first_name: 'Mallory',
  last_name: 'Intruder',
  version: '1',
};

describe('tenant isolation', async () => {
  const { app, db, clock } = await createTestApp();
  const alice = await signUp(app, { name: 'Alice Owner', workspace: 'Alice Co' });
  const bob = await signUp(app, { name: 'Bob Owner', workspace: 'Bob Co' });
  const bobUser = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', bob.email.toLowerCase())
    .executeTakeFirstOrThrow();
  const bobs = { workspaceId: bobUser.workspace_id, userId: bobUser.id, now: clock.now };
  const bobCustomer = await customers.createCustomer(db, bobs, {
    ...EMPTY_VALUES,
    first_name: 'Private',
    last_name: 'Person',
    email: 'private@bob.example',
  });
  const bobDeleted = await customers.createCustomer(db, bobs, {
    ...EMPTY_VALUES,
    first_name: 'Gone',
    last_name: 'Person',
  });
  await customers.deleteCustomer(db, bobs, bobDeleted.id);
  const bobNote = await createNote(db, bobs, bobCustomer.id, 'Private note');
  const bobEvent = await db
    .selectFrom('customer_events')
    .select('id')
    .where('customer_id', '=', bobCustomer.id)
    .executeTakeFirstOrThrow();
  // Bob's teammate and invite, for the team routes.
  await bob.client.post('/settings/team/invites');
  const invite = await db
    .selectFrom('invites')
    .select('id')
    .where('workspace_id', '=', bobUser.workspace_id)
    .executeTakeFirstOrThrow();
  const teammate = await db
    .insertInto('users')
    .values({
      workspace_id: bobUser.workspace_id,
      email: 'teammate@bob.example',
      name: 'Teammate',
      password_hash: 'x',
      role: 'member',
      created_at: new Date(clock.now).toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  // Bob's import of a file, for the import routes.
  const bobImport = await uploaded(bob.client, 'First Name,Last Name\nPrivate,Importee\n');
  // A bulk action of Bob's (deleted the customer he then restored), for its page and its Undo.
  const bobAction = await bulk.startBulkAction(
    db,
    bobs,
    { kind: 'delete' },
    { ids: [bobCustomer.id] },
    clock.now,
    1,
  );
  await bulk.runBulkAction(db, bobAction.id, { now: () => clock.now });
  await customers.restoreCustomer(db, bobs, bobCustomer.id);
  // A merge of two of Bob's records, for its Undo.
  const [bobTwinA, bobTwinB] = await Promise.all(
    ['One', 'Two'].map((first) =>
      customers.createCustomer(db, bobs, { ...EMPTY_VALUES, first_name: first, last_name: 'Twin' }),
    ),
  );
  const bobMerge = (
    await mergeRecords(db, bobs, { a: bobTwinA!.id, b: bobTwinB!.id }, (a) => ({
      outcome: 'merge',
      keep: 'a',
      values: { ...EMPTY_VALUES, first_name: a!.first_name, last_name: a!.last_name },
    }))
  ).merge!;

  const withId = registeredRoutes(app).filter((route) => route.path.includes(':id'));
  const bobSession = sessionRef(sessionIdOf(bob.client.sessionToken!));
  const idFor = (path: string) =>
    path.startsWith('/settings/team/invites')
      ? invite.id
      : path.startsWith('/settings/team/members')
        ? teammate.id
        : path.startsWith('/settings/account/sessions')
          ? bobSession
          : path.startsWith('/customers/import')
            ? bobImport
            : path.startsWith('/customers/bulk')
              ? bobAction.id
              : path.startsWith('/customers/merges')
                ? bobMerge.id
                : bobCustomer.id;

  it('covers every route that takes an id', () => {
    expect(withId.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining([
        'GET /customers/:id',
        'PUT /customers/:id',
        'DELETE /customers/:id',
        'POST /customers/:id/restore',
        'GET /customers/:id/timeline',
        'POST /customers/:id/notes',
        'PUT /customers/:id/notes/:note',
        'DELETE /customers/:id/notes/:note',
        'POST /customers/:id/notes/:note/restore',
        'POST /customers/:id/history/:event/restore',
        'GET /customers/:id/delete-forever',
        'POST /customers/:id/delete-forever',
        'GET /customers/bulk/:id',
        'POST /customers/bulk/:id/undo',
        'GET /customers/:id/merge',
        'POST /customers/:id/merge',
        'POST /customers/merges/:id/undo',
        'POST /settings/account/sessions/:id/sign-out',
        'POST /settings/team/members/:id/reset',
        'GET /settings/team/members/:id/transfer',
        'POST /settings/team/members/:id/transfer',
        'GET /customers/import/:id',
        'POST /customers/import/:id',
        'GET /customers/import/:id/failed.csv',
        'POST /customers/import/:id/revert',
      ]),
    );
  });

  it.each(withId)(
    "$method $path with another workspace's id: 404 and nothing changes",
    async ({ method, path }) => {
      const before = await snapshot(db);
      const url = path
        .replace(':id', String(idFor(path)))
        .replace(':note', String(bobNote!.id))
        .replace(':event', String(bobEvent.id));
      const body = method === 'GET' ? undefined : VALID_CUSTOMER;
      const page = await alice.client.request(method, url, body);
      expect(page.status).toBe(404);
      expect(await page.text()).not.toContain('Private');
      const fragment = await alice.client.request(method, url, body, { htmx: true });
      expect(fragment.status).toBe(404);
      expect(await fragment.text()).not.toContain('Private');
      expect(await snapshot(db)).toBe(before);
    },
  );

  it("restore of another workspace's deleted customer is 404 and leaves it deleted", async () => {
    const response = await alice.client.post(`/customers/${bobDeleted.id}/restore`);
    expect(response.status).toBe(404);
    const row = await db
      .selectFrom('customers')
      .select('deleted_at')
      .where('id', '=', bobDeleted.id)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
  });

  it("another workspace's deleted customer is 404 on every trash route, and stays in its trash", async () => {
    const before = await snapshot(db);
    for (const htmx of [false, true]) {
      for (const [method, url, body] of [
        ['GET', `/customers/${bobDeleted.id}/delete-forever`, undefined],
        ['POST', `/customers/${bobDeleted.id}/delete-forever`, {}],
        ['POST', `/customers/${bobDeleted.id}/restore`, { to: 'trash' }],
      ] as const) {
        const response = await alice.client.request(method, url, body, { htmx });
        expect(response.status, `${method} ${url}`).toBe(404);
        expect(await response.text()).not.toContain('Gone Person');
      }
    }
    expect(await snapshot(db)).toBe(before);
    for (const url of ['/customers/trash', '/customers/trash?q=gone']) {
      const html = await (await alice.client.get(url)).text();
      expect(html).not.toContain('Gone');
      expect(html).toContain('0 customers in the trash');
    }
    expect(await (await bob.client.get('/customers/trash?q=gone')).text()).toContain('Gone Person');
  });

  it("a bulk request with another workspace's ids mixed in: 404, and nothing at all changes", async () => {
    const mine = await alice.client.post('/customers', { ...VALID_CUSTOMER, first_name: 'Mine' });
    expect(mine.status).toBe(303);
    const aliceCustomer = await db
      .selectFrom('customers')
      .select('id')
      .where('first_name', '=', 'Mine')
      .executeTakeFirstOrThrow();
    const before = await snapshot(db);
    for (const [path, extra] of [
      ['/customers/bulk/delete', {}],
      ['/customers/bulk/set', { field: 'state', value: 'X' }],
      ['/customers/bulk/export.csv', {}],
      ['/customers/bulk/restore', { in: 'trash' }],
      ['/customers/bulk/delete-forever', { in: 'trash' }],
      ['/customers/bulk/delete-forever', { in: 'trash', confirm: 'yes' }],
    ] as const) {
      for (const htmx of [false, true]) {
        const form = new URLSearchParams({ at: String(clock.now), ...extra });
        form.append('id', String(aliceCustomer.id));
        form.append('id', String(bobCustomer.id));
        if (!htmx) form.set('_csrf', alice.client.csrfToken!);
        const response = await alice.client.request('POST', path, form.toString(), {
          htmx,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        });
        expect(response.status, `${path} htmx=${htmx}`).toBe(404);
        expect(await response.text()).not.toContain('Private');
      }
    }
    expect(await snapshot(db)).toBe(before);
  });

  it("a merge of one's own record with another workspace's: 404, and nothing at all changes", async () => {
    await alice.client.post('/customers', { ...VALID_CUSTOMER, first_name: 'Merger' });
    const aliceCustomer = await db
      .selectFrom('customers')
      .select(['id', 'version'])
      .where('first_name', '=', 'Merger')
      .executeTakeFirstOrThrow();
    const before = await snapshot(db);
    for (const htmx of [false, true]) {
      const page = await alice.client.request(
        'GET',
        `/customers/${aliceCustomer.id}/merge?with=${bobCustomer.id}`,
        undefined,
        { htmx },
      );
      expect(page.status).toBe(404);
      const merged = await alice.client.request(
        'POST',
        `/customers/${aliceCustomer.id}/merge`,
        { with: bobCustomer.id, a_version: aliceCustomer.version, b_version: 1, keep: 'a' },
        { htmx },
      );
      expect(merged.status).toBe(404);
      expect(await merged.text()).not.toContain('Private');
    }
    expect(await snapshot(db)).toBe(before);
  });

  it("the other workspace's customers never appear in the list, search or count", async () => {
    const html = await (await alice.client.get('/customers?q=private')).text();
    expect(html).not.toContain('Private');
    expect(html).not.toContain('private@bob.example');
    const list = await (await alice.client.get('/customers')).text();
    expect(list).not.toContain('Private');
  });
});
