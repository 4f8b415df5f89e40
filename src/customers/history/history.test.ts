// A customer's history: every write recorded in its own transaction, read back as the record page's
// timeline (paged), and put back from there as a versioned edit.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { one, texts, textOf } from '../../testing/html.js';
import { browserForm } from '../../testing/browser-form.js';
import { follow, memberOf, setup } from '../testing.js';
import * as queries from '../queries.js';
import { EMPTY_VALUES } from '../schema.js';
import { createNote } from '../notes/queries.js';
import { newestChange, newestChangeBeside, timelinePage } from './queries.js';

const eventsOf = (test: Awaited<ReturnType<typeof setup>>, id: number) =>
  test.db
    .selectFrom('customer_events')
    .select(['id', 'kind', 'changes', 'details', 'actor_id'])
    .where('customer_id', '=', id)
    .orderBy('id')
    .execute();

/** Submits a form of the record page, picked by its action and a hidden field's value. */
async function submit(
  test: Awaited<ReturnType<typeof setup>>,
  html: string,
  action: RegExp,
  pick: (data: Map<string, string>) => boolean = () => true,
) {
  const forms = [...html.matchAll(/<form[\s\S]*?<\/form>/g)].map((m) => m[0]);
  for (const markup of forms) {
    if (!action.test(/action="([^"]*)"/.exec(markup)?.[1] ?? '')) continue;
    const form = browserForm(markup, action);
    const data = new Map(form.data);
    if (pick(data)) return test.client.post(form.action, Object.fromEntries(data));
  }
  throw new Error(`no form for ${String(action)}`);
}

describe('recording', () => {
  it('records created, each changed field with old and new values, deleted and restored, with who', async () => {
    const test = await setup();
    const ada = await test.seed({ city: 'London' });
    await test.client.post(`/customers/${ada.id}`, {
      ...EMPTY_VALUES,
      first_name: 'Ada',
      last_name: 'Lovelace',
      city: 'Paris',
      email: 'ada@example.com',
      version: '1',
    });
    await test.client.post(`/customers/${ada.id}/delete`);
    await test.client.post(`/customers/${ada.id}/restore`);
    const events = await eventsOf(test, ada.id);
    expect(events.map((e) => e.kind)).toEqual(['created', 'changed', 'deleted', 'restored']);
    expect(JSON.parse(events[0]!.changes!)).toEqual({
      first_name: ['', 'Ada'],
      last_name: ['', 'Lovelace'],
      city: ['', 'London'],
    });
    expect(JSON.parse(events[1]!.changes!)).toEqual({
      email: ['', 'ada@example.com'],
      city: ['London', 'Paris'],
    });
    expect(events.every((e) => e.actor_id === test.me.userId)).toBe(true);
  });

  it('a write that fails leaves no history (the event is in the write’s transaction)', async () => {
    const test = await setup();
    const ada = await test.seed();
    const actor = { workspaceId: test.me.workspaceId, userId: test.me.userId, now: test.clock.now };
    // A write whose decision throws after the event would be recorded: nothing of it stays.
    await expect(
      queries.saveCustomerEdit(test.db, actor, ada.id, () => {
        throw new Error('refused midway');
      }),
    ).rejects.toThrow('refused midway');
    // A failing insert inside createCustomer's transaction takes its event with it.
    await test.db.schema
      .createIndex('test_one_lovelace')
      .on('customers')
      .column('last_name')
      .unique()
      .execute();
    await expect(
      queries.createCustomer(test.db, actor, {
        ...EMPTY_VALUES,
        first_name: 'B',
        last_name: 'Lovelace',
      }),
    ).rejects.toThrow();
    const kinds = await test.db.selectFrom('customer_events').select('kind').execute();
    expect(kinds).toEqual([{ kind: 'created' }]);
  });
});

