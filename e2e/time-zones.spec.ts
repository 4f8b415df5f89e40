// Times in the reader's zone: signing in with JavaScript tells Folio the browser's zone (Playwright's
// timezoneId), without it nothing is sent and times read in UTC; Account settings changes the zone.
// The account page with the setting is checked with axe at 390 px in small-screen.spec.ts.
import { insertCustomers } from '../src/customers/bulk.js';
import { EMPTY_VALUES } from '../src/customers/schema.js';
import { expect, registerAccount, test } from './fixtures.js';

test.use({ timezoneId: 'America/Los_Angeles' });

// 05:30 UTC on Nov 24 is still Nov 23 (9:30 PM) in Los Angeles, and 2:30 PM on Nov 24 in Tokyo.
const ADDED = '2026-11-24T05:30:00.000Z';

test('times read in the zone the browser gave at sign-in, or UTC without JavaScript; Account settings changes it', async ({
  page,
  baseURL,
  database,
  javaScriptEnabled,
}) => {
  const { account } = await registerAccount(baseURL!);
  const user = await database
    .selectFrom('users')
    .select(['id', 'workspace_id'])
    .where('email', '=', account.email.toLowerCase())
    .executeTakeFirstOrThrow();
  await insertCustomers(database, user.workspace_id, user.id, [
    { ...EMPTY_VALUES, first_name: 'Zoe', last_name: 'Zone', created_at: ADDED },
  ]);

  await page.goto('/login');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/customers$/);
  const stored = await database
    .selectFrom('users')
    .select('time_zone')
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  expect(stored.time_zone).toBe(javaScriptEnabled ? 'America/Los_Angeles' : null);

  const added = page.locator(`#customer-rows .col-created time[datetime="${ADDED}"]`);
  await expect(added).toHaveText(javaScriptEnabled ? 'Nov 23, 2026' : 'Nov 24, 2026');

  await page.getByRole('link', { name: 'Zoe Zone', exact: true }).click();
  const changed = page.locator('.record-meta time.when');
  await expect(changed).toHaveAttribute('datetime', ADDED);
  const exact = changed.locator('.when-exact');
  await expect(exact).toHaveText(
    javaScriptEnabled ? '(Nov 23, 2026, 9:30 PM PST)' : '(Nov 24, 2026, 5:30 AM UTC)',
  );
  // The exact time is there for screen readers, and shows on keyboard focus and on hover.
  expect((await exact.boundingBox())!.width).toBeLessThan(2);
  await changed.focus();
  expect((await exact.boundingBox())!.width).toBeGreaterThan(50);
  await page.locator('h1').hover();
  await changed.blur();
  expect((await exact.boundingBox())!.width).toBeLessThan(2);
  await changed.hover();
  expect((await exact.boundingBox())!.width).toBeGreaterThan(50);

  await page.goto('/settings/account');
  const zone = page.getByRole('combobox', { name: 'Time zone' });
  await expect(zone).toHaveValue(javaScriptEnabled ? 'America/Los_Angeles' : 'UTC');
  await zone.selectOption('Asia/Tokyo');
  await page.getByRole('button', { name: 'Save time zone' }).click();
  await expect(page.locator('#flash')).toContainText('Time zone saved: Asia/Tokyo.');
  await expect(zone).toHaveValue('Asia/Tokyo');
  await page.goto('/customers');
  await expect(added).toHaveText('Nov 24, 2026');
});
