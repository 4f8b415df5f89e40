// Adding or editing a customer who looks like one already in the book: the form warns with a link to
// the other record and keeps what was typed; "Save anyway" saves. JavaScript on (the inline row) and off
// (the page), and from the keyboard.
import { insertCustomers } from '../src/customers/bulk.js';
import { EMPTY_VALUES } from '../src/customers/schema.js';
import { expectNoAxeViolations } from './axe.js';
import { expect, test } from './fixtures.js';

test('adding someone already in the book warns, links to them, and saves anyway @postgres', async ({
  page,
  account,
  javaScriptEnabled,
}) => {
  void account;
  await page.goto('/customers/new');
  await page.getByLabel('First name', { exact: true }).fill('Ada');
  await page.getByLabel('Last name', { exact: true }).fill('Lovelace');
  await page.getByLabel('Email (optional)').fill('ada@example.com');
  await page.getByRole('button', { name: 'Add customer' }).click();
  await expect(page.locator('#flash')).toContainText('Added Ada Lovelace.');

  await page.goto('/customers');
  if (javaScriptEnabled) {
    await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);
    await page.keyboard.press('n');
  } else {
    await page.getByRole('link', { name: 'New customer' }).click();
  }
  await page.getByLabel('First name', { exact: true }).fill('Augusta');
  await page.getByLabel('Last name', { exact: true }).fill('King');
  await page.getByLabel('Email (optional)').fill('ADA@example.com');
  await page.getByLabel('Email (optional)').press('Enter');

  const notice = page.locator('.duplicate-notice');
  await expect(notice).toContainText('This looks like a customer you already have');
  await expect(notice).toContainText('Ada Lovelace has the same email.');
  await expect(notice.getByRole('link', { name: 'Ada Lovelace' })).toHaveAttribute(
    'href',
    /^\/customers\/\d+$/,
  );
  await expect(page.getByLabel('First name', { exact: true })).toHaveValue('Augusta');
  await expectNoAxeViolations(page, 'the duplicate warning');
  const saveAnyway = page.getByRole('button', { name: 'Save anyway' });
  if (javaScriptEnabled) {
    await expect(saveAnyway).toBeFocused();
    await page.keyboard.press('Enter');
  } else {
    await saveAnyway.click();
  }
  await expect(page.locator('#flash')).toContainText('Added Augusta King.');
  await expect(page.locator('#customer-rows .customer-name bdi')).toContainText(['Augusta King']);
});

test('the duplicates page lists groups by each rule, linked to the records, from the keyboard too', async ({
  page,
  account,
  database,
}) => {
  const user = await database
    .selectFrom('users')
    .select(['id', 'workspace_id'])
    .where('email', '=', account.email.toLowerCase())
    .executeTakeFirstOrThrow();
  await insertCustomers(
    database,
    user.workspace_id,
    user.id,
    ['Ada', 'Augusta'].map((first) => ({
      ...EMPTY_VALUES,
      first_name: first,
      last_name: 'Lovelace',
      email: first === 'Ada' ? 'ada@example.com' : 'ADA@example.com',
      phone: '+44 20 7946 0000',
      created_at: new Date('2026-03-01T12:00:00Z').toISOString(),
    })),
  );
  await page.goto('/customers');
  await page.getByRole('link', { name: 'Duplicates' }).click();
  await expect(page.getByRole('heading', { name: 'Likely duplicates' })).toBeVisible();
  const group = page.getByRole('region', { name: 'Same email: ada@example.com' });
  await expect(group.locator('.customer-name bdi')).toHaveText([
    'Ada Lovelace',
    'Augusta Lovelace',
  ]);
  await expectNoAxeViolations(page, 'likely duplicates');
  await page.getByRole('link', { name: 'Same phone' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/by=phone/);
  await expect(page.getByRole('region', { name: 'Same phone: +44 20 7946 0000' })).toBeVisible();
  await page.getByRole('link', { name: 'Augusta Lovelace', exact: true }).click();
  await expect(page).toHaveURL(/\/customers\/\d+$/);
});
