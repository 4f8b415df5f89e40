// Merging two records of one person: the page side by side with its defaults, the merge (values,
// notes and history moved, the other record in the trash, in the timeline), and every refusal
// (nothing half-done, never a 5xx). Undo is in undo.test.ts.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { one, texts } from '../../testing/html.js';
import { snapshot } from '../../testing/snapshot.js';
import * as queries from '../queries.js';
import { EMPTY_VALUES, valuesOf, type CustomerValues } from '../schema.js';
import { follow, memberOf } from '../testing.js';
import { chosenValues, decideMerge, defaultChoices, type MergeRecord } from './choices.js';
import { formOf, rowsOf, twoAdas } from './testing.js';

const record = (id: number, values: Partial<CustomerValues>, updated_at: string): MergeRecord => ({
  ...EMPTY_VALUES,
  first_name: 'Ada',
  last_name: 'Lovelace',
  ...values,
  id,
  version: 1,
  updated_at,
  deleted_at: null,
});

describe('the choices', () => {
  it('default to keeping A, each field the newest non-empty value; refusals come first', () => {
    const older = record(1, { email: 'ada@old.example', city: 'London', phone: '555 0100' }, '1');
    const newer = record(2, { email: 'ada@new.example', city: '' }, '2');
    const { keep, picks } = defaultChoices(older, newer);
    expect(keep).toBe('a');
    expect(chosenValues(older, newer, picks)).toMatchObject({
      email: 'ada@new.example',
      city: 'London',
      phone: '555 0100',
    });
    expect(decideMerge({}, older, older)).toEqual({ outcome: 'self' });
    expect(decideMerge({}, older, undefined)).toEqual({ outcome: 'missing' });
    expect(decideMerge({}, older, { ...newer, deleted_at: '3' })).toEqual({
      outcome: 'trashed',
      side: 'b',
    });
    // No versions: the page was not shown, so it is shown (stale) rather than merged blind.
    expect(decideMerge({}, older, newer)).toMatchObject({ outcome: 'stale', sides: ['a', 'b'] });
  });
});

