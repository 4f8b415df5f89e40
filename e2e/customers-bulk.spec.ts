// Acting on many customers at once: tick rows (or press x), then delete them or set a field from the
// bar, and Undo it all; with JavaScript on and off, and from the keyboard alone. Pictures of the table
// with a selection and its bar go to e2e/artifacts/.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { addCustomers, expect, openBook, test } from './fixtures.js';

const here = path.dirname(fileURLToPath(import.meta.url));

async function picture(page: Page, name: string) {
  mkdirSync(path.join(here, 'artifacts'), { recursive: true });
  const js = test.info().project.use.javaScriptEnabled === false ? 'nojs' : 'js';
  await page.screenshot({
    path: path.join(here, 'artifacts', `bulk-${name}-${js}.png`),
    caret: 'initial',
    animations: 'disabled',
  });
}

const PEOPLE = [
  { first_name: 'Ada', last_name: 'Lovelace', city: 'London', state: 'ENG' },
  { first_name: 'Grace', last_name: 'Hopper', city: 'Arlington', state: 'VA' },
  { first_name: 'Alan', last_name: 'Turing', city: 'Wilmslow', state: 'ENG' },
  { first_name: 'Katherine', last_name: 'Johnson', city: 'Hampton', state: 'VA' },
];

/** The table, and with JavaScript the keyboard layer ready for keys. */
async function open(page: Page, url = '/customers') {
  if (test.info().project.use.javaScriptEnabled === false) await page.goto(url);
  else await openBook(page, url);
}

const names = (page: Page) => page.locator('#customer-rows > tr.customer-row .customer-name bdi');
const bar = (page: Page) => page.getByRole('form', { name: 'Selected customers' });

test('a member ticks customers, deletes them from the bar, and brings them back with one Undo @postgres', async ({
  page,
  account,
  javaScriptEnabled,
}) => {
  void account;
  await addCustomers(page, PEOPLE);
  await open(page);
  if (javaScriptEnabled) await expect(bar(page)).toBeHidden();
  await page.getByRole('checkbox', { name: 'Select Grace Hopper' }).check();
  await page.getByRole('checkbox', { name: 'Select Alan Turing' }).check();
  await expect(bar(page)).toBeVisible();
  if (javaScriptEnabled)
    await expect(page.locator('#bulk-count')).toHaveText('2 customers selected');
  await picture(page, 'selection');
  // The bar at desktop width with rows selected (JavaScript on), or the plain bulk form (off).
  await expectNoAxeViolations(page, 'table with two customers selected and its bar');
  // Export CSV downloads exactly the ticked customers (the page stays as it is).
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    bar(page).getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.split('\r\n').map((line) => line.split(',')[0])).toEqual([
    '\uFEFFFirst name',
    'Alan',
    'Grace',
    '',
  ]);
  await expect(page.getByRole('checkbox', { name: 'Select Grace Hopper' })).toBeChecked();
  await bar(page).getByRole('button', { name: 'Delete' }).click();
  await expect(page.locator('#flash')).toContainText('Deleted 2 customers.');
  await expect(names(page)).toHaveText(['Katherine Johnson', 'Ada Lovelace']);
  await expect(page.locator('#customer-count')).toHaveText('2 customers');
  await page.locator('#flash').getByRole('button', { name: /Undo/ }).click();
  await expect(page.locator('#flash')).toContainText('Undone: 2 customers back as they were.');
  await expect(names(page)).toHaveText([
    'Katherine Johnson',
    'Alan Turing',
    'Grace Hopper',
    'Ada Lovelace',
  ]);
});

test('a member sets the state of the customers a search found, then undoes it @postgres', async ({
  page,
  account,
  javaScriptEnabled,
}) => {
  void account;
  await addCustomers(page, PEOPLE);
  await open(page, '/customers?q=eng');
  await expect(page.locator('#customer-count')).toHaveText('2 matches');
  if (javaScriptEnabled) {
    await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
    await expect(page.locator('#bulk-count')).toHaveText('2 customers selected');
  } else {
    await page.getByRole('radio', { name: 'All 2 on this page' }).check();
  }
  await bar(page).getByLabel('Set').selectOption('state');
  await bar(page).getByLabel('to', { exact: true }).fill('England');
  await bar(page).getByRole('button', { name: 'Set', exact: true }).click();
  await expect(page.locator('#flash')).toContainText('Set State to “England” for 2 customers.');
  await expect(page.locator('#customer-rows')).toContainText('London, England');
  await page.locator('#flash').getByRole('button', { name: /Undo/ }).click();
  await expect(page.locator('#flash')).toContainText('Undone: 2 customers back as they were.');
  await expect(page.locator('#customer-rows')).toContainText('London, ENG');
  await page.goto('/customers?q=england');
  await expect(page.locator('#customer-count')).toHaveText('0 matches');
});

