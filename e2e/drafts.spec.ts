// Unsaved edits do not vanish (JavaScript on): a changed editor asks before it goes, its draft is kept in
// the browser for the signed-in person and offered back after a reload or after signing in again (an
// ended session included), a restored draft still meets the server's conflict handling, and sign-out
// clears it.
import type { Page } from '@playwright/test';
import { addCustomers, expect, openBook, test } from './fixtures.js';

test.skip(
  ({ javaScriptEnabled }) => !javaScriptEnabled,
  'drafts are kept by the keyboard layer (app.js)',
);

/** Reloads a page whose changed editor asks first, and answers the browser's question with Leave. */
async function reloadAnyway(page: Page) {
  const asked = new Promise<string>((resolve) => {
    page.once('dialog', (dialog) => {
      resolve(dialog.type());
      void dialog.accept();
    });
  });
  await page.reload();
  expect(await asked).toBe('beforeunload');
  await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);
}

const row = (page: Page, name: string) =>
  page.locator('#customer-rows > tr.customer-row', { hasText: name });
const editor = (page: Page) => page.locator('tr[data-editing]');
const question = (page: Page) => page.getByRole('dialog', { name: 'Unsaved changes' });
const offers = (page: Page) => page.getByRole('region', { name: 'Unsaved edits' });
const storedDrafts = (page: Page) =>
  page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('folio.drafts')));

test('a changed editor asks before Escape, a list load or a reload; the draft comes back and saves @postgres', async ({
  page,
  account,
}) => {
  void account;
  await addCustomers(page, [
    { first_name: 'Ada', last_name: 'Lovelace', city: 'London' },
    { first_name: 'Alan', last_name: 'Turing', city: 'Wilmslow' },
  ]);
  await openBook(page);
  await row(page, 'Ada Lovelace').getByRole('link', { name: 'Edit Ada Lovelace' }).click();
  await editor(page).getByLabel('City').fill('Paris');

  // Escape asks; Escape again (or Keep editing) keeps the editor and what was typed.
  await page.keyboard.press('Escape');
  await expect(question(page)).toContainText('Your changes to Ada Lovelace are not saved.');
  await expect(question(page).getByRole('button', { name: 'Keep editing' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(question(page)).toHaveCount(0);
  await expect(editor(page).getByLabel('City')).toHaveValue('Paris');
  await expect(editor(page).getByLabel('City')).toBeFocused();

  // A sort (it would replace the rows) asks too.
  await page.locator('.sort-link[data-sort="name"]').click();
  await expect(question(page)).toBeVisible();
  await question(page).getByRole('button', { name: 'Keep editing' }).click();
  await expect(editor(page).getByLabel('City')).toHaveValue('Paris');

  // Reload: the browser asks; leaving anyway keeps the draft, which is offered back.
  await reloadAnyway(page);
  await expect(editor(page)).toHaveCount(0);
  await expect(offers(page)).toContainText('You have an unsaved edit of Ada Lovelace');
  await offers(page).getByRole('button', { name: 'Restore' }).click();
  await expect(editor(page).getByLabel('City')).toHaveValue('Paris');
  await expect(offers(page)).toHaveCount(0);
  await editor(page).getByLabel('City').press('Enter');
  await expect(row(page, 'Ada Lovelace')).toContainText('Paris');
  await expect(page.locator('#flash')).toContainText('Saved Ada Lovelace.');

  // Saved: no question on reload, nothing offered, nothing left in storage.
  await page.reload();
  await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);
  await expect(offers(page)).toHaveCount(0);
  expect(await storedDrafts(page)).toEqual([]);
});

test('Discard in the question drops the edit and its draft; an unchanged editor closes without asking', async ({
  page,
  account,
}) => {
  void account;
  await addCustomers(page, [{ first_name: 'Alan', last_name: 'Turing', city: 'Wilmslow' }]);
  await openBook(page);
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await expect(editor(page).getByLabel('First name')).toBeFocused();
  await page.keyboard.press('Escape'); // nothing changed: no question
  await expect(editor(page)).toHaveCount(0);
  await expect(question(page)).toHaveCount(0);

  await page.keyboard.press('Enter');
  await editor(page).getByLabel('City').fill('Manchester');
  await page.keyboard.press('Escape');
  await question(page).getByRole('button', { name: 'Discard changes' }).click();
  await expect(editor(page)).toHaveCount(0);
  await expect(row(page, 'Alan Turing')).toContainText('Wilmslow');
  expect(await storedDrafts(page)).toEqual([]);
  await page.reload(); // no question: nothing unsaved
  await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);
  await expect(offers(page)).toHaveCount(0);
});

test('a new customer’s draft is kept too, and comes back into a new row @postgres', async ({
  page,
  account,
}) => {
  void account;
  await openBook(page);
  await page.keyboard.press('n');
  await expect(page.locator('#customer-new').getByLabel('First name')).toBeFocused();
  await page.keyboard.type('Grace');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Hopper');
  await reloadAnyway(page);
  await expect(offers(page)).toContainText('You have an unsaved new customer (Grace Hopper)');
  await offers(page).getByRole('button', { name: 'Restore' }).click();
  await expect(page.locator('#customer-new').getByLabel('Last name')).toHaveValue('Hopper');
  await page.locator('#customer-new').getByLabel('Last name').press('Enter');
  await expect(page.locator('#flash')).toContainText('Added Grace Hopper.');
  expect(await storedDrafts(page)).toEqual([]);
});

test('an ended session keeps the draft: sign in again, it is offered back, and a stale draft meets the conflict check @postgres', async ({
  page,
  context,
  account,
}) => {
  await addCustomers(page, [
    { first_name: 'Ada', last_name: 'Lovelace', city: 'London', email: 'ada@example.com' },
  ]);
  await openBook(page);
  await row(page, 'Ada Lovelace').getByRole('link', { name: 'Edit Ada Lovelace' }).click();
  await editor(page).getByLabel('City').fill('Paris');

  // Meanwhile a teammate (here: another tab) changes her email.
  const other = await context.newPage();
  await openBook(other);
  await other.getByRole('link', { name: 'Edit Ada Lovelace' }).click();
  await editor(other).locator('input[name="email"]').fill('countess@example.com');
  await other.getByRole('button', { name: 'Save changes' }).click();
  await expect(other.locator('#flash')).toContainText('Saved Ada Lovelace.');
  await other.close();

  // The session ends; the save answers 401 and the person is sent to sign in, told the edit is kept.
  await context.clearCookies({ name: 'folio_session' });
  await editor(page).getByLabel('City').press('Enter');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('alert')).toContainText(
    'Your session ended before your changes to Ada Lovelace were saved.',
  );
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/customers/);
  await expect(offers(page)).toContainText('You have an unsaved edit of Ada Lovelace');
  await offers(page).getByRole('button', { name: 'Restore' }).click();
  await expect(editor(page).getByLabel('City')).toHaveValue('Paris');
  await expect(editor(page).locator('input[name="email"]')).toHaveValue('ada@example.com'); // the draft as it was typed

  // The draft still carries the version it started from: the save is checked against the teammate's.
  await editor(page).getByLabel('City').press('Enter');
  const conflict = editor(page).getByRole('alert');
  const merged = page.locator('#customer-rows > tr.customer-row:not([data-editing])', {
    hasText: 'Paris',
  });
  await expect(conflict.or(merged)).toBeVisible();
  const record = await page.request.get('/customers');
  expect(await record.text()).toContain('countess@example.com'); // the teammate's change was not undone
});

