// A team takes its book with it (CSV export) and brings one in (CSV import), with JavaScript on and off.
import { readFile } from 'node:fs/promises';
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
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /Export CSV/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    /^folio-team-[a-z0-9]+-customers-\d{4}-\d\d-\d\d\.csv$/,
  );
  const text = await readFile(await download.path(), 'utf8');
  expect(text.startsWith('\uFEFFFirst name,Last name,Email,Phone')).toBe(true);
  expect(text).toContain("Ada,Lovelace,,'+44 20 7946 0000,,London");
  expect(text).not.toContain('Hopper');
});
