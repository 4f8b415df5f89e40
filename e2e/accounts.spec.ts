// Accounts in a real browser, with JavaScript on and off: register, sign out, sign in, and a teammate
// invited from one browser joining from another.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page, TestInfo } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { expect, registerAccount, test } from './fixtures.js';

const PASSWORD = 'correct horse battery staple';

function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
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

async function signInThroughForm(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a new person registers, signs out and signs in again', async ({ page }) => {
  const email = unique('reg');
  await page.goto('/register');
  await expect(page.getByRole('heading', { name: 'Create your Folio account' })).toBeVisible();
  await page.getByLabel('Your name').fill('Rita Register');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Repeat password').fill(PASSWORD);
  await page.getByLabel('Team name (optional)').fill("Rita's Books");
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByText('Welcome to Folio.')).toBeVisible();
  await expect(page.locator('.app-user')).toContainText('Rita Register');
  await expect(page.locator('.app-user')).toContainText("Rita's Books");

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText('You are signed out.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);

  // Signed out means signed out: the customer page asks to sign in, and brings the person back after.
  await page.goto('/customers');
  await expect(page).toHaveURL(/\/login\?next=%2Fcustomers$/);
  await signInThroughForm(page, email.toUpperCase(), PASSWORD);
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.locator('.app-user')).toContainText('Rita Register');
});

test('registering with bad input shows a message next to each field and keeps what was typed', async ({
  page,
}) => {
  await page.goto('/register');
  await page.getByLabel('Your name').fill('Bea Bad');
  await page.getByLabel('Email', { exact: true }).fill('not-an-email');
  await page.getByLabel('Password', { exact: true }).fill('password123');
  await page.getByLabel('Repeat password').fill('password123');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/register$/);
  await expect(page.getByText('Enter an email address like name@example.com.')).toBeVisible();
  await expect(
    page.getByText('That password is one of the most common; choose another.'),
  ).toBeVisible();
  await expect(page.getByLabel('Your name')).toHaveValue('Bea Bad');
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue('not-an-email');
  await expect(page.getByLabel('Email', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await expectNoAxeViolations(page, 'the register page refused (422)');
});

test('a wrong password gets one plain message, the email stays and nobody is signed in', async ({
  page,
  baseURL,
}) => {
  const { account } = await registerAccount(baseURL!);
  await page.goto('/login');
  await signInThroughForm(page, account.email, 'not the password');
  await expect(page.getByRole('alert')).toHaveText(
    'That email and password do not match an account.',
  );
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue(account.email);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);

  await signInThroughForm(page, account.email, account.password);
  await expect(page).toHaveURL(/\/customers$/);
});

