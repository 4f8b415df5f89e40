// What a screen reader says in the customer table: a row's name (heard when j/k or the arrows move to
// it), sort links as sentences, row buttons that name their customer. JavaScript on and off.
import { csrfTokenIn, expect, test } from './fixtures.js';

test('rows, sort links and row buttons have names that read well', async ({
  page,
  account,
  javaScriptEnabled,
}) => {
  void account;
  await page.goto('/customers/new');
  const token = csrfTokenIn(await page.content());
  for (const person of [
    {
      first_name: 'Grace',
      last_name: 'Hopper',
      email: '',
      phone: '+1 212 555 0100',
      city: 'New York',
      state: 'NY',
    },
    {
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      phone: '+44 20 7946 0958',
      city: 'London',
      state: '',
    },
  ]) {
    const response = await page.request.post('/customers', {
      form: { _csrf: token, ...person },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
  }
  await page.goto('/customers');

  // A row: the name, then the email (or the phone when there is none), then where.
  await expect(
    page.getByRole('row', { name: 'Ada Lovelace, ada@example.com, London', exact: true }),
  ).toHaveCount(1);
  await expect(
    page.getByRole('row', { name: 'Grace Hopper, +1 212 555 0100, New York, NY', exact: true }),
  ).toHaveCount(1);
  await expect(page.getByRole('link', { name: 'Edit Ada Lovelace', exact: true })).toHaveCount(1);
  await expect(page.getByRole('link', { name: 'Delete Grace Hopper', exact: true })).toHaveCount(1);

  // Sort links: the current order in words, the others what they do (not "NAME , SORT ASCENDING").
  const head = page.locator('#customer-head');
  await expect(head.getByRole('link')).toHaveText(
    ['Name', 'Email', 'City / State', 'Added', 'Last touched'],
    {
      useInnerText: true,
      ignoreCase: true,
    },
  );
  for (const [index, name] of [
    'Sort by name',
    'Sort by email',
    'Sort by city / state',
    'Added, sorted newest first',
    'Sort by last touched',
  ].entries()) {
    await expect(head.getByRole('link').nth(index)).toHaveAccessibleName(name);
  }
  await head.getByRole('link', { name: 'Sort by name' }).click();
  await expect(head.getByRole('link', { name: 'Name, sorted A to Z', exact: true })).toHaveCount(1);
  await expect(head.getByRole('link', { name: 'Sort by date added', exact: true })).toHaveCount(1);
  await head.getByRole('link', { name: 'Name, sorted A to Z' }).click();
  await expect(head.getByRole('link', { name: 'Name, sorted Z to A', exact: true })).toHaveCount(1);

  if (javaScriptEnabled) {
    // Moving with j says who the row is: Z to A puts Lovelace first.
    await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await expect(page.locator('#customer-rows > tr:focus')).toHaveAccessibleName(
      'Ada Lovelace, ada@example.com, London',
    );
    await page.keyboard.press('j');
    await expect(page.locator('#customer-rows > tr:focus')).toHaveAccessibleName(
      'Grace Hopper, +1 212 555 0100, New York, NY',
    );
  }
});
