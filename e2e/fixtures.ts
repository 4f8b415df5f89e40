// Shared Playwright fixtures: a fresh signed-in account per test (registered over HTTP, not by clicking:
// accounts.spec.ts tests the forms themselves), and a page that fails the test on any CSP violation or
// uncaught script error.
import { randomUUID } from 'node:crypto';
import { test as base, expect, request, type Cookie, type Page } from '@playwright/test';
import { parseDatabaseUrl } from '../src/config.js';
import { openDatabase, type DB } from '../src/db/database.js';

export { expect };

export interface Account {
  name: string;
  email: string;
  password: string;
  workspace: string;
}

/** The CSRF token a Folio form page carries. */
export function csrfTokenIn(html: string): string {
  const match = html.match(/name="_csrf" value="([^"]+)"/);
  if (!match) throw new Error('no CSRF token in the page');
  return match[1]!;
}

/** An address from the documentation range 2001:db8::/32, in a /64 of its own. */
export function randomTestAddress(): string {
  const hex = randomUUID().replace(/-/g, '');
  return `2001:db8:${hex.slice(0, 4)}:${hex.slice(4, 8)}::1`;
}

/**
 * Signs an account in once more from another "device" (its own address and User-Agent), over HTTP;
 * the returned context holds that session's cookies (dispose it when done).
 */
export async function signInElsewhere(baseURL: string, account: Account, userAgent: string) {
  const api = await request.newContext({
    baseURL,
    userAgent,
    extraHTTPHeaders: { 'X-Forwarded-For': randomTestAddress() },
  });
  const page = await api.get('/login');
  const response = await api.post('/login', {
    form: {
      _csrf: csrfTokenIn(await page.text()),
      email: account.email,
      password: account.password,
    },
    maxRedirects: 0,
  });
  expect(response.status(), await response.text()).toBe(303);
  return api;
}

/** Registers a new account with its own workspace (or through an invite) and returns its session cookies. */
export async function registerAccount(
  baseURL: string,
  overrides: Partial<Account> & { invite?: string } = {},
): Promise<{ account: Account; cookies: Cookie[] }> {
  const id = randomUUID().slice(0, 8);
  const account: Account = {
    name: overrides.name ?? `Ada Tester ${id}`,
    email: overrides.email ?? `ada-${id}@example.com`,
    password: overrides.password ?? 'correct horse battery staple',
    workspace: overrides.workspace ?? `Team ${id}`,
  };
  // Each account signs up from its own address (the server trusts X-Forwarded-For in e2e): sign-ups
  // are throttled per address, and the suite registers hundreds.
  const api = await request.newContext({
    baseURL,
    extraHTTPHeaders: { 'X-Forwarded-For': randomTestAddress() },
  });
  const page = await api.get(
    overrides.invite ? `/register?invite=${overrides.invite}` : '/register',
  );
  const form: Record<string, string> = {
    _csrf: csrfTokenIn(await page.text()),
    name: account.name,
    email: account.email,
    password: account.password,
    password_confirm: account.password,
    workspace: account.workspace,
  };
  if (overrides.invite) form.invite = overrides.invite;
  const response = await api.post('/register', { form, maxRedirects: 0 });
  expect(response.status(), await response.text()).toBe(303);
  const { cookies } = await api.storageState();
  await api.dispose();
  return { account, cookies };
}

export interface EngineOptions {
  /** The DATABASE_URL of the project's server (global-setup.ts): its SQLite file or PostgreSQL database. */
  databaseUrl: string;
}

export const test = base.extend<{ account: Account }, EngineOptions & { database: DB }>({
  databaseUrl: [process.env.FOLIO_E2E_DB ?? '', { option: true, scope: 'worker' }],
  /** The project's server's database, for specs that put many rows in at once (the app's own queries). */
  database: [
    async ({ databaseUrl }, use) => {
      if (!databaseUrl) throw new Error('no database URL (e2e/global-setup.ts sets FOLIO_E2E_DB)');
      const db = openDatabase(parseDatabaseUrl(databaseUrl, 2));
      await use(db);
      await db.destroy();
    },
    { scope: 'worker' },
  ],
  page: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text()))
        problems.push(`CSP: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    await use(page);
    expect(problems, 'the page reported CSP violations or script errors').toEqual([]);
  },
  account: async ({ context, baseURL }, use) => {
    const { account, cookies } = await registerAccount(baseURL!);
    await context.addCookies(cookies);
    await use(account);
  },
});

/** Opens the customer table and waits until the keyboard layer (app.js) is ready for keys. */
export async function openBook(page: Page, url = '/customers'): Promise<void> {
  await page.goto(url);
  await expect(page.locator('html[data-keyboard="ready"]')).toHaveCount(1);
}

/** Adds customers over HTTP with the page's own session and CSRF token (not the subject of the tests that call it). */
export async function addCustomers(page: Page, people: Record<string, string>[]): Promise<void> {
  await page.goto('/customers/new');
  const token = csrfTokenIn(await page.content());
  for (const person of people) {
    const response = await page.request.post('/customers', {
      form: { _csrf: token, ...person },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
  }
}
