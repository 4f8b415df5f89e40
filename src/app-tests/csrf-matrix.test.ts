// Every unsafe route, refused four ways (no token, a wrong token, another session's token, another
// origin) with 403 and nothing written; the same request with the right token goes through.
import { describe, expect, it } from 'vitest';
import { createTestApp, signIn, signUp, TestClient } from '../testing/harness.js';
import { registeredRoutes, snapshot } from '../testing/snapshot.js';
import * as customers from '../customers/queries.js';
import { EMPTY_VALUES } from '../customers/schema.js';
import { sessionRef } from '../auth/devices.js';
import { sessionIdOf } from '../auth/sessions.js';
import { upload, uploaded } from '../customers/import/testing.js';

describe('CSRF on every unsafe route', async () => {
  const { app, db, clock } = await createTestApp();
  const me = await signUp(app, { name: 'Csrf Owner' });
  const other = await signUp(app, { name: 'Other Person' });
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', me.email.toLowerCase())
    .executeTakeFirstOrThrow();
  const actor = { workspaceId: user.workspace_id, userId: user.id, now: clock.now };
  const customer = await customers.createCustomer(db, actor, {
    ...EMPTY_VALUES,
    first_name: 'Ada',
    last_name: 'Lovelace',
  });
  await me.client.post('/settings/team/invites');
  const invite = await db
    .selectFrom('invites')
    .select('id')
    .where('workspace_id', '=', user.workspace_id)
    .executeTakeFirstOrThrow();

  // My session on another device, for the sessions routes.
  const elsewhere = new TestClient(app, '192.0.2.200');
  await signIn(elsewhere, me.email, me.password);
  const elsewhereRef = sessionRef(sessionIdOf(elsewhere.sessionToken!));

  const myImport = await uploaded(me.client, 'First Name,Last Name\nAda,Lovelace\n');

  const unsafe = registeredRoutes(app).filter((route) => route.method !== 'GET');
  const idFor = (path: string) =>
    path.startsWith('/settings/team/invites')
      ? invite.id
      : path.startsWith('/settings/team/members')
        ? user.id
        : path.startsWith('/settings/account/sessions')
          ? elsewhereRef
          : path.startsWith('/customers/import')
            ? myImport
            : customer.id;
  const urlFor = (path: string) => path.replace(':id', String(idFor(path)));
  const form = {
    ...EMPTY_VALUES,
    first_name: 'Changed',
    last_name: 'Name',
    version: '1',
    email: me.email,
    password: me.password,
    current_password: me.password,
    password_confirm: me.password,
    name: 'X',
    // A bulk action's selection and value (customers/bulk-actions/).
    at: clock.now,
    id: customer.id,
    field: 'state',
    value: 'X',
  };

  it('finds the unsafe routes', () => {
    expect(unsafe.length).toBeGreaterThanOrEqual(10);
    expect(unsafe.map((route) => route.path)).toEqual(
      expect.arrayContaining([
        '/reset-password',
        '/settings/account/name',
        '/settings/account/delete',
        '/settings/team/name',
        '/settings/team/members/:id/reset',
        '/settings/team/members/:id/transfer',
        '/settings/team/leave',
        '/settings/team/delete',
        '/customers/:id/delete-forever',
        '/customers/import',
        '/customers/import/:id',
        '/customers/import/:id/revert',
        '/customers/bulk/delete',
        '/customers/bulk/set',
        '/customers/bulk/export.csv',
        '/customers/bulk/restore',
        '/customers/bulk/delete-forever',
        '/customers/bulk/:id/undo',
        '/customers/:id/merge',
        '/customers/merges/:id/undo',
      ]),
    );
  });

  describe.each(unsafe)('$method $path', ({ method, path }) => {
    const url = urlFor(path);
    const refusals: [string, (client: TestClient) => Promise<Response>][] = [
      ['no token', (client) => client.request(method, url, form, { noCsrf: true })],
      [
        'a wrong token',
        (client) => client.request(method, url, { ...form, _csrf: 'A'.repeat(43) }),
      ],
      [
        "another session's token",
        (client) => client.request(method, url, { ...form, _csrf: other.client.csrfToken! }),
      ],
      [
        'another origin',
        (client) =>
          client.request(method, url, form, { headers: { Origin: 'https://evil.example' } }),
      ],
      [
        'a cross-site fetch',
        (client) =>
          client.request(method, url, form, { headers: { 'Sec-Fetch-Site': 'cross-site' } }),
      ],
      [
        'a wrong htmx header',
        (client) =>
          client.request(method, url, form, { htmx: true, headers: { 'X-CSRF-Token': 'nope' } }),
      ],
      [
        'a planted token cookie with a token to match it',
        async (client) => {
          const own = client.cookies.get('folio_csrf')!;
          const planted = 'P'.repeat(43);
          client.cookies.set('folio_csrf', planted);
          try {
            return await client.request(method, url, { ...form, _csrf: planted });
          } finally {
            client.cookies.set('folio_csrf', own);
          }
        },
      ],
    ];
    it.each(refusals)('refuses %s with 403 and writes nothing', async (_label, send) => {
      const before = await snapshot(db);
      const response = await send(me.client);
      expect(response.status).toBe(403);
      expect(await snapshot(db)).toBe(before);
    });
  });

  it('Delete forever of a customer in the trash needs the token: refused without, done with it', async () => {
    const doomed = await customers.createCustomer(db, actor, {
      ...EMPTY_VALUES,
      first_name: 'Doomed',
      last_name: 'Customer',
    });
    await customers.deleteCustomer(db, actor, doomed.id);
    const url = `/customers/${doomed.id}/delete-forever`;
    const before = await snapshot(db);
    for (const send of [
      () => me.client.request('POST', url, {}, { noCsrf: true }),
      () => me.client.request('POST', url, { _csrf: other.client.csrfToken! }),
      () => me.client.request('POST', url, {}, { headers: { Origin: 'https://evil.example' } }),
    ]) {
      expect((await send()).status).toBe(403);
      expect(await snapshot(db)).toBe(before);
    }
    expect((await me.client.post(url)).status).toBe(303);
    expect(await snapshot(db)).not.toBe(before);
  });

  it('a file upload takes its token from the address only (its body is never read for one)', async () => {
    const before = await snapshot(db);
    const file = 'First Name,Last Name\nMallory,Upload\n';
    expect((await upload(me.client, file, 'x.csv', other.client.csrfToken)).status).toBe(403);
    expect((await upload(me.client, file, 'x.csv', 'A'.repeat(43))).status).toBe(403);
    expect(await snapshot(db)).toBe(before);
    expect((await upload(me.client, file)).status).toBe(303);
  });

  it('accepts the same requests with the right token (not 403)', async () => {
    // Run last and in an order that keeps the session alive: sign-out at the very end.
    const ordered = [...unsafe].sort(
      (a, b) => Number(a.path === '/logout') - Number(b.path === '/logout'),
    );
    for (const { method, path } of ordered) {
      const fresh = path === '/login' || path === '/register' ? new TestClient(app) : me.client;
      const response = await fresh.request(method, urlFor(path), form);
      expect(response.status, `${method} ${path}`).not.toBe(403);
    }
  });
});