test('signing out asks about unsaved changes and clears the drafts from the browser', async ({
  page,
  account,
}) => {
  void account;
  await addCustomers(page, [{ first_name: 'Ada', last_name: 'Lovelace', city: 'London' }]);
  await openBook(page);
  await row(page, 'Ada Lovelace').getByRole('link', { name: 'Edit Ada Lovelace' }).click();
  await editor(page).getByLabel('City').fill('Paris');
  expect(await storedDrafts(page)).toHaveLength(1);
  const values = await page.evaluate(() => JSON.stringify(localStorage));
  expect(values).not.toContain(await page.locator('input[name="_csrf"]').first().inputValue());

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(question(page)).toContainText('Signing out removes them from this browser.');
  await question(page).getByRole('button', { name: 'Keep editing' }).click();
  await expect(editor(page).getByLabel('City')).toHaveValue('Paris');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await question(page).getByRole('button', { name: 'Discard and sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  expect(await storedDrafts(page)).toEqual([]);
});

test('the whole-page editor (e on the record page) keeps its draft too, until the form is saved', async ({
  page,
  account,
}) => {
  void account;
  await addCustomers(page, [{ first_name: 'Ada', last_name: 'Lovelace', city: 'London' }]);
  await openBook(page);
  await page.getByRole('link', { name: 'Ada Lovelace', exact: true }).click();
  await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);
  await page.keyboard.press('e');
  await page.getByLabel('City').fill('Paris');
  await reloadAnyway(page);
  await expect(page.getByLabel('City')).toHaveValue('London');
  await offers(page).getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByLabel('City')).toHaveValue('Paris');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('#flash')).toContainText('Saved Ada Lovelace.');
  await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);
  expect(await storedDrafts(page)).toEqual([]);
  await expect(offers(page)).toHaveCount(0);
});
