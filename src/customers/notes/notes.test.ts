// Notes on a customer, through the routes as a browser uses them (with htmx and without): written,
// edited with a version, deleted with Undo, refused clearly, and found by the table's search.
import { describe, expect, it } from 'vitest';
import { one, texts, textOf } from '../../testing/html.js';
import { insertCustomers } from '../bulk.js';
import { EMPTY_VALUES } from '../schema.js';
import { countSays, follow, memberOf, partial, setup } from '../testing.js';

async function twoPeople() {
  const test = await setup('Ada Admin');
  const sam = await memberOf(test.app, test.db, 'Sam Jones');
  await test.db
    .updateTable('users')
    .set({ workspace_id: test.me.workspaceId, role: 'member' })
    .where('id', '=', sam.userId)
    .execute();
  const customer = await test.seed({ first_name: 'Grace', last_name: 'Hopper' });
  return { ...test, sam, customer };
}

const notesOf = (test: Awaited<ReturnType<typeof setup>>, customerId: number) =>
  test.db
    .selectFrom('customer_notes')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('id')
    .execute();

describe('writing a note', () => {
  it('without JavaScript: saved, shown first in the timeline with line breaks and safe links', async () => {
    const test = await setup();
    const customer = await test.seed();
    const body = 'Called about the invoice.\nSee https://example.com/inv?a=1&b=2. <b>not bold</b>';
    const response = await test.client.post(`/customers/${customer.id}/notes`, { body });
    expect(response.status).toBe(303);
    const { html, url } = await follow(test.client, response);
    const [note] = await notesOf(test, customer.id);
    expect(url).toBe(`/customers/${customer.id}#note-${note!.id}`);
    expect(note!.body).toBe(body);
    const entry = one(html, `#note-${note!.id}`);
    expect(textOf(one(entry, '.timeline-meta'))).toContain('Grace Hopper wrote a note');
    const text = one(entry, '.note-text');
    expect(text.innerHTML).toContain('Called about the invoice.\nSee ');
    expect(text.querySelector('b')).toBeNull();
    expect(textOf(text)).toContain('<b>not bold</b>');
    const link = one(text, 'a');
    expect(link.getAttribute('href')).toBe('https://example.com/inv?a=1&b=2');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow ugc');
    expect(textOf(link)).toBe('https://example.com/inv?a=1&b=2');
    // The note is in the customer's history, in one transaction with it.
    const events = await test.db
      .selectFrom('customer_events')
      .select(['kind', 'note_id'])
      .where('customer_id', '=', customer.id)
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { kind: 'created', note_id: null },
      { kind: 'note', note_id: note!.id },
    ]);
  });

  it('with htmx: a fresh box, the note at the top of the timeline and a toast', async () => {
    const test = await setup();
    const customer = await test.seed();
    const response = await test.client.post(
      `/customers/${customer.id}/notes`,
      { body: 'Prefers email' },
      { htmx: true },
    );
    expect(response.status).toBe(201);
    const html = await response.text();
    expect(one(html, 'form#note-composer textarea').innerHTML).toBe('');
    const added = partial(html, '#timeline-entries');
    expect(added.getAttribute('hx-swap')).toBe('afterbegin');
    expect(textOf(one(added, '.note-text'))).toBe('Prefers email');
    expect(texts(partial(html, '#flash'), '.toast-text')).toEqual(['Note saved.']);
  });

  it.each([
    ['empty', '', 'Write something before saving the note.'],
    ['blank', '  \n\t ', 'Write something before saving the note.'],
    [
      '10,001 characters',
      'x'.repeat(10_001),
      'Keep a note to 10,000 characters (this has 10,001).',
    ],
    ['a control character', 'bell\u0007', 'Remove the invisible control character from the note.'],
    [
      'a text-direction override',
      'https://evil.example/\u202Emoc.elgoog',
      'Remove the invisible text-direction character from the note (it can disguise a link).',
    ],
  ])(
    'refuses %s with a clear message, keeps what was typed, writes nothing',
    async (_, body, message) => {
      const test = await setup();
      const customer = await test.seed();
      for (const htmx of [false, true]) {
        const response = await test.client.post(
          `/customers/${customer.id}/notes`,
          { body },
          { htmx },
        );
        expect(response.status).toBe(422);
        const html = await response.text();
        expect(textOf(one(html, '#note-body-error'))).toBe(message);
        expect(one(html, '#note-body').getAttribute('aria-invalid')).toBe('true');
        if (body.length < 100) expect(one(html, '#note-body').textContent).toBe(body);
      }
      expect(await notesOf(test, customer.id)).toEqual([]);
    },
  );

  it('takes exactly 10,000 characters', async () => {
    const test = await setup();
    const customer = await test.seed();
    const response = await test.client.post(`/customers/${customer.id}/notes`, {
      body: 'y'.repeat(10_000),
    });
    expect(response.status).toBe(303);
    expect((await notesOf(test, customer.id))[0]!.body).toHaveLength(10_000);
  });

  it('on another workspace’s customer, or a deleted one: 404, nothing written', async () => {
    const test = await setup();
    const stranger = await memberOf(test.app, test.db, 'Eve Stranger');
    const theirs = await test.seed({}, stranger);
    const mine = await test.seed();
    await test.client.post(`/customers/${mine.id}/delete`);
    for (const id of [theirs.id, mine.id]) {
      const response = await test.client.post(`/customers/${id}/notes`, { body: 'hi' });
      expect(response.status).toBe(404);
    }
    const count = await test.db
      .selectFrom('customer_notes')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });
});

