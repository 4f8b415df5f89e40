// The trash as a person uses it: the page and its states, search, pages, Restore with and without
// JavaScript, and Delete forever for owners only.
import { describe, expect, it } from 'vitest';
import { signUp } from '../../testing/harness.js';
import { html as parse, one, textOf, texts } from '../../testing/html.js';
import type { DB } from '../../db/database.js';
import { insertCustomers } from '../bulk.js';
import * as customers from '../queries.js';
import { EMPTY_VALUES, type CustomerValues } from '../schema.js';
import { follow, partial, setup } from '../testing.js';

const DAY = 24 * 60 * 60 * 1000;

async function trashSetup() {
  const t = await setup('Olive Owner');
  /** A customer of mine, deleted by me `ago` ms before now. */
  const deleted = async (values: Partial<CustomerValues> = {}, ago = 60_000) => {
    const customer = await t.seed(values);
    await customers.deleteCustomer(
      t.db,
      { workspaceId: t.me.workspaceId, userId: t.me.userId, now: t.clock.now - ago },
      customer.id,
    );
    return customer;
  };
  /** A teammate who is a member (not the owner), through an invite. */
  const member = async () => {
    await t.client.post('/settings/team/invites');
    const link = (await (await t.client.get('/settings/team')).text()).match(
      /invite=([a-z2-7]+)/,
    )![1]!;
    return (await signUp(t.app, { name: 'Mel Member', invite: link })).client;
  };
  const trashRows = (html: string) => texts(html, '#trash-rows tr.trash-row th .customer-name bdi');
  return { ...t, deleted, member, trashRows };
}

const eventKinds = async (db: DB, customerId: number) =>
  (
    await db
      .selectFrom('customer_events')
      .select('kind')
      .where('customer_id', '=', customerId)
      .orderBy('id')
      .execute()
  ).map((row) => row.kind);