describe('the timeline', () => {
  it('shows notes and changes together, newest first, paged by 20 with a link to older entries', async () => {
    const test = await setup();
    const ada = await test.seed({ city: 'C0' });
    for (let i = 1; i <= 22; i += 1) {
      await test.client.post(`/customers/${ada.id}`, {
        first_name: 'Ada',
        last_name: 'Lovelace',
        city: `C${i}`,
        version: String(i),
      });
    }
    await test.client.post(`/customers/${ada.id}/notes`, { body: 'Newest is a note' });
    const page = await (await test.client.get(`/customers/${ada.id}`)).text();
    const entries = one(page, '#timeline-entries').querySelectorAll('li[data-timeline-entry]');
    expect(entries).toHaveLength(20);
    expect(textOf(one(entries[0]!, '.note-text'))).toBe('Newest is a note');
    expect(textOf(one(entries[1]!, '.change-list'))).toMatch(/City\s*from C21\s*→\s*to C22/);
    const more = one(page, '[data-timeline-more]');
    const older = more.getAttribute('href')!;
    expect(older).toMatch(new RegExp(`^/customers/${ada.id}\\?older=\\d+#timeline$`));
    // With htmx, the next page replaces the link; without, the record page shows it.
    const fragment = await (
      await test.client.get(more.getAttribute('hx-get')!, { htmx: true })
    ).text();
    const rest = texts(fragment, 'li[data-timeline-entry] .timeline-meta');
    expect(rest).toHaveLength(4);
    expect(rest.at(-1)).toContain('added this customer');
    const olderPage = await (await test.client.get(older.replace('#timeline', ''))).text();
    expect(texts(olderPage, '#timeline-entries li[data-timeline-entry]')).toHaveLength(4);
    expect(olderPage).toContain('Back to the newest entries');
  });

  it('knows the newest change from its first page when that page shows it, and reads it otherwise', async () => {
    const test = await setup();
    const actor = { workspaceId: test.me.workspaceId, userId: test.me.userId, now: test.clock.now };
    const ada = await test.seed();
    const bob = await test.seed({ first_name: 'Bob' });
    // What the page says (undefined: it cannot tell), and what the record page then uses, against
    // the query it stands in for.
    const check = async (said: number | null | undefined) => {
      const page = await timelinePage(test.db, actor.workspaceId, ada.id);
      expect(page.newestChange).toBe(said);
      const newest = await newestChange(test.db, ada.id);
      expect(await newestChangeBeside(test.db, ada.id, page)).toBe(newest);
      return newest;
    };
    const [created] = await eventsOf(test, ada.id);
    await check(created!.id);
    // 21 notes: the first page (20, and one more read to see if there are older) holds no change.
    for (let i = 0; i < 21; i += 1) await createNote(test.db, actor, ada.id, `Note ${i}`);
    expect(await check(undefined)).toBe(created!.id);
    await queries.updateCustomer(test.db, actor, ada.id, 1, { ...EMPTY_VALUES, city: 'Paris' });
    const changed = (await eventsOf(test, ada.id)).at(-1)!;
    expect(changed.kind).toBe('changed');
    await check(changed.id);
    // An entry brought over from a merged customer is not one of this customer's changes.
    await test.db
      .insertInto('customer_events')
      .values({
        workspace_id: actor.workspaceId,
        customer_id: ada.id,
        occurred_at: new Date(actor.now).toISOString(),
        actor_id: actor.userId,
        kind: 'changed',
        changes: changed.changes,
        merged_from: bob.id,
      })
      .execute();
    await check(changed.id);
    // The whole story on one page, and no change in it: none, without asking.
    const carl = await test.seed({ first_name: 'Carl' });
    // (An event's changes never change: made so here by hand.)
    await sql`update customer_events set changes = null where customer_id = ${carl.id}`.execute(
      test.db,
    );
    const page = await timelinePage(test.db, actor.workspaceId, carl.id);
    expect(page.newestChange).toBeNull();
    expect(await newestChange(test.db, carl.id)).toBeNull();
    // Older pages cannot tell.
    const older = await timelinePage(test.db, actor.workspaceId, ada.id, changed.id);
    expect(older.newestChange).toBeUndefined();
  });

  it('another workspace’s customer has no timeline here (404), and a bad page is a 400', async () => {
    const test = await setup();
    const stranger = await memberOf(test.app, test.db, 'Eve Stranger');
    const theirs = await test.seed({}, stranger);
    expect(
      (await test.client.get(`/customers/${theirs.id}/timeline?older=99`, { htmx: true })).status,
    ).toBe(404);
    const mine = await test.seed();
    expect((await test.client.get(`/customers/${mine.id}?older=abc`)).status).toBe(400);
  });
});

