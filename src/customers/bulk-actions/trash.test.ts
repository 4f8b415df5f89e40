// Many customers out of the trash at once: Restore (the ticked, the page, or every match of the trash's
// search) with one Undo, and Delete forever for owners after a page that asks; customers changed by
// someone else since the selection are left alone and named; JavaScript on and off.
import { describe, expect, it } from 'vitest';
import { signUp } from '../../testing/harness.js';
import { one, textOf, texts } from '../../testing/html.js';
import { snapshot } from '../../testing/snapshot.js';
import * as customers from '../queries.js';
import { EMPTY_VALUES, type CustomerValues } from '../schema.js';
import { follow, memberOf, partial } from '../testing.js';
import { runNextJob } from '../../jobs/runner.js';
import { JOBS } from '../../jobs/registry.js';
import * as bulk from './queries.js';
import { bulkSetup, teammateOf } from './testing.js';

async function trashBulkSetup() {
  const t = await bulkSetup('Olive Owner');
  const actor = (now = t.at - 60_000) => ({
    workspaceId: t.me.workspaceId,
    userId: t.me.userId,
    now,
  });
  /** A customer of mine, deleted a minute before the selection is made. */
  const deleted = async (values: Partial<CustomerValues> = {}) => {
    const customer = await t.seed(values);
    await customers.deleteCustomer(t.db, actor(), customer.id);
    return customer;
  };
  const inTrash = async () =>
    (
      await t.db
        .selectFrom('customers')
        .select('id')
        .where('workspace_id', '=', t.me.workspaceId)
        .where('deleted_at', 'is not', null)
        .orderBy('id')
        .execute()
    ).map((row) => row.id);
  /** A teammate who is a member (not the owner), through an invite. */
  const member = async () => {
    await t.client.post('/settings/team/invites');
    const link = (await (await t.client.get('/settings/team')).text()).match(
      /invite=([a-z2-7]+)/,
    )![1]!;
    return (await signUp(t.app, { name: 'Mel Member', invite: link })).client;
  };
  return { ...t, deleted, inTrash, member };
}

const trashRows = (html: string) => texts(html, 'tr.trash-row th .customer-name bdi');

