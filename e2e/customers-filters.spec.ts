// Narrowing the table by state, city and date added: a GET form without JavaScript, rows updated in
// place with it, from the keyboard; a chip for each filter removes it; search and sort keep them.
import type { Page } from '@playwright/test';
import { insertCustomers } from '../src/customers/bulk.js';
import { EMPTY_VALUES } from '../src/customers/schema.js';
import { expectNoAxeViolations } from './axe.js';
import { expect, test } from './fixtures.js';

const names = (page: Page) => page.locator('#customer-rows .customer-name bdi');

test('filters by state, city and days added, with search and sort, and chips remove them @postgres', async ({
  page,
  account,
  database,
  javaScriptEnabled,
}) => {
  test.slow(); // axe twice
  const user = await database
    .selectFrom('users')
    .select(['id', 'workspace_id'])
    .where('email', '=', account.email.toLowerCase())
    .executeTakeFirstOrThrow();
  const people: [string, string, string, string][] = [
    ['Ada', 'NY', 'Albany', '2026-03-01T12:00:00Z'],
    ['Bea', 'ny', 'Buffalo', '2026-03-02T12:00:00Z'],
    ['Cleo', 'CA', 'Albany', '2026-03-03T12:00:00Z'],
    ['Dan', 'NY', 'Albany', '2026-04-10T12:00:00Z'],
  ];
  await insertCustomers(
    database,
    user.workspace_id,
    user.id,
    people.map(([first, state, city, at]) => ({
      ...EMPTY_VALUES,
      first_name: first,
      last_name: 'Test',
      state,
      city,
      created_at: new Date(at).toISOString(),
    })),
  );
  await page.goto('/customers');
  if (javaScriptEnabled) await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);
  await expect(names(page)).toHaveCount(4);

  // From the keyboard: the Filters disclosure opens with Enter, fields are reached with Tab.
  const summary = page.locator('details.list-filters > summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('State', { exact: true })).toBeVisible();
  await page.getByLabel('State', { exact: true }).fill('ny');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('City', { exact: true })).toBeFocused();
  await page.keyboard.type('albany');
  if (!javaScriptEnabled) await page.keyboard.press('Enter');
  await expect(names(page)).toHaveText(['Dan Test', 'Ada Test']);
  await expect(page.locator('#customer-count')).toHaveText('2 matches');
  await expect(page).toHaveURL(/state=ny&city=albany/);
  await expect(page.locator('#customer-filter-chips .filter-chip > span')).toHaveText([
    'State: ny',
    'City: albany',
  ]);

  // Sorting keeps the filters; so does a search.
  await page.getByRole('link', { name: 'Sort by name' }).click();
  await expect(names(page)).toHaveText(['Ada Test', 'Dan Test']);
  await expect(page).toHaveURL(/state=ny&city=albany&sort=name/);
  const box = page.getByRole('searchbox', { name: 'Search customers' });
  await box.fill('dan');
  if (!javaScriptEnabled) await box.press('Enter');
  await expect(names(page)).toHaveText(['Dan Test']);
  await box.fill('');
  if (!javaScriptEnabled) await box.press('Enter');
  await expect(names(page)).toHaveText(['Ada Test', 'Dan Test']);

  // Days added: March only.
  await page.getByLabel('Added to').fill('2026-03-31');
  if (!javaScriptEnabled) await page.getByLabel('Added to').press('Enter');
  await expect(names(page)).toHaveText(['Ada Test']);
  await expectNoAxeViolations(page, 'a filtered list with chips');

  // The city chip's × removes only the city (and empties its field).
  await page.getByRole('link', { name: 'Remove filter City: albany' }).click();
  await expect(names(page)).toHaveText(['Ada Test', 'Bea Test']);
  await expect(page.getByLabel('City', { exact: true })).toHaveValue('');
  await expect(page).not.toHaveURL(/city=[^&]/);
  await expect(page.locator('#customer-filter-chips .filter-chip > span')).toHaveText([
    'State: ny',
    'Added to: 2026-03-31',
  ]);

  // Nothing matching says so, with a way back to everyone.
  await page.getByLabel('State', { exact: true }).fill('TX');
  if (!javaScriptEnabled) await page.getByLabel('State', { exact: true }).press('Enter');
  await expect(page.getByText('No customers match these filters')).toBeVisible();
  await expectNoAxeViolations(page, 'filters that match nobody');
  await page.getByRole('link', { name: 'Clear the filters' }).click();
  await expect(names(page)).toHaveCount(4);
  await expect(page.getByLabel('State', { exact: true })).toHaveValue('');
});

test('a bad date in the address is refused with a message that says how to write it', async ({
  page,
  account,
}) => {
  void account; // signed in
  const response = await page.goto('/customers?added_after=2026-02-30');
  expect(response?.status()).toBe(400);
  await expect(page.getByText('“Added from” must be a date written as YYYY-MM-DD')).toBeVisible();
});