describe('editing a note', () => {
  it('the author edits; a stale edit is a 409 with both texts, never an overwrite', async () => {
    const test = await twoPeople();
    await test.client.post(`/customers/${test.customer.id}/notes`, { body: 'First' });
    const [note] = await notesOf(test, test.customer.id);
    const url = `/customers/${test.customer.id}/notes/${note!.id}`;
    const form = await (await test.client.get(`${url}/edit`)).text();
    expect(one(form, 'input[name="version"]').getAttribute('value')).toBe('1');
    const saved = await test.client.post(url, { version: '1', body: 'Second' });
    expect(saved.status).toBe(303);
    const stale = await test.client.request(
      'PUT',
      url,
      { version: '1', body: 'Third' },
      { htmx: true },
    );
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(textOf(one(html, '.note-conflict blockquote'))).toBe('Second');
    expect(one(html, 'textarea').textContent).toBe('Third');
    expect(one(html, 'input[name="version"]').getAttribute('value')).toBe('2');
    expect((await notesOf(test, test.customer.id))[0]).toMatchObject({
      body: 'Second',
      version: 2,
    });
    // Saving again from the conflict, on the version now shown, goes through.
    const again = await test.client.request(
      'PUT',
      url,
      { version: '2', body: 'Third' },
      { htmx: true },
    );
    expect(again.status).toBe(200);
    expect(textOf(one(await again.text(), '.timeline-meta'))).toContain('(edited)');
  });

  it('someone else’s note: 403 with a clear message, nothing written', async () => {
    const test = await twoPeople();
    await test.client.post(`/customers/${test.customer.id}/notes`, { body: 'Mine' });
    const [note] = await notesOf(test, test.customer.id);
    const url = `/customers/${test.customer.id}/notes/${note!.id}`;
    const page = await test.sam.client.get(`${url}/edit`);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('Only the person who wrote a note can edit it.');
    const edit = await test.sam.client.post(url, { version: '1', body: 'Hijacked' });
    expect(edit.status).toBe(403);
    // Sam sees the note without Edit or Delete.
    const record = await (await test.sam.client.get(`/customers/${test.customer.id}`)).text();
    expect(one(record, `#note-${note!.id}`).querySelector('.note-actions')).toBeNull();
    expect((await notesOf(test, test.customer.id))[0]!.body).toBe('Mine');
  });
});

describe('deleting a note', () => {
  it('the author deletes with Undo (htmx); a member cannot delete another’s; an owner can', async () => {
    const test = await twoPeople();
    await test.sam.client.post(`/customers/${test.customer.id}/notes`, { body: 'Sam wrote this' });
    await test.client.post(`/customers/${test.customer.id}/notes`, { body: 'Ada wrote this' });
    const [samsNote, adasNote] = await notesOf(test, test.customer.id);
    const adaUrl = `/customers/${test.customer.id}/notes/${adasNote!.id}`;
    const refused = await test.sam.client.request('DELETE', adaUrl, undefined, { htmx: true });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain(
      'Only the person who wrote a note, or a workspace owner, can delete it.',
    );
    // The owner (Ada) deletes Sam's note: it leaves, with Undo.
    const samUrl = `/customers/${test.customer.id}/notes/${samsNote!.id}`;
    const deleted = await test.client.request('DELETE', samUrl, undefined, { htmx: true });
    expect(deleted.status).toBe(200);
    const html = await deleted.text();
    expect(one(html, `li#note-${samsNote!.id}`).getAttribute('hidden')).toBe('');
    expect(one(partial(html, '#flash'), 'form[data-undo]').getAttribute('hx-post')).toBe(
      `${samUrl}/restore`,
    );
    let record = await (await test.client.get(`/customers/${test.customer.id}`)).text();
    expect(record).not.toContain('Sam wrote this');
    const undo = await test.client.post(`${samUrl}/restore`, {}, { htmx: true });
    expect(undo.status).toBe(200);
    record = await (await test.client.get(`/customers/${test.customer.id}`)).text();
    expect(record).toContain('Sam wrote this');
  });

  it('without JavaScript: a confirm page, then a flash with Undo', async () => {
    const test = await setup();
    const customer = await test.seed();
    await test.client.post(`/customers/${customer.id}/notes`, { body: 'Gone soon' });
    const [note] = await notesOf(test, customer.id);
    const url = `/customers/${customer.id}/notes/${note!.id}`;
    const confirm = await (await test.client.get(`${url}/delete`)).text();
    expect(one(confirm, 'form.confirm-actions').getAttribute('action')).toBe(`${url}/delete`);
    const { html } = await follow(test.client, await test.client.post(`${url}/delete`));
    expect(one(html, '.toast form').getAttribute('action')).toBe(`${url}/restore`);
    expect((await notesOf(test, customer.id))[0]!.deleted_at).not.toBeNull();
  });
});

