// The customer book as whole pages: what a browser without JavaScript sees and does.
import { describe, expect, it } from 'vitest';
import { TestClient } from '../testing/harness.js';
import { withKeys } from './keys.js';
import { EMPTY_VALUES } from './schema.js';
import { html as parse, one, textOf, texts, type HTMLElement } from '../testing/html.js';
import { countSays, fieldBlock, follow, input, memberOf, setup } from './testing.js';

describe('GET /customers (the table)', () => {
  it('sends a signed-out visitor to sign in and back', async () => {
    const { app } = await setup();
    const response = await new TestClient(app).get('/customers');
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/login?next=%2Fcustomers');
  });

  it('invites you to add the first customer when the book is empty', async () => {
    const { client } = await setup();
    const response = await client.get('/customers');
    expect(response.status).toBe(200);
    expect(response.headers.get('Vary')).toContain('HX-Request');
    const html = await response.text();
    expect(html).toContain('<!doctype html>');
    const page = parse(html);
    expect(textOf(one(page, 'title'))).toBe('Customers · Folio');
    expect(countSays(page)).toBe('0 customers');
    expect(html).toContain('No customers yet');
    expect(html).toContain('Add your first customer');
    expect(page.querySelectorAll('.customer-row')).toHaveLength(0);
  });

  it('lists the customers newest first in a real table with links, location and the added date', async () => {
    const { client, seed } = await setup();
    const ada = await seed({
      email: 'ada@example.com',
      phone: '+44 (20) 7946-0000',
      city: 'London',
      state: 'England',
    });
    const bob = await seed({ first_name: 'Bob', last_name: 'Marley', city: 'Kingston' });
    const cleo = await seed({ first_name: 'Cleo', last_name: 'Patra', state: 'Nile' });
    const page = parse(await (await client.get('/customers')).text());

    const table = one(page, 'table.data-table.customer-table');
    expect(table.firstElementChild?.id).toBe('customer-head');
    expect(texts(table, 'thead th[scope="col"] > a:first-child > span:first-child')).toEqual(
      expect.arrayContaining(['Name', 'Email', 'City / State', 'Added']),
    );
    expect(texts(table, 'thead th')).toContain('Phone');
    const rows = page.querySelectorAll('tr[id^="customer-"]').map((row) => row.id);
    expect(rows).toEqual([cleo, bob, ada].map((c) => `customer-${c.id}`));

    expect(one(page, `a.customer-name[href="/customers/${ada.id}"]`).tagName).toBe('A');
    expect(texts(page, 'bdi')).toEqual(
      expect.arrayContaining(['Ada Lovelace', 'London, England', 'Kingston', 'Nile']),
    );
    expect(texts(page, 'a[href="mailto:ada@example.com"] > bdi')).toEqual(['ada@example.com']);
    expect(texts(page, 'a[href="tel:+442079460000"]')).toEqual(['+44 (20) 7946-0000']);
    expect(texts(page, `.col-created time[datetime="${ada.created_at}"]`)).toEqual([
      'Nov 24, 2026',
    ]);
    // Last touched: how long ago, the exact moment on hover.
    const touched = one(page, `.col-touched time[datetime="${ada.touched_at}"]`);
    expect(textOf(touched)).toBe('59 minutes ago');
    expect(touched.getAttribute('title')).toBe('Nov 24, 2026, 11:00 AM UTC');
    expect(countSays(page)).toBe('3 customers');
    // Each cell sits under its own column's heading.
    const columnOf = (cell: HTMLElement) =>
      cell.classList.value.find((name) => name.startsWith('col-'));
    const headings = table.querySelectorAll('thead tr > *').map(columnOf);
    for (const row of page.querySelectorAll('#customer-rows > tr.customer-row'))
      expect(row.querySelectorAll(':scope > *').map(columnOf)).toEqual(headings);
  });

  it('shows dates and the count in the reader’s locale', async () => {
    const { client, db, me } = await setup();
    const rows = Array.from({ length: 1204 }, (_, i) => ({
      ...withKeys({ ...EMPTY_VALUES, first_name: `P${i}`, last_name: 'Q' }),
      workspace_id: me.workspaceId,
      created_at: '2026-11-24T10:00:00.000Z',
      updated_at: '2026-11-24T10:00:00.000Z',
      touched_at: '2026-11-24T10:00:00.000Z',
    }));
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto('customers')
        .values(rows.slice(i, i + 200))
        .execute();
    const english = await (await client.get('/customers')).text();
    expect(countSays(english)).toBe('1,204 customers');
    const german = await (
      await client.get('/customers', { headers: { 'Accept-Language': 'de-DE,de;q=0.9' } })
    ).text();
    expect(countSays(german)).toBe('1.204 customers');
    expect(texts(german, 'time')).toContain('24. Nov. 2026');
  });

  it('says "1 customer" for one', async () => {
    const { client, seed } = await setup();
    await seed();
    expect(countSays(await (await client.get('/customers')).text())).toBe('1 customer');
  });

  it('shows only the workspace’s own customers', async () => {
    const { app, db, client, seed } = await setup();
    const other = await memberOf(app, db, 'Other Team');
    await seed({ first_name: 'Mine' });
    await seed({ first_name: 'Theirs' }, other);
    const html = await (await client.get('/customers')).text();
    expect(html).toContain('Mine Lovelace');
    expect(html).not.toContain('Theirs Lovelace');
    expect(countSays(html)).toBe('1 customer');
  });

  it('gives every row a visible Edit and Delete that work without JavaScript', async () => {
    const { client, seed } = await setup();
    const ada = await seed();
    const page = parse(await (await client.get('/customers')).text());
    expect(one(page, `a.button[href="/customers/${ada.id}/edit"]`).tagName).toBe('A');
    expect(one(page, `a.button[href="/customers/${ada.id}/delete"]`).tagName).toBe('A');
    expect(one(page, 'a#new-customer').attributes).toMatchObject({
      class: 'button button-primary',
      href: '/customers/new',
    });
  });
});

