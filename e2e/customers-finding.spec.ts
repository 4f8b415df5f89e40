// Finding people in a big book: the search box, sortable columns and Previous/Next, with JavaScript
// (rows update in place, the URL follows) and without it (a GET form and plain links).
import type { Page } from '@playwright/test';
import { insertCustomers } from '../src/customers/bulk.js';
import { EMPTY_VALUES, type CustomerValues } from '../src/customers/schema.js';
import type { DB } from '../src/db/database.js';
import { expectNoAxeViolations } from './axe.js';
import { expect, test, type Account } from './fixtures.js';

/** Puts customers straight into the server's database (SQLite or PostgreSQL) as the bulk loader does, a minute apart. */
async function addCustomers(
  db: DB,
  account: Account,
  count: number,
  shape: (i: number) => Partial<CustomerValues>,
) {
  const user = await db
    .selectFrom('users')
    .select(['id', 'workspace_id'])
    .where('email', '=', account.email.toLowerCase())
    .executeTakeFirstOrThrow();
  const rows = Array.from({ length: count }, (_, i) => ({
    ...EMPTY_VALUES,
    ...shape(i),
    created_at: new Date(Date.parse('2026-01-01T00:00:00Z') + i * 60_000).toISOString(),
  }));
  await insertCustomers(db, user.workspace_id, user.id, rows);
}

const names = (page: Page) => page.locator('#customer-rows .customer-name bdi');

async function search(page: Page, words: string, javaScript: boolean) {
  const box = page.getByRole('searchbox', { name: 'Search customers' });
  if (javaScript) {
    await page.keyboard.press('/');
    await expect(box).toBeFocused();
    await page.keyboard.type(words);
  } else {
    await box.fill(words);
    await box.press('Enter');
  }
}

test('search finds a person by name, email, phone or place, and highlights what matched @postgres', async ({
  page,
  account,
  database,
  javaScriptEnabled,
}) => {
  test.slow(); // axe at two of its states
  await addCustomers(database, account, 30, (i) => ({
    first_name: `Filler${i}`,
    last_name: 'Person',
    city: 'Springfield',
  }));
  await addCustomers(database, account, 1, () => ({
    first_name: 'Grace',
    last_name: 'Hopper',
    email: 'grace@navy.example',
    phone: '+1 (555) 0100',
    city: 'Arlington',
    state: 'VA',
  }));
  await page.goto('/customers');
  if (javaScriptEnabled) await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);
  await expect(page.locator('#customer-count')).toHaveText('31 customers');

  await search(page, 'gra hop', javaScriptEnabled);
  await expect(names(page)).toHaveText(['Grace Hopper']);
  await expect(page.locator('#customer-count')).toHaveText('1 match');
  await expect(page.locator('#customer-rows mark').first()).toHaveText('Gra');
  await expect(page).toHaveURL(/\/customers\?q=gra(\+|%20)hop$/);
  if (javaScriptEnabled) await expect(page.getByRole('searchbox')).toBeFocused();
  await expectNoAxeViolations(page, 'search results');

  await page.goto('/customers?q=5550100');
  await expect(names(page)).toHaveText(['Grace Hopper']);

  await page.goto('/customers?q=zzz-nobody');
  await expect(page.getByText('No customers match “zzz-nobody”')).toBeVisible();
  await expectNoAxeViolations(page, 'a search without matches');
  await page.getByRole('link', { name: 'Clear the search' }).click();
  await expect(page.locator('#customer-count')).toHaveText('31 customers');
  await expect(page).toHaveURL(/\/customers$/);
});

test('with JavaScript, back and reload keep the search @postgres', async ({
  page,
  account,
  database,
  javaScriptEnabled,
}) => {
  test.skip(!javaScriptEnabled, 'history of in-place updates needs JavaScript');
  await addCustomers(database, account, 3, (i) => ({
    first_name: ['Ada', 'Alan', 'Grace'][i]!,
    last_name: ['Lovelace', 'Turing', 'Hopper'][i]!,
  }));
  await page.goto('/customers');
  await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);
  // Typed with a pause: the search's first results, then the same search refined, is one entry.
  await search(page, 'tur', true);
  await expect(page).toHaveURL(/\?q=tur$/);
  await expect(names(page)).toHaveText(['Alan Turing']);
  await page.keyboard.type('ing');
  await expect(page).toHaveURL(/\?q=turing$/);
  await page.reload();
  await expect(names(page)).toHaveText(['Alan Turing']);
  await expect(page.getByRole('searchbox')).toHaveValue('turing');
  await page.goBack();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(names(page)).toHaveCount(3);
});