describe('restore many from the trash', () => {
  it('restores the ticked customers (no JavaScript) back to the trash’s search, with one Undo', async () => {
    const { client, deleted, post, inTrash, events } = await trashBulkSetup();
    const [a, b, c] = [
      await deleted({ first_name: 'Ann' }),
      await deleted({ first_name: 'Ben' }),
      await deleted({ first_name: 'Cat' }),
    ];
    const response = await post('/customers/bulk/restore', { in: 'trash', q: 'lov' }, [a.id, b.id]);
    expect(response.status).toBe(303);
    const page = await follow(client, response);
    expect(page.url).toBe('/customers/trash?q=lov');
    expect(textOf(one(page.html, '#flash .toast-text'))).toBe('Restored 2 customers.');
    expect(await inTrash()).toEqual([c.id]);
    expect((await events(a.id)).map((e) => e.kind)).toEqual(['created', 'deleted', 'restored']);

    const undo = one(page.html, '#flash form.toast-action').getAttribute('action')!;
    const undone = await client.post(undo);
    expect(undone.status).toBe(303);
    const back = await follow(client, undone);
    expect(back.url).toBe('/customers/trash');
    expect(textOf(one(back.html, '#flash .toast-text'))).toBe(
      'Undone: 2 customers back as they were.',
    );
    expect(await inTrash()).toEqual([a.id, b.id, c.id]);
    expect((await events(b.id)).map((e) => e.kind)).toEqual([
      'created',
      'deleted',
      'restored',
      'deleted',
    ]);
  });

  it('with htmx answers the trash without them, its count and bar, and a toast whose Undo reloads the trash', async () => {
    const { client, deleted, post, inTrash } = await trashBulkSetup();
    const smiths = [
      await deleted({ last_name: 'Smith' }),
      await deleted({ last_name: 'Smithers' }),
    ];
    const jones = await deleted({ last_name: 'Jones' });
    const response = await post(
      '/customers/bulk/restore',
      { in: 'trash', scope: 'matching', q: 'smi' },
      [],
      true,
    );
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(trashRows(body)).toEqual(['Ada Jones']);
    expect(textOf(partial(body, '#trash-count'))).toBe('1 customer in the trash');
    expect(one(partial(body, '#bulk-list'), 'input[name="page"]').getAttribute('value')).toBe(
      String(jones.id),
    );
    const toast = partial(body, '#flash');
    expect(textOf(one(toast, '.toast-text'))).toBe('Restored 2 customers.');
    const undo = one(toast, 'form[data-undo]');
    expect(undo.getAttribute('hx-target')).toBe('#trash-rows');
    expect(await inTrash()).toEqual([jones.id]);
    const undone = await client.request(
      'POST',
      undo.getAttribute('hx-post')!,
      {},
      {
        htmx: true,
        headers: { 'HX-Current-URL': 'http://folio.test/customers/trash' },
      },
    );
    expect(trashRows(await undone.text()).sort()).toEqual([
      'Ada Jones',
      'Ada Smith',
      'Ada Smithers',
    ]);
    expect(await inTrash()).toEqual([...smiths.map((s) => s.id), jones.id]);
  });

  it('leaves alone, and names, a customer someone else restored and deleted again after the selection', async () => {
    const { db, deleted, post, client, me, clock, at, inTrash } = await trashBulkSetup();
    const teammate = await teammateOf(db, me.workspaceId);
    const [a, b] = [await deleted({ first_name: 'Kept' }), await deleted({ first_name: 'Back' })];
    clock.now = at + 1000;
    const theirs = { workspaceId: me.workspaceId, userId: teammate, now: clock.now };
    await customers.restoreCustomer(db, theirs, a.id);
    await customers.deleteCustomer(db, theirs, a.id);
    const response = await post('/customers/bulk/restore', { in: 'trash' }, [a.id, b.id]);
    const flash = textOf(one((await follow(client, response)).html, '#flash .toast-text'));
    expect(flash).toBe(
      'Restored 1 customer. Left 1 customer alone: it was changed by someone else after you selected them (Kept Lovelace).',
    );
    expect(await inTrash()).toEqual([a.id]);
  });

  it('shows a box per row, one for the page, and the bar with Restore; Delete forever for owners only', async () => {
    const { client, deleted, member } = await trashBulkSetup();
    const ada = await deleted();
    const html = await (await client.get('/customers/trash')).text();
    expect(one(html, `#trash-${ada.id} input.select-row`).getAttribute('form')).toBe('bulk');
    expect(one(html, 'input.select-page').getAttribute('aria-label')).toBe(
      'Select all on this page',
    );
    const bar = one(html, 'form#bulk');
    expect(one(bar, 'input[name="in"]').getAttribute('value')).toBe('trash');
    expect(texts(bar, '.bulk-actions button')).toEqual(['Restore', 'Delete forever…']);
    expect(texts(bar, '.bulk-scope label')).toEqual([
      'The ticked customers',
      'All 1 on this page',
      'All 1 in the trash',
    ]);
    const mel = await member();
    const theirs = await (await mel.get('/customers/trash')).text();
    expect(texts(one(theirs, 'form#bulk'), '.bulk-actions button')).toEqual(['Restore']);
  });
});