describe('GET /customers/trash', () => {
  it('lists deleted customers newest deletion first, with email, who deleted them and when', async () => {
    const { client, clock, seed, deleted, trashRows } = await trashSetup();
    await seed({ first_name: 'Still', last_name: 'Here' });
    await deleted({ first_name: 'Older', last_name: 'One', email: 'older@example.com' }, 2 * DAY);
    const newer = await deleted({ first_name: 'Newer', last_name: 'One' }, 60_000);
    await deleted({ first_name: 'Long', last_name: 'Gone' }, 31 * DAY);
    const response = await client.get('/customers/trash');
    expect(response.status).toBe(200);
    expect(response.headers.get('Vary')).toContain('HX-Request');
    const html = await response.text();
    const page = parse(html);
    expect(textOf(one(page, 'title'))).toBe('Trash · Folio');
    expect(trashRows(html)).toEqual(['Newer One', 'Older One']);
    expect(textOf(one(page, '#trash-count'))).toBe('2 customers in the trash');
    const row = one(page, `#trash-${newer.id}`);
    expect(textOf(one(row, '.col-deleted'))).toBe(
      'Deleted by Olive Owner, 1 minute ago (Nov 24, 2026, 11:59 AM UTC)',
    );
    expect(one(row, '.col-deleted time').getAttribute('datetime')).toBe(
      new Date(clock.now - 60_000).toISOString(),
    );
    expect(textOf(one(page, '#trash-rows tr:nth-child(2) .col-email'))).toBe('older@example.com');
    expect(textOf(one(row, '.col-kept'))).toBe('Kept until Dec 24, 2026');
    expect(one(row, 'form[action$="/restore"] input[name="to"]').getAttribute('value')).toBe(
      'trash',
    );
    expect(one(row, `a[href="/customers/${newer.id}/delete-forever"]`).text).toBe('Delete forever');
    expect(html).not.toContain('Still Here');
    expect(html).not.toContain('Long Gone');
  });

  it('says so when the trash is empty, with a way back', async () => {
    const { client } = await trashSetup();
    const page = parse(await (await client.get('/customers/trash')).text());
    expect(textOf(one(page, '.empty-state h2'))).toBe('The trash is empty');
    expect(one(page, '.empty-state a[href="/customers"]').text).toBe('Back to customers');
    expect(textOf(one(page, '#trash-count'))).toBe('0 customers in the trash');
  });

  it('searches by the start of a name or email, ignoring case and accents, and says when nothing matches', async () => {
    const { client, deleted, trashRows } = await trashSetup();
    await deleted({ first_name: 'Élodie', last_name: 'Martin', email: 'em@example.com' });
    await deleted({ first_name: 'Bob', last_name: 'Stone', email: 'bob@example.com' });
    const search = async (q: string) =>
      trashRows(await (await client.get(`/customers/trash?q=${encodeURIComponent(q)}`)).text());
    expect(await search('ÉLO')).toEqual(['Élodie Martin']);
    expect(await search('martin')).toEqual(['Élodie Martin']);
    expect(await search('BOB@')).toEqual(['Bob Stone']);
    const none = await (await client.get('/customers/trash?q=zzz')).text();
    expect(trashRows(none)).toEqual([]);
    expect(textOf(one(none, '.empty-state h2'))).toBe('No deleted customers match “zzz”');
    expect(one(none, '#trash-q').getAttribute('value')).toBe('zzz');
  });

  it('answers htmx with the rows, count and pager only (search as you type)', async () => {
    const { client, deleted, trashRows } = await trashSetup();
    await deleted({ first_name: 'Élodie', last_name: 'Martin' });
    await deleted({ first_name: 'Bob', last_name: 'Stone' });
    const response = await client.get('/customers/trash?q=elo', { htmx: true });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain('<html');
    expect(trashRows(`<table><tbody id="trash-rows">${html}</tbody></table>`)).toEqual([
      'Élodie Martin',
    ]);
    expect(textOf(partial(html, '#trash-count'))).toBe('2 customers in the trash');
    expect(partial(html, '#trash-pager').querySelector('nav')?.getAttribute('hidden')).toBe('');
  });

  it('pages 50 at a time by cursor, keeping the search', async () => {
    const { client, db, me, clock, trashRows } = await trashSetup();
    const at = new Date(clock.now - 40 * DAY).toISOString();
    await insertCustomers(
      db,
      me.workspaceId,
      me.userId,
      Array.from({ length: 52 }, (_, i) => ({
        ...EMPTY_VALUES,
        first_name: `Sam${String(i).padStart(2, '0')}`,
        last_name: 'Paged',
        created_at: at,
      })),
    );
    const rows = await db.selectFrom('customers').select('id').orderBy('id').execute();
    for (const [i, row] of rows.entries())
      await db
        .updateTable('customers')
        .set({
          deleted_at: new Date(clock.now - (i + 1) * 60_000).toISOString(),
          deleted_by: me.userId,
        })
        .where('id', '=', row.id)
        .execute();
    const first = await (await client.get('/customers/trash?q=sam')).text();
    expect(trashRows(first)).toHaveLength(50);
    const next = one(first, '#trash-pager a[rel="next"]').getAttribute('href')!;
    expect(next).toMatch(/^\/customers\/trash\?q=sam&after=[\w-]+&page=2$/);
    const second = await (await client.get(next)).text();
    expect(trashRows(second)).toEqual(['Sam50 Paged', 'Sam51 Paged']);
    expect(textOf(one(second, '.pager-position'))).toBe('Page 2');
    expect(one(second, '#trash-pager a[rel="prev"]').getAttribute('href')).toBe(
      '/customers/trash?q=sam',
    );
    expect((await client.get('/customers/trash?after=broken!')).status).toBe(400);
  });

  it('is linked from the customer table, and the keyboard map lists T', async () => {
    const { client } = await trashSetup();
    const page = parse(await (await client.get('/customers')).text());
    const link = one(page, '.customers-header a[data-action="trash"]');
    expect(link.getAttribute('href')).toBe('/customers/trash');
    expect(textOf(link)).toBe('Trash T');
    expect(texts(page, '#keyboard-map .shortcut dd')).toContain(
      'Open the trash (deleted customers)',
    );
  });
});

