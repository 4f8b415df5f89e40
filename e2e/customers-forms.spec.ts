// The customer book with JavaScript off: the same tasks as whole pages and plain forms, each write a
// Post/Redirect/Get with a message.
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { expect, test } from './fixtures.js';

test.skip(
  ({ javaScriptEnabled }) => javaScriptEnabled,
  'covers the pages a browser without JavaScript uses',
);

async function fill(page: Page, values: Record<string, string>) {
  for (const [label, value] of Object.entries(values))
    await page.getByLabel(label, { exact: true }).fill(value);
}

const rowOf = (page: Page, name: string) =>
  page.locator('#customer-rows > tr.customer-row', { hasText: name });

test('a member adds, views, edits, deletes and restores a customer with forms alone', async ({
  page,
  account,
}) => {
  test.slow(); // a long story, with axe at three of its pages
  void account;
  await page.goto('/customers');
  await expect(page.getByText('No customers yet')).toBeVisible();
  // Shortcut hints need the keyboard layer, so they are not shown.
  await expect(page.getByRole('button', { name: /Shortcuts/ })).toBeHidden();

  // Add: the New customer link opens the form page; bad input comes back with messages and values.
  await page.getByRole('link', { name: 'New customer' }).click();
  await expect(page).toHaveURL(/\/customers\/new$/);
  await expect(page.getByLabel('First name')).toBeFocused();
  await fill(page, {
    'First name': 'Zoë',
    'Last name': '',
    'Email (optional)': 'zoe@',
    'Phone (optional)': '+46 18 471 00 00',
  });
  await page.getByRole('button', { name: 'Add customer' }).click();
  await expect(page.getByRole('alert')).toContainText('Some fields need attention.');
  await expect(page.getByText('Enter a last name.')).toBeVisible();
  await expect(page.getByText('Enter an email address like name@example.com.')).toBeVisible();
  await expect(page.getByLabel('Last name')).toBeFocused();
  await expectNoAxeViolations(page, 'the new-customer page refused (422)');
  await expect(page.getByLabel('First name')).toHaveValue('Zoë');
  await expect(page.getByLabel('Phone (optional)')).toHaveValue('+46 18 471 00 00');

  await fill(page, {
    'Last name': 'Ångström',
    'Email (optional)': 'zoe@uppsala.se',
    'City (optional)': 'Uppsala',
    'ZIP code (optional)': '752 37',
  });
  await page.getByRole('button', { name: 'Add customer' }).click();
  await expect(page).toHaveURL(/\/customers#customer-\d+$/);
  await expect(page.locator('#flash')).toContainText('Added Zoë Ångström.');
  await expect(page.locator('#customer-count')).toHaveText('1 customer');
  await expect(rowOf(page, 'Zoë Ångström')).toContainText('zoe@uppsala.se');

  // View: the name opens the record with every field.
  await rowOf(page, 'Zoë Ångström')
    .getByRole('link', { name: 'Zoë Ångström', exact: true })
    .click();
  await expect(page.getByRole('heading', { name: 'Zoë Ångström' })).toBeVisible();
  await expect(page.locator('.record-details')).toContainText('752 37');
  await expectNoAxeViolations(page, 'the record page');

  // Edit: the form page saves with POST and lands back on the record.
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit Zoë Ångström' })).toBeVisible();
  await fill(page, { 'State (optional)': 'Uppsala län', 'Phone (optional)': 'call me' });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(
    page.getByText(
      'Use digits and + ( ) - . or spaces, then an extension like “ext 12” if there is one.',
    ),
  ).toBeVisible();
  await expect(page.getByLabel('State (optional)')).toHaveValue('Uppsala län');
  await fill(page, { 'Phone (optional)': '+46 18 471 00 01' });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('#flash')).toContainText('Saved Zoë Ångström.');
  await expect(page.locator('.record-details')).toContainText('Uppsala län');
  await expect(page.locator('.record-details')).toContainText('+46 18 471 00 01');

  // Delete: a confirm page, then the table with a Restore button in the message.
  await page.getByRole('link', { name: 'Delete' }).click();
  await expect(page.getByRole('heading', { name: 'Delete Zoë Ångström?' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete customer' }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.locator('#flash')).toContainText('Deleted Zoë Ångström.');
  await expect(page.locator('#customer-count')).toHaveText('0 customers');
  await expect(page.getByText('No customers yet')).toBeVisible();
  await expectNoAxeViolations(page, 'the empty list with a Restore message');
  await page.locator('#flash').getByRole('button', { name: 'Restore' }).click();
  await expect(page.locator('#flash')).toContainText('Restored Zoë Ångström.');
  await expect(rowOf(page, 'Zoë Ångström')).toContainText('Uppsala, Uppsala län');
  await expect(page.locator('#customer-count')).toHaveText('1 customer');

  // The table's own Edit and Delete links reach the same pages.
  await rowOf(page, 'Zoë Ångström').getByRole('link', { name: 'Edit Zoë Ångström' }).click();
  await expect(page).toHaveURL(/\/customers\/\d+\/edit$/);
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: 'Zoë Ångström' })).toBeVisible();
  await page.goto('/customers');
  await rowOf(page, 'Zoë Ångström').getByRole('link', { name: 'Delete Zoë Ångström' }).click();
  await expect(page.getByRole('heading', { name: 'Delete Zoë Ångström?' })).toBeVisible();
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: 'Zoë Ångström' })).toBeVisible();
});

test('markup typed into a field shows as text on every page', async ({ page, account }) => {
  void account;
  await page.goto('/customers/new');
  await fill(page, {
    'First name': '<b>Bold</b>',
    'Last name': '<script>alert(1)</script>',
    'City (optional)': '"><img src=x>',
  });
  await page.getByRole('button', { name: 'Add customer' }).click();
  const row = rowOf(page, '<b>Bold</b>');
  await expect(row).toContainText('<b>Bold</b> <script>alert(1)</script>');
  await expect(row).toContainText('"><img src=x>');
  await expect(
    page.locator('#customer-rows b, #customer-rows img, #customer-rows script'),
  ).toHaveCount(0);
  await row.getByRole('link', { name: /Bold/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    '<b>Bold</b> <script>alert(1)</script>',
  );
});