test.describe('from the keyboard alone', () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'the keys need JavaScript');

  test('x, Shift+↓, Delete deletes the selection; u undoes it; Shift+x selects all matching', async ({
    page,
    account,
  }) => {
    void account;
    await addCustomers(page, PEOPLE);
    await openBook(page);
    await page.keyboard.press('/');
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('#customer-rows > tr:focus .customer-name bdi')).toHaveText(
      'Katherine Johnson',
    );
    await page.keyboard.press('x');
    await expect(page.locator('#bulk-count')).toHaveText('1 customer selected');
    await page.keyboard.press('Shift+ArrowDown');
    await expect(page.locator('#bulk-count')).toHaveText('2 customers selected');
    await expect(page.locator('#customer-rows > tr:focus .customer-name bdi')).toHaveText(
      'Alan Turing',
    );
    // d downloads the selection (not the whole list) while there is one.
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('d')]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n').map((line) => line.split(',')[0])).toEqual([
      '\uFEFFFirst name',
      'Katherine',
      'Alan',
      '',
    ]);
    await page.keyboard.press('x'); // and off again
    await expect(page.locator('#bulk-count')).toHaveText('1 customer selected');
    await page.keyboard.press('x');
    await page.keyboard.press('Delete');
    await expect(page.locator('#flash')).toContainText('Deleted 2 customers.');
    await expect(names(page)).toHaveText(['Grace Hopper', 'Ada Lovelace']);
    await expect(page.locator('#customer-rows > tr:focus .customer-name bdi')).toHaveText(
      'Grace Hopper',
    );
    await page.keyboard.press('u');
    await expect(page.locator('#flash')).toContainText('Undone: 2 customers back as they were.');
    await expect(names(page)).toHaveCount(4);

    await page.keyboard.press('/');
    await page.keyboard.type('va');
    await expect(page.locator('#customer-count')).toHaveText('2 matches');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+X');
    await expect(page.locator('#bulk-count')).toHaveText('All 2 matching this search selected');
    await expect(bar(page).getByRole('button', { name: /^Select all/ })).toBeHidden();
    // The bar's field and value, reached with Tab from the row.
    const value = bar(page).getByLabel('to', { exact: true });
    for (
      let i = 0;
      i < 20 && !(await value.evaluate((el) => el === document.activeElement));
      i += 1
    )
      await page.keyboard.press('Tab');
    await expect(value).toBeFocused();
    await page.keyboard.type('Virginia');
    await page.keyboard.press('Enter');
    await expect(page.locator('#flash')).toContainText('Set State to “Virginia” for 2 customers.');
    // "va" finds no one now: the focus waits in the search box; Escape leaves it for u to act.
    await expect(page.locator('#customer-count')).toHaveText('0 matches');
    await expect(page.getByRole('searchbox', { name: 'Search customers' })).toBeFocused();
    await page.keyboard.press('Escape');
    await page.keyboard.press('u');
    await expect(page.locator('#flash')).toContainText('Undone: 2 customers back as they were.');
  });

  test('with single-key shortcuts off, x does nothing and Space on a row ticks it', async ({
    page,
    account,
  }) => {
    void account;
    await addCustomers(page, PEOPLE.slice(0, 2));
    await page.goto('/settings/account');
    await page.getByRole('checkbox', { name: 'Use single-key shortcuts' }).uncheck();
    await page.getByRole('button', { name: 'Save keyboard setting' }).click();
    await openBook(page);
    await page.locator('#customer-rows > tr.customer-row').first().focus();
    await page.keyboard.press('x');
    await expect(bar(page)).toBeHidden();
    await page.keyboard.press('Space'); // a row's box, from the row

    await expect(page.locator('#bulk-count')).toHaveText('1 customer selected');
  });
});
