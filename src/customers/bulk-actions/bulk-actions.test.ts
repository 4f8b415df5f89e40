// Acting on many customers at once, as a person does it: select (ticked, the page, all matching),
// delete or set a field, with one Undo; batches, a batch that fails, customers changed by someone
// else since the selection, another workspace's ids, and bad input.
import { describe, expect, it } from 'vitest';
import { html as parse, one, textOf, texts } from '../../testing/html.js';
import { snapshot } from '../../testing/snapshot.js';
import { insertCustomers } from '../bulk.js';
import * as customers from '../queries.js';
import { EMPTY_VALUES } from '../schema.js';
import { follow, memberOf, partial } from '../testing.js';
import { bulkBody, bulkSetup, teammateOf } from './testing.js';
import * as bulk from './queries.js';
import { claimUndo, runUndo } from './undo.js';
import { runNextJob } from '../../jobs/runner.js';
import { JOBS } from '../../jobs/registry.js';

describe('bulk delete and its Undo', () => {
  it('deletes the ticked customers (no JavaScript), with one Undo that brings them all back', async () => {
    const { client, seed, post, live, events, db } = await bulkSetup();
    const [a, b, c] = [await seed(), await seed({ first_name: 'Bo' }), await seed()];
    const response = await post('/customers/bulk/delete', { back: '/customers?q=ada' }, [
      a.id,
      b.id,
    ]);
    expect(response.status).toBe(303);
    const page = await follow(client, response);
    expect(page.url).toBe('/customers?q=ada');
    expect(textOf(one(page.html, '#flash .toast-text'))).toBe('Deleted 2 customers.');
    expect(await live()).toEqual([c.id]);
    expect((await events(a.id)).at(-1)).toMatchObject({ kind: 'deleted' });
    expect(JSON.parse((await events(a.id)).at(-1)!.details!)).toMatchObject({
      bulk: expect.any(Number),
    });

    const undo = one(page.html, '#flash form.toast-action');
    expect(undo.getAttribute('action')).toMatch(/^\/customers\/bulk\/\d+\/undo$/);
    const undone = await client.post(undo.getAttribute('action')!);
    expect(undone.status).toBe(303);
    expect(textOf(one((await follow(client, undone)).html, '#flash .toast-text'))).toBe(
      'Undone: 2 customers back as they were.',
    );
    expect(await live()).toEqual([a.id, b.id, c.id]);
    expect((await events(b.id)).map((e) => e.kind)).toEqual(['created', 'deleted', 'restored']);
    // Undo once: the second is refused, and changes nothing.
    const before = await snapshot(db);
    const again = await client.post(undo.getAttribute('action')!);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already undone');
    expect(await snapshot(db)).toBe(before);
  });

  it('with htmx answers the table without them, the count, and a toast whose Undo reloads the rows', async () => {
    const { seed, post, client } = await bulkSetup();
    const [a, b] = [await seed({ first_name: 'Ann' }), await seed({ first_name: 'Ben' })];
    const response = await post('/customers/bulk/delete', {}, [a.id], true);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(texts(body, 'tr.customer-row th .customer-name bdi')).toEqual(['Ben Lovelace']);
    expect(textOf(partial(body, '#customer-count'))).toBe('1 customer');
    const toast = partial(body, '#flash');
    expect(textOf(one(toast, '.toast-text'))).toBe('Deleted 1 customer.');
    const undo = one(toast, 'form[data-undo]');
    expect(undo.getAttribute('hx-target')).toBe('#customer-rows');
    expect(undo.getAttribute('hx-swap')).toBe('innerHTML');
    const undone = await client.request('POST', undo.getAttribute('hx-post')!, {}, { htmx: true });
    expect(texts(await undone.text(), 'tr.customer-row th .customer-name bdi').sort()).toEqual([
      'Ann Lovelace',
      'Ben Lovelace',
    ]);
    expect(b.id).toBeGreaterThan(a.id);
  });

  it('deletes all on the page, or all matching the search made before the moment', async () => {
    const { db, me, seed, post, live, clock, at } = await bulkSetup();
    const smiths = [await seed({ last_name: 'Smith' }), await seed({ last_name: 'Smithers' })];
    const other = await seed({ last_name: 'Jones' });
    const page = await post('/customers/bulk/delete', { scope: 'page', page: `${other.id}` });
    expect(page.status).toBe(303);
    expect(await live()).toEqual(smiths.map((s) => s.id));
    await seed({ last_name: 'Jones' });
    // Added after the selection was made: not in it.
    const late = await customers.createCustomer(
      db,
      { workspaceId: me.workspaceId, userId: me.userId, now: at + 60_000 },
      { ...EMPTY_VALUES, first_name: 'Late', last_name: 'Smith' },
    );
    clock.now = at + 60_000;
    const all = await post('/customers/bulk/delete', { scope: 'matching', q: 'smi' });
    expect(all.status).toBe(303);
    expect((await live()).includes(late.id)).toBe(true);
    expect((await live()).some((id) => smiths.some((s) => s.id === id))).toBe(false);
    // A search and a filter together: only the customers both find.
    const ohio = await seed({ last_name: 'Jones', state: 'OH' });
    const filtered = await post('/customers/bulk/delete', {
      scope: 'matching',
      q: 'jones',
      state: 'oh',
      at: clock.now,
    });
    expect(filtered.status).toBe(303);
    expect(await live()).not.toContain(ohio.id);
    expect((await live()).length).toBe(2);
  });

  it('leaves alone, and names, a customer someone else changed after the selection', async () => {
    const { db, seed, post, live, clock, at, client, me } = await bulkSetup();
    const teammate = await teammateOf(db, me.workspaceId);
    const [a, b] = [await seed({ first_name: 'Kept' }), await seed({ first_name: 'Gone' })];
    clock.now = at + 1000;
    await customers.updateCustomer(
      db,
      { workspaceId: a.workspace_id, userId: teammate, now: clock.now },
      a.id,
      1,
      { ...EMPTY_VALUES, first_name: 'Kept', last_name: 'Changed' },
    );
    const response = await post('/customers/bulk/delete', {}, [a.id, b.id]);
    const flash = textOf(one((await follow(client, response)).html, '#flash .toast-text'));
    expect(flash).toBe(
      'Deleted 1 customer. Left 1 customer alone: it was changed by someone else after you selected them (Kept Changed).',
    );
    expect(await live()).toContain(a.id);
    expect(await live()).not.toContain(b.id);
  });
});