describe('creating a customer without JavaScript', () => {
  it('shows the new-customer form with every field, the first one focused', async () => {
    const { client } = await setup();
    const response = await client.get('/customers/new');
    expect(response.status).toBe(200);
    const html = parse(await response.text());
    expect(textOf(one(html, 'title'))).toBe('New customer · Folio');
    expect(one(html, 'form[action="/customers"]').attributes).toEqual({
      method: 'post',
      action: '/customers',
      class: 'stack',
      novalidate: '',
      'data-draft': 'new',
    });
    for (const name of [
      'first_name',
      'last_name',
      'email',
      'phone',
      'address',
      'city',
      'state',
      'zipcode',
    ]) {
      expect(input(html, name).id).toBe(`field-${name}`);
      expect(one(html, `label[for="field-${name}"]`).tagName).toBe('LABEL');
    }
    expect(input(html, 'first_name').hasAttribute('autofocus')).toBe(true);
    // A text input with the email keyboard: type="email" would send the domain in punycode.
    expect(input(html, 'email').attributes).toMatchObject({ type: 'text', inputmode: 'email' });
    expect(input(html, 'phone').getAttribute('type')).toBe('tel');
    // No maxlength (it cuts a paste silently); the limit is a hint tied to the field.
    expect(input(html, 'first_name').hasAttribute('maxlength')).toBe(false);
    expect(input(html, 'first_name').getAttribute('aria-describedby')).toBe(
      'field-first_name-hint',
    );
    expect(texts(html, 'p.field-hint#field-first_name-hint')).toEqual(['Up to 50 characters']);
    expect(input(html, '_csrf').getAttribute('type')).toBe('hidden');
    expect(html.querySelector('[name="version"]')).toBeNull();
  });

  it('saves, redirects to the table with 303 and says so', async () => {
    const { client, all, me } = await setup();
    const response = await client.post('/customers', {
      first_name: '  Ada ',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      phone: '+44 20 7946 0000',
      address: '12 St James’s Square',
      city: 'London',
      state: '',
      zipcode: 'SW1Y 4JH',
    });
    expect(response.status).toBe(303);
    const [stored] = await all();
    expect(stored).toMatchObject({
      workspace_id: me.workspaceId,
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      phone: '+44 20 7946 0000',
      address: '12 St James’s Square',
      city: 'London',
      state: '',
      zipcode: 'SW1Y 4JH',
      created_by: me.userId,
      updated_by: me.userId,
      version: 1,
      deleted_at: null,
      created_at: '2026-11-24T12:00:00.000Z',
    });
    expect(response.headers.get('Location')).toBe(`/customers#customer-${stored!.id}`);
    const page = await follow(client, response);
    expect(page.html).toContain('Added Ada Lovelace.');
    expect(one(page.html, `#customer-${stored!.id}`).tagName).toBe('TR');
    expect(countSays(page.html)).toBe('1 customer');
  });

  it('refuses invalid input with 422, keeping every value and a message next to each field', async () => {
    const { client, all } = await setup();
    const response = await client.post('/customers', {
      first_name: '',
      last_name: 'Lovelace',
      email: 'not-an-email',
      phone: 'call me',
      city: 'x'.repeat(51),
      zipcode: 'SW1Y',
    });
    expect(response.status).toBe(422);
    const html = parse(await response.text());
    expect(textOf(html)).toContain('Some fields need attention.');
    const message = (id: string) => textOf(fieldBlock(html, id));
    expect(message('field-first_name')).toContain('Enter a first name.');
    expect(message('field-email')).toContain('Enter an email address like name@example.com.');
    expect(message('field-phone')).toContain(
      'Use digits and + ( ) - . or spaces, then an extension like “ext 12” if there is one.',
    );
    expect(message('field-city')).toContain('Use at most 50 characters (this has 51).');
    // The over-long paste is kept whole in the field, for the person to shorten.
    expect(input(html, 'city').getAttribute('value')).toBe('x'.repeat(51));
    expect(input(html, 'first_name').getAttribute('aria-invalid')).toBe('true');
    expect(input(html, 'first_name').getAttribute('aria-describedby')).toBe(
      'field-first_name-hint field-first_name-error',
    );
    expect(input(html, 'first_name').hasAttribute('autofocus')).toBe(true);
    expect(input(html, 'last_name').hasAttribute('aria-invalid')).toBe(false);
    expect(input(html, 'last_name').getAttribute('value')).toBe('Lovelace');
    expect(input(html, 'email').getAttribute('value')).toBe('not-an-email');
    expect(input(html, 'phone').getAttribute('value')).toBe('call me');
    expect(input(html, 'zipcode').getAttribute('value')).toBe('SW1Y');
    expect(await all()).toHaveLength(0);
  });

  it('puts the focus on the first invalid field in form order', async () => {
    const { client } = await setup();
    const html = await (
      await client.post('/customers', { first_name: 'Ada', last_name: 'L', email: 'bad' })
    ).text();
    expect(input(html, 'email').hasAttribute('autofocus')).toBe(true);
    expect(input(html, 'first_name').hasAttribute('autofocus')).toBe(false);
  });

  it('refuses a form without the CSRF token and stores nothing', async () => {
    const { client, all } = await setup();
    const response = await client.post(
      '/customers',
      { first_name: 'Ada', last_name: 'Lovelace' },
      { noCsrf: true },
    );
    expect(response.status).toBe(403);
    expect(await all()).toHaveLength(0);
  });
});

