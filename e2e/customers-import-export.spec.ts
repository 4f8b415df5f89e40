// A team takes its book with it (CSV export) and brings one in (CSV import), with JavaScript on and off.
import { readFile } from 'node:fs/promises';
import { expectNoAxeViolations } from './axe.js';
import { addCustomers, expect, openBook, test } from './fixtures.js';

test('a member exports the list they searched as a CSV file from the table', async ({
  page,
  account,
  javaScriptEnabled,
}) => {
  void account;
  await addCustomers(page, [
    { first_name: 'Ada', last_name: 'Lovelace', phone: '+44 20 7946 0000', city: 'London' },
    { first_name: 'Grace', last_name: 'Hopper', city: 'Arlington' },
  ]);
  if (javaScriptEnabled) await openBook(page);
  else await page.goto('/customers');
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('lovelace');
  await page.getByRole('searchbox', { name: 'Search customers' }).press('Enter');
  await expect(page.locator('#customer-count')).toHaveText('1 match');
  // With JavaScript, D exports (from the table, once Escape has left the search box).
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    javaScriptEnabled
      ? page.keyboard.press('Escape').then(() => page.keyboard.press('d'))
      : page.getByRole('link', { name: /Export CSV/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    /^folio-team-[a-z0-9]+-customers-\d{4}-\d\d-\d\d\.csv$/,
  );
  const text = await readFile(await download.path(), 'utf8');
  expect(text.startsWith('\uFEFFFirst name,Last name,Email,Phone')).toBe(true);
  expect(text).toContain("Ada,Lovelace,,'+44 20 7946 0000,,London");
  expect(text).not.toContain('Hopper');
});

const FILE = [
  'Given Name,Family Name,E-mail Address,Mobile Phone,Company',
  'Ada,Lovelace,ada@example.com,+44 20 7946 0000,Analytical Engines',
  'Grace,Hopper,grace@example.com,,Navy',
  'Bad,Email,not-an-email,,',
  'Ada,Again,ADA@example.com,,',
].join('\r\n');

test('a member uploads a file, maps it, watches it import, sees the failed rows and reverts it', async ({
  page,
  account,
  javaScriptEnabled,
}) => {
  test.slow(); // a long story, with axe at three of its pages: 24-33 s in full runs on two cores
  void account;
  // With JavaScript, I opens the import from the table.
  if (javaScriptEnabled) await openBook(page);
  else await page.goto('/customers');
  if (javaScriptEnabled) await page.keyboard.press('i');
  else await page.getByRole('link', { name: 'Import', exact: true }).click();
  await expect(page).toHaveURL(/\/customers\/import$/);
  await expectNoAxeViolations(page, 'import upload');
  await page.getByLabel('CSV file').setInputFiles({
    name: 'contacts.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(FILE),
  });
  await page.getByRole('button', { name: 'Upload and choose columns' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import “contacts.csv”');
  await expect(page.getByText('4 rows, read as UTF-8, separated by commas.')).toBeVisible();
  await expect(page.getByLabel('Where “Given Name” goes')).toHaveValue('first_name');
  await expect(page.getByLabel('Where “Company” goes')).toHaveValue('');
  const preview = page.locator('#import-preview');
  await expect(preview).toContainText('Will not be imported: Enter an email address');
  // Changing a column updates the preview: in place with JavaScript, with a button without it.
  await page.getByLabel('Where “Mobile Phone” goes').selectOption('');
  if (!javaScriptEnabled) await page.getByRole('button', { name: 'Update the preview' }).click();
  await expect(preview).not.toContainText('+44 20 7946 0000');
  await page.getByLabel('Where “Mobile Phone” goes').selectOption('phone');
  if (!javaScriptEnabled) await page.getByRole('button', { name: 'Update the preview' }).click();
  await expect(preview).toContainText('+44 20 7946 0000');
  await page.getByLabel('Keep the columns not imported as a note').check();
  await expectNoAxeViolations(page, 'import mapping');
  await page.getByRole('button', { name: 'Import 4 rows' }).click();

  // The server's runner picks the job up within a second; without JavaScript, Refresh shows the news.
  const status = page.locator('#import-status');
  if (javaScriptEnabled)
    await expect(status.getByRole('heading', { name: 'Imported', exact: true })).toBeVisible();
  else
    await expect(async () => {
      const refresh = page.getByRole('link', { name: 'Refresh' });
      if (await refresh.isVisible()) await refresh.click();
      await expect(status.getByRole('heading', { name: 'Imported', exact: true })).toBeVisible({
        timeout: 500,
      });
    }).toPass({ timeout: 10_000 });
  await expect(status.locator('.import-counts')).toContainText('Added2');
  const failed = page.getByRole('region', { name: /Rows not imported/ });
  await expect(failed).toContainText('Enter an email address like name@example.com.');
  await expect(page.getByRole('region', { name: /Rows skipped/ })).toContainText(
    'Row 2 of this file has the same email',
  );
  await expectNoAxeViolations(page, 'import result');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the failed rows' }).click(),
  ]);
  expect(await readFile(await download.path(), 'utf8')).toContain(
    'Bad,Email,not-an-email,,,Email: Enter an email address like name@example.com.',
  );

  await page.goto('/customers');
  await expect(page.locator('#customer-count')).toHaveText('2 customers');
  await page.goto('/customers/import');
  await page.getByRole('link', { name: 'contacts.csv' }).click();
  await page.getByRole('button', { name: 'Revert this import' }).click();
  await expect(async () => {
    await page.reload();
    await expect(page.locator('#import-status h2').first()).toHaveText('Reverted', {
      timeout: 500,
    });
  }).toPass({ timeout: 10_000 });
  await expect(page.getByText('Every customer is as it was before the import.')).toBeVisible();
  await page.goto('/customers');
  await expect(page.locator('#customer-count')).toHaveText('0 customers');
});