describe('bulk set a field and its Undo', () => {
  it('sets the state of the selected, searchable at once, and Undo puts back each old value unless changed since', async () => {
    const { db, seed, post, client, stored, events, clock, at, me } = await bulkSetup();
    const a = await seed({ state: 'NY' });
    const b = await seed({ state: 'ny ' });
    const c = await seed({ state: 'CA' });
    const response = await post('/customers/bulk/set', { field: 'state', value: ' New York ' }, [
      a.id,
      b.id,
    ]);
    expect(response.status).toBe(303);
    const page = await follow(client, response);
    expect(textOf(one(page.html, '#flash .toast-text'))).toBe(
      'Set State to “New York” for 2 customers.',
    );
    expect((await stored(a.id))!.state).toBe('New York');
    expect((await stored(b.id))!.version).toBe(2);
    expect((await stored(c.id))!.state).toBe('CA');
    const found = await (await client.get('/customers?q=york')).text();
    expect(texts(found, 'tr.customer-row').length).toBe(2);
    expect(JSON.parse((await events(b.id)).at(-1)!.changes!)).toEqual({
      state: ['ny ', 'New York'],
    });

    // Someone edits b's state after the action: Undo leaves b as it is.
    clock.now = at + 5000;
    await customers.updateCustomer(
      db,
      { workspaceId: b.workspace_id, userId: await teammateOf(db, me.workspaceId), now: clock.now },
      b.id,
      2,
      { ...EMPTY_VALUES, first_name: 'Ada', last_name: 'Lovelace', state: 'NJ' },
    );
    const undo = one(page.html, '#flash form.toast-action').getAttribute('action')!;
    const undone = await follow(client, await client.post(undo));
    expect(textOf(one(undone.html, '#flash .toast-text'))).toBe(
      'Undone: 1 customer back as they were. 1 customer changed since, left as they are.',
    );
    expect((await stored(a.id))!.state).toBe('NY');
    expect((await stored(b.id))!.state).toBe('NJ');
  });

  it('refuses a value that fails the field’s check: 422 with the message, nothing changed', async () => {
    const { db, seed, post } = await bulkSetup();
    const a = await seed();
    const before = await snapshot(db);
    const page = await post('/customers/bulk/set', { field: 'email', value: 'not an email' }, [
      a.id,
    ]);
    expect(page.status).toBe(422);
    const html = await page.text();
    expect(textOf(one(html, '#bulk-value-error'))).toBe(
      'Email: Enter an email address like name@example.com.',
    );
    expect(one(html, 'input[name="value"]').getAttribute('value')).toBe('not an email');
    expect(one(html, 'input[name="id"][type="hidden"]').getAttribute('value')).toBe(String(a.id));
    const fragment = await post(
      '/customers/bulk/set',
      { field: 'first_name', value: '' },
      [a.id],
      true,
    );
    expect(fragment.status).toBe(422);
    expect(await fragment.text()).toContain('First name: Enter a first name.');
    const unknown = await post('/customers/bulk/set', { field: 'workspace_id', value: '2' }, [
      a.id,
    ]);
    expect(unknown.status).toBe(422);
    expect(await snapshot(db)).toBe(before);
  });
});

