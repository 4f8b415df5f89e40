// A person sees where they are signed in on the Account page, and signs out another session and then
// all others, with JavaScript on (the panel swaps in place) and off (Post/Redirect/Get).
import { expectNoAxeViolations } from './axe.js';
import { expect, signInElsewhere, test } from './fixtures.js';

const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const FIREFOX_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0';

test('a person signs out a lost phone, then every other session', async ({
  page,
  account,
  baseURL,
  javaScriptEnabled,
}) => {
  const phone = await signInElsewhere(baseURL!, account, SAFARI_IPHONE);
  const laptop = await signInElsewhere(baseURL!, account, FIREFOX_WINDOWS);
  const stillSignedIn = async (api: typeof phone) =>
    (await api.get('/customers', { maxRedirects: 0 })).status() === 200;

  await page.goto('/settings/account');
  const panel = page.getByRole('region', { name: 'Where you are signed in' });
  await expect(panel.getByRole('listitem')).toHaveCount(3);
  await expect(panel).toContainText('This device and 2 other sessions.');
  await expect(panel.getByRole('listitem').filter({ hasText: '(this device)' })).toHaveCount(1);
  await expect(panel.getByRole('listitem').filter({ hasText: 'Safari on iOS' })).toContainText(
    'Active now',
  );
  await expect(panel.getByRole('listitem').filter({ hasText: 'Firefox on Windows' })).toContainText(
    '2001:db8:',
  );

  // From the keyboard: focus the phone's button and press Enter.
  await panel.getByRole('button', { name: /^Sign out Safari on iOS/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#flash')).toContainText('Signed out Safari on iOS.');
  await expect(panel.getByRole('listitem')).toHaveCount(2);
  await expect(panel).not.toContainText('Safari on iOS');
  expect(await stillSignedIn(phone)).toBe(false);
  expect(await stillSignedIn(laptop)).toBe(true);
  // axe runs in the page, so with JavaScript; the phone project checks the full list at 390 px.
  if (javaScriptEnabled) await expectNoAxeViolations(page, 'sessions list after signing one out');

  await panel.getByRole('button', { name: 'Sign out all other sessions' }).click();
  await expect(page.locator('#flash')).toContainText('Signed out everywhere else.');
  await expect(panel).toContainText('Only on this device.');
  await expect(panel.getByRole('listitem')).toHaveCount(1);
  await expect(panel.getByRole('button', { name: 'Sign out all other sessions' })).toHaveCount(0);
  expect(await stillSignedIn(laptop)).toBe(false);
  // This browser stays signed in.
  await page.goto('/customers');
  await expect(page).toHaveURL(/\/customers$/);
  await phone.dispose();
  await laptop.dispose();
});