test('an owner invites a teammate, who joins from another browser; the link then stops working', async ({
  page,
  account,
  browser,
}, testInfo) => {
  test.slow(); // two browsers, and axe on the team page
  await page.goto('/settings/team');
  await expect(page.getByRole('heading', { name: /^Team/ })).toContainText(account.workspace);
  await expect(page.getByText('No open invites.')).toBeVisible();
  await page.getByRole('button', { name: 'Create invite link' }).click();
  await expect(page).toHaveURL(/\/settings\/team$/);
  const field = page.getByLabel('Your new invite link. Copy it now: it is shown only this once.');
  const link = await field.inputValue();
  expect(link).toMatch(/\/register\?invite=[a-z2-7]{32}$/);
  await expect(page.getByRole('button', { name: 'Revoke' })).toHaveCount(1);
  await expectNoAxeViolations(page, 'the team page with a new invite link');

  const teammateEmail = unique('mate');
  const guest = await otherBrowser(browser, testInfo);
  try {
    await guest.page.goto(link);
    await expect(
      guest.page.getByRole('heading', { name: 'Join your team on Folio' }),
    ).toBeVisible();
    await expect(
      guest.page.getByText(`You were invited to join ${account.workspace}.`),
    ).toBeVisible();
    await expect(guest.page.getByLabel('Team name (optional)')).toHaveCount(0);
    await guest.page.getByLabel('Your name').fill('Tom Teammate');
    await guest.page.getByLabel('Email', { exact: true }).fill(teammateEmail);
    await guest.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await guest.page.getByLabel('Repeat password').fill(PASSWORD);
    await guest.page.getByRole('button', { name: 'Join the team' }).click();
    await expect(guest.page).toHaveURL(/\/customers$/);
    await expect(guest.page.getByText(`Welcome to ${account.workspace}.`)).toBeVisible();
    await expect(guest.page.locator('.app-user')).toContainText(account.workspace);
    // A member has no Team link in the header.
    await expect(guest.page.getByRole('link', { name: 'Team' })).toHaveCount(0);

    // The owner sees the new member, and the invite is spent.
    await page.reload();
    await expect(page.getByRole('row', { name: /Tom Teammate/ })).toContainText('Member');
    await expect(page.getByText('No open invites.')).toBeVisible();

    // The link works once: opened again (signed out), it says so clearly.
    await guest.page.getByRole('button', { name: 'Sign out' }).click();
    await guest.page.goto(link);
    await expect(guest.page.getByRole('alert')).toContainText(
      'This invite link has expired, was revoked or was already used.',
    );

    // The owner removes the teammate (after a confirmation); their session is gone at once.
    await guest.page.goto('/login');
    await signInThroughForm(guest.page, teammateEmail, PASSWORD);
    await expect(guest.page).toHaveURL(/\/customers$/);
    await page.getByRole('link', { name: 'Remove Tom Teammate' }).click();
    await expect(page.getByRole('heading', { name: 'Remove Tom Teammate?' })).toBeVisible();
    await page.getByRole('button', { name: 'Remove member' }).click();
    await expect(page).toHaveURL(/\/settings\/team$/);
    await expect(
      page.getByText(
        'Member removed. They were signed out at once and are listed as a former member.',
      ),
    ).toBeVisible();
    // Deactivated, not deleted: listed under Former members, out of the members table.
    await expect(page.getByRole('row', { name: /Tom Teammate/ })).toHaveCount(1);
    await expect(page.getByRole('row', { name: /Tom Teammate/ })).toContainText(
      'Tom Teammate (former member)',
    );
    await guest.page.reload();
    await expect(guest.page).toHaveURL(/\/login\?next=%2Fcustomers$/);
  } finally {
    await guest.context.close();
  }
});

test('the owner can revoke an invite link before it is used', async ({
  page,
  account,
  browser,
}, testInfo) => {
  await page.goto('/settings/team');
  await page.getByRole('button', { name: 'Create invite link' }).click();
  const link = await page.getByLabel(/Your new invite link/).inputValue();
  await page.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByText('Invite revoked. The link no longer works.')).toBeVisible();
  await expect(page.getByText('No open invites.')).toBeVisible();

  const guest = await otherBrowser(browser, testInfo);
  try {
    await guest.page.goto(link);
    await expect(guest.page.getByRole('alert')).toContainText(
      'This invite link has expired, was revoked or was already used.',
    );
    await expect(guest.page.getByText(`You were invited to join ${account.workspace}`)).toHaveCount(
      0,
    );
  } finally {
    await guest.context.close();
  }
});

test('a signed-in person changes their password, which signs out their other browser', async ({
  page,
  account,
  browser,
}, testInfo) => {
  const other = await otherBrowser(browser, testInfo);
  try {
    await other.page.goto('/login');
    await signInThroughForm(other.page, account.email, account.password);
    await expect(other.page).toHaveURL(/\/customers$/);

    await page.goto('/settings/account');
    await expect(page.getByText('1 other session')).toBeVisible();
    const newPassword = 'a fresh and long passphrase';
    await page.getByLabel('Current password').fill(account.password);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat new password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(
      page.getByText('Password changed. Your other sessions were signed out.'),
    ).toBeVisible();
    await expect(page.getByText('Only on this device.')).toBeVisible();

    await other.page.reload();
    await expect(other.page).toHaveURL(/\/login\?next=%2Fcustomers$/);
    await signInThroughForm(other.page, account.email, newPassword);
    await expect(other.page).toHaveURL(/\/customers$/);
  } finally {
    await other.context.close();
  }
});