describe('bad bulk input', () => {
  it('another workspace’s id mixed in: 404, and nothing at all changes', async () => {
    const { app, db, seed, post } = await bulkSetup();
    const mine = await seed();
    const stranger = await memberOf(app, db, 'Sam Stranger');
    const theirs = await seed({ first_name: 'Private' }, stranger);
    const before = await snapshot(db);
    for (const htmx of [false, true]) {
      const response = await post('/customers/bulk/delete', {}, [mine.id, theirs.id], htmx);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('Private');
      const set = await post(
        '/customers/bulk/set',
        { field: 'state', value: 'X' },
        [theirs.id, mine.id],
        htmx,
      );
      expect(set.status).toBe(404);
    }
    expect(await snapshot(db)).toBe(before);
  });

  it('an empty selection, 10,000 ids in one form, a broken moment: clear refusals, nothing changes', async () => {
    const { db, seed, post, client } = await bulkSetup();
    await seed();
    const before = await snapshot(db);
    const empty = await post('/customers/bulk/delete', {});
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Select at least one customer first');
    // 10,000 ids are past the body limit (64 KB): refused before anything is read.
    const huge = await post(
      '/customers/bulk/delete',
      {},
      Array.from({ length: 10_000 }, (_, i) => 1_000_000 + i),
    );
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain('larger than Folio accepts');
    // 1,001 small ids fit in the body, and are refused by count.
    const many = await post(
      '/customers/bulk/delete',
      {},
      Array.from({ length: 1001 }, (_, i) => i + 1),
    );
    expect(many.status).toBe(422);
    const stale = await client.request(
      'POST',
      '/customers/bulk/delete',
      bulkBody(client, { id: 1 }),
      { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
    );
    expect(stale.status).toBe(400);
    const none = await post('/customers/bulk/delete', { scope: 'matching', q: 'zzzz' });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('No customer matches');
    expect(await snapshot(db)).toBe(before);
  });
});

describe('batches', () => {
  it('runs batch by batch; one that fails stops the action, and Undo covers what ran', async () => {
    const { db, seed, me, clock, live, at } = await bulkSetup();
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push((await seed()).id);
    const actor = { workspaceId: me.workspaceId, userId: me.userId, now: clock.now };
    const action = await bulk.startBulkAction(db, actor, { kind: 'delete' }, { ids }, at, 5);
    const now = () => clock.now;
    await expect(
      bulk.runBulkAction(db, action.id, {
        batchSize: 2,
        now,
        beforeBatch: (n) => {
          if (n === 2) throw new Error('disk full');
        },
      }),
    ).rejects.toThrow('disk full');
    const stopped = (await bulk.getBulkAction(db, me.workspaceId, action.id))!;
    expect(stopped).toMatchObject({ status: 'failed', changed: 2, error: 'disk full' });
    expect(await live()).toEqual(ids.slice(2));
    expect(await claimUndo(db, actor, stopped)).toBe(true);
    const undone = await runUndo(db, actor, action.id, { batchSize: 1, now });
    expect(undone.undo_status).toBe('done');
    expect(await live()).toEqual(ids);
  });

  it(
    'past 1,000 customers runs in the background, with a progress page, and Undo too',
    { timeout: 20_000 },
    async () => {
      const { db, me, post, client, live } = await bulkSetup();
      const rows = Array.from({ length: 1001 }, (_, i) => ({
        ...EMPTY_VALUES,
        first_name: `P${i}`,
        last_name: 'Many',
        state: 'OH',
        created_at: new Date(Date.parse('2026-11-01T00:00:00Z') + i).toISOString(),
      }));
      await insertCustomers(db, me.workspaceId, me.userId, rows);
      const response = await post('/customers/bulk/delete', { scope: 'matching', q: 'oh' });
      expect(response.status).toBe(303);
      const url = response.headers.get('Location')!;
      expect(url).toMatch(/^\/customers\/bulk\/\d+$/);
      // The job runner takes it (the server polls it every second; here it is run at once).
      const running = await (await client.get(url)).text();
      expect(textOf(one(running, '#bulk-title'))).toBe('Deleting 1,001 customers…');
      expect(one(running, '#bulk-action').getAttribute('hx-trigger')).toBe('every 1s');
      const finished = async () => {
        while (await runNextJob(db, JOBS, { owner: 'test', batchSize: 300 }));
        return (await client.get(url)).text();
      };
      expect(textOf(one(await finished(), '#bulk-action [role="status"]'))).toBe(
        'Deleted 1,001 customers.',
      );
      expect(await live()).toEqual([]);
      const undo = await client.post(`${url}/undo`);
      expect(undo.headers.get('Location')).toBe(url);
      expect(textOf(parse(await finished()).querySelector('#bulk-action h1')!)).toBe('Undone');
      expect((await live()).length).toBe(1001);
    },
  );

  it.each<Record<string, string>>([{}, { added_after: '2026-11-01' }])(
    'a search of more than 1,000 matches (and filter %j) acts on its matches alone',
    { timeout: 20_000 },
    async (filter) => {
      // "many" (4 letters) past the count's cap: a page walks the sort's index (bounded on PostgreSQL)
      // and the walk's rows are every customer; the action must take the matches, not those rows.
      const { db, me, post, live } = await bulkSetup();
      const at = (i: number) => new Date(Date.parse('2026-11-01T00:00:00Z') + i).toISOString();
      const many = Array.from({ length: 1001 }, (_, i) => ({
        ...EMPTY_VALUES,
        first_name: `P${i}`,
        last_name: 'Many',
        created_at: at(i),
      }));
      const others = Array.from({ length: 5 }, (_, i) => ({
        ...EMPTY_VALUES,
        first_name: `Q${i}`,
        last_name: 'Other',
        created_at: at(2000 + i),
      }));
      // The others first: the lowest ids, which a batch (in id order) reaches first.
      await insertCustomers(db, me.workspaceId, me.userId, [...others, ...many]);
      const kept = (await live()).slice(0, 5);
      const response = await post('/customers/bulk/delete', {
        scope: 'matching',
        q: 'many',
        ...filter,
      });
      expect(response.status, await response.clone().text()).toBe(303);
      const action = await db
        .selectFrom('bulk_actions')
        .select('total')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(Number(action.total)).toBe(1001);
      while (await runNextJob(db, JOBS, { owner: 'test', batchSize: 300 }));
      expect(await live()).toEqual(kept);
    },
  );
});
