// A team's life in a real browser, with JavaScript on and off: a reset link for a teammate who forgot
// their password, renames, handing the team over, leaving, and deleting the team. Each new page is
// checked with axe in light and dark: here the states small-screen.spec.ts does not reach.
import type { Browser, BrowserContext, Page, TestInfo } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { expect, registerAccount, test } from './fixtures.js';

/** axe runs its script in the page, so only with JavaScript on; without it the same HTML is served. */
async function axe(page: Page, label: string): Promise<void> {
  if (test.info().project.use.javaScriptEnabled !== false) await expectNoAxeViolations(page, label);
}

/** A second, separate browser (its own cookies) with the same settings as the test's project. */
async function otherBrowser(
  browser: Browser,
  testInfo: TestInfo,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL ?? process.env.FOLIO_E2E_URL,
    javaScriptEnabled: testInfo.project.use.javaScriptEnabled ?? true,
  });
  return { context, page: await context.newPage() };
}

/** The owner (on `page`) invites a teammate, who registers over HTTP and is signed in on a second browser. */
async function teammate(page: Page, browser: Browser, testInfo: TestInfo, name: string) {
  await page.goto('/settings/team');
  await page.getByRole('button', { name: 'Create invite link' }).click();
  const invite = new URL(
    await page.getByLabel(/Your new invite link/).inputValue(),
  ).searchParams.get('invite')!;
  const { account, cookies } = await registerAccount(
    testInfo.project.use.baseURL ?? process.env.FOLIO_E2E_URL!,
    { invite, name },
  );
  const other = await otherBrowser(browser, testInfo);
  await other.context.addCookies(cookies);
  return { account, ...other };
}

test('an owner makes a reset link for a teammate who forgot their password; it works once', async ({
  page,
  account,
  browser,
}, testInfo) => {
  void account;
  test.setTimeout(60_000); // three browsers and axe on a shared machine
  const mate = await teammate(page, browser, testInfo, 'Rosa Reset');
  const visitor = await otherBrowser(browser, testInfo);
  try {
    await page.goto('/settings/team');
    await page.getByRole('button', { name: 'Reset password of Rosa Reset' }).click();
    await expect(page.getByText('Password reset link for Rosa Reset created.')).toBeVisible();
    const field = page.getByLabel(/Password reset link\. Copy it now/);
    const link = await field.inputValue();
    expect(link).toMatch(/\/reset-password\?token=[a-z2-7]{32}$/);

    await visitor.page.goto(link);
    await expect(
      visitor.page.getByRole('heading', { name: 'Choose a new password' }),
    ).toBeVisible();
    await visitor.page.getByLabel('New password', { exact: true }).fill('short');
    await visitor.page.getByLabel('Repeat new password').fill('short');
    await visitor.page.getByRole('button', { name: 'Set new password' }).click();
    await expect(visitor.page.getByText('Use at least 8 characters.')).toBeVisible();
    await axe(visitor.page, 'reset password page, refused (422)');

    const fresh = 'rosa remembers now 7';
    await visitor.page.getByLabel('New password', { exact: true }).fill(fresh);
    await visitor.page.getByLabel('Repeat new password').fill(fresh);
    await visitor.page.getByRole('button', { name: 'Set new password' }).click();
    await expect(visitor.page).toHaveURL(/\/login$/);
    await expect(
      visitor.page.getByText('Your new password is set, and you were signed out everywhere.'),
    ).toBeVisible();

    // Her signed-in browser was signed out; the new password works.
    await mate.page.goto('/customers');
    await expect(mate.page).toHaveURL(/\/login\?next=%2Fcustomers$/);
    await visitor.page.getByLabel('Email', { exact: true }).fill(mate.account.email);
    await visitor.page.getByLabel('Password', { exact: true }).fill(fresh);
    await visitor.page.getByRole('button', { name: 'Sign in' }).click();
    await expect(visitor.page).toHaveURL(/\/customers$/);

    // The link worked once.
    await visitor.page.getByRole('button', { name: 'Sign out' }).click();
    await visitor.page.goto(link);
    await expect(visitor.page.getByRole('alert')).toContainText(
      'This password reset link has expired or was already used.',
    );
  } finally {
    await mate.context.close();
    await visitor.context.close();
  }
});

