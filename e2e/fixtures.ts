// Shared Playwright fixtures: a fresh signed-in account per test (registered over HTTP, not by clicking:
// accounts.spec.ts tests the forms themselves), and a page that fails the test on any CSP violation or
// uncaught script error.
import { randomUUID } from 'node:crypto';
import { test as base, expect, request, type Cookie } from '@playwright/test';

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
  const api = await request.newContext({ baseURL });
  const page = await api.get(overrides.invite ? `/register?invite=${overrides.invite}` : '/register');
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

export const test = base.extend<{ account: Account }>({
  page: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
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