describe('merging two records', () => {
  it('shows both side by side with radio groups, the newest non-empty value chosen', async () => {
    const { page, body, a, b, client } = await twoAdas();
    expect(page.status).toBe(200);
    expect(texts(body, 'h1')).toEqual(['Merge two records']);
    expect(texts(body, '.merge-keep legend')).toEqual(['Record to keep']);
    expect(one(body, '#keep-a').hasAttribute('checked')).toBe(true);
    // One fieldset per field that differs, each a radio group with a legend; B changed last.
    expect(texts(body, 'fieldset.merge-field legend')).toEqual([
      'Email',
      'Phone',
      'City',
      'State',
      'ZIP code',
    ]);
    expect(one(body, '#pick-city-b').hasAttribute('checked')).toBe(true);
    expect(one(body, '#pick-phone-a').hasAttribute('checked')).toBe(true);
    expect(texts(body, '.merge-same .merge-field-name')).toEqual([
      'First name',
      'Last name',
      'Address',
    ]);
    expect(one(body, 'label[for="pick-city-a"]').textContent).toContain('London');
    expect(one(body, 'input[name="with"]').getAttribute('value')).toBe(String(b.id));
    // A's own page offers the same: B looks like the same person.
    const record = await (await client.get(`/customers/${a.id}`)).text();
    expect(texts(record, '.record-duplicates li .muted')).toEqual(['has the same email.']);
    expect(one(record, '.record-duplicates a.button').getAttribute('href')).toBe(
      `/customers/${a.id}/merge?with=${b.id}`,
    );
  });

  it('keeps the chosen values, moves notes and history, trashes the other, and says so', async () => {
    const { client, db, a, b, form, stored, me } = await twoAdas();
    const aEvents = await rowsOf(db, 'customer_events', a.id);
    const bEvents = await rowsOf(db, 'customer_events', b.id);
    const response = await client.post(`/customers/${a.id}/merge`, { ...form, pick_city: 'a' });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(`/customers/${a.id}`);
    const kept = (await stored(a.id))!;
    expect(kept).toMatchObject({
      city: 'London',
      phone: '555 0100',
      state: 'IDF',
      zipcode: '75001',
      email: 'ADA@example.com',
      version: 2,
      deleted_at: null,
    });
    const other = (await stored(b.id))!;
    expect(other.deleted_at).not.toBeNull();
    expect(other.deleted_by).toBe(me.userId);
    // Both notes are Ada's now; every event of B is too, marked as written on B.
    const notes = await rowsOf(db, 'customer_notes', a.id);
    expect(notes.map((n) => n.body)).toEqual([
      'Met at the conference',
      'Prefers email about engines',
    ]);
    expect(await rowsOf(db, 'customer_notes', b.id)).toEqual([]);
    const events = await rowsOf(db, 'customer_events', a.id);
    const moved = events.filter((e) => e.merged_from === b.id);
    expect(moved.map((e) => e.id)).toEqual(bEvents.map((e) => e.id));
    const merged = events.at(-1)!;
    expect(merged).toMatchObject({ kind: 'merged', actor_id: me.userId });
    expect(JSON.parse(merged.changes!)).toEqual({
      email: ['ada@example.com', 'ADA@example.com'],
      state: ['', 'IDF'],
      zipcode: ['', '75001'],
    });
    expect(events.filter((e) => e.merged_from === null).length).toBe(aEvents.length + 1);
    const left = await rowsOf(db, 'customer_events', b.id);
    expect(left.map((e) => e.kind)).toEqual(['merged']);
    // A's search finds B's note words now.
    expect(kept.note_terms).toContain('engines');

    const landed = await follow(client, response);
    expect(texts(landed.html, '#flash .toast-text')).toEqual([
      'Merged Ada Lovelace into Ada Lovelace.',
    ]);
    const undo = one(landed.html, '.toast form');
    expect(undo.getAttribute('action')).toMatch(/^\/customers\/merges\/\d+\/undo$/);
    // The Undo `u` presses (app.js looks for #flash form[data-undo]).
    expect(undo.hasAttribute('data-undo')).toBe(true);
    // The timeline shows the merge, with a link to the record in the trash, and B's story, read only.
    const entry = one(landed.html, '.timeline-merged');
    expect(entry.querySelector('.merge-line a')!.getAttribute('href')).toBe(`/customers/${b.id}`);
    expect(entry.textContent).toContain('(in the trash)');
    expect(texts(landed.html, '.timeline-origin').length).toBe(
      bEvents.filter((e) => e.note_id === null).length,
    );
    const trashed = await client.get(`/customers/${b.id}`);
    expect(trashed.status).toBe(410);
  });
});