describe('delete many forever', () => {
  it('asks an owner first (no JavaScript), then deletes them with notes and history; no Undo', async () => {
    const { client, db, deleted, seed, post, me, stored, inTrash } = await trashBulkSetup();
    const [a, b] = [await deleted({ first_name: 'Ann' }), await deleted({ first_name: 'Ben' })];
    const live = await seed({ first_name: 'Live' });
    const before = await snapshot(db);
    const ask = await post('/customers/bulk/delete-forever', { in: 'trash', q: 'a' }, [a.id, b.id]);
    expect(ask.status).toBe(200);
    const page = await ask.text();
    expect(textOf(one(page, 'h1'))).toBe('Delete 2 customers forever?');
    expect(await snapshot(db)).toBe(before);
    const confirm = one(page, 'form.confirm-actions');
    expect(confirm.getAttribute('action')).toBe('/customers/bulk/delete-forever');
    const carried = new URLSearchParams();
    for (const input of confirm.querySelectorAll('input[type="hidden"]'))
      carried.append(input.getAttribute('name')!, input.getAttribute('value') ?? '');
    expect(carried.getAll('id')).toEqual([String(a.id), String(b.id)]);
    expect(carried.get('confirm')).toBe('yes');
    expect(one(confirm, 'a').getAttribute('href')).toBe('/customers/trash?q=a');

    const done = await client.request(
      'POST',
      '/customers/bulk/delete-forever',
      carried.toString(),
      {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      },
    );
    expect(done.status).toBe(303);
    const back = await follow(client, done);
    expect(back.url).toBe('/customers/trash?q=a');
    expect(textOf(one(back.html, '#flash .toast-text'))).toBe('Deleted 2 customers forever.');
    expect(back.html).not.toContain('toast-action');
    expect(await stored(a.id)).toBeUndefined();
    expect(await stored(live.id)).toBeDefined();
    expect(await inTrash()).toEqual([]);
    const events = await db
      .selectFrom('customer_events')
      .select('id')
      .where('customer_id', 'in', [a.id, b.id])
      .execute();
    expect(events).toEqual([]);
    const log = await (await client.get('/settings/team/activity')).text();
    expect(log).toContain('deleted 2 customers forever from the trash');
    // Nothing to undo: the action's page offers none, and its Undo is refused.
    const action = await db
      .selectFrom('bulk_actions')
      .select('id')
      .where('workspace_id', '=', me.workspaceId)
      .where('kind', '=', 'erase')
      .executeTakeFirstOrThrow();
    const undo = await client.post(`/customers/bulk/${action.id}/undo`);
    expect(undo.status).toBe(409);
    expect(await undo.text()).toContain('cannot be undone');
    expect(await (await client.get(`/customers/bulk/${action.id}`)).text()).not.toContain('/undo');
  });

  it('is refused to a member (403, saying why) and with another workspace’s id (404); nothing changes', async () => {
    const { app, db, deleted, member, post, at } = await trashBulkSetup();
    const ada = await deleted();
    const mel = await member();
    const unchanged = await snapshot(db);
    for (const confirm of ['', 'yes']) {
      const form = new URLSearchParams({
        in: 'trash',
        at: String(at),
        confirm,
        id: String(ada.id),
      });
      form.set('_csrf', mel.csrfToken!);
      const refused = await mel.request('POST', '/customers/bulk/delete-forever', form.toString(), {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('Only the team owner can delete customers forever.');
    }
    expect(await snapshot(db)).toBe(unchanged);
    const stranger = await memberOf(app, db, 'Sam Stranger');
    const theirs = await (async () => {
      const c = await customers.createCustomer(
        db,
        { workspaceId: stranger.workspaceId, userId: stranger.userId, now: at - 1000 },
        { ...EMPTY_VALUES, first_name: 'Private' },
      );
      await customers.deleteCustomer(
        db,
        { workspaceId: stranger.workspaceId, userId: stranger.userId, now: at - 500 },
        c.id,
      );
      return c;
    })();
    const before = await snapshot(db);
    for (const path of ['/customers/bulk/delete-forever', '/customers/bulk/restore'])
      for (const confirm of ['', 'yes']) {
        const response = await post(path, { in: 'trash', confirm }, [ada.id, theirs.id]);
        expect(response.status, path).toBe(404);
        expect(await response.text()).not.toContain('Private');
      }
    expect(await snapshot(db)).toBe(before);
  });
});

describe('deleting forever in the background (past 1,000 customers)', () => {
  it('runs in the job runner, batch by batch, then logs how many went', async () => {
    const { db, deleted, me, at, inTrash, clock } = await trashBulkSetup();
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push((await deleted()).id);
    const actor = { workspaceId: me.workspaceId, userId: me.userId, now: clock.now };
    const selection = { trash: { q: '' } };
    const started = await bulk.startBulkAction(db, actor, { kind: 'erase' }, selection, at, 5, {
      background: true,
    });
    while (await runNextJob(db, JOBS, { owner: 'test', batchSize: 2, maxBatch: 2 }));
    const action = await bulk.getBulkAction(db, me.workspaceId, started.id);
    expect(action).toMatchObject({ status: 'done', changed: 5, skipped: 0 });
    expect(await inTrash()).toEqual([]);
    const log = await db
      .selectFrom('activity')
      .select(['action', 'details'])
      .where('workspace_id', '=', me.workspaceId)
      .where('action', '=', 'customers.deleted_forever')
      .execute();
    expect(log.map((row) => JSON.parse(row.details!) as unknown)).toEqual([{ count: 5 }]);
  });
});

describe('a selection of the trash’s search', () => {
  it('is the trash as it was shown: a customer deleted since is neither restored nor erased', async () => {
    const { deleted, seed, post, inTrash, db, me, at } = await trashBulkSetup();
    const shown = await deleted({ last_name: 'Smith' });
    const later = await seed({ last_name: 'Smithson' });
    await customers.deleteCustomer(
      db,
      { workspaceId: me.workspaceId, userId: me.userId, now: at + 1_000 },
      later.id,
    );
    const matching = { in: 'trash', scope: 'matching', q: 'smi' };
    expect((await post('/customers/bulk/restore', matching)).status).toBe(303);
    expect(await inTrash()).toEqual([later.id]);
    await customers.deleteCustomer(
      db,
      { workspaceId: me.workspaceId, userId: me.userId, now: at - 1_000 },
      shown.id,
    );
    const erase = await post('/customers/bulk/delete-forever', { ...matching, confirm: 'yes' });
    expect(erase.status).toBe(303);
    expect(await inTrash()).toEqual([later.id]);
  });

  it('is counted as the search finds, not as the whole trash', async () => {
    const { deleted, client } = await trashBulkSetup();
    await deleted({ last_name: 'Smith' });
    await deleted({ last_name: 'Smithers' });
    await deleted({ last_name: 'Jones' });
    const searched = await (await client.get('/customers/trash?q=smi')).text();
    expect(one(searched, '#bulk-list').getAttribute('data-matching')).toBe(
      'All 2 matching this search',
    );
    const whole = await (await client.get('/customers/trash')).text();
    expect(one(whole, '#bulk-list').getAttribute('data-matching')).toBe('All 3 in the trash');
  });

  it('is the trash’s only: a table search sent to Restore or Delete forever (and the other way) is a 400, and nothing changes', async () => {
    const { deleted, seed, post, db } = await trashBulkSetup();
    await deleted({ last_name: 'Smith' });
    await seed({ last_name: 'Smithson' });
    const before = await snapshot(db);
    const table = { scope: 'matching', q: 'smi' };
    for (const [path, fields] of [
      ['/customers/bulk/restore', table],
      ['/customers/bulk/delete-forever', table],
      ['/customers/bulk/delete-forever', { ...table, confirm: 'yes' }],
      ['/customers/bulk/delete', { ...table, in: 'trash' }],
      ['/customers/bulk/export.csv', { ...table, in: 'trash' }],
    ] as const) {
      const response = await post(path, fields);
      expect(response.status, path).toBe(400);
      expect(await response.text(), path).toMatch(/Only customers (of the table|in the trash)/);
    }
    expect(await snapshot(db)).toBe(before);
  });
});
