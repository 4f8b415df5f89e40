// Two people editing one customer, through the real forms (read as a browser reads them): a save merges
// per field, asks only about fields both changed, and keeps what was typed when the customer went away.
import { describe, expect, it } from 'vitest';
import { browserForm } from '../testing/browser-form.js';
import { customerKeys } from './keys.js';
import { textOf, texts } from '../testing/html.js';
import { countSays, follow, input, memberOf, partial, setup } from './testing.js';

async function twoPeople() {
  const test = await setup('Ada Admin');
  const sam = await memberOf(test.app, test.db, 'Sam Jones');
  await test.db
    .updateTable('users')
    .set({ workspace_id: test.me.workspaceId })
    .where('id', '=', sam.userId)
    .execute();
  const customer = await test.seed({
    city: 'London',
    phone: '555 0100',
    email: 'grace@example.com',
  });
  return { ...test, sam, customer };
}

type Client = Awaited<ReturnType<typeof twoPeople>>['client'];

/** Opens the edit form (inline row or page) and returns a way to submit it with some fields changed. */
async function openEditor(client: Client, id: number, htmx: boolean) {
  const html = await (await client.get(`/customers/${id}/edit`, { htmx })).text();
  return formOf(client, html, new RegExp(`^/customers/${id}(/restore)?$`), htmx);
}

function formOf(client: Client, html: string, action: RegExp, htmx: boolean) {
  const form = browserForm(html, action);
  return (changes: Record<string, string> = {}) => {
    const data = { ...Object.fromEntries(form.data), ...changes };
    const method = htmx && !form.action.endsWith('/restore') ? 'PUT' : 'POST';
    return client.request(method, form.action, data, { htmx });
  };
}

describe.each([false, true])('two people editing (htmx %s)', (htmx) => {
  it('merges changes to different fields and says whose change it kept', async () => {
    const { client, sam, customer, stored } = await twoPeople();
    const mine = await openEditor(client, customer.id, htmx);
    const theirs = await openEditor(sam.client, customer.id, htmx);
    expect((await theirs({ city: 'Paris' })).status).toBe(htmx ? 200 : 303);

    const response = await mine({ phone: '555 0199' });
    const message = 'Saved Ada Lovelace. Kept Sam Jones’s change to City.';
    if (htmx) {
      expect(response.status).toBe(200);
      expect(textOf(partial(await response.text(), '#flash'))).toContain(message);
    } else {
      expect(response.status).toBe(303);
      expect((await follow(client, response)).html).toContain(message);
    }
    const row = (await stored(customer.id))!;
    expect(row).toMatchObject({ city: 'Paris', phone: '555 0199', version: 3 });
    // The stored search and sort keys follow the merged values.
    expect(row).toMatchObject(customerKeys(row));
  });

  it('asks only about the field both changed, and the answer is merged again with a later change', async () => {
    const { client, sam, customer, stored, app, db } = await twoPeople();
    const mine = await openEditor(client, customer.id, htmx);
    await (
      await openEditor(sam.client, customer.id, htmx)
    )({ city: 'Paris', email: 'g@example.org' });

    const conflict = await mine({ city: 'Rome', phone: '555 0199' });
    expect(conflict.status).toBe(409);
    const html = await conflict.text();
    expect(html).toContain('Sam Jones changed City while you were editing');
    const legends = texts(html, 'legend');
    expect(legends).toContain('City: changed by both of you');
    expect(legends.filter((legend) => legend.startsWith('Email'))).toEqual([]);
    expect(await stored(customer.id)).toMatchObject({
      city: 'Paris',
      phone: '555 0100',
      version: 2,
    });

    // A third person changes the zip code before the choice is sent: it is kept, not overwritten.
    const third = await memberOf(app, db, 'Kim Lee');
    await db
      .updateTable('users')
      .set({ workspace_id: customer.workspace_id })
      .where('id', '=', third.userId)
      .execute();
    await (
      await openEditor(third.client, customer.id, htmx)
    )({ zipcode: 'SW1' });

    const resolve = formOf(client, html, new RegExp(`^/customers/${customer.id}$`), htmx);
    const saved = await resolve({ keep_city: 'mine' });
    expect(saved.status).toBe(htmx ? 200 : 303);
    expect(await stored(customer.id)).toMatchObject({
      city: 'Rome',
      phone: '555 0199',
      email: 'g@example.org',
      zipcode: 'SW1',
      version: 4,
    });
  });

  it('keeps what was typed when the customer was deleted meanwhile, and restores it with those values', async () => {
    const { client, sam, customer, stored, me } = await twoPeople();
    const mine = await openEditor(client, customer.id, htmx);
    await sam.client.post(`/customers/${customer.id}/delete`);

    const response = await mine({ city: 'Paris' });
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain('Sam Jones deleted Ada Lovelace on Nov 24, 2026 while you were editing');
    expect(input(html, 'city').getAttribute('value')).toBe('Paris');
    expect(texts(html, 'button').some((text) => text.endsWith('Restore with these values'))).toBe(
      true,
    );
    expect(texts(html, 'a').some((text) => text.endsWith('Discard'))).toBe(true);
    expect((await stored(customer.id))?.deleted_at).not.toBeNull();

    const restore = formOf(client, html, new RegExp(`^/customers/${customer.id}/restore$`), htmx);
    const restored = await restore();
    expect(restored.status).toBe(htmx ? 200 : 303);
    if (htmx)
      expect(countSays(partial(await restored.text(), '#customer-count'))).toBe('1 customer');
    else
      expect((await follow(client, restored)).html).toContain(
        'Restored Ada Lovelace with your changes.',
      );
    expect(await stored(customer.id)).toMatchObject({
      deleted_at: null,
      city: 'Paris',
      updated_by: me.userId,
      version: 2,
    });
  });
});
