// The customer book with htmx: every URL answers the fragment it changes, with the count and a toast beside it.
import { describe, expect, it } from 'vitest';
import { leading, html as parse, one, textOf, texts, type HTMLElement } from '../testing/html.js';
import { countSays, input, memberOf, partial, setup } from './testing.js';

const htmx = { htmx: true };

function isFragment(html: string) {
  return !html.includes('<!doctype html>') && !html.includes('<body');
}

/** A row as its id, classes and other attributes (data-* and hx-* included). */
const rowOf = (element: HTMLElement) => ({
  tag: element.tagName,
  id: element.id,
  classes: element.classList.value,
  attributes: element.attributes,
});

describe('reading with htmx', () => {
  it('GET /customers answers the rows alone', async () => {
    const { client, seed } = await setup();
    const ada = await seed();
    const response = await client.get('/customers', htmx);
    expect(response.status).toBe(200);
    expect(response.headers.get('Vary')).toContain('HX-Request');
    const html = await response.text();
    expect(isFragment(html)).toBe(true);
    expect(rowOf(leading(html))).toMatchObject({
      tag: 'TR',
      id: `customer-${ada.id}`,
      classes: ['customer-row'],
    });
    expect(one(html, 'tr.empty-row').attributes).toEqual({ class: 'empty-row' });
  });

  it('GET /customers/:id answers the display row (Escape puts it back as it was)', async () => {
    const { client, seed } = await setup();
    const ada = await seed({ city: 'London' });
    const html = await (await client.get(`/customers/${ada.id}`, htmx)).text();
    expect(isFragment(html)).toBe(true);
    expect(rowOf(leading(html))).toMatchObject({
      tag: 'TR',
      id: `customer-${ada.id}`,
      classes: ['customer-row'],
      attributes: { tabindex: '-1' },
    });
    expect(texts(html, 'bdi')).toContain('London');
    // Each action swaps its own row: the target and swap are inherited from the table body.
    expect(one(html, '[data-action="edit"]').getAttribute('hx-get')).toBe(
      `/customers/${ada.id}/edit`,
    );
    expect(one(html, '[data-action="delete"]').getAttribute('hx-delete')).toBe(
      `/customers/${ada.id}`,
    );
    for (const action of ['edit', 'delete'])
      expect(one(html, `[data-action="${action}"]`).attributes).not.toHaveProperty('hx-target');
    const page = await (await client.get('/customers')).text();
    expect(one(page, 'tbody#customer-rows').attributes).toEqual({
      id: 'customer-rows',
      'hx-target:inherited': 'closest tr',
      'hx-swap:inherited': 'outerHTML',
    });
  });

  it('GET /customers/new answers an editable row that posts with htmx and focuses the first field', async () => {
    const { client } = await setup();
    const response = await client.get('/customers/new', htmx);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(isFragment(html)).toBe(true);
    expect(rowOf(leading(html))).toMatchObject({
      tag: 'TR',
      id: 'customer-new',
      classes: ['customer-row', 'customer-editing', 'customer-new'],
    });
    expect(one(html, 'form.row-editor').attributes).toMatchObject({
      method: 'post',
      action: '/customers',
      novalidate: '',
      'hx-post': '/customers',
      'hx-target': 'closest tr',
      'hx-swap': 'outerHTML',
    });
    expect(input(html, 'first_name').id).toBe('customer-new-first_name');
    expect(input(html, 'first_name').hasAttribute('autofocus')).toBe(true);
    expect(one(html, '[data-action="cancel-new"]').tagName).toBeDefined();
    expect(parse(html).querySelector('[name="version"]')).toBeNull();
  });

  it('GET /customers/:id/edit answers the row as a form that PUTs the version it edits', async () => {
    const { client, seed } = await setup();
    const ada = await seed({ email: 'ada@example.com' });
    const html = await (await client.get(`/customers/${ada.id}/edit`, htmx)).text();
    expect(isFragment(html)).toBe(true);
    expect(rowOf(leading(html))).toMatchObject({
      tag: 'TR',
      id: `customer-${ada.id}`,
      classes: ['customer-row', 'customer-editing'],
    });
    expect(one(html, `[hx-put="/customers/${ada.id}"]`).attributes).toMatchObject({
      'hx-target': 'closest tr',
      'hx-swap': 'outerHTML',
    });
    expect(input(html, 'version').getAttribute('value')).toBe('1');
    expect(input(html, 'email').getAttribute('value')).toBe('ada@example.com');
    expect(input(html, 'email').id).toBe(`customer-${ada.id}-email`);
    expect(input(html, 'first_name').hasAttribute('autofocus')).toBe(true);
    const cancel = one(html, 'a[data-action="cancel"]');
    expect(cancel.attributes).toEqual({
      class: 'button button-small',
      href: `/customers/${ada.id}`,
      'hx-get': `/customers/${ada.id}`,
      'hx-target': 'closest tr',
      'hx-swap': 'outerHTML',
      'data-action': 'cancel',
    });
    expect(cancel.innerHTML).toBe('Cancel');
  });

  it('GET /customers/:id/delete answers the confirm panel alone', async () => {
    const { client, seed } = await setup();
    const ada = await seed();
    const html = await (await client.get(`/customers/${ada.id}/delete`, htmx)).text();
    expect(isFragment(html)).toBe(true);
    expect(one(html, `form[action="/customers/${ada.id}/delete"]`).attributes).toEqual({
      method: 'post',
      action: `/customers/${ada.id}/delete`,
    });
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
    expect(rowOf(leading(html))).toMatchObject({
      tag: 'TR',
      id: `customer-${created.id}`,
      classes: ['customer-row'],
    });
    const count = partial(html, '#customer-count');
    expect(count.children.map((child) => child.id)).toEqual(['customer-count']);
    expect(countSays(count)).toBe('2 customers');
    expect(texts(partial(html, '#flash'), 'span.toast-text')).toEqual(['Added Grace Hopper.']);
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
    expect(rowOf(leading(html))).toMatchObject({
      tag: 'TR',
      id: 'customer-new',
      classes: ['customer-row', 'customer-editing', 'customer-new'],
    });
    expect(texts(html, 'p.field-error#customer-new-last_name-error')).toEqual([
      'Enter a last name.',
    ]);
    expect(texts(html, 'p.field-error#customer-new-phone-error')).toEqual([
      'Use digits and + ( ) - . or spaces, then an extension like “ext 12” if there is one.',
    ]);
    expect(input(html, 'last_name').hasAttribute('autofocus')).toBe(true);
    expect(input(html, 'last_name').getAttribute('aria-invalid')).toBe('true');
    expect(input(html, 'first_name').getAttribute('value')).toBe('Grace');
    expect(input(html, 'first_name').hasAttribute('autofocus')).toBe(false);
    expect(input(html, 'phone').getAttribute('value')).toBe('abc');
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
    expect(rowOf(leading(html))).toMatchObject({
      tag: 'TR',
      id: `customer-${ada.id}`,
      classes: ['customer-row'],
      attributes: { tabindex: '-1' },
    });
    expect(texts(html, 'bdi')).toEqual(expect.arrayContaining(['Ada King', 'Surrey']));
    expect(textOf(partial(html, '#flash'))).toContain('Saved Ada King.');
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
    expect(rowOf(leading(html))).toMatchObject({
      tag: 'TR',
      id: `customer-${ada.id}`,
      classes: ['customer-row', 'customer-editing'],
    });
    expect(texts(html, `p.field-error#customer-${ada.id}-first_name-error`)).toEqual([
      'Enter a first name.',
    ]);
    expect(input(html, 'last_name').getAttribute('value')).toBe('King');
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
    expect(rowOf(leading(html))).toMatchObject({
      tag: 'TR',
      id: `customer-${ada.id}`,
      classes: ['customer-row', 'customer-editing', 'has-conflict'],
    });
    expect(one(html, 'div.conflict').attributes).toEqual({ class: 'conflict', role: 'alert' });
    const legends = texts(html, 'legend');
    expect(legends).toContain('City: changed by both of you');
    expect(legends.filter((legend) => legend.startsWith('Last name'))).toEqual([]);
    expect(input(html, 'last_name').getAttribute('value')).toBe('King');
    expect(input(html, 'city').attributes).toMatchObject({
      type: 'hidden',
      name: 'city',
      value: 'Rome',
    });
    expect(input(html, 'version').getAttribute('value')).toBe('2');
    expect(one(html, `#customer-${ada.id}-city-keep-theirs`).attributes).toMatchObject({
      name: 'keep_city',
      value: 'theirs',
      autofocus: '',
    });
    const discard = one(html, 'a[data-action="cancel"]');
    expect(discard.attributes).toMatchObject({
      'hx-get': `/customers/${ada.id}`,
      'hx-target': 'closest tr',
      'hx-swap': 'outerHTML',
    });
    expect(discard.innerHTML).toBe('Discard my changes');
    expect(await stored(ada.id)).toMatchObject({ city: 'Paris', last_name: 'Lovelace' });
  });

  it('DELETE answers a hidden placeholder row, the count, and a toast whose Undo restores in place', async () => {
    const { client, seed, stored } = await setup();
    const ada = await seed();
    await seed({ first_name: 'Bob' });
    const response = await client.request('DELETE', `/customers/${ada.id}`, undefined, htmx);
    expect(response.status).toBe(200);
    const html = await response.text();
    const placeholder = leading(html);
    expect(rowOf(placeholder)).toEqual({
      tag: 'TR',
      id: `customer-${ada.id}`,
      classes: ['customer-deleted'],
      attributes: {
        id: `customer-${ada.id}`,
        class: 'customer-deleted',
        hidden: '',
        'data-deleted': '',
      },
    });
    expect(placeholder.childNodes).toHaveLength(0);
    expect(countSays(partial(html, '#customer-count'))).toBe('1 customer');
    const toast = partial(html, '#flash');
    expect(one(toast, '[data-toast-timeout]').getAttribute('data-toast-timeout')).toBe('10000');
    expect(textOf(toast)).toContain('Deleted Ada Lovelace.');
    const undo = one(toast, `form[action="/customers/${ada.id}/restore"]`);
    expect(undo.attributes).toEqual({
      method: 'post',
      action: `/customers/${ada.id}/restore`,
      class: 'toast-action',
      'hx-post': `/customers/${ada.id}/restore`,
      'hx-target': `#customer-${ada.id}`,
      'hx-swap': 'outerHTML',
      'data-undo': '',
    });
    const csrf = input(undo, '_csrf');
    expect(Object.keys(csrf.attributes).sort()).toEqual(['name', 'type', 'value']);
    expect(csrf.getAttribute('type')).toBe('hidden');
    expect(csrf.getAttribute('value')).toMatch(/^[\w-]{43}$/);
    expect((await stored(ada.id))?.deleted_at).not.toBeNull();
  });

  it('Undo (POST restore) answers the row, the count and a toast', async () => {
    const { client, seed, stored } = await setup();
    const ada = await seed();
    await client.request('DELETE', `/customers/${ada.id}`, undefined, htmx);
    const response = await client.post(`/customers/${ada.id}/restore`, {}, htmx);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(rowOf(leading(html))).toMatchObject({
      tag: 'TR',
      id: `customer-${ada.id}`,
      classes: ['customer-row'],
    });
    expect(countSays(partial(html, '#customer-count'))).toBe('1 customer');
    expect(textOf(partial(html, '#flash'))).toContain('Restored Ada Lovelace.');
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
      expect(rowOf(leading(html))).toMatchObject({
        tag: 'TR',
        id: `customer-${ada.id}`,
        classes: ['customer-deleted'],
        attributes: { hidden: '' },
      });
      expect(countSays(partial(html, '#customer-count'))).toBe('1 customer');
      const toast = partial(html, '#flash');
      expect(textOf(toast)).toContain('Ada Lovelace was deleted by Sam Jones on Nov 24, 2026.');
      expect(one(toast, `[hx-post="/customers/${ada.id}/restore"]`).tagName).toBeDefined();
    }
    const response = await client.request('DELETE', `/customers/${ada.id}`, undefined, htmx);
    expect(response.status).toBe(404);
    expect(textOf(partial(await response.text(), '#flash'))).toContain(
      'That customer is no longer here.',
    );
  });

  it('answers an htmx request for a non-numeric id with the error toast', async () => {
    const { client } = await setup();
    const response = await client.get('/customers/abc', htmx);
    expect(response.status).toBe(404);
    expect(response.headers.get('HX-Retarget')).toBe('#flash');
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      const write = await client.request(method, '/customers/12abc', { city: 'Rome' }, htmx);
      expect([method, write.status]).toEqual([method, 404]);
      expect(write.headers.get('HX-Retarget')).toBe('#flash');
      expect(await write.text()).toContain('There is nothing at this address');
    }
  });
});
