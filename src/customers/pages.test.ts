// The customer book as whole pages: what a browser without JavaScript sees and does.
import { describe, expect, it } from 'vitest';
import { TestClient } from '../testing/harness.js';
import { withKeys } from './keys.js';
import { EMPTY_VALUES } from './schema.js';
import { fieldBlock, follow, input, memberOf, setup } from './testing.js';

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
    expect(html).toContain('<title>Customers · Folio</title>');
    expect(html).toContain('<p id="customer-count" class="customer-count">0 customers</p>');
    expect(html).toContain('No customers yet');
    expect(html).toContain('Add your first customer');
    expect(html).not.toContain('class="customer-row"');
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
    const html = await (await client.get('/customers')).text();

    expect(html).toMatch(
      /<table class="data-table customer-table"[^>]*>\s*<thead id="customer-head">/,
    );
    for (const heading of ['Name', 'Email', 'City / State', 'Added'])
      expect(html).toMatch(new RegExp(`<th scope="col"[^>]*><a [^>]*><span>${heading}</span>`));
    expect(html).toContain('>Phone</th>');
    const order = [cleo, bob, ada].map((c) => html.indexOf(`id="customer-${c.id}"`));
    expect(
      order.every((position, i) => position > 0 && (i === 0 || position > order[i - 1]!)),
    ).toBe(true);

    expect(html).toContain(`<a href="/customers/${ada.id}" class="customer-name">`);
    expect(html).toContain('<bdi>Ada Lovelace</bdi>');
    expect(html).toContain('<a href="mailto:ada@example.com"><bdi>ada@example.com</bdi></a>');
    expect(html).toContain('<a href="tel:+442079460000">+44 (20) 7946-0000</a>');
    expect(html).toContain('<bdi>London, England</bdi>');
    expect(html).toContain('<bdi>Kingston</bdi>');
    expect(html).toContain('<bdi>Nile</bdi>');
    expect(html).toContain(`<time datetime="${ada.created_at}">Nov 24, 2026</time>`);
    expect(html).toContain('3 customers');
  });

  it('shows dates and the count in the reader’s locale', async () => {
    const { client, db, me } = await setup();
    const rows = Array.from({ length: 1204 }, (_, i) => ({
      ...withKeys({ ...EMPTY_VALUES, first_name: `P${i}`, last_name: 'Q' }),
      workspace_id: me.workspaceId,
      created_at: '2026-11-24T10:00:00.000Z',
      updated_at: '2026-11-24T10:00:00.000Z',
    }));
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto('customers')
        .values(rows.slice(i, i + 200))
        .execute();
    const english = await (await client.get('/customers')).text();
    expect(english).toContain('>1,204 customers</p>');
    const german = await (
      await client.get('/customers', { headers: { 'Accept-Language': 'de-DE,de;q=0.9' } })
    ).text();
    expect(german).toContain('>1.204 customers</p>');
    expect(german).toContain('>24. Nov. 2026</time>');
  });

  it('says "1 customer" for one', async () => {
    const { client, seed } = await setup();
    await seed();
    expect(await (await client.get('/customers')).text()).toContain('>1 customer</p>');
  });

  it('shows only the workspace’s own customers', async () => {
    const { app, db, client, seed } = await setup();
    const other = await memberOf(app, db, 'Other Team');
    await seed({ first_name: 'Mine' });
    await seed({ first_name: 'Theirs' }, other);
    const html = await (await client.get('/customers')).text();
    expect(html).toContain('Mine Lovelace');
    expect(html).not.toContain('Theirs Lovelace');
    expect(html).toContain('>1 customer</p>');
  });

  it('gives every row a visible Edit and Delete that work without JavaScript', async () => {
    const { client, seed } = await setup();
    const ada = await seed();
    const html = await (await client.get('/customers')).text();
    expect(html).toContain(`<a href="/customers/${ada.id}/edit" class="button`);
    expect(html).toContain(`<a href="/customers/${ada.id}/delete" class="button`);
    expect(html).toContain(
      '<a id="new-customer" class="button button-primary" href="/customers/new"',
    );
  });
});

