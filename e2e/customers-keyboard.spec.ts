// The customer book with JavaScript on: the whole inline flow from the keyboard alone, Undo, and two
// tabs editing the same customer. Screenshots of the table go to e2e/artifacts/ (and one to the README).
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { addCustomers, expect, openBook, test } from './fixtures.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(here, 'artifacts');

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'the keyboard layer needs JavaScript');

async function snapshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `customers-${name}.png`);
  // caret: 'initial' keeps Playwright from injecting a <style>, which the CSP (rightly) refuses.
  await page.screenshot({ path: file, caret: 'initial', animations: 'disabled' });
  return file;
}

/** Types into the focused field, then Tabs to the next; the fields come in form order. */
async function typeFields(page: Page, values: string[]) {
  for (const [index, value] of values.entries()) {
    if (index > 0) await page.keyboard.press('Tab');
    await page.keyboard.press('ControlOrMeta+A');
    if (value === '') await page.keyboard.press('Backspace');
    else await page.keyboard.type(value);
  }
}

const row = (page: Page, name: string) =>
  page.locator('#customer-rows > tr.customer-row', { hasText: name });
/** Moves the page's clock past a plain toast's 5 s, and waits until every toast has faded out. */
async function toastsFaded(page: Page) {
  await page.clock.fastForward(5600);
  await expect(page.locator('#flash .toast')).toHaveCount(0);
}

const focusedRowName = (page: Page) => page.locator('#customer-rows > tr:focus .customer-name bdi');

