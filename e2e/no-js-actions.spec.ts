// Without JavaScript every keyboard action has a visible link or button (checked here, not assumed), and
// the Account page's keyboard setting is a plain form.
import { addCustomers, expect, test } from './fixtures.js';

test.skip(({ javaScriptEnabled }) => javaScriptEnabled, 'what a page offers without JavaScript');

test('single-key shortcuts are turned off and on again with the Account page form alone', async ({
  page,
  account,
}) => {
  void account;
  await page.goto('/settings/account');
  const section = page.getByRole('region', { name: 'Keyboard shortcuts' });
  const box = section.getByRole('checkbox', { name: 'Use single-key shortcuts' });
  await expect(box).toBeChecked();
  await box.uncheck();
  await section.getByRole('button', { name: 'Save keyboard setting' }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);
  await expect(page.locator('#flash')).toContainText('Single-key shortcuts are off.');
  await expect(box).not.toBeChecked();
  await page.reload();
  await expect(box).not.toBeChecked();
  await box.check();
  await section.getByRole('button', { name: 'Save keyboard setting' }).click();
  await expect(page.locator('#flash')).toContainText('Single-key shortcuts are on.');
  await expect(box).toBeChecked();
});

test('every shortcut has a visible link or button without JavaScript', async ({
  page,
  account,
}) => {
  void account;
  const people = Array.from({ length: 51 }, (_, i) => ({
    first_name: 'Person',
    last_name: String(i + 1).padStart(2, '0'),
  }));
  await addCustomers(page, [
    ...people,
    { first_name: 'Ada', last_name: 'Lovelace', city: 'London' },
  ]);
  await page.goto('/customers');

  // n, /, Enter, Delete, j past the last row: New customer, Search, each row's Edit and Delete, Next.
  await expect(page.getByRole('link', { name: 'New customer' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Search' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit Ada Lovelace' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Delete Ada Lovelace' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Shortcuts/ })).toBeHidden(); // keys need JavaScript; so does their map
  await page.getByRole('link', { name: /Next/ }).click();
  await expect(page.getByRole('link', { name: /Previous/ })).toBeVisible(); // k before the first row

  // Escape twice in the search box: the Clear link.
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('lovelace');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.locator('#customer-count')).toHaveText('1 match');
  await page.getByRole('link', { name: 'Clear', exact: true }).click();
  await expect(page.locator('#customer-count')).toHaveText('52 customers');

  // The record page: e and Delete are the Edit and Delete links; Escape in the editor is Cancel.
  await page.getByRole('link', { name: 'Ada Lovelace', exact: true }).click();
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Save changes' })).toBeVisible();
  await page.getByRole('link', { name: 'Cancel' }).click();
  await page.getByRole('link', { name: 'Delete', exact: true }).click();
  await page.getByRole('button', { name: 'Delete customer' }).click();
  // u (and Ctrl+Z): the Restore button in the message.
  await expect(page.locator('#flash')).toContainText('Deleted Ada Lovelace.');
  await page.locator('#flash').getByRole('button', { name: 'Restore' }).click();
  await expect(page.locator('#flash')).toContainText('Restored Ada Lovelace.');
});