describe('creating a customer without JavaScript', () => {
  it('shows the new-customer form with every field, the first one focused', async () => {
    const { client } = await setup();
    const response = await client.get('/customers/new');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<title>New customer · Folio</title>');
    expect(html).toContain(
      '<form method="post" action="/customers" class="stack" novalidate data-draft="new">',
    );
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
      expect(input(html, name)).toContain(`id="field-${name}"`);
      expect(html).toContain(`<label for="field-${name}">`);
    }
    expect(input(html, 'first_name')).toContain('autofocus');
    // A text input with the email keyboard: type="email" would send the domain in punycode.
    expect(input(html, 'email')).toContain('type="text" inputmode="email"');
    expect(input(html, 'phone')).toContain('type="tel"');
    // No maxlength (it cuts a paste silently); the limit is a hint tied to the field.
    expect(input(html, 'first_name')).not.toContain('maxlength');
    expect(input(html, 'first_name')).toContain('aria-describedby="field-first_name-hint"');
    expect(html).toContain(
      '<p class="field-hint" id="field-first_name-hint">Up to 50 characters</p>',
    );
    expect(input(html, '_csrf')).toContain('type="hidden"');
    expect(html).not.toContain('name="version"');
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
    expect(page.html).toContain(`id="customer-${stored!.id}"`);
    expect(page.html).toContain('>1 customer</p>');
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
    const html = await response.text();
    expect(html).toContain('Some fields need attention.');
    expect(fieldBlock(html, 'field-first_name')).toContain('Enter a first name.');
    expect(fieldBlock(html, 'field-email')).toContain(
      'Enter an email address like name@example.com.',
    );
    expect(fieldBlock(html, 'field-phone')).toContain(
      'Use digits and + ( ) - . or spaces, then an extension like “ext 12” if there is one.',
    );
    expect(fieldBlock(html, 'field-city')).toContain('Use at most 50 characters (this has 51).');
    // The over-long paste is kept whole in the field, for the person to shorten.
    expect(input(html, 'city')).toContain(`value="${'x'.repeat(51)}"`);
    expect(input(html, 'first_name')).toContain('aria-invalid="true"');
    expect(input(html, 'first_name')).toContain(
      'aria-describedby="field-first_name-hint field-first_name-error"',
    );
    expect(input(html, 'first_name')).toContain('autofocus');
    expect(input(html, 'last_name')).not.toContain('aria-invalid');
    expect(input(html, 'last_name')).toContain('value="Lovelace"');
    expect(input(html, 'email')).toContain('value="not-an-email"');
    expect(input(html, 'phone')).toContain('value="call me"');
    expect(input(html, 'city')).toContain(`value="${'x'.repeat(51)}"`);
    expect(input(html, 'zipcode')).toContain('value="SW1Y"');
    expect(await all()).toHaveLength(0);
  });

  it('puts the focus on the first invalid field in form order', async () => {
    const { client } = await setup();
    const html = await (
      await client.post('/customers', { first_name: 'Ada', last_name: 'L', email: 'bad' })
    ).text();
    expect(input(html, 'email')).toContain('autofocus');
    expect(input(html, 'first_name')).not.toContain('autofocus');
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
    const html = await response.text();
    expect(html).toContain('<title>Ada Lovelace · Folio</title>');
    expect(html).toContain('<h1 id="customer-title"><bdi>Ada Lovelace</bdi></h1>');
    for (const [label, value] of [
      ['Email', '<a href="mailto:ada@example.com"><bdi>ada@example.com</bdi></a>'],
      ['Phone', '<a href="tel:5550100">555 0100</a>'],
      ['Address', '<bdi>12 St James’s Square</bdi>'],
      ['City', '<bdi>London</bdi>'],
      ['State', '<bdi>England</bdi>'],
      ['ZIP code', '<bdi>SW1Y</bdi>'],
    ]) {
      expect(html).toContain(`<dt>${label}</dt><dd>${value}</dd>`);
    }
    expect(html).toContain(
      `<a class="button" href="/customers/${ada.id}/edit" data-record-action="edit">Edit <kbd`,
    );
    expect(html).toContain(
      `<a class="button button-danger" href="/customers/${ada.id}/delete" data-record-action="delete">Delete</a>`,
    );
    expect(html).toContain(`Added Nov 24, 2026 by ${me.name}.`);
  });
});

