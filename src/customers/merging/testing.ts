// Shared setup for the merge tests: two records of one person with a note and an edit each, the
// merge page's form as a browser sends it, and a customer's notes or events in order.
import type { DB } from '../../db/database.js';
import { one } from '../../testing/html.js';
import { createNote } from '../notes/queries.js';
import * as queries from '../queries.js';
import { valuesOf } from '../schema.js';
import { setup } from '../testing.js';

/** Two records of Ada, a note and an edit on each, and the merge form as the page sends it. */
export async function twoAdas() {
  const test = await setup();
  const { seed, db, me, clock } = test;
  const a = await seed({ email: 'ada@example.com', city: 'London', phone: '555 0100' });
  const b = await seed({ email: 'ADA@example.com', city: 'Paris', state: 'IDF' });
  const actor = { workspaceId: me.workspaceId, userId: me.userId, now: clock.now - 60_000 };
  await createNote(db, actor, a.id, 'Met at the conference');
  await createNote(db, actor, b.id, 'Prefers email about engines');
  await queries.updateCustomer(db, actor, b.id, 1, {
    ...valuesOf(b),
    zipcode: '75001',
  });
  const page = await test.client.get(`/customers/${a.id}/merge?with=${b.id}`);
  const body = await page.text();
  return { ...test, a, b, page, body, form: formOf(body) };
}

/** The form's fields as a browser would send them: hidden inputs and the checked radios. */
export function formOf(body: string): Record<string, string> {
  const form = one(body, 'form.merge-form');
  const values: Record<string, string> = {};
  for (const input of form.querySelectorAll('input')) {
    const type = input.getAttribute('type');
    if (type === 'radio' && !input.hasAttribute('checked')) continue;
    values[input.getAttribute('name')!] = input.getAttribute('value') ?? '';
  }
  return values;
}

export const rowsOf = (db: DB, table: 'customer_notes' | 'customer_events', customerId: number) =>
  db.selectFrom(table).selectAll().where('customer_id', '=', customerId).orderBy('id').execute();