describe('finding customers by their notes', () => {
  it('a note’s words find the customer, counted like any match; a deleted note no longer does', async () => {
    const test = await setup();
    const grace = await test.seed({ first_name: 'Grace', last_name: 'Hopper' });
    await test.seed({ first_name: 'Alan', last_name: 'Turing' });
    await test.client.post(`/customers/${grace.id}/notes`, { body: 'Wants the Zürich brochure' });
    let page = await (await test.client.get('/customers?q=zuri')).text();
    expect(countSays(page)).toBe('1 match');
    expect(texts(page, 'tr.customer-row .customer-name bdi')).toEqual(['Grace Hopper']);
    const [note] = await notesOf(test, grace.id);
    // The row says which note it was, the matched word marked, linked to the note.
    const found = one(page, 'tr.customer-row .row-note-match');
    expect(found.getAttribute('href')).toBe(`/customers/${grace.id}/notes/${note!.id}`);
    // That address opens the record page at the timeline's page that starts with the note.
    const opened = await follow(test.client, await test.client.get(found.getAttribute('href')!));
    expect(opened.url).toMatch(
      new RegExp(`^/customers/${grace.id}\\?older=\\d+#note-${note!.id}$`),
    );
    expect(textOf(one(opened.html, `#note-${note!.id} .note-text`))).toBe(
      'Wants the Zürich brochure',
    );
    expect(textOf(found)).toBe('Note: Wants the Zürich brochure');
    expect(texts(found, 'mark')).toEqual(['Züri']);
    // A search the customer's own fields answer shows no note.
    const byName = await (await test.client.get('/customers?q=grace')).text();
    expect(one(byName, 'tr.customer-row').querySelector('.row-note-match')).toBeNull();
    await test.client.post(`/customers/${grace.id}/notes/${note!.id}/delete`);
    page = await (await test.client.get('/customers?q=zuri')).text();
    expect(countSays(page)).toBe('0 matches');
  });

  // Over the count's cap a page walks the sort's index and tests each row's own stored terms (the
  // one-letter search on both engines, every dense search on PostgreSQL): notes are among them.
  it('a search with over 1,000 matches finds a customer by a note word too', async () => {
    const test = await setup();
    const smiths = Array.from({ length: 1001 }, (_, i) => ({
      ...EMPTY_VALUES,
      first_name: `Many${i}`,
      last_name: 'Smith',
      created_at: '2026-01-01T00:00:00.000Z',
    }));
    await insertCustomers(test.db, test.me.workspaceId, test.me.userId, smiths);
    const ada = await test.seed();
    await test.client.post(`/customers/${ada.id}/notes`, { body: 'Smithsonian visit' });
    for (const q of ['smi', 's']) {
      const page = await (await test.client.get(`/customers?q=${q}`)).text();
      expect(countSays(page), q).toBe('1,000+ matches');
      expect(texts(page, 'tr.customer-row .customer-name bdi')[0], q).toBe('Ada Lovelace');
    }
  });

  it('a note touches its customer: first in the table sorted by last touched', async () => {
    const test = await setup();
    const grace = await test.seed({ first_name: 'Grace', last_name: 'Hopper' });
    await test.seed({ first_name: 'Alan', last_name: 'Turing' });
    const names = async () =>
      texts(
        await (await test.client.get('/customers?sort=touched')).text(),
        'tr.customer-row .customer-name bdi',
      );
    expect(await names()).toEqual(['Alan Turing', 'Grace Hopper']);
    test.clock.now += 60_000;
    await test.client.post(`/customers/${grace.id}/notes`, { body: 'Called back' });
    expect(await names()).toEqual(['Grace Hopper', 'Alan Turing']);
  });
});