describe('editing without JavaScript', () => {
  it('shows the form filled in, with the version it edits', async () => {
    const { client, seed } = await setup();
    const ada = await seed({ city: 'London' });
    const html = await (await client.get(`/customers/${ada.id}/edit`)).text();
    expect(html).toContain('<title>Edit Ada Lovelace · Folio</title>');
    expect(html).toContain(
      `<form method="post" action="/customers/${ada.id}" class="stack" novalidate data-draft="${ada.id}" data-draft-name="Ada Lovelace">`,
    );
    expect(input(html, 'version')).toBe('<input type="hidden" name="version" value="1"/>');
    expect(input(html, 'first_name')).toContain('value="Ada"');
    expect(input(html, 'city')).toContain('value="London"');
    expect(html).toContain(
      `<a class="button" href="/customers/${ada.id}" data-action="cancel">Cancel</a>`,
    );
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
    expect(page.html).toContain('<bdi>Ockham</bdi>');
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
    const html = await response.text();
    expect(fieldBlock(html, 'field-last_name')).toContain('Enter a last name.');
    expect(fieldBlock(html, 'field-email')).toContain(
      'Enter an email address like name@example.com.',
    );
    expect(input(html, 'email')).toContain('value="nope"');
    expect(input(html, 'version')).toContain('value="1"');
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
    const html = await mine.text();
    // This form carries no base values, so every field that differs from the saved one is a choice.
    expect(html).toContain('Ravi Patel changed Email and City while you were editing');
    expect(html).toContain('<legend>City: changed by both of you</legend>');
    expect(html).toMatch(
      /name="keep_city" value="theirs"[^>]*\/><span>Keep Ravi Patel’s:<\/span> <bdi>Paris<\/bdi>/,
    );
    expect(html).toMatch(
      /name="keep_city" value="mine"\/><span>Keep mine:<\/span> <bdi>Berlin<\/bdi>/,
    );
    expect(html).toContain('<legend>Email: changed by both of you</legend>');
    expect(html).not.toContain('<legend>First name');
    expect(html).not.toMatch(/name="keep_[a-z_]+" value="[a-z]+" checked/);
    expect(input(html, 'choose')).toContain('value="email city"');
    expect(input(html, 'city')).toContain('value="Berlin"');
    expect(input(html, 'version')).toContain('value="2"');
    expect(input(html, 'base_city')).toContain('value="Paris"');
    expect(html).toContain('Save with these choices');
    expect(html).toMatch(
      new RegExp(
        `<a class="button" href="/customers/${ada.id}" data-action="cancel">Discard my changes</a>`,
      ),
    );
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
      const html = await response.text();
      expect(html).toContain('Folio could not tell which version you were editing');
      expect(html).toMatch(
        /value="theirs"[^>]*\/><span>Keep the saved one:<\/span> <bdi>London<\/bdi>/,
      );
      expect(html).toMatch(/value="mine"\/><span>Keep mine:<\/span> <bdi>Rome<\/bdi>/);
      expect(input(html, 'city')).toContain('value="Rome"');
      expect(input(html, 'version')).toContain('value="1"');
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
    const html = await response.text();
    expect(html).toContain('<title>Delete Ada Lovelace? · Folio</title>');
    expect(html).toContain(`<form method="post" action="/customers/${ada.id}/delete">`);
    expect(html).toContain('Delete customer</button>');
    expect(html).toContain(`<a class="button" href="/customers/${ada.id}">Cancel</a>`);
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
    expect(page.html).toContain(
      `<form method="post" action="/customers/${ada.id}/restore" class="toast-action">`,
    );
    expect(page.html).toContain('>Restore</button>');
    expect(page.html).not.toContain(`id="customer-${ada.id}"`);
    expect(page.html).toContain(`id="customer-${keep.id}"`);
    expect(page.html).toContain('>1 customer</p>');
  });

  it('makes a deleted customer 410 Gone, saying who deleted it and when, with Restore', async () => {
    const { client, seed, stored } = await setup();
    const ada = await seed();
    await client.post(`/customers/${ada.id}/delete`);
    const url = `/customers/${ada.id}`;
    for (const path of [url, `${url}/edit`, `${url}/delete`]) {
      const response = await client.get(path);
      expect(response.status, path).toBe(410);
      const html = await response.text();
      expect(html).toContain('<title>Ada Lovelace was deleted · Folio</title>');
      expect(html).toContain('Deleted by you on Nov 24, 2026.');
      expect(html).toContain(
        `<form method="post" action="${url}/restore"><input type="hidden" name="_csrf"`,
      );
      expect(html).toContain('<input type="hidden" name="to" value="record"/>');
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
    expect(page.html).toContain(`id="customer-${ada.id}"`);
  });
});
