// The keyboard beyond the basics (JavaScript on): the search box and the rows, paging with j/k, the
// record page's keys, focus after Back, and single-key shortcuts turned off in Account settings.
import type { Page } from '@playwright/test';
import { addCustomers, expect, openBook, test } from './fixtures.js';

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'the keyboard layer needs JavaScript');

const focusedRowName = (page: Page) => page.locator('#customer-rows > tr:focus .customer-name bdi');
const names = (page: Page) => page.locator('#customer-rows .customer-name bdi');

test('from the search box ↓ goes to the first row; Escape leaves the box, a second Escape clears it', async ({
  page,
  account,
}) => {
  void account;
  await addCustomers(page, [
    { first_name: 'Ada', last_name: 'Lovelace', city: 'London' },
    { first_name: 'Alan', last_name: 'Turing', city: 'Wilmslow' },
    { first_name: 'Grace', last_name: 'Hopper', city: 'Arlington' },
  ]);
  await openBook(page);
  const search = page.getByRole('searchbox', { name: 'Search customers' });

  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await page.keyboard.type('turing');
  await expect(page.locator('#customer-count')).toHaveText('1 match');
  await page.keyboard.press('ArrowDown');
  await expect(focusedRowName(page)).toHaveText('Alan Turing');

  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(search).not.toBeFocused();
  await expect(search).toHaveValue('turing');
  await expect(focusedRowName(page)).toHaveText('Alan Turing');
  await expect(page.locator('#customer-count')).toHaveText('1 match');

  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(page.locator('#customer-count')).toHaveText('3 customers');
  await expect(names(page)).toHaveCount(3);
  await expect(focusedRowName(page)).toHaveText('Alan Turing'); // still on the row they were on

  // One Escape in the box, then another key: the search stays.
  await page.keyboard.press('/');
  await page.keyboard.type('ada');
  await expect(page.locator('#customer-count')).toHaveText('1 match');
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('ada');
  await expect(page.locator('#customer-count')).toHaveText('1 match');
});

test('j on the last row opens the next page at its first row; k on the first row goes back to the last', async ({
  page,
  account,
}) => {
  void account;
  const people = Array.from({ length: 52 }, (_, i) => ({
    first_name: 'Person',
    last_name: String(i + 1).padStart(2, '0'),
  }));
  await addCustomers(page, people);
  await openBook(page);
  await expect(page.locator('#customer-count')).toHaveText('52 customers');
  await expect(names(page)).toHaveCount(50);

  await page.keyboard.press('j');
  await page.keyboard.press('End');
  await expect(focusedRowName(page)).toHaveText('Person 03');
  await page.keyboard.press('j');
  await expect(names(page)).toHaveText(['Person 02', 'Person 01']);
  await expect(focusedRowName(page)).toHaveText('Person 02');
  await expect(page).toHaveURL(/page=2/);

  await page.keyboard.press('k');
  await expect(names(page)).toHaveCount(50);
  await expect(focusedRowName(page)).toHaveText('Person 03');
  await page.keyboard.press('ArrowDown');
  await expect(focusedRowName(page)).toHaveText('Person 02');
  await page.keyboard.press('ArrowUp');
  await expect(focusedRowName(page)).toHaveText('Person 03');
  await page.keyboard.press('Home');
  await page.keyboard.press('k'); // on the first page's first row: nowhere to go, stays
  await expect(focusedRowName(page)).toHaveText('Person 52');
});

test('on the record page e edits, Delete deletes after the confirm, ? shows the map; Back returns to the row', async ({
  page,
  account,
}) => {
  void account;
  await addCustomers(page, [
    { first_name: 'Ada', last_name: 'Lovelace', city: 'London' },
    { first_name: 'Alan', last_name: 'Turing', city: 'Wilmslow' },
    { first_name: 'Grace', last_name: 'Hopper', city: 'Arlington' },
  ]);
  await openBook(page);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(focusedRowName(page)).toHaveText('Alan Turing');
  await page.keyboard.press('Tab'); // the row's name link
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Alan Turing' })).toBeVisible();
  await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);

  await page.goBack();
  await expect(focusedRowName(page)).toHaveText('Alan Turing');

  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Alan Turing' })).toBeVisible();
  await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);
  await page.keyboard.press('?');
  const map = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(map).toBeVisible();
  await expect(map.getByRole('region', { name: 'On a customer’s page' })).toContainText(
    'Edit the customer',
  );
  await page.keyboard.press('Escape');
  await expect(map).toBeHidden();

  await page.keyboard.press('e');
  await expect(page.getByRole('heading', { level: 1, name: 'Edit Alan Turing' })).toBeVisible();
  await page.goBack();
  await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);

  await page.keyboard.press('Delete');
  await expect(page.getByRole('heading', { level: 1, name: 'Delete Alan Turing?' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete customer' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#flash')).toContainText('Deleted Alan Turing.');
  await expect(page.locator('#flash').getByRole('button', { name: 'Restore' })).toBeVisible();
  await expect(names(page)).toHaveText(['Grace Hopper', 'Ada Lovelace']);
});

test('with single-key shortcuts turned off in Account settings, letters do nothing; grid keys and Ctrl+Z still work', async ({
  page,
  account,
}) => {
  void account;
  await addCustomers(page, [
    { first_name: 'Ada', last_name: 'Lovelace', city: 'London' },
    { first_name: 'Alan', last_name: 'Turing', city: 'Wilmslow' },
  ]);
  await page.goto('/settings/account');
  const box = page.getByRole('checkbox', { name: 'Use single-key shortcuts' });
  await expect(box).toBeChecked();
  await box.uncheck();
  await page.getByRole('button', { name: 'Save keyboard setting' }).click();
  await expect(page.locator('#flash')).toContainText('Single-key shortcuts are off.');
  await expect(box).not.toBeChecked();

  await openBook(page);
  await expect(page.locator('#new-customer kbd')).toBeHidden();
  for (const key of ['n', '/', 'j', '?', 't']) await page.keyboard.press(key);
  await expect(page.locator('#customer-new')).toHaveCount(0);
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole('searchbox', { name: 'Search customers' })).not.toBeFocused();
  await expect(page.locator('#customer-rows > tr:focus')).toHaveCount(0);
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();

  // The grid's own keys: arrows, Enter, Escape, Delete; and Ctrl+Z, not u, brings the row back.
  await page.locator('#customer-rows > tr').first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(focusedRowName(page)).toHaveText('Ada Lovelace');
  await page.keyboard.press('Enter');
  await expect(page.locator('tr[data-editing]').getByLabel('First name')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator('tr[data-editing]')).toHaveCount(0);
  await expect(focusedRowName(page)).toHaveText('Ada Lovelace');
  await page.keyboard.press('Delete');
  await expect(names(page)).toHaveText(['Alan Turing']);
  await page.keyboard.press('u');
  await expect(page.locator('#customer-count')).toHaveText('1 customer');
  await page.keyboard.press('ControlOrMeta+z');
  await expect(names(page)).toHaveText(['Alan Turing', 'Ada Lovelace']);

  // The map, from its button, says they are off and where to turn them on.
  await page.getByRole('button', { name: /Shortcuts/ }).click();
  const map = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(map).toContainText('Single-key shortcuts are off for you');
  await expect(map.getByRole('link', { name: 'Account settings' })).toBeVisible();
});