test('a member runs the customer book from the keyboard alone', async ({ page, account }) => {
  test.setTimeout(90_000); // a long story: 27 s on a quiet machine, over 60 s at load 17
  void account;
  await page.clock.install(); // toasts fade on the page's timers: the pictures skip ahead, not wait
  await openBook(page);
  await expect(page.getByText('No customers yet')).toBeVisible();
  await expect(page.locator('#customer-count')).toHaveText('0 customers');
  await toastsFaded(page); // the welcome toast, before the picture
  await snapshot(page, 'empty');

  // n opens the new row at the top, focused on First name; Tab walks the fields; Enter saves.
  await page.keyboard.press('n');
  const newRow = page.locator('#customer-new');
  await expect(newRow).toBeVisible();
  await expect(newRow.getByLabel('First name')).toBeFocused();
  await typeFields(page, [
    'Ada',
    'Lovelace',
    'ada@analytical.co.uk',
    '+44 20 7946 0018',
    '12 St James’s Square',
    'London',
    'England',
    'SW1Y 4JH',
  ]);
  await page.keyboard.press('Enter');
  await expect(newRow).toHaveCount(0);
  await expect(page.locator('#customer-count')).toHaveText('1 customer');
  await expect(page.locator('#flash')).toContainText('Added Ada Lovelace.');
  await expect(focusedRowName(page)).toHaveText('Ada Lovelace');

  // Escape on a half-typed new row asks first; Tab to "Discard changes" and Enter throw it away.
  await page.keyboard.press('n');
  await expect(newRow.getByLabel('First name')).toBeFocused();
  await page.keyboard.type('Nobody');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Unsaved changes' })).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(newRow).toHaveCount(0);
  await expect(focusedRowName(page)).toHaveText('Ada Lovelace');

  for (const person of [
    [
      'Seán',
      "O'Connor",
      'sean@example.ie',
      '+353 1 555 0100',
      '4 Merrion Square',
      'Dublin',
      'Leinster',
      'D02',
    ],
    [
      'Zoë',
      'Ångström',
      'zoe@uppsala.se',
      '+46 18 471 00 00',
      'Lägerhyddsvägen 1',
      'Uppsala',
      'Uppsala län',
      '752 37',
    ],
    [
      'יעל',
      'כהן',
      'yael@example.co.il',
      '+972 3-555-0199',
      'רחוב הרצל 12',
      'תל אביב',
      '',
      '6100000',
    ],
  ]) {
    await page.keyboard.press('n');
    await expect(newRow.getByLabel('First name')).toBeFocused();
    await typeFields(page, person);
    await page.keyboard.press('Enter');
    await expect(newRow).toHaveCount(0);
  }
  await expect(page.locator('#customer-count')).toHaveText('4 customers');
  await expect(page.locator('#customer-rows .customer-name bdi')).toHaveText([
    'יעל כהן',
    'Zoë Ångström',
    "Seán O'Connor",
    'Ada Lovelace',
  ]);

  // Arrows and j/k move between rows; Home and End jump.
  await expect(focusedRowName(page)).toHaveText('יעל כהן');
  await page.keyboard.press('ArrowDown');
  await expect(focusedRowName(page)).toHaveText('Zoë Ångström');
  await page.keyboard.press('j');
  await expect(focusedRowName(page)).toHaveText("Seán O'Connor");
  await page.keyboard.press('End');
  await expect(focusedRowName(page)).toHaveText('Ada Lovelace');
  await page.keyboard.press('k');
  await expect(focusedRowName(page)).toHaveText("Seán O'Connor");
  await page.keyboard.press('Home');
  await expect(focusedRowName(page)).toHaveText('יעל כהן');
  await page.keyboard.press('ArrowUp');
  await expect(focusedRowName(page)).toHaveText('יעל כהן');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Escape'); // nothing to cancel: stays put
  await expect(focusedRowName(page)).toHaveText("Seán O'Connor");

  // Tab from the row goes into that row's own links and buttons, then leaves the table.
  const sean = row(page, "Seán O'Connor");
  await page.keyboard.press('Tab');
  await expect(sean.getByRole('link', { name: "Seán O'Connor", exact: true })).toBeFocused();
  for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
  await expect(sean.getByRole('link', { name: "Delete Seán O'Connor" })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.locator('#customer-rows :focus')).toHaveCount(0);
  await page.keyboard.press('Shift+Tab');
  await expect(sean.getByRole('link', { name: "Delete Seán O'Connor" })).toBeFocused();
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+Tab');
  await expect(focusedRowName(page)).toHaveText("Seán O'Connor");

  // Enter edits in place; bad input stays in edit mode with the focus on the first invalid field.
  await page.keyboard.press('Enter');
  const editing = page.locator('tr[data-editing]');
  await expect(editing.getByLabel('First name')).toBeFocused();
  await expect(editing.getByLabel('First name')).toHaveValue('Seán');
  await toastsFaded(page);
  await snapshot(page, 'editing');
  await typeFields(page, ['', "O'Connor", 'not-an-email']);
  await page.keyboard.press('Enter');
  await expect(editing.getByText('Enter a first name.')).toBeVisible();
  await expect(editing.getByText('Enter an email address like name@example.com.')).toBeVisible();
  await expect(editing.getByLabel('First name')).toBeFocused();
  await expect(editing.getByLabel('Email')).toHaveValue('not-an-email');
  await expect(page.locator('#customer-announcer')).toContainText('2 fields need attention.');
  await snapshot(page, 'invalid');
  await expectNoAxeViolations(page, 'the inline editor refused (422)');

  // Escape (what was typed is unsaved: it asks, and Discard is chosen) restores the row exactly as it was.
  await page.keyboard.press('Escape');
  await page
    .getByRole('dialog', { name: 'Unsaved changes' })
    .getByRole('button', { name: 'Discard changes' })
    .click();
  await expect(editing).toHaveCount(0);
  await expect(focusedRowName(page)).toHaveText("Seán O'Connor");
  await expect(row(page, "Seán O'Connor")).toContainText('sean@example.ie');

  // Enter, change the city, Enter saves: the display row comes back, focused, with the new value.
  await page.keyboard.press('Enter');
  await expect(editing.getByLabel('First name')).toBeFocused();
  for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
  await expect(editing.getByLabel('City')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('Galway');
  await page.keyboard.press('Enter');
  await expect(editing).toHaveCount(0);
  await expect(row(page, "Seán O'Connor")).toContainText('Galway, Leinster');
  await expect(focusedRowName(page)).toHaveText("Seán O'Connor");
  await expect(page.locator('#flash')).toContainText("Saved Seán O'Connor.");

  // Delete removes the row at once, focus moves to the next row, and u brings it back in place.
  await page.keyboard.press('Delete');
  await expect(row(page, "Seán O'Connor")).toHaveCount(0);
  await expect(page.locator('#customer-count')).toHaveText('3 customers');
  await expect(page.locator('#flash')).toContainText("Deleted Seán O'Connor.");
  await expect(page.locator('#flash').getByRole('button', { name: /Undo/ })).toBeVisible();
  await expect(focusedRowName(page)).toHaveText('Ada Lovelace');
  await page.keyboard.press('u');
  await expect(page.locator('#customer-rows .customer-name bdi')).toHaveText([
    'יעל כהן',
    'Zoë Ångström',
    "Seán O'Connor",
    'Ada Lovelace',
  ]);
  await expect(page.locator('#customer-count')).toHaveText('4 customers');
  await expect(focusedRowName(page)).toHaveText("Seán O'Connor");
  await expect(page.locator('#flash')).toContainText("Restored Seán O'Connor.");

  // Deleting the last row moves the focus up.
  await page.keyboard.press('End');
  await page.keyboard.press('Delete');
  await expect(page.locator('#customer-count')).toHaveText('3 customers');
  await expect(focusedRowName(page)).toHaveText("Seán O'Connor");

  // ? shows the keyboard map; Escape closes it and the focus comes back.
  await page.keyboard.press('?');
  const map = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(map).toBeVisible();
  await expect(map).toContainText('Undo the last delete');
  await page.keyboard.press('Escape');
  await expect(map).toBeHidden();
  await expect(focusedRowName(page)).toHaveText("Seán O'Connor");

  // The same book after a reload: nothing typed was lost or changed.
  await openBook(page);
  await expect(page.locator('#customer-rows .customer-name bdi')).toHaveText([
    'יעל כהן',
    'Zoë Ångström',
    "Seán O'Connor",
  ]);
  await expect(row(page, 'יעל כהן')).toContainText('תל אביב');

  // A fuller book for the picture in the README.
  await addCustomers(page, [
    {
      first_name: 'Margaret',
      last_name: 'Hamilton',
      email: 'margaret@mit.example',
      phone: '+1 (617) 555-0142',
      city: 'Cambridge',
      state: 'MA',
    },
    {
      first_name: 'Kwame',
      last_name: 'Mensah',
      email: 'kwame.mensah@example.gh',
      phone: '+233 30 555 0175',
      city: 'Accra',
      state: 'Greater Accra',
    },
    {
      first_name: 'Priya',
      last_name: 'Raghunathan',
      email: 'priya@example.in',
      phone: '+91 80 5555 0110',
      city: 'Bengaluru',
      state: 'Karnataka',
    },
    {
      first_name: 'Lucía',
      last_name: 'Fernández',
      email: '',
      phone: '+34 915 55 01 23',
      city: 'Madrid',
      state: '',
    },
    {
      first_name: 'Tomasz',
      last_name: 'Wiśniewski',
      email: 'tomasz@example.pl',
      phone: '',
      city: 'Kraków',
      state: 'Małopolska',
    },
  ]);
  await openBook(page);
  await expect(page.locator('#customer-count')).toHaveText('8 customers');
  await page.keyboard.press('j'); // from outside the table: into it, at the first row
  await expect(focusedRowName(page)).toHaveText('Tomasz Wiśniewski');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(focusedRowName(page)).toHaveText('Priya Raghunathan');
  await toastsFaded(page);
  const normal = await snapshot(page, 'table');
  // The README's picture is refreshed on request only, so a test run leaves the tree clean.
  if (process.env.FOLIO_UPDATE_SCREENSHOT) {
    mkdirSync(path.join(here, 'screenshots'), { recursive: true });
    copyFileSync(normal, path.join(here, 'screenshots', 'customers.png'));
  }
});

test('Undo puts a deleted customer back where it was, and the toast goes away by itself @postgres', async ({
  page,
  account,
}) => {
  void account;
  await page.clock.install(); // the toast's 10 s pass on the page's clock, not the test's
  await addCustomers(page, [
    { first_name: 'First', last_name: 'Added', city: 'Lisbon' },
    { first_name: 'Middle', last_name: 'Person', city: 'Porto' },
    { first_name: 'Last', last_name: 'Added', city: 'Faro' },
  ]);
  await openBook(page);
  const names = page.locator('#customer-rows .customer-name bdi');
  await expect(names).toHaveText(['Last Added', 'Middle Person', 'First Added']);

  await row(page, 'Middle Person').getByRole('link', { name: 'Delete Middle Person' }).click();
  await expect(names).toHaveText(['Last Added', 'First Added']);
  await expect(page.locator('#customer-count')).toHaveText('2 customers');
  const toast = page.locator('#flash .toast');
  await expect(toast).toContainText('Deleted Middle Person.');
  await toast.getByRole('button', { name: /Undo/ }).click();
  await expect(names).toHaveText(['Last Added', 'Middle Person', 'First Added']);
  await expect(page.locator('#customer-count')).toHaveText('3 customers');
  await expect(row(page, 'Middle Person')).toBeFocused();

  // Delete again and leave it: the Undo toast stays about ten seconds, then goes; the delete stands.
  await row(page, 'Middle Person').getByRole('link', { name: 'Delete Middle Person' }).click();
  await expect(toast).toContainText('Deleted Middle Person.');
  await page.mouse.move(0, 0);
  await page.clock.fastForward(7000);
  await expect(toast).toBeVisible();
  await page.clock.fastForward(3500);
  await expect(page.locator('#flash .toast')).toHaveCount(0);
  await page.reload();
  await expect(names).toHaveText(['Last Added', 'First Added']);
});

test('when Folio cannot be reached, a toast says so and what was typed stays on screen', async ({
  page,
  account,
}) => {
  void account;
  await addCustomers(page, [{ first_name: 'Ada', last_name: 'Lovelace' }]);
  await openBook(page);
  await row(page, 'Ada Lovelace').getByRole('link', { name: 'Edit Ada Lovelace' }).click();
  const city = page.locator('#customer-rows input[name="city"]');
  await city.fill('Paris');
  await page.route(/\/customers\/\d+$/, (route) => route.abort('internetdisconnected'));
  await city.press('Enter');
  const toast = page.locator('#flash .toast.toast-error');
  await expect(toast).toHaveText(
    'Folio could not be reached. Nothing was lost: check your connection and try again.',
  );
  await expect(toast).toHaveAttribute('data-toast-timeout', '8000');
  await expect(city).toHaveValue('Paris');
});

test('two tabs edit the same customer: the later save merges, and chooses only where both changed @postgres', async ({
  context,
  page,
  account,
}) => {
  void account;
  await addCustomers(page, [
    { first_name: 'Ada', last_name: 'Lovelace', city: 'London', email: 'ada@example.com' },
  ]);
  const other = await context.newPage();
  await openBook(page);
  await openBook(other);

  // Both tabs open the editor before either saves.
  await row(page, 'Ada Lovelace').getByRole('link', { name: 'Edit Ada Lovelace' }).click();
  await row(other, 'Ada Lovelace').getByRole('link', { name: 'Edit Ada Lovelace' }).click();
  const mine = page.locator('tr[data-editing]');
  const theirs = other.locator('tr[data-editing]');
  await expect(mine.getByLabel('City')).toBeVisible();
  await expect(theirs.getByLabel('City')).toBeVisible();

  await theirs.getByLabel('City').fill('Paris');
  await theirs.getByRole('button', { name: 'Save changes' }).click();
  await expect(row(other, 'Ada Lovelace')).toContainText('Paris');
  // The other tab starts a second edit straight away (it will be the stale one later).
  await row(other, 'Ada Lovelace').getByRole('link', { name: 'Edit Ada Lovelace' }).click();
  await expect(theirs.getByLabel('City')).toHaveValue('Paris');

  await mine.getByLabel('City').fill('Rome');
  await mine.getByLabel('Email').fill('countess@example.com');
  await mine.getByRole('button', { name: 'Save changes' }).click();
  const conflict = mine.getByRole('alert');
  await expect(conflict).toContainText('You changed City in another tab or window');
  const city = mine.getByRole('group', { name: 'City: changed by both of you' });
  await expect(city.getByRole('radio', { name: /Keep your other save: Paris/ })).toBeFocused();
  await expect(mine.getByLabel('Email')).toHaveValue('countess@example.com');
  await snapshot(page, 'conflict');

  // From the keyboard: the arrow picks mine, then the save button.
  await page.keyboard.press('ArrowDown');
  await expect(city.getByRole('radio', { name: /Keep mine: Rome/ })).toBeChecked();
  await mine.getByRole('button', { name: 'Save with these choices' }).press('Enter');
  await expect(row(page, 'Ada Lovelace')).toContainText('Rome');
  await expect(row(page, 'Ada Lovelace')).toContainText('countess@example.com');

  // The other tab's editor is now the stale one: my email is merged in, City is a choice; it discards.
  await theirs.getByLabel('City').fill('Oslo');
  await theirs.getByLabel('City').press('Enter');
  const again = theirs.getByRole('group', { name: 'City: changed by both of you' });
  await expect(again).toContainText('Rome');
  await expect(again).toContainText('Oslo');
  await expect(theirs.getByRole('group', { name: /Email/ })).toHaveCount(0);
  await other.getByRole('link', { name: 'Discard my changes' }).click();
  await expect(row(other, 'Ada Lovelace')).toContainText('Rome');
  await expect(other.locator('tr[data-editing]')).toHaveCount(0);
  await other.close();
});
