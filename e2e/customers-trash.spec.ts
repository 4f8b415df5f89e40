// The trash, with JavaScript on and off: a deleted customer is found there by name and restored; an
// owner deletes one forever after a confirm page; and from the keyboard, T opens it and Restore is a
// Tab away.
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { addCustomers, expect, openBook, test } from './fixtures.js';

const PEOPLE = [
  { first_name: 'Élodie', last_name: 'Martin', email: 'elodie@example.com' },
  { first_name: 'Bob', last_name: 'Stone', email: 'bob@example.com' },
  { first_name: 'Cleo', last_name: 'Patra', email: 'cleo@example.com' },
];

/** Deletes a customer from the table: the row's Delete with JavaScript, the confirm page without. */
async function deleteFromTable(page: Page, name: string, javaScriptEnabled: boolean) {
  const row = page.getByRole('row', { name: new RegExp(`^${name}`) });
  await row.getByRole('link', { name: `Delete ${name}` }).click();
  if (!javaScriptEnabled) await page.getByRole('button', { name: 'Delete customer' }).click();
  await expect(page.locator('#flash')).toContainText(`Deleted ${name}.`);
  await expect(page.getByRole('row', { name: new RegExp(`^${name}`) })).toHaveCount(0);
}

test('a deleted customer is found in the trash by name and restored @postgres', async ({
  page,
  account,
  javaScriptEnabled,
}) => {
  void account;
  await addCustomers(page, PEOPLE);
  if (javaScriptEnabled) await openBook(page);
  else await page.goto('/customers');
  await deleteFromTable(page, 'Élodie Martin', javaScriptEnabled);
  await deleteFromTable(page, 'Bob Stone', javaScriptEnabled);

  await page.getByRole('link', { name: /^Trash/ }).click();
  await expect(page).toHaveURL(/\/customers\/trash$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trash');
  await expect(page.locator('#trash-count')).toHaveText('2 customers in the trash');
  const rows = page.locator('#trash-rows tr.trash-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Bob Stone');
  await expect(rows.first()).toContainText(`Deleted by ${account.name}`);
  if (javaScriptEnabled) await expectNoAxeViolations(page, 'trash');

  const search = page.getByRole('searchbox', { name: 'Search the trash' });
  await search.fill('ÉLO');
  if (!javaScriptEnabled) await search.press('Enter');
  await expect(page).toHaveURL(/\/customers\/trash\?q=%C3%89LO$/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Élodie Martin');

  await page.getByRole('button', { name: 'Restore Élodie Martin' }).click();
  await expect(page.locator('#flash')).toContainText('Restored Élodie Martin.');
  await expect(rows).toHaveCount(0);
  await expect(
    page.getByRole('heading', { name: 'No deleted customers match “ÉLO”' }),
  ).toBeVisible();
  await expect(page.locator('#trash-count')).toHaveText('1 customer in the trash');

  await page.goto('/customers');
  await expect(page.getByRole('row', { name: /^Élodie Martin/ })).toHaveCount(1);
  await expect(page.getByRole('row', { name: /^Bob Stone/ })).toHaveCount(0);
});

test('an owner deletes a customer forever, after a confirm page', async ({ page, account }) => {
  void account;
  await addCustomers(page, PEOPLE.slice(2));
  await page.goto('/customers');
  const id = await page
    .locator('#customer-rows tr.customer-row')
    .first()
    .getAttribute('data-customer-id');
  await page.goto(`/customers/${id}/delete`);
  await page.getByRole('button', { name: 'Delete customer' }).click();
  await page.goto('/customers/trash');
  await page.getByRole('link', { name: 'Delete Cleo Patra forever' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delete Cleo Patra forever?');
  await page.getByRole('button', { name: 'Delete forever' }).click();
  await expect(page).toHaveURL(/\/customers\/trash$/);
  await expect(page.locator('#flash')).toContainText('Deleted Cleo Patra forever.');
  await expect(page.getByRole('heading', { name: 'The trash is empty' })).toBeVisible();
  expect((await page.goto(`/customers/${id}`))?.status()).toBe(404);
});

test('from the keyboard: T opens the trash, and Restore brings a customer back', async ({
  page,
  account,
  javaScriptEnabled,
}) => {
  test.skip(!javaScriptEnabled, 'keyboard shortcuts are the keyboard layer’s (app.js)');
  void account;
  await addCustomers(page, PEOPLE);
  await openBook(page);
  await page.getByRole('row', { name: /^Bob Stone/ }).focus();
  await page.keyboard.press('Delete');
  await expect(page.locator('#flash')).toContainText('Deleted Bob Stone.');
  await page.getByRole('row', { name: /^Cleo Patra/ }).focus();
  await page.keyboard.press('Delete');
  await expect(page.locator('#flash')).toContainText('Deleted Cleo Patra.');

  await page.locator('#customer-rows tr.customer-row').first().focus();
  await page.keyboard.press('t');
  await expect(page).toHaveURL(/\/customers\/trash$/);
  await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);
  // Search, then Tab on to the first Restore.
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search the trash' })).toBeFocused();
  // Tab: the box over the rows, the first row's box, its time of deletion (focus shows its exact
  // time), then its Restore.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('checkbox', { name: 'Select all on this page' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('checkbox', { name: 'Select Cleo Patra' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.locator('#trash-rows tr').first().locator('time.when')).toBeFocused();
  await page.keyboard.press('Tab');
  const restoreCleo = page.getByRole('button', { name: 'Restore Cleo Patra' });
  await expect(restoreCleo).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#flash')).toContainText('Restored Cleo Patra.');
  // Focus moves on to the next customer's Restore.
  await expect(page.getByRole('button', { name: 'Restore Bob Stone' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#flash')).toContainText('Restored Bob Stone.');
  await expect(page.getByRole('heading', { name: 'The trash is empty' })).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search the trash' })).toBeFocused();
});

test('an owner restores many from the trash with one Undo, and deletes the rest forever after a page that asks @postgres', async ({
  page,
  account,
  javaScriptEnabled,
}) => {
  void account;
  await addCustomers(page, PEOPLE);
  // Into the trash all at once, from the table's bar.
  if (javaScriptEnabled) {
    await openBook(page);
    await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
  } else {
    await page.goto('/customers');
    await page.getByRole('radio', { name: 'All 3 on this page' }).check();
  }
  const bar = page.getByRole('form', { name: 'Selected customers' });
  await bar.getByRole('button', { name: 'Delete' }).click();
  await expect(page.locator('#flash')).toContainText('Deleted 3 customers.');

  await page.goto('/customers/trash');
  const rows = page.locator('#trash-rows tr.trash-row');
  await expect(rows).toHaveCount(3);
  if (javaScriptEnabled) await expect(bar).toBeHidden();
  await page.getByRole('checkbox', { name: 'Select Élodie Martin' }).check();
  // With JavaScript, Space on a focused box ticks it too (the browser's own).
  await page.getByRole('checkbox', { name: 'Select Bob Stone' }).focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox', { name: 'Select Bob Stone' })).toBeChecked();
  await expect(bar).toBeVisible();
  if (javaScriptEnabled)
    await expect(page.locator('#bulk-count')).toHaveText('2 customers selected');
  await expectNoAxeViolations(page, 'trash with two customers selected and its bar');
  await bar.getByRole('button', { name: 'Restore' }).click();
  await expect(page.locator('#flash')).toContainText('Restored 2 customers.');
  await expect(rows).toHaveCount(1);
  await expect(page.locator('#trash-count')).toHaveText('1 customer in the trash');
  await page.locator('#flash').getByRole('button', { name: /Undo/ }).click();
  await expect(page.locator('#flash')).toContainText('Undone: 2 customers back as they were.');
  await expect(rows).toHaveCount(3);

  await page.getByRole('checkbox', { name: 'Select Cleo Patra' }).check();
  await bar.getByRole('button', { name: 'Delete forever…' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delete 1 customer forever?');
  await expectNoAxeViolations(page, 'delete many forever: the question');
  await page.getByRole('button', { name: 'Delete forever' }).click();
  await expect(page).toHaveURL(/\/customers\/trash$/);
  await expect(page.locator('#flash')).toContainText('Deleted 1 customer forever.');
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole('row', { name: /Cleo Patra/ })).toHaveCount(0);
});
