// The customer book with htmx: every URL answers the fragment it changes, with the count and a toast beside it.
import { describe, expect, it } from 'vitest';
import { input, memberOf, partial, setup } from './testing.js';

const htmx = { htmx: true };

function isFragment(html: string) {
  return !html.includes('<!doctype html>') && !html.includes('<body');
}

describe('reading with htmx', () => {
  it('GET /customers answers the rows alone', async () => {
    const { client, seed } = await setup();
    const ada = await seed();
    const response = await client.get('/customers', htmx);
    expect(response.status).toBe(200);
    expect(response.headers.get('Vary')).toContain('HX-Request');
    const html = await response.text();
    expect(isFragment(html)).toBe(true);
    expect(html.startsWith(`<tr id="customer-${ada.id}" class="customer-row"`)).toBe(true);
    expect(html).toContain('<tr class="empty-row">');
  });

  it('GET /customers/:id answers the display row (Escape puts it back as it was)', async () => {
    const { client, seed } = await setup();
    const ada = await seed({ city: 'London' });
    const html = await (await client.get(`/customers/${ada.id}`, htmx)).text();
    expect(isFragment(html)).toBe(true);
    expect(html).toMatch(
      new RegExp(`^<tr id="customer-${ada.id}" class="customer-row" tabindex="-1"`),
    );
    expect(html).toContain('<bdi>London</bdi>');
    // Each action swaps its own row: the target and swap are inherited from the table body.
    expect(html).toContain(`hx-get="/customers/${ada.id}/edit" data-action="edit"`);
    expect(html).toContain(`hx-delete="/customers/${ada.id}" data-action="delete"`);
    const page = await (await client.get('/customers')).text();
    expect(page).toContain(
      '<tbody id="customer-rows" hx-target:inherited="closest tr" hx-swap:inherited="outerHTML">',
    );
  });

  it('GET /customers/new answers an editable row that posts with htmx and focuses the first field', async () => {
    const { client } = await setup();
    const response = await client.get('/customers/new', htmx);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(isFragment(html)).toBe(true);
    expect(html).toMatch(
      /^<tr id="customer-new" class="customer-row customer-editing customer-new"/,
    );
    expect(html).toContain('<form class="row-editor" method="post" action="/customers" novalidate');
    expect(html).toContain('hx-post="/customers" hx-target="closest tr" hx-swap="outerHTML"');
    expect(input(html, 'first_name')).toContain('id="customer-new-first_name"');
    expect(input(html, 'first_name')).toContain('autofocus');
    expect(html).toContain('data-action="cancel-new"');
    expect(html).not.toContain('name="version"');
  });

  it('GET /customers/:id/edit answers the row as a form that PUTs the version it edits', async () => {
    const { client, seed } = await setup();
    const ada = await seed({ email: 'ada@example.com' });
    const html = await (await client.get(`/customers/${ada.id}/edit`, htmx)).text();
    expect(isFragment(html)).toBe(true);
    expect(html).toMatch(
      new RegExp(`^<tr id="customer-${ada.id}" class="customer-row customer-editing"`),
    );
    expect(html).toContain(
      `hx-put="/customers/${ada.id}" hx-target="closest tr" hx-swap="outerHTML"`,
    );
    expect(input(html, 'version')).toContain('value="1"');
    expect(input(html, 'email')).toContain('value="ada@example.com"');
    expect(input(html, 'email')).toContain(`id="customer-${ada.id}-email"`);
    expect(input(html, 'first_name')).toContain('autofocus');
    expect(html).toContain(
      `<a class="button button-small" href="/customers/${ada.id}" hx-get="/customers/${ada.id}" hx-target="closest tr" hx-swap="outerHTML" data-action="cancel">Cancel</a>`,
    );
  });

  it('GET /customers/:id/delete answers the confirm panel alone', async () => {
    const { client, seed } = await setup();
    const ada = await seed();
    const html = await (await client.get(`/customers/${ada.id}/delete`, htmx)).text();
    expect(isFragment(html)).toBe(true);
    expect(html).toContain(`<form method="post" action="/customers/${ada.id}/delete">`);
  });
});