test('renames, a handover, and the old owner leaving; the log shows it all', async ({
  page,
  account,
  browser,
}, testInfo) => {
  test.setTimeout(60_000); // two browsers and axe on a shared machine
  const mate = await teammate(page, browser, testInfo, 'Hana Heir');
  try {
    await page.goto('/settings/account');
    await page.getByLabel('Your name').fill('Olga Original');
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect(page.getByText('Name saved.')).toBeVisible();
    await expect(page.locator('.app-user')).toContainText('Olga Original');

    await page.goto('/settings/team');
    await page.getByLabel('Team name').fill('Renamed Rangers');
    await page.getByRole('button', { name: 'Rename team' }).click();
    await expect(page.getByText('Team renamed.')).toBeVisible();
    await expect(page.getByRole('heading', { name: /^Team/ })).toContainText('Renamed Rangers');

    await page.getByRole('link', { name: 'Make owner Hana Heir' }).click();
    await expect(page.getByRole('heading', { name: 'Make Hana Heir the owner?' })).toBeVisible();
    await page.getByRole('button', { name: 'Make owner' }).click();
    await expect(page.getByText('Hana Heir now owns the team. You are a member.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Create invite link' })).toHaveCount(0);

    // Now a member, the old owner leaves; she is signed out.
    await page.getByRole('link', { name: 'Leave the team…' }).click();
    await axe(page, 'leave team confirm');
    await page.getByRole('button', { name: 'Leave the team' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByText('You left Renamed Rangers.')).toBeVisible();

    // The new owner sees her as a former member, and the whole story in the activity log.
    await mate.page.goto('/settings/team');
    await expect(mate.page.getByRole('row', { name: /Olga Original/ })).toContainText(
      'Olga Original (former member)',
    );
    await axe(mate.page, 'team page with a former member');
    await mate.page.getByRole('link', { name: 'Activity log' }).click();
    await expect(mate.page.getByRole('heading', { name: 'Team activity' })).toBeVisible();
    const rows = mate.page.locator('.activity-table tbody tr');
    await expect(rows.nth(0)).toContainText('left the team');
    await expect(rows.nth(1)).toContainText('made Hana Heir the owner');
    await expect(rows.nth(2)).toContainText(
      `renamed the team from “${account.workspace}” to “Renamed Rangers”`,
    );
    await expect(rows.nth(3)).toContainText(
      `changed their name from “${account.name}” to “Olga Original”`,
    );
    await expect(rows.nth(0)).toContainText('Olga Original (former member)');
  } finally {
    await mate.context.close();
  }
});

test('deleting the team takes its name typed again, and says there is no export yet', async ({
  page,
  account,
}) => {
  await page.goto('/settings/team');
  await page.getByRole('link', { name: 'Delete the team…' }).click();
  await expect(
    page.getByText('Folio cannot export customers yet, so there is no copy to take first.'),
  ).toBeVisible();
  await page.getByLabel("Type the team's name to confirm").fill('Some Other Team');
  await page.getByRole('button', { name: 'Delete the team and everything in it' }).click();
  await expect(page.getByText("That is not the team's name. Nothing was deleted.")).toBeVisible();
  await expect(page.getByLabel("Type the team's name to confirm")).toHaveValue('Some Other Team');

  await page.getByLabel("Type the team's name to confirm").fill(account.workspace);
  await page.getByRole('button', { name: 'Delete the team and everything in it' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(
    page.getByText(`${account.workspace} and everything in it were deleted.`),
  ).toBeVisible();
  await page.getByLabel('Email', { exact: true }).fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'That email and password do not match an account.',
  );
});
