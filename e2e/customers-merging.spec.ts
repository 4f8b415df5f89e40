// Two records of one person made one from the duplicates page, and the merge undone: side by side,
// a value chosen from each, a page gone stale (409, today's values), the merge in the kept record's
// timeline, and Undo from its toast. JavaScript on and off, and from the keyboard alone. axe-core and
// the 390 px width check the merge page and its stale state in small-screen.spec.ts (both schemes).
import type { Page } from '@playwright/test';
import type { DB } from '../src/db/database.js';
import { insertCustomers } from '../src/customers/bulk.js';
import { EMPTY_VALUES } from '../src/customers/schema.js';
import { expect, test, type Account } from './fixtures.js';

/** Ada twice (the same email, different cities and phones): ids of the older and the newer record. */
async function twoAdas(database: DB, account: Account): Promise<[number, number]> {
  const user = await database
    .selectFrom('users')
    .select(['id', 'workspace_id'])
    .where('email', '=', account.email.toLowerCase())
    .executeTakeFirstOrThrow();
  await insertCustomers(database, user.workspace_id, user.id, [
    {
      ...EMPTY_VALUES,
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      phone: '+44 20 7946 0000',
      city: 'London',
      created_at: '2026-03-01T12:00:00.000Z',
    },
    {
      ...EMPTY_VALUES,
      first_name: 'Ada',
      last_name: 'King',
      email: 'ADA@example.com',
      city: 'Ockham',
      state: 'Surrey',
      created_at: '2026-03-02T12:00:00.000Z',
    },
  ]);
  const rows = await database
    .selectFrom('customers')
    .select('id')
    .where('workspace_id', '=', user.workspace_id)
    .orderBy('id')
    .execute();
  return [rows[0]!.id, rows[1]!.id];
}

/** The merge page of the group's two records, opened from the duplicates page. */
async function openMerge(page: Page) {
  await page.goto('/customers/duplicates');
  await page.getByRole('link', { name: 'Compare and merge Ada King with Ada Lovelace' }).click();
  await expect(page.getByRole('heading', { name: 'Merge two records' })).toBeVisible();
}

test('a member merges two records, meets a stale page, and undoes the merge', async ({
  page,
  account,
  database,
}) => {
  const [older, newer] = await twoAdas(database, account);
  await openMerge(page);
  // The newest non-empty values are chosen; A's city is picked instead.
  const city = page.getByRole('group', { name: 'City' });
  await expect(city.getByRole('radio', { name: /^Ockham\W+from record B$/ })).toBeChecked();
  await city.getByText('London').click();
  await expect(city.getByRole('radio', { name: /^London\W+from record A$/ })).toBeChecked();
  await page.getByRole('group', { name: 'Last name' }).getByText('Lovelace').click();

  // Someone edits the other record meanwhile: nothing is merged, the page shows today's values.
  await database
    .updateTable('customers')
    .set((eb) => ({ zipcode: 'GU23', version: eb('version', '+', 1) }))
    .where('id', '=', newer)
    .execute();
  await page.getByRole('button', { name: 'Merge records' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'Ada King was changed after this page was shown',
  );
  await expect(page.getByRole('group', { name: 'ZIP code' })).toContainText('GU23');
  await expect(city.getByRole('radio', { name: /^London\W+from record A$/ })).toBeChecked();

  await page.getByRole('button', { name: 'Merge records' }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${older}$`));
  await expect(page.locator('#flash')).toContainText('Merged Ada King into Ada Lovelace.');
  const merged = page.locator('.timeline-merged');
  await expect(merged.getByRole('link', { name: 'Ada King' })).toHaveAttribute(
    'href',
    `/customers/${newer}`,
  );
  await expect(page.locator('.record-details')).toContainText('GU23');
  await page.locator('#flash').getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('#flash')).toContainText(
    'Merge undone: Ada Lovelace and Ada King are two records again.',
  );
  await expect(page.locator('.record-details')).not.toContainText('GU23');
  const back = await database
    .selectFrom('customers')
    .select(['deleted_at', 'zipcode'])
    .where('id', '=', newer)
    .executeTakeFirstOrThrow();
  expect(back).toEqual({ deleted_at: null, zipcode: 'GU23' });
});

test('a merge and its undo from the keyboard alone', async ({
  page,
  account,
  database,
  javaScriptEnabled,
}) => {
  test.skip(!javaScriptEnabled, 'one keyboard run is enough');
  const [older] = await twoAdas(database, account);
  await openMerge(page);
  // The record to keep: the first radio group; arrows move the choice within it.
  const [a, b] = [/^Ada Lovelace\W+record A/, /^Ada King\W+record B/];
  await page.getByRole('radio', { name: a }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: b })).toBeChecked();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('radio', { name: a })).toBeChecked();
  // Tab goes to the next group (its checked radio), then on through the groups to the button.
  await page.keyboard.press('Tab');
  const lastName = page.getByRole('group', { name: 'Last name' });
  await expect(lastName.getByRole('radio', { name: /^King\W+from record B$/ })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(lastName.getByRole('radio', { name: /^Lovelace\W+from record A$/ })).toBeChecked();
  // Email, phone, city and state differ too: four groups, then the button.
  for (let group = 0; group < 5; group += 1) await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Merge records' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/customers/${older}$`));
  await expect(page.locator('#flash')).toContainText('Merged Ada King into Ada Lovelace.');
  // The timeline entry's Undo is reached with Tab from the merge's link to the other record; u
  // presses the toast's Undo.
  await page.locator('.timeline-merged').getByRole('link', { name: 'Ada King' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Undo the merge of Ada King' })).toBeFocused();
  await page.keyboard.press('u');
  await expect(page.locator('#flash')).toContainText('Merge undone');
});
