// The shell every page shares: health, a styled 404, the layout's landmarks, static assets under CSP.
import { expectNoAxeViolations } from './axe.js';
import { test, expect } from './fixtures.js';

test('the health probe says the database answers', async ({ request }) => {
  const response = await request.get('/healthz');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
});

test('an unknown address shows a styled 404 page', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expectNoAxeViolations(page, 'the 404 page');
  // The stylesheet applied: the panel has a background and rounded corners.
  const radius = await page
    .locator('.error-panel')
    .evaluate((el) => getComputedStyle(el).borderRadius);
  expect(radius).not.toBe('0px');
});

test('the layout has a skip link, a main landmark and a status region', async ({
  page,
  account,
}) => {
  await page.goto('/customers');
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.locator('#flash[role="status"]')).toHaveCount(1);
  await expect(page.getByRole('link', { name: 'Skip to content' })).toHaveAttribute(
    'href',
    '#main',
  );
  await expect(page.getByText(account.name)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('static assets are content-hashed and cached for a year', async ({ page, request }) => {
  await page.goto('/login');
  const href = await page.locator('link[rel="stylesheet"]').getAttribute('href');
  expect(href).toMatch(/^\/static\/app\.[0-9a-f]{10}\.css$/);
  const response = await request.get(href!);
  expect(response.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
});

test('htmx loads from our own origin when JavaScript is on', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'nojs', 'needs JavaScript');
  await page.goto('/login');
  expect(await page.evaluate(() => typeof (window as unknown as { htmx?: unknown }).htmx)).toBe(
    'object',
  );
  const src = await page.locator('script[src*="htmx"]').getAttribute('src');
  expect(src).toMatch(/^\/static\/htmx\.[0-9a-f]{10}\.js$/);
});