test('clicking a column header sorts by it, and again reverses it @postgres', async ({
  page,
  account,
  database,
}) => {
  await addCustomers(database, account, 3, (i) => ({
    first_name: ['Cleo', 'Ada', 'Bo'][i]!,
    last_name: 'Test',
    city: ['Zagreb', 'Austin', 'Lima'][i]!,
  }));
  await page.goto('/customers');
  const cityHeader = page.locator('th.col-location');
  await expect(cityHeader).toHaveAttribute('aria-sort', 'none');

  await page.getByRole('link', { name: /City \/ State/i }).click();
  await expect(cityHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(names(page)).toHaveText(['Ada Test', 'Bo Test', 'Cleo Test']);
  await expect(page).toHaveURL(/sort=city/);

  await page.getByRole('link', { name: /City \/ State/i }).click();
  await expect(cityHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(names(page)).toHaveText(['Cleo Test', 'Bo Test', 'Ada Test']);
});

test('Previous and Next walk a big book 50 at a time, keeping the search and sort @postgres', async ({
  page,
  account,
  database,
}) => {
  await addCustomers(database, account, 130, (i) => ({
    first_name: `Member${String(i).padStart(3, '0')}`,
    last_name: i % 2 ? 'Odd' : 'Even',
    city: 'Springfield',
  }));
  await page.goto('/customers?q=even&sort=name');
  await expect(page.locator('#customer-count')).toHaveText('65 matches');
  await expect(names(page)).toHaveCount(50);
  await expect(names(page).first()).toHaveText('Member000 Even');
  await expect(page.locator('.pager-position')).toHaveText('Page 1');

  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page.locator('.pager-position')).toHaveText('Page 2');
  await expect(names(page)).toHaveCount(15);
  await expect(names(page).first()).toHaveText('Member100 Even');
  await expect(page).toHaveURL(/q=even&sort=name&after=[\w-]+&page=2/);
  await expect(page.getByRole('link', { name: 'Next' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Previous' }).click();
  await expect(page.locator('.pager-position')).toHaveText('Page 1');
  await expect(names(page).first()).toHaveText('Member000 Even');
});

test('a search keeps the sort and direction chosen, with JavaScript (sorted in place) and without @postgres', async ({
  page,
  account,
  database,
  javaScriptEnabled,
}) => {
  await addCustomers(database, account, 4, (i) => ({
    first_name: ['Sam', 'Sue', 'Ann', 'Sid'][i]!,
    last_name: ['Smith', 'Stone', 'Smith', 'Adams'][i]!,
    city: ['Austin', '', 'Boston', 'Chicago'][i]!,
  }));
  await page.goto('/customers');
  if (javaScriptEnabled) await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);
  await page.getByRole('link', { name: /City \/ State/i }).click();
  await expect(page).toHaveURL(/sort=city/);
  await page.getByRole('link', { name: /City \/ State/i }).click();
  await expect(page).toHaveURL(/sort=city&dir=desc/);
  await expect(names(page)).toHaveText(['Sid Adams', 'Ann Smith', 'Sam Smith', 'Sue Stone']);

  await search(page, 's', javaScriptEnabled);
  await expect(page).toHaveURL(/\/customers\?q=s&sort=city&dir=desc$/);
  await expect(page.locator('#customer-count')).toHaveText('4 matches');
  // Descending by city, the customer without a city still comes last.
  await expect(names(page)).toHaveText(['Sid Adams', 'Ann Smith', 'Sam Smith', 'Sue Stone']);
  await expect(page.locator('th.col-location')).toHaveAttribute('aria-sort', 'descending');

  await page.getByRole('link', { name: 'Sort by name' }).click();
  await expect(page).toHaveURL(/\/customers\?q=s&sort=name$/);
  const box = page.getByRole('searchbox', { name: 'Search customers' });
  await box.fill('smi');
  if (!javaScriptEnabled) await box.press('Enter');
  await expect(page).toHaveURL(/\/customers\?q=smi&sort=name$/);
  await expect(names(page)).toHaveText(['Ann Smith', 'Sam Smith']);
});
