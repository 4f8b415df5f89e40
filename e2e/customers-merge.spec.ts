// Two tabs editing one customer, with JavaScript on (the inline row) and off (the edit page): a change
// to another field is merged and named, a field both changed is chosen per field, an edit of a customer
// deleted meanwhile keeps what was typed, and a deleted customer's page offers Restore (410).
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { expect, test } from './fixtures.js';

// axe-core runs as a script in the page, so the accessibility checks run in the JavaScript project.

/** Adds a customer through the new-customer page and returns its id. */
async function addCustomer(page: Page): Promise<number> {
  await page.goto('/customers/new');
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('City (optional)').fill('London');
  await page.getByLabel('Phone (optional)').fill('555 0100');
  await page.getByRole('button', { name: 'Add customer' }).click();
  await expect(page.locator('#flash')).toContainText('Added Ada Lovelace.');
  return Number(/#customer-(\d+)$/.exec(page.url())![1]);
}

/** The editor as this browser opens it: the inline row with JavaScript, the edit page without. */
async function openEditor(page: Page, id: number) {
  await page.goto('/customers');
  await page.getByRole('link', { name: 'Edit Ada Lovelace' }).click();
  const editor = page
    .locator('form')
    .filter({ has: page.getByRole('button', { name: 'Save changes' }) });
  await expect(editor).toBeVisible();
  void id;
  return editor;
}

/** A second tab saves a change through the edit page. */
async function saveInAnotherTab(page: Page, id: number, label: string, value: string) {
  const other = await page.context().newPage();
  await other.goto(`/customers/${id}/edit`);
  await other.getByLabel(label).fill(value);
  await other.getByRole('button', { name: 'Save changes' }).click();
  await expect(other.locator('#flash')).toContainText('Saved Ada Lovelace.');
  await other.close();
}

test('a change to another field in another tab is kept and named; the save says so @postgres', async ({
  page,
  account,
  javaScriptEnabled,
}) => {
  void account;
  const id = await addCustomer(page);
  const editor = await openEditor(page, id);
  await saveInAnotherTab(page, id, 'City (optional)', 'Paris');

  await editor.getByLabel(/^Phone/).fill('555 0199');
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('#flash')).toContainText(
    'Saved Ada Lovelace. Kept your change from another tab or device to City.',
  );
  if (javaScriptEnabled) await expectNoAxeViolations(page, 'merged save toast');
  await page.goto(`/customers/${id}`);
  await expect(page.locator('.record-details')).toContainText('Paris');
  await expect(page.locator('.record-details')).toContainText('555 0199');
});

test('a field both tabs changed is a choice for that field alone, nothing pre-chosen @postgres', async ({
  page,
  account,
  javaScriptEnabled,
}) => {
  void account;
  const id = await addCustomer(page);
  const editor = await openEditor(page, id);
  await saveInAnotherTab(page, id, 'City (optional)', 'Paris');

  await editor.getByLabel(/^City/).fill('Rome');
  await editor.getByLabel(/^ZIP code/).fill('00184');
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('alert')).toContainText('You changed City in another tab or window');
  const city = page.getByRole('group', { name: 'City: changed by both of you' });
  await expect(city.getByRole('radio', { name: /Keep your other save: Paris/ })).not.toBeChecked();
  await expect(city.getByRole('radio', { name: /Keep mine: Rome/ })).not.toBeChecked();
  // The other changes stay in the form.
  await expect(page.getByLabel(/^ZIP code/)).toHaveValue('00184');
  if (javaScriptEnabled) await expectNoAxeViolations(page, 'per-field conflict');

  await city.getByRole('radio', { name: /Keep mine: Rome/ }).check();
  await page.getByRole('button', { name: 'Save with these choices' }).click();
  await expect(page.locator('#flash')).toContainText('Saved Ada Lovelace.');
  await page.goto(`/customers/${id}`);
  await expect(page.locator('.record-details')).toContainText('Rome');
  await expect(page.locator('.record-details')).toContainText('00184');
});

test('an edit of a customer deleted meanwhile keeps what was typed and restores with it @postgres', async ({
  page,
  account,
  javaScriptEnabled,
}) => {
  void account;
  const id = await addCustomer(page);
  const editor = await openEditor(page, id);
  const other = await page.context().newPage();
  await other.goto(`/customers/${id}/delete`);
  await other.getByRole('button', { name: 'Delete customer' }).click();
  await expect(other.locator('#flash')).toContainText('Deleted Ada Lovelace.');
  await other.close();

  await editor.getByLabel(/^City/).fill('Paris');
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('alert')).toContainText('You deleted Ada Lovelace on');
  // The editor's City, not the table's City filter beside it (with JavaScript the editor is a row).
  await expect(page.locator('input[name="city"]:not([id^="customer-filter-"])')).toHaveValue(
    'Paris',
  );
  await expect(page.getByRole('link', { name: 'Discard' })).toBeVisible();
  if (javaScriptEnabled) await expectNoAxeViolations(page, 'edit of a customer deleted meanwhile');

  await page.getByRole('button', { name: 'Restore with these values' }).click();
  await expect(page.locator('#flash')).toContainText('Restored Ada Lovelace with your changes.');
  await page.goto(`/customers/${id}`);
  await expect(page.locator('.record-details')).toContainText('Paris');
});

test('a deleted customer’s page says who deleted it and when, and Restore brings it back @postgres', async ({
  page,
  account,
  javaScriptEnabled,
}) => {
  void account;
  const id = await addCustomer(page);
  await page.goto(`/customers/${id}/delete`);
  await page.getByRole('button', { name: 'Delete customer' }).click();

  const response = await page.goto(`/customers/${id}`);
  expect(response?.status()).toBe(410);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ada Lovelace was deleted');
  await expect(page.getByText(/Deleted by you on \w+ \d+, \d{4}\./)).toBeVisible();
  if (javaScriptEnabled) await expectNoAxeViolations(page, 'deleted customer (410)');

  await page.getByRole('button', { name: 'Restore Ada Lovelace' }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${id}$`));
  await expect(page.locator('#flash')).toContainText('Restored Ada Lovelace.');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ada Lovelace');
});