describe('Restore from the trash', () => {
  it('without JavaScript: back to the trash (and its search) with a flash, the customer live again', async () => {
    const { client, db, stored, deleted, trashRows } = await trashSetup();
    const ada = await deleted({ first_name: 'Ada', last_name: 'Lovelace' });
    const response = await client.post(`/customers/${ada.id}/restore`, { to: 'trash', q: 'ada' });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/customers/trash?q=ada');
    const { html } = await follow(client, response);
    expect(textOf(one(html, '#flash .toast-text'))).toBe(
      'Restored Ada Lovelace. They are back in your customers.',
    );
    expect(trashRows(html)).toEqual([]);
    expect((await stored(ada.id))?.deleted_at).toBeNull();
    expect(await eventKinds(db, ada.id)).toEqual(['created', 'deleted', 'restored']);
  });

  it('with htmx: the row leaves with a toast and the new count', async () => {
    const { client, stored, deleted } = await trashSetup();
    const ada = await deleted({ first_name: 'Ada', last_name: 'Lovelace' });
    await deleted({ first_name: 'Bob', last_name: 'Stone' });
    const response = await client.post(
      `/customers/${ada.id}/restore`,
      { to: 'trash' },
      { htmx: true },
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    // Its place stays, hidden and empty (so app.js knows where focus goes next).
    const place = one(`<table><tbody>${html}</tbody></table>`, `tr#trash-${ada.id}`);
    expect(place.getAttribute('hidden')).toBe('');
    expect(place.innerHTML).toBe('');
    expect(textOf(partial(html, '#trash-count'))).toBe('1 customer in the trash');
    expect(textOf(one(partial(html, '#flash'), '.toast-text'))).toBe(
      'Restored Ada Lovelace. They are back in your customers.',
    );
    expect((await stored(ada.id))?.deleted_at).toBeNull();
  });

  it('of a customer gone meanwhile: 404, the row taken away with a toast (htmx), the 404 page without', async () => {
    const { client } = await trashSetup();
    const htmx = await client.post('/customers/999999/restore', { to: 'trash' }, { htmx: true });
    expect(htmx.status).toBe(404);
    expect(textOf(one(partial(await htmx.text(), '#flash'), '.toast-text'))).toMatch(
      /no longer in the trash/,
    );
    expect((await client.post('/customers/999999/restore', { to: 'trash' })).status).toBe(404);
  });
});

describe('Delete forever', () => {
  it('asks an owner first, then removes the customer with its notes and history', async () => {
    const { client, db, me, clock, stored, deleted } = await trashSetup();
    const ada = await deleted({ first_name: 'Ada', last_name: 'Lovelace' });
    const at = new Date(clock.now).toISOString();
    await db
      .insertInto('customer_notes')
      .values({
        workspace_id: me.workspaceId,
        customer_id: ada.id,
        author_id: me.userId,
        body: 'Prefers email.',
        created_at: at,
        updated_at: at,
      })
      .execute();
    const confirm = await client.get(`/customers/${ada.id}/delete-forever`);
    expect(confirm.status).toBe(200);
    const page = parse(await confirm.text());
    expect(textOf(one(page, 'h1'))).toBe('Delete Ada Lovelace forever?');
    const form = one(page, `form[action="/customers/${ada.id}/delete-forever"]`);
    expect(form.getAttribute('method')).toBe('post');
    expect(one(form, 'input[name="_csrf"]').getAttribute('value')).toBeTruthy();
    expect(one(form, 'a[href="/customers/trash"]').text).toBe('Cancel');

    const response = await client.post(`/customers/${ada.id}/delete-forever`);
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/customers/trash');
    const { html } = await follow(client, response);
    expect(textOf(one(html, '#flash .toast-text'))).toBe('Deleted Ada Lovelace forever.');
    expect(await stored(ada.id)).toBeUndefined();
    expect(await eventKinds(db, ada.id)).toEqual([]);
    const notes = await db.selectFrom('customer_notes').select('id').execute();
    expect(notes).toEqual([]);
    expect((await client.get(`/customers/${ada.id}`)).status).toBe(404);
    const log = await (await client.get('/settings/team/activity')).text();
    expect(texts(log, 'td')).toContain(
      'deleted the customer “Ada Lovelace” forever, with their notes and history',
    );
  });

  it('is refused to a member (403, saying why), who sees no Delete forever button', async () => {
    const { stored, deleted, member } = await trashSetup();
    const ada = await deleted();
    const mel = await member();
    const trashPage = await (await mel.get('/customers/trash')).text();
    expect(trashPage).toContain(`trash-${ada.id}`);
    expect(trashPage).not.toContain('delete-forever');
    for (const response of [
      await mel.get(`/customers/${ada.id}/delete-forever`),
      await mel.post(`/customers/${ada.id}/delete-forever`),
    ]) {
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('Only the team owner can delete customers forever.');
    }
    expect(await stored(ada.id)).toBeDefined();
  });

  it('of a live customer is 409 (it exists, but is not in the trash), and deletes nothing', async () => {
    const { client, seed, stored } = await trashSetup();
    const ada = await seed();
    for (const response of [
      await client.get(`/customers/${ada.id}/delete-forever`),
      await client.post(`/customers/${ada.id}/delete-forever`),
    ]) {
      expect(response.status).toBe(409);
      const html = await response.text();
      expect(html).toContain('Ada Lovelace is not in the trash');
      expect(html).toContain('Only a deleted customer can be deleted forever.');
    }
    expect((await stored(ada.id))?.deleted_at).toBeNull();
    expect((await client.get('/customers/999999/delete-forever')).status).toBe(404);
  });
});