describe('writing with htmx', () => {
  it('POST /customers answers 201 with the new row, the new count and a toast', async () => {
    const { client, seed, all } = await setup();
    await seed();
    const response = await client.post(
      '/customers',
      { first_name: 'Grace', last_name: 'Hopper', city: 'Arlington' },
      htmx,
    );
    expect(response.status).toBe(201);
    const html = await response.text();
    const created = (await all()).at(-1)!;
    expect(created).toMatchObject({ first_name: 'Grace', city: 'Arlington', version: 1 });
    expect(html).toMatch(new RegExp(`^<tr id="customer-${created.id}" class="customer-row"`));
    expect(partial(html, '#customer-count')).toBe(
      '<p id="customer-count" class="customer-count">2 customers</p>',
    );
    expect(partial(html, '#flash')).toContain(
      '<span class="toast-text">Added Grace Hopper.</span>',
    );
    expect(response.headers.get('Set-Cookie') ?? '').not.toMatch(/folio_flash=[^;]/);
  });

  it('POST /customers with bad input answers 422 with the row still editable, values and messages kept', async () => {
    const { client, all } = await setup();
    const response = await client.post(
      '/customers',
      { first_name: 'Grace', last_name: '', phone: 'abc' },
      htmx,
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toMatch(
      /^<tr id="customer-new" class="customer-row customer-editing customer-new"/,
    );
    expect(html).toContain(
      '<p class="field-error" id="customer-new-last_name-error">Enter a last name.</p>',
    );
    expect(html).toContain(
      '<p class="field-error" id="customer-new-phone-error">Use digits and + ( ) - . or spaces, then an extension like “ext 12” if there is one.</p>',
    );
    expect(input(html, 'last_name')).toContain('autofocus');
    expect(input(html, 'last_name')).toContain('aria-invalid="true"');
    expect(input(html, 'first_name')).toContain('value="Grace"');
    expect(input(html, 'first_name')).not.toContain('autofocus');
    expect(input(html, 'phone')).toContain('value="abc"');
    expect(await all()).toHaveLength(0);
  });

  it('PUT /customers/:id answers the saved display row and a toast', async () => {
    const { client, seed, stored } = await setup();
    const ada = await seed();
    const response = await client.request(
      'PUT',
      `/customers/${ada.id}`,
      { version: 1, first_name: 'Ada', last_name: 'King', state: 'Surrey' },
      htmx,
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(
      new RegExp(`^<tr id="customer-${ada.id}" class="customer-row" tabindex="-1"`),
    );
    expect(html).toContain('<bdi>Ada King</bdi>');
    expect(html).toContain('<bdi>Surrey</bdi>');
    expect(partial(html, '#flash')).toContain('Saved Ada King.');
    expect(await stored(ada.id)).toMatchObject({ last_name: 'King', state: 'Surrey', version: 2 });
  });

  it('PUT with bad input answers 422 and keeps the row in edit mode, nothing written', async () => {
    const { client, seed, stored } = await setup();
    const ada = await seed();
    const response = await client.request(
      'PUT',
      `/customers/${ada.id}`,
      { version: 1, first_name: '', last_name: 'King' },
      htmx,
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toMatch(
      new RegExp(`^<tr id="customer-${ada.id}" class="customer-row customer-editing"`),
    );
    expect(html).toContain(
      `<p class="field-error" id="customer-${ada.id}-first_name-error">Enter a first name.</p>`,
    );
    expect(input(html, 'last_name')).toContain('value="King"');
    expect((await stored(ada.id))?.last_name).toBe('Lovelace');
  });

  it('PATCH changes only the fields it sends', async () => {
    const { client, seed, stored } = await setup();
    const ada = await seed({ city: 'London', email: 'ada@example.com' });
    const response = await client.request(
      'PATCH',
      `/customers/${ada.id}`,
      { version: 1, city: 'Paris' },
      htmx,
    );
    expect(response.status).toBe(200);
    expect(await stored(ada.id)).toMatchObject({
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      city: 'Paris',
      version: 2,
    });
  });

  it('a stale PUT that touched the same field answers 409 in the row: a choice for that field only', async () => {
    const { client, seed, stored } = await setup();
    const ada = await seed({ city: 'London' });
    const base = { base_first_name: 'Ada', base_last_name: 'Lovelace', base_city: 'London' };
    await client.request(
      'PUT',
      `/customers/${ada.id}`,
      { version: 1, ...base, first_name: 'Ada', last_name: 'Lovelace', city: 'Paris' },
      htmx,
    );
    const response = await client.request(
      'PUT',
      `/customers/${ada.id}`,
      { version: 1, ...base, first_name: 'Ada', last_name: 'King', city: 'Rome' },
      htmx,
    );
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toMatch(
      new RegExp(`^<tr id="customer-${ada.id}" class="customer-row customer-editing has-conflict"`),
    );
    expect(html).toContain('<div class="conflict" role="alert">');
    expect(html).toContain('<legend>City: changed by both of you</legend>');
    expect(html).not.toContain('<legend>Last name');
    expect(input(html, 'last_name')).toContain('value="King"');
    expect(input(html, 'city')).toContain('type="hidden" name="city" value="Rome"');
    expect(input(html, 'version')).toContain('value="2"');
    expect(html).toMatch(
      new RegExp(
        `id="customer-${ada.id}-city-keep-theirs" name="keep_city" value="theirs" autofocus`,
      ),
    );
    expect(html).toContain(
      `hx-get="/customers/${ada.id}" hx-target="closest tr" hx-swap="outerHTML" data-action="cancel">Discard my changes</a>`,
    );
    expect(await stored(ada.id)).toMatchObject({ city: 'Paris', last_name: 'Lovelace' });
  });

  it('DELETE answers a hidden placeholder row, the count, and a toast whose Undo restores in place', async () => {
    const { client, seed, stored } = await setup();
    const ada = await seed();
    await seed({ first_name: 'Bob' });
    const response = await client.request('DELETE', `/customers/${ada.id}`, undefined, htmx);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(
      html.startsWith(
        `<tr id="customer-${ada.id}" class="customer-deleted" hidden data-deleted=""></tr>`,
      ),
    ).toBe(true);
    expect(partial(html, '#customer-count')).toContain('>1 customer</p>');
    const toast = partial(html, '#flash')!;
    expect(toast).toContain('data-toast-timeout="10000"');
    expect(toast).toContain('Deleted Ada Lovelace.');
    expect(toast).toContain(
      `<form method="post" action="/customers/${ada.id}/restore" class="toast-action" hx-post="/customers/${ada.id}/restore" hx-target="#customer-${ada.id}" hx-swap="outerHTML" data-undo="">`,
    );
    expect(toast).toMatch(/<input type="hidden" name="_csrf" value="[\w-]{43}"\/>/);
    expect((await stored(ada.id))?.deleted_at).not.toBeNull();
  });

  it('Undo (POST restore) answers the row, the count and a toast', async () => {
    const { client, seed, stored } = await setup();
    const ada = await seed();
    await client.request('DELETE', `/customers/${ada.id}`, undefined, htmx);
    const response = await client.post(`/customers/${ada.id}/restore`, {}, htmx);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(new RegExp(`^<tr id="customer-${ada.id}" class="customer-row"`));
    expect(partial(html, '#customer-count')).toContain('>1 customer</p>');
    expect(partial(html, '#flash')).toContain('Restored Ada Lovelace.');
    expect((await stored(ada.id))?.deleted_at).toBeNull();
  });

  it('refuses an htmx write without the CSRF header', async () => {
    const { client, seed, stored } = await setup();
    const ada = await seed();
    const response = await client.request('DELETE', `/customers/${ada.id}`, undefined, {
      htmx: true,
      noCsrf: true,
    });
    expect(response.status).toBe(403);
    expect((await stored(ada.id))?.deleted_at).toBeNull();
  });

  it('takes away a row whose customer was deleted elsewhere: 410, the count, and who deleted it with Restore', async () => {
    const { app, db, client, seed } = await setup();
    const ada = await seed();
    await seed({ first_name: 'Bob' });
    const other = await memberOf(app, db, 'Sam Jones');
    await db
      .updateTable('users')
      .set({ workspace_id: ada.workspace_id })
      .where('id', '=', other.userId)
      .execute();
    await other.client.post(`/customers/${ada.id}/delete`);
    for (const path of [`/customers/${ada.id}`, `/customers/${ada.id}/edit`]) {
      const response = await client.get(path, htmx);
      expect(response.status, path).toBe(410);
      const html = await response.text();
      expect(html.startsWith(`<tr id="customer-${ada.id}" class="customer-deleted" hidden`)).toBe(
        true,
      );
      expect(partial(html, '#customer-count')).toContain('>1 customer</p>');
      expect(partial(html, '#flash')).toContain(
        'Ada Lovelace was deleted by Sam Jones on Nov 24, 2026.',
      );
      expect(partial(html, '#flash')).toContain(`hx-post="/customers/${ada.id}/restore"`);
    }
    const response = await client.request('DELETE', `/customers/${ada.id}`, undefined, htmx);
    expect(response.status).toBe(404);
    expect(partial(await response.text(), '#flash')).toContain('That customer is no longer here.');
  });

  it('answers an htmx request for a non-numeric id with the error toast', async () => {
    const { client } = await setup();
    const response = await client.get('/customers/abc', htmx);
    expect(response.status).toBe(404);
    expect(response.headers.get('HX-Retarget')).toBe('#flash');
  });
});