describe('the customer record', () => {
  it('shows every field with Edit and Delete', async () => {
    const { client, seed, me } = await setup();
    const ada = await seed({
      email: 'ada@example.com',
      phone: '555 0100',
      address: '12 St James’s Square',
      city: 'London',
      state: 'England',
      zipcode: 'SW1Y',
    });
    const response = await client.get(`/customers/${ada.id}`);
    expect(response.status).toBe(200);
    const html = parse(await response.text());
    expect(textOf(one(html, 'title'))).toBe('Ada Lovelace · Folio');
    expect(texts(html, 'h1#customer-title > bdi')).toEqual(['Ada Lovelace']);
    // Each field is a term and its value: the value's element (a link or an isolated run) and text.
    const values = new Map(
      html.querySelectorAll('.record-details dt').map((dt) => [textOf(dt), dt.nextElementSibling!]),
    );
    for (const [label, selector, value] of [
      ['Email', 'a[href="mailto:ada@example.com"] > bdi', 'ada@example.com'],
      ['Phone', 'a[href="tel:5550100"]', '555 0100'],
      ['Address', 'bdi', '12 St James’s Square'],
      ['City', 'bdi', 'London'],
      ['State', 'bdi', 'England'],
      ['ZIP code', 'bdi', 'SW1Y'],
    ] as const) {
      const dd = values.get(label);
      expect(dd?.tagName, label).toBe('DD');
      expect(texts(dd!, `:scope > ${selector}`), label).toEqual([value]);
      expect(textOf(dd!), label).toBe(value);
    }
    const edit = one(html, `a[href="/customers/${ada.id}/edit"]`);
    expect(edit.attributes).toEqual({
      class: 'button',
      href: `/customers/${ada.id}/edit`,
      'data-record-action': 'edit',
    });
    expect(edit.firstChild?.text).toBe('Edit ');
    expect(one(edit, ':scope > kbd').tagName).toBe('KBD');
    const remove = one(html, `a[href="/customers/${ada.id}/delete"]`);
    expect(remove.attributes).toEqual({
      class: 'button button-danger',
      href: `/customers/${ada.id}/delete`,
      'data-record-action': 'delete',
    });
    expect(remove.innerHTML).toBe('Delete');
    expect(textOf(html)).toContain(`Added Nov 24, 2026 by ${me.name}.`);
  });
});