describe('a merge refused', () => {
  it('with itself, across workspaces, or with a record in the trash: a message, nothing changes', async () => {
    const { client, db, a, b, form, app, seed, me, clock } = await twoAdas();
    const other = await memberOf(app, db, 'Other');
    const theirs = await seed({ first_name: 'Secret' }, other);
    const before = await snapshot(db);
    const cases: [string, string, Record<string, string>, number, string][] = [
      ['GET', `/customers/${a.id}/merge?with=${a.id}`, {}, 400, 'cannot be merged with itself'],
      ['POST', `/customers/${a.id}/merge`, { ...form, with: String(a.id) }, 400, 'with itself'],
      ['GET', `/customers/${a.id}/merge?with=${theirs.id}`, {}, 404, ''],
      ['GET', `/customers/${theirs.id}/merge?with=${a.id}`, {}, 404, ''],
      ['POST', `/customers/${a.id}/merge`, { ...form, with: String(theirs.id) }, 404, ''],
      ['POST', `/customers/${theirs.id}/merge`, { ...form, with: String(a.id) }, 404, ''],
      ['GET', `/customers/${a.id}/merge`, {}, 400, 'Say which customer to merge with'],
      ['POST', `/customers/${a.id}/merge`, { ...form, with: 'x' }, 400, 'Say which customer'],
    ];
    for (const [method, url, body, status, message] of cases) {
      const response = await client.request(method, url, method === 'GET' ? undefined : body);
      expect(response.status, `${method} ${url}`).toBe(status);
      const text = await response.text();
      expect(text).toContain(message);
      expect(text).not.toContain('Secret');
    }
    expect(await snapshot(db)).toBe(before);
    await queries.deleteCustomer(
      db,
      { workspaceId: me.workspaceId, userId: me.userId, now: clock.now },
      b.id,
    );
    const trashed = await snapshot(db);
    for (const response of [
      await client.get(`/customers/${a.id}/merge?with=${b.id}`),
      await client.post(`/customers/${a.id}/merge`, form),
    ]) {
      expect(response.status).toBe(409);
      expect(await response.text()).toContain(
        'Ada Lovelace is in the trash. Restore them first to merge the two records.',
      );
    }
    expect(await snapshot(db)).toBe(trashed);
  });

  it('a stale page: 409, today’s values, choices kept where the values did not change', async () => {
    const { client, db, a, b, form, stored, me, clock } = await twoAdas();
    // Someone edits B's city after the page was shown; the person chose A's state-less... and B's zip.
    const actor = { workspaceId: me.workspaceId, userId: me.userId, now: clock.now };
    const current = (await stored(b.id))!;
    await queries.updateCustomer(db, actor, b.id, current.version, {
      ...valuesOf(current),
      city: 'Lyon',
    });
    const before = await snapshot(db);
    const response = await client.post(`/customers/${a.id}/merge`, {
      ...form,
      keep: 'b',
      pick_phone: 'b',
      pick_city: 'a',
    });
    expect(response.status).toBe(409);
    expect(await snapshot(db)).toBe(before);
    const body = await response.text();
    expect(texts(body, '.conflict-title')).toEqual([
      'Ada Lovelace was changed after this page was shown',
    ]);
    expect(one(body, 'label[for="pick-city-b"]').textContent).toContain('Lyon');
    // Kept: the record to keep and the phone choice. City changed since: back to the newest value.
    expect(one(body, '#keep-b').hasAttribute('checked')).toBe(true);
    expect(one(body, '#pick-phone-b').hasAttribute('checked')).toBe(true);
    expect(one(body, '#pick-city-b').hasAttribute('checked')).toBe(true);
    expect(texts(body, '.merge-note')).toEqual(['Changed since you looked: check your choice.']);
    expect(one(body, 'input[name="b_version"]').getAttribute('value')).toBe('3');
    // Sent again from the new page, it merges.
    const again = await client.post(`/customers/${a.id}/merge`, formOf(body));
    expect(again.status).toBe(303);
    expect((await stored(b.id))!.city).toBe('Lyon');
  });

  it('a chosen value today’s rules refuse: 422 with the message, nothing changes', async () => {
    const { client, db, a, b, form } = await twoAdas();
    // Stored before today's rules (an old import, say): B's email is no address.
    await sql`UPDATE customers SET email = 'ada at example' WHERE id = ${b.id}`.execute(db);
    const page = await client.get(`/customers/${a.id}/merge?with=${b.id}`);
    const fresh = formOf(await page.text());
    const before = await snapshot(db);
    const response = await client.post(`/customers/${a.id}/merge`, { ...fresh, pick_email: 'b' });
    expect(response.status).toBe(422);
    expect(await snapshot(db)).toBe(before);
    const body = await response.text();
    expect(texts(body, 'fieldset.field-invalid .field-error')).toEqual([
      'Enter an email address like name@example.com.',
    ]);
    expect(texts(body, '.alert-error')).toEqual([
      'Nothing was merged. The kept record cannot take the Email chosen: choose the other value, or correct the record first.',
    ]);
    expect(one(body, '#pick-email-b').hasAttribute('checked')).toBe(true);
    void form;
  });
});