describe('putting back from history', () => {
  async function changed() {
    const test = await setup();
    const ada = await test.seed({ city: 'London', phone: '555 0100' });
    await test.client.post(`/customers/${ada.id}`, {
      first_name: 'Ada',
      last_name: 'Lovelace',
      city: 'Paris',
      phone: '555 0199',
      version: '1',
    });
    return { test, ada };
  }

  it('one field: its old value, as a new version, recorded with the change it came from', async () => {
    const { test, ada } = await changed();
    const page = await (await test.client.get(`/customers/${ada.id}`)).text();
    const response = await submit(
      test,
      page,
      /\/history\/\d+\/restore$/,
      (d) => d.get('field') === 'city',
    );
    const { html } = await follow(test.client, response);
    expect(html).toContain('London');
    expect(await test.stored(ada.id)).toMatchObject({
      city: 'London',
      phone: '555 0199',
      version: 3,
    });
    const last = (await eventsOf(test, ada.id)).at(-1)!;
    expect(JSON.parse(last.changes!)).toEqual({ city: ['Paris', 'London'] });
    expect(JSON.parse(last.details!)).toMatchObject({ restoredFrom: expect.any(Number) as number });
  });

  it('the whole customer as it was after an earlier change', async () => {
    const { test, ada } = await changed();
    const page = await (await test.client.get(`/customers/${ada.id}`)).text();
    const response = await submit(
      test,
      page,
      /\/history\/\d+\/restore$/,
      (d) => d.get('whole') === '1',
    );
    expect(response.status).toBe(303);
    expect(await test.stored(ada.id)).toMatchObject({
      city: 'London',
      phone: '555 0100',
      version: 3,
    });
  });

  it('every "Restore this version" form of a page starts from the customer as shown', async () => {
    const { test, ada } = await changed();
    await test.client.post(`/customers/${ada.id}`, {
      first_name: 'Ada',
      last_name: 'Lovelace',
      city: 'Rome & "Naples"',
      phone: '555 0199',
      version: '2',
    });
    const page = await (await test.client.get(`/customers/${ada.id}`)).text();
    const forms = [...page.matchAll(/<form[^>]*class="restore-version"[\s\S]*?<\/form>/g)].map(
      (match) => new Map(browserForm(match[0], /\/restore$/).data),
    );
    // Created, then two changes: all but the newest offer their version.
    expect(forms).toHaveLength(2);
    for (const data of forms)
      expect(Object.fromEntries(data)).toMatchObject({
        whole: '1',
        version: '3',
        base_city: 'Rome & "Naples"',
        base_phone: '555 0199',
        base_first_name: 'Ada',
      });
    // Newest first: the first form is the version after the first change.
    const response = await submit(
      test,
      page,
      /\/history\/\d+\/restore$/,
      (data) => data.get('whole') === '1',
    );
    expect(response.status).toBe(303);
    expect(await test.stored(ada.id)).toMatchObject({ city: 'Paris', version: 4 });
  });

  it('a field someone changed since the page was shown: a 409 conflict, nothing written', async () => {
    const { test, ada } = await changed();
    const page = await (await test.client.get(`/customers/${ada.id}`)).text();
    await test.client.post(`/customers/${ada.id}`, {
      first_name: 'Ada',
      last_name: 'Lovelace',
      city: 'Rome',
      phone: '555 0199',
      version: '2',
    });
    const response = await submit(
      test,
      page,
      /\/history\/\d+\/restore$/,
      (d) => d.get('field') === 'city',
    );
    expect(response.status).toBe(409);
    expect(await test.stored(ada.id)).toMatchObject({ city: 'Rome', version: 3 });
  });

  it('a value today’s rules refuse: 422 with the message, nothing written', async () => {
    const test = await setup();
    const ada = await test.seed({ email: 'ada@example.com' });
    // Stored before today's rules: an address without a dot in its domain.
    const actor = { workspaceId: test.me.workspaceId, userId: test.me.userId, now: test.clock.now };
    await queries.updateCustomer(test.db, actor, ada.id, 1, {
      ...EMPTY_VALUES,
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@localhost',
    });
    await queries.updateCustomer(test.db, actor, ada.id, 2, {
      ...EMPTY_VALUES,
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.org',
    });
    const page = await (await test.client.get(`/customers/${ada.id}`)).text();
    const response = await submit(
      test,
      page,
      /\/history\/\d+\/restore$/,
      (d) => d.get('field') === 'email' && d.get('base_email') === 'ada@example.org',
    );
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('Enter an email address like name@example.com.');
    expect(await test.stored(ada.id)).toMatchObject({ email: 'ada@example.org', version: 3 });
  });

  it('an event of another customer or workspace: 404, nothing written', async () => {
    const { test, ada } = await changed();
    const bob = await test.seed({ first_name: 'Bob' });
    const [event] = await eventsOf(test, ada.id);
    const response = await test.client.post(`/customers/${bob.id}/history/${event!.id}/restore`, {
      field: 'city',
      version: '1',
    });
    expect(response.status).toBe(404);
    expect(await test.stored(bob.id)).toMatchObject({ version: 1 });
  });
});