describe('an id that is not plain digits', () => {
  it('gets the same 404 page as a customer that does not exist, for every customer URL and method', async () => {
    const { client } = await setup();
    await client.get('/customers'); // shows (and so ends) the welcome flash
    const unknown = await client.get('/customers/999999');
    expect(unknown.status).toBe(404);
    const notFound = await unknown.text();
    expect(notFound).toContain('There is nothing at this address');
    for (const id of ['abc', '12abc', '1e3', '-1', '1234567890123456']) {
      for (const path of [`/customers/${id}`, `/customers/${id}/edit`, `/customers/${id}/delete`]) {
        const response = await client.get(path);
        expect([path, response.status]).toEqual([path, 404]);
        expect(await response.text()).toBe(notFound);
      }
      for (const path of [
        `/customers/${id}`,
        `/customers/${id}/delete`,
        `/customers/${id}/restore`,
      ]) {
        const response = await client.post(path, { first_name: 'Ada', last_name: 'King' });
        expect([path, response.status]).toEqual([path, 404]);
        expect(await response.text()).toBe(notFound);
      }
    }
  });
});

describe('editing without JavaScript', () => {
  it('shows the form filled in, with the version it edits', async () => {
    const { client, seed } = await setup();
    const ada = await seed({ city: 'London' });
    const html = parse(await (await client.get(`/customers/${ada.id}/edit`)).text());
    expect(textOf(one(html, 'title'))).toBe('Edit Ada Lovelace · Folio');
    expect(one(html, `form[action="/customers/${ada.id}"]`).attributes).toEqual({
      method: 'post',
      action: `/customers/${ada.id}`,
      class: 'stack',
      novalidate: '',
      'data-draft': String(ada.id),
      'data-draft-name': 'Ada Lovelace',
    });
    expect(input(html, 'version').attributes).toEqual({
      type: 'hidden',
      name: 'version',
      value: '1',
    });
    expect(input(html, 'first_name').getAttribute('value')).toBe('Ada');
    expect(input(html, 'city').getAttribute('value')).toBe('London');
    const cancel = one(html, 'a[data-action="cancel"]');
    expect(cancel.attributes).toEqual({
      class: 'button',
      href: `/customers/${ada.id}`,
      'data-action': 'cancel',
    });
    expect(cancel.innerHTML).toBe('Cancel');
  });

  it('saves with POST, redirects 303 to the record and says so', async () => {
    const { client, seed, stored, clock, me } = await setup();
    const ada = await seed({ city: 'London' });
    clock.now += 60_000;
    const response = await client.post(`/customers/${ada.id}`, {
      version: 1,
      first_name: 'Ada',
      last_name: 'King',
      city: ' Ockham ',
      email: '',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(`/customers/${ada.id}`);
    expect(await stored(ada.id)).toMatchObject({
      last_name: 'King',
      city: 'Ockham',
      version: 2,
      updated_by: me.userId,
      updated_at: '2026-11-24T12:01:00.000Z',
      created_at: ada.created_at,
    });
    const page = await follow(client, response);
    expect(page.html).toContain('Saved Ada King.');
    expect(texts(page.html, 'bdi')).toContain('Ockham');
  });

  it('refuses invalid input with 422, keeps the values and the version, writes nothing', async () => {
    const { client, seed, stored } = await setup();
    const ada = await seed();
    const response = await client.post(`/customers/${ada.id}`, {
      version: 1,
      first_name: 'Ada',
      last_name: '',
      email: 'nope',
    });
    expect(response.status).toBe(422);
    const html = parse(await response.text());
    expect(textOf(fieldBlock(html, 'field-last_name'))).toContain('Enter a last name.');
    expect(textOf(fieldBlock(html, 'field-email'))).toContain(
      'Enter an email address like name@example.com.',
    );
    expect(input(html, 'email').getAttribute('value')).toBe('nope');
    expect(input(html, 'version').getAttribute('value')).toBe('1');
    expect(await stored(ada.id)).toMatchObject({ last_name: 'Lovelace', version: 1 });
  });

  it('answers a stale save with 409, both versions side by side, and never overwrites', async () => {
    const { app, db, client, seed, stored } = await setup();
    const ada = await seed({ city: 'London', email: 'ada@example.com' });
    const colleague = await memberOf(app, db, 'Ravi Patel');
    // The colleague is in another workspace; put them in ours so they can edit the same customer.
    await db
      .updateTable('users')
      .set({ workspace_id: ada.workspace_id })
      .where('id', '=', colleague.userId)
      .execute();
    const theirs = await colleague.client.post(`/customers/${ada.id}`, {
      version: 1,
      first_name: 'Ada',
      last_name: 'Lovelace',
      city: 'Paris',
      email: 'ada@example.com',
    });
    expect(theirs.status).toBe(303);

    const mine = await client.post(`/customers/${ada.id}`, {
      version: 1,
      first_name: 'Ada',
      last_name: 'Lovelace',
      city: 'Berlin',
      email: 'countess@example.com',
    });
    expect(mine.status).toBe(409);
    const html = parse(await mine.text());
    // This form carries no base values, so every field that differs from the saved one is a choice.
    expect(textOf(html)).toContain('Ravi Patel changed Email and City while you were editing');
    const legends = texts(html, 'legend');
    expect(legends).toContain('City: changed by both of you');
    expect(legends).toContain('Email: changed by both of you');
    expect(legends.filter((legend) => legend.startsWith('First name'))).toEqual([]);
    // Each choice: the radio button, then what it keeps and the value.
    const choice = (value: string) =>
      texts(
        html,
        `input[name="keep_city"][value="${value}"] + span, input[name="keep_city"][value="${value}"] + span + bdi`,
      );
    expect(choice('theirs')).toEqual(['Keep Ravi Patel’s:', 'Paris']);
    expect(choice('mine')).toEqual(['Keep mine:', 'Berlin']);
    expect(html.querySelectorAll('input[name^="keep_"][checked]')).toHaveLength(0);
    expect(input(html, 'choose').getAttribute('value')).toBe('email city');
    expect(input(html, 'city').getAttribute('value')).toBe('Berlin');
    expect(input(html, 'version').getAttribute('value')).toBe('2');
    expect(input(html, 'base_city').getAttribute('value')).toBe('Paris');
    expect(textOf(html)).toContain('Save with these choices');
    const discard = one(html, 'a[data-action="cancel"]');
    expect(discard.attributes).toEqual({
      class: 'button',
      href: `/customers/${ada.id}`,
      'data-action': 'cancel',
    });
    expect(discard.innerHTML).toBe('Discard my changes');
    expect(await stored(ada.id)).toMatchObject({
      city: 'Paris',
      email: 'ada@example.com',
      version: 2,
    });

    // Submitting without a choice asks again; nothing is written.
    const form = {
      version: 2,
      first_name: 'Ada',
      last_name: 'Lovelace',
      city: 'Berlin',
      email: 'countess@example.com',
      choose: 'email city',
    };
    const unchosen = await client.post(`/customers/${ada.id}`, { ...form, keep_city: 'mine' });
    expect(unchosen.status).toBe(409);
    expect(await unchosen.text()).toContain('Choose which Email to keep.');
    // Mine for City, theirs for Email: the form re-submits with the version it now carries.
    const kept = await client.post(`/customers/${ada.id}`, {
      ...form,
      keep_city: 'mine',
      keep_email: 'theirs',
    });
    expect(kept.status).toBe(303);
    expect(await stored(ada.id)).toMatchObject({
      city: 'Berlin',
      email: 'ada@example.com',
      version: 3,
    });
  });

  it('names you when the newer version came from your own other tab', async () => {
    const { client, seed } = await setup();
    const ada = await seed();
    await client.post(`/customers/${ada.id}`, { version: 1, first_name: 'Ada', last_name: 'King' });
    const html = await (
      await client.post(`/customers/${ada.id}`, {
        version: 1,
        first_name: 'Ada',
        last_name: 'Byron',
      })
    ).text();
    expect(html).toContain('You changed Last name in another tab or window');
  });

  it('accepts a repeated save of the same values as no change', async () => {
    const { client, seed, stored } = await setup();
    const ada = await seed();
    await client.post(`/customers/${ada.id}`, { version: 1, first_name: 'Ada', last_name: 'King' });
    const again = await client.post(`/customers/${ada.id}`, {
      version: 1,
      first_name: 'Ada',
      last_name: 'King',
    });
    expect(again.status).toBe(303);
    expect((await follow(client, again)).html).toContain('No changes to save for Ada King.');
    expect((await stored(ada.id))?.version).toBe(2);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not a number', 'abc'],
    ['zero', '0'],
    ['negative', '-1'],
  ])(
    'refuses a save whose version is %s with 400, shows what is saved, writes nothing',
    async (_, version) => {
      const { client, seed, stored } = await setup();
      const ada = await seed({ city: 'London' });
      const form: Record<string, string> = {
        first_name: 'Ada',
        last_name: 'Lovelace',
        city: 'Rome',
      };
      if (version !== undefined) form.version = version;
      const response = await client.post(`/customers/${ada.id}`, form);
      expect(response.status).toBe(400);
      const html = parse(await response.text());
      expect(textOf(html)).toContain('Folio could not tell which version you were editing');
      const choice = (value: string) =>
        texts(html, `input[value="${value}"] + span, input[value="${value}"] + span + bdi`);
      expect(choice('theirs')).toEqual(['Keep the saved one:', 'London']);
      expect(choice('mine')).toEqual(['Keep mine:', 'Rome']);
      expect(input(html, 'city').getAttribute('value')).toBe('Rome');
      expect(input(html, 'version').getAttribute('value')).toBe('1');
      expect(await stored(ada.id)).toMatchObject({
        city: 'London',
        version: 1,
        updated_at: ada.updated_at,
      });
    },
  );

  it('answers a version from the future with 409 rather than saving', async () => {
    const { client, seed, stored } = await setup();
    const ada = await seed();
    const response = await client.post(`/customers/${ada.id}`, {
      version: 7,
      first_name: 'Ada',
      last_name: 'King',
    });
    expect(response.status).toBe(409);
    expect((await stored(ada.id))?.last_name).toBe('Lovelace');
  });
});

describe('deleting and restoring without JavaScript', () => {
  it('asks first, on a page whose form posts the delete', async () => {
    const { client, seed } = await setup();
    const ada = await seed();
    const response = await client.get(`/customers/${ada.id}/delete`);
    expect(response.status).toBe(200);
    const html = parse(await response.text());
    expect(textOf(one(html, 'title'))).toBe('Delete Ada Lovelace? · Folio');
    const form = one(html, `form[action="/customers/${ada.id}/delete"]`);
    expect(form.attributes).toEqual({ method: 'post', action: `/customers/${ada.id}/delete` });
    expect(texts(form, 'button').some((text) => text.endsWith('Delete customer'))).toBe(true);
    const cancel = one(html, `a.button[href="/customers/${ada.id}"]`);
    expect(cancel.attributes).toEqual({ class: 'button', href: `/customers/${ada.id}` });
    expect(cancel.innerHTML).toBe('Cancel');
  });

  it('soft-deletes with POST, redirects 303 to the table and offers Restore', async () => {
    const { client, seed, stored } = await setup();
    const ada = await seed();
    const keep = await seed({ first_name: 'Bob' });
    const response = await client.post(`/customers/${ada.id}/delete`);
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/customers');
    expect((await stored(ada.id))?.deleted_at).toBe('2026-11-24T12:00:00.000Z');
    const page = await follow(client, response);
    expect(page.html).toContain('Deleted Ada Lovelace.');
    const doc = parse(page.html);
    const restore = one(doc, `form[action="/customers/${ada.id}/restore"]`);
    expect(restore.attributes).toEqual({
      method: 'post',
      action: `/customers/${ada.id}/restore`,
      class: 'toast-action',
    });
    expect(texts(restore, 'button')).toContain('Restore');
    expect(doc.querySelector(`#customer-${ada.id}`)).toBeNull();
    expect(one(doc, `#customer-${keep.id}`).tagName).toBe('TR');
    expect(countSays(doc)).toBe('1 customer');
  });

  it('makes a deleted customer 410 Gone, saying who deleted it and when, with Restore', async () => {
    const { client, seed, stored } = await setup();
    const ada = await seed();
    await client.post(`/customers/${ada.id}/delete`);
    const url = `/customers/${ada.id}`;
    for (const path of [url, `${url}/edit`, `${url}/delete`]) {
      const response = await client.get(path);
      expect(response.status, path).toBe(410);
      const html = parse(await response.text());
      expect(textOf(one(html, 'title'))).toBe('Ada Lovelace was deleted · Folio');
      expect(textOf(html)).toContain('Deleted by you on Nov 24, 2026.');
      const restore = one(html, `form[action="${url}/restore"]`);
      expect(restore.attributes).toEqual({ method: 'post', action: `${url}/restore` });
      expect(restore.firstElementChild?.attributes).toMatchObject({
        type: 'hidden',
        name: '_csrf',
      });
      expect(input(restore, 'to').attributes).toEqual({
        type: 'hidden',
        name: 'to',
        value: 'record',
      });
    }
    expect((await client.post(`${url}/delete`)).status).toBe(404);
    const restored = await client.post(`${url}/restore`, { to: 'record' });
    expect(restored.headers.get('Location')).toBe(url);
    expect(await stored(ada.id)).toMatchObject({ deleted_at: null });
    expect((await client.get(url)).status).toBe(200);
  });

  it('restores with POST and redirects 303 to the row', async () => {
    const { client, seed, stored } = await setup();
    const ada = await seed();
    await client.post(`/customers/${ada.id}/delete`);
    const response = await client.post(`/customers/${ada.id}/restore`);
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(`/customers#customer-${ada.id}`);
    expect((await stored(ada.id))?.deleted_at).toBeNull();
    const page = await follow(client, response);
    expect(page.html).toContain('Restored Ada Lovelace.');
    expect(one(page.html, `#customer-${ada.id}`).tagName).toBe('TR');
  });
});
